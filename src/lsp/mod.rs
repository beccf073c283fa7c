//! `seedlint lsp`: the language server, over stdio.
//!
//! Built on tower-lsp-server, the community-maintained fork of tower-lsp (which
//! has had no release since 2023): it follows LSP 3.17 (position encodings,
//! pull diagnostics) through `ls-types`. Its one trap, handlers that may run
//! concurrently, is handled in [`documents`]: edits are applied in
//! `Service::call`, in arrival order, never inside an async handler. Its other
//! trap, a session that ends at the first undecodable message, is handled in
//! [`transport`].

mod actions;
mod analysis;
pub mod documents;
mod entities;
mod hover;
mod server;
mod transport;
pub mod uri;
mod workspace;

use documents::{Ordered, Store};
use server::Backend;
use tower_lsp_server::{LspService, Server};

/// Serve on stdin/stdout until the client sends `exit` (or closes the pipe).
pub fn run() -> i32 {
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("seedlint lsp: cannot start the runtime: {e}");
            return 2;
        }
    };
    let store = Store::default();
    let served = store.clone();
    runtime.block_on(async move {
        let backend_store = served.clone();
        let (service, socket) = LspService::build(move |client| Backend::new(client, backend_store))
            .custom_method(server::DOCUMENT_TEXT, Backend::document_text)
            .custom_method(server::CACHE_SIZES, Backend::cache_sizes)
            .finish();
        let service = Ordered::new(service, served);
        let (input, output) = transport::spawn(tokio::io::stdin(), tokio::io::stdout());
        Server::new(input, output, socket).serve(service).await;
    });
    // The stdin reader may still be blocked in a read; do not wait for it.
    runtime.shutdown_background();
    // LSP: exit code 0 if `shutdown` came before `exit`, 1 otherwise.
    if store.lock().shut_down {
        0
    } else {
        1
    }
}
