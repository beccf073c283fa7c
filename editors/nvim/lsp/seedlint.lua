-- nvim-lspconfig style server definition: with this directory on 'runtimepath',
-- `vim.lsp.enable("seedlint")` works without calling setup().
return {
  cmd = { "seedlint", "lsp" },
  filetypes = { "text", "markdown" },
  root_markers = { "seedlint.toml", ".seedlint.toml", ".git" },
}
