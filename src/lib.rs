//! The `seedlint` binary's adapters over `seedlint_engine`: configuration,
//! file handling and output for the CLI. Nothing here decides what a finding is.

pub mod check;
pub mod clean;
pub mod config;
pub mod config_edit;
pub mod corpus_index;
pub mod docs;
pub mod entities_cmd;
pub mod files;
pub mod index_cmd;
pub mod lsp;
pub mod output;
pub mod records;
pub mod resolve;
pub mod sites;
pub mod train;
