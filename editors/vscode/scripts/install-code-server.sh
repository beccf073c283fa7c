#!/usr/bin/env bash
# Vendored from the workplace recipes (shared/recipes): installs code-server from the npm registry only.
# Installs code-server (VS Code in the browser) on this machine without any download outside the
# package registries, for end-to-end tests of the VS Code extension in headless Chromium.
# Usage: install-code-server.sh DIR   ->  DIR/node_modules/.bin/code-server  (4.100.3: the newest that runs on Node 20)
# Why the steps: the plain `npm install code-server` fails here because (1) a dependency downloads a
# ripgrep binary from outside the registries (we copy Debian's rg instead) and (2) native modules need
# Kerberos/X11/libsecret headers. node-pty (the integrated terminal) does not build; tests don't need it.
set -euo pipefail
dir=${1:?usage: install-code-server.sh DIR}
mkdir -p "$dir" && cd "$dir"
export DEBIAN_FRONTEND=noninteractive
need=""; for p in libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config build-essential ripgrep; do dpkg -s $p >/dev/null 2>&1 || need="$need $p"; done
if [ -n "$need" ]; then apt-get update -q >/dev/null && apt-get install -y -q $need >/dev/null; fi
[ -d node_modules/code-server ] || npm install --no-audit --no-fund --ignore-scripts code-server@4.100.3 >/dev/null
npm rebuild --build-from-source argon2 >/dev/null
cd node_modules/code-server/lib/vscode
npm install --omit=dev --ignore-scripts --no-audit --no-fund >/dev/null
mkdir -p node_modules/@vscode/ripgrep/bin && cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
for p in $(cd node_modules && for d in */ @*/*/; do d=${d%/}; [ -f "$d/binding.gyp" ] && echo "$d"; done); do
  [ "$p" = node-pty ] && continue
  npm rebuild "$p" >/dev/null 2>&1 || echo "warning: native module $p did not build" >&2
done
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sf code-linux.sh code-server)
(cd bin/helpers && ln -sf browser-linux.sh browser.sh)
(cd extensions && npm install --omit=dev --ignore-scripts --no-audit --no-fund >/dev/null)
echo "$dir/node_modules/.bin/code-server"
