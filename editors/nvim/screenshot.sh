#!/usr/bin/env bash
# Capture what Neovim shows on a seed with seedlint attached (tmux, text capture).
# Usage: editors/nvim/screenshot.sh NVIM SEEDLINT SEED OUT
set -euo pipefail
nvim=$1 seedlint=$2 seed=$3 out=$4
here="$(cd "$(dirname "$0")" && pwd)"
init=$(mktemp --suffix=.lua)
cat > "$init" <<LUA
vim.opt.runtimepath:prepend("$here")
vim.opt.number = true
vim.opt.rightleft = (os.getenv("SEEDLINT_RTL") == "1")
vim.diagnostic.config({ virtual_text = { prefix = "●" }, signs = true, underline = true })
require("seedlint").setup({ cmd = { "$seedlint", "lsp" } })
LUA
session="seedlint-shot-$$"
tmux new-session -d -s "$session" -x 150 -y 30 "$nvim --clean -u $init $seed"
tmux send-keys -t "$session" "" ""
sleep 4
tmux capture-pane -t "$session" -p > "$out"
tmux kill-session -t "$session"
rm -f "$init"
