-- seedlint for Neovim 0.11+: registers `seedlint lsp` with vim.lsp.config /
-- vim.lsp.enable, and adds :SeedlintFixAll.
local M = {}

M.defaults = {
  -- The server command; `seedlint` must be on PATH, or give a full path.
  cmd = { "seedlint", "lsp" },
  -- Buffers seedlint attaches to. Scraped corpora are mostly plain text.
  filetypes = { "text", "markdown" },
  -- Files whose presence marks a project root.
  root_markers = { "seedlint.toml", ".seedlint.toml", ".git" },
  -- Passed to the server as initializationOptions (configPath, select, ignore, severity, debounceMs).
  init_options = {},
}

--- Apply every safe fix in the current buffer (the server's source.fixAll.seedlint action).
function M.fix_all(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local client = vim.lsp.get_clients({ bufnr = bufnr, name = "seedlint" })[1]
  if not client then
    vim.notify("seedlint is not attached to this buffer", vim.log.levels.WARN)
    return false
  end
  local params = {
    textDocument = vim.lsp.util.make_text_document_params(bufnr),
    range = { start = { line = 0, character = 0 }, ["end"] = { line = 0, character = 0 } },
    context = { diagnostics = {}, only = { "source.fixAll.seedlint" } },
  }
  local response = client:request_sync("textDocument/codeAction", params, 5000, bufnr)
  local actions = response and response.result or {}
  if #actions == 0 then
    return false
  end
  for _, action in ipairs(actions) do
    if action.edit then
      vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
    end
  end
  return true
end

function M.setup(opts)
  local config = vim.tbl_deep_extend("force", M.defaults, opts or {})
  vim.lsp.config("seedlint", {
    cmd = config.cmd,
    filetypes = config.filetypes,
    root_markers = config.root_markers,
    init_options = config.init_options,
  })
  vim.lsp.enable("seedlint")
  vim.api.nvim_create_user_command("SeedlintFixAll", function()
    M.fix_all()
  end, { desc = "seedlint: apply every safe fix in this buffer" })
  return config
end

return M
