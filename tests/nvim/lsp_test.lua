-- Headless Neovim test of `seedlint lsp`, run by tests/nvim.rs:
--   nvim --headless --clean -u tests/nvim/lsp_test.lua
-- Env: SEEDLINT_BIN (the binary), SEEDLINT_PLUGIN (editors/nvim), SEEDLINT_FILE (a copy of seed 000).
local function fail(msg)
  io.stderr:write("FAIL: " .. msg .. "\n")
  vim.cmd("cquit 1")
end
local function check(cond, msg)
  if not cond then
    fail(msg)
  end
end

vim.opt.runtimepath:prepend(os.getenv("SEEDLINT_PLUGIN"))
local seedlint = require("seedlint")
seedlint.setup({ cmd = { os.getenv("SEEDLINT_BIN"), "lsp" } })

vim.cmd("edit " .. os.getenv("SEEDLINT_FILE"))
vim.bo.filetype = "text"

local function codes()
  local by = {}
  for _, d in ipairs(vim.diagnostic.get(0)) do
    by[tostring(d.code) .. ":" .. d.lnum] = d
  end
  return by
end

check(vim.wait(15000, function() return #vim.diagnostic.get(0) > 0 end, 50), "no diagnostics arrived")
local client = vim.lsp.get_clients({ bufnr = 0, name = "seedlint" })[1]
check(client ~= nil, "seedlint did not attach")
check(client.offset_encoding == "utf-8", "expected utf-8 to be negotiated, got " .. tostring(client.offset_encoding))

local by = codes()
for _, key in ipairs({ "SL102:0", "SL102:4", "SL101:5", "SL201:6", "SL301:10", "SL501:12" }) do
  check(by[key] ~= nil, "missing diagnostic " .. key .. "; have: " .. vim.inspect(vim.tbl_keys(by)))
end
check(by["SL301:10"].source == "seedlint", "diagnostic source")

-- Hover on the duplicate (line 11) names its first copy.
local params = { textDocument = vim.lsp.util.make_text_document_params(0), position = { line = 10, character = 4 } }
local res = vim.lsp.buf_request_sync(0, "textDocument/hover", params, 5000)
local hover = res and res[client.id] and res[client.id].result
check(hover and hover.contents.value:find("first copy", 1, true), "hover on the duplicate: " .. vim.inspect(hover))

-- Hover on the dateline (line 7) gives the ISO date.
params.position = { line = 6, character = 2 }
res = vim.lsp.buf_request_sync(0, "textDocument/hover", params, 5000)
hover = res and res[client.id] and res[client.id].result
check(hover and hover.contents.value:find("2022-06-01", 1, true), "hover on the dateline")

-- Hover on a person's name (UTF-8 columns, negotiated): the entity card.
local lines = vim.api.nvim_buf_get_lines(0, 0, -1, false)
local name_line, name_col
for i, l in ipairs(lines) do
  local at = l:find("غانتس", 1, true)
  if at then
    name_line, name_col = i - 1, at -- a byte column inside the name
    break
  end
end
check(name_line ~= nil, "no غانتس in the seed")
params.position = { line = name_line, character = name_col + 2 }
res = vim.lsp.buf_request_sync(0, "textDocument/hover", params, 5000)
hover = res and res[client.id] and res[client.id].result
check(hover and hover.contents.value:find("`benny-gantz`", 1, true) and hover.contents.value:find("Benny Gantz", 1, true),
  "entity card on the name: " .. vim.inspect(hover))

-- The document's entities as symbols.
res = vim.lsp.buf_request_sync(0, "textDocument/documentSymbol", { textDocument = params.textDocument }, 5000)
local symbols = res and res[client.id] and res[client.id].result or {}
local names = {}
for _, s in ipairs(symbols) do
  names[#names + 1] = s.name
end
check(vim.tbl_contains(names, "المغرب · Morocco"), "document symbols: " .. vim.inspect(names))

-- Edit: delete the duplicate line; its diagnostic goes away, the others stay.
vim.api.nvim_buf_set_lines(0, 10, 11, false, {})
check(vim.wait(10000, function() return codes()["SL301:10"] == nil and codes()["SL101:5"] ~= nil end, 50),
  "diagnostics did not follow the edit: " .. vim.inspect(vim.tbl_keys(codes())))

-- Type a breaking-news tag at the end: a new finding appears there.
local last = vim.api.nvim_buf_line_count(0)
vim.api.nvim_buf_set_lines(0, last, last, false, { "", "عـاجـل" })
check(vim.wait(10000, function() return codes()["SL101:" .. (last + 1)] ~= nil end, 50), "new boilerplate not flagged")

-- :SeedlintFixAll removes the boilerplate and keeps the article.
vim.cmd("SeedlintFixAll")
local text = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), "\n")
check(not text:find("عاجل", 1, true), "fix-all left the breaking tag")
check(not text:find("•", 1, true), "fix-all left the teaser list")
check(text:find("عبد اللطيف لوديي", 1, true), "fix-all removed article text")
check(vim.wait(10000, function()
  for _, d in ipairs(vim.diagnostic.get(0)) do
    if d.severity <= vim.diagnostic.severity.WARN then return false end
  end
  return true
end, 50), "warnings left after fix-all: " .. vim.inspect(vim.tbl_keys(codes())))
check(seedlint.fix_all() == false, "a second fix-all found something to do")

io.stdout:write("nvim: all checks passed\n")
vim.cmd("qall!")
