//! The `LanguageServer` implementation: thin handlers over the store and the engine.

use super::actions::{self, CMD_DISABLE_RULE, CMD_FIX_ALL, CMD_MARK_LINE, CMD_SHOW_RULE_DOCS, FIX_ALL_KIND};
use super::analysis::Analysis;
use super::documents::{Encoding, Store};
use super::entities::{self, SharedMentions};
use super::hover;
use super::workspace::{self, SharedIndex};
use crate::config::{Config, CONFIG_NAMES};
use crate::config_edit;
use crate::resolve::{ExtraSettings, Resolver};
use seedlint_engine::{Category, Engine, Finding, Severity};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

/// Settings an editor passes in `initializationOptions` or `workspace/didChangeConfiguration`.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ClientSettings {
    /// A config file to use instead of the nearest `seedlint.toml`.
    pub config_path: Option<PathBuf>,
    pub select: Option<Vec<String>>,
    pub ignore: Vec<String>,
    /// Rule or category → error | warning | info | hint.
    pub severity: HashMap<String, String>,
    /// Wait this long after the last keystroke before re-checking (default 40 ms).
    pub debounce_ms: Option<u64>,
    /// Index the workspace to find lines repeated across files (default true).
    pub workspace_index: Option<bool>,
    /// Documents larger than this many megabytes are not linted (default 32).
    pub max_document_size: Option<u64>,
}

impl ClientSettings {
    fn from_value(v: Option<serde_json::Value>) -> std::result::Result<ClientSettings, String> {
        let Some(mut v) = v else {
            return Ok(ClientSettings::default());
        };
        // Accept both `{ "seedlint": { … } }` (VS Code sections) and the bare object.
        if let Some(inner) = v.get_mut("seedlint") {
            v = inner.take();
        }
        if v.is_null() {
            return Ok(ClientSettings::default());
        }
        serde_json::from_value(v).map_err(|e| format!("seedlint settings: {e}"))
    }

    fn resolver(&self, roots: &[PathBuf]) -> std::result::Result<Resolver, String> {
        let explicit = match &self.config_path {
            Some(p) => Some(Arc::new(Config::load(p).map_err(|e| e.to_string())?)),
            None => None,
        };
        let mut severity = HashMap::new();
        for (sel, sev) in &self.severity {
            let parsed = Severity::parse(sev)
                .ok_or_else(|| format!("seedlint settings: unknown severity `{sev}` for `{sel}`"))?;
            severity.insert(sel.clone(), parsed);
        }
        let extra = ExtraSettings { select: self.select.clone(), ignore: self.ignore.clone(), severity };
        Ok(Resolver::new(explicit, roots.first().cloned(), extra))
    }
}

struct State {
    resolver: Arc<Resolver>,
    settings: ClientSettings,
    roots: Vec<PathBuf>,
    /// The engine last used for each document, kept for when its config breaks.
    last_good: HashMap<Uri, Arc<Engine>>,
    watch_registration: bool,
}

struct Inner {
    client: Client,
    store: Store,
    state: RwLock<State>,
    /// Held while deciding whether to publish and publishing, so a stale result or a
    /// result for a closed document can never overtake a newer publish.
    publish: tokio::sync::Mutex<()>,
    reported_errors: Mutex<Vec<String>>,
    /// Lines of every text file in the workspace; empty until indexing has run.
    corpus: SharedIndex,
    /// Entity mentions of every indexed workspace file.
    mentions: SharedMentions,
}

#[derive(Clone)]
pub struct Backend(Arc<Inner>);

const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(40);

/// Custom request: the server's current text and version of an open document.
/// For tests and debugging: it shows exactly what the server will lint.
pub const DOCUMENT_TEXT: &str = "seedlint/documentText";

impl Backend {
    pub fn new(client: Client, store: Store) -> Backend {
        Backend(Arc::new(Inner {
            client,
            store,
            state: RwLock::new(State {
                resolver: Arc::new(Resolver::new(None, None, ExtraSettings::default())),
                settings: ClientSettings::default(),
                roots: Vec::new(),
                last_good: HashMap::new(),
                watch_registration: false,
            }),
            publish: tokio::sync::Mutex::new(()),
            reported_errors: Mutex::new(Vec::new()),
            corpus: SharedIndex::default(),
            mentions: SharedMentions::default(),
        }))
    }

    fn state(&self) -> std::sync::RwLockReadGuard<'_, State> {
        self.0.state.read().unwrap_or_else(|e| e.into_inner())
    }

    fn state_mut(&self) -> std::sync::RwLockWriteGuard<'_, State> {
        self.0.state.write().unwrap_or_else(|e| e.into_inner())
    }

    fn encoding(&self) -> Encoding {
        self.0.store.lock().encoding
    }

    async fn log(&self, level: MessageType, message: String) {
        eprintln!("seedlint: {message}");
        self.0.client.log_message(level, message).await;
    }

    /// Tell the user about an error once (not on every keystroke).
    async fn report_error(&self, message: String) {
        let first = {
            let mut seen = self.0.reported_errors.lock().unwrap_or_else(|e| e.into_inner());
            let first = !seen.contains(&message);
            if first {
                seen.push(message.clone());
            }
            first
        };
        if first {
            self.0.client.show_message(MessageType::ERROR, message.clone()).await;
        }
        self.log(MessageType::ERROR, message).await;
    }

    async fn drain_warnings(&self) {
        let warnings = std::mem::take(&mut self.0.store.lock().warnings);
        for w in warnings {
            self.log(MessageType::WARNING, w).await;
        }
    }

    /// Run `f` on the resolver on a blocking thread: it may read config and
    /// knowledge-base files and compile their patterns, which must not hold up the
    /// message loop.
    async fn resolve<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Resolver) -> std::result::Result<T, String> + Send + 'static,
    ) -> std::result::Result<T, String> {
        let resolver = self.state().resolver.clone();
        tokio::task::spawn_blocking(move || f(&resolver))
            .await
            .unwrap_or_else(|e| Err(format!("loading the configuration failed: {e}")))
    }

    /// The engine for a document; on a configuration error, the last good one, and the user is told.
    async fn engine_for(&self, uri: &Uri, path: Option<&Path>) -> Arc<Engine> {
        let path = path.map(Path::to_path_buf);
        match self.resolve(move |r| r.engine_for(path.as_deref())).await {
            Ok(e) => {
                // Not for a document closed meanwhile: its entry would never be removed. The
                // store stays locked until it is in, so a close cannot come in between.
                let store = self.0.store.lock();
                if store.docs.contains_key(uri) {
                    self.state_mut().last_good.insert(uri.clone(), e.clone());
                }
                drop(store);
                e
            }
            Err(msg) => {
                let fallback = self.state().last_good.get(uri).cloned();
                let what = if fallback.is_some() { "using the last good configuration" } else { "using the defaults" };
                self.report_error(format!("{msg} ({what})")).await;
                fallback.unwrap_or_else(|| Arc::new(Engine::default()))
            }
        }
    }

    fn max_document_bytes(&self) -> usize {
        self.state().settings.max_document_size.unwrap_or(32).saturating_mul(1_000_000) as usize
    }

    /// The analysis of a document's current text, computed now if needed.
    /// `None` for a document that is not open or too large to lint.
    async fn current_analysis(&self, uri: &Uri) -> Option<Arc<Analysis>> {
        let limit = self.max_document_bytes();
        let size = self.0.store.lock().docs.get(uri)?.rope.len_bytes();
        if size > limit {
            let message = format!(
                "{} is {} MB, over the {} MB limit: not linted (raise `maxDocumentSize`)",
                uri.as_str(),
                size / 1_000_000,
                limit / 1_000_000
            );
            self.report_error(message).await;
            return None;
        }
        let (text, version, generation, path, memo) = {
            let s = self.0.store.lock();
            let doc = s.docs.get(uri)?;
            if let Some(a) = doc.analysis.as_ref().filter(|a| a.generation == doc.generation) {
                return Some(a.clone());
            }
            (doc.text(), doc.version, doc.generation, doc.path.clone(), doc.memo.clone())
        };
        let engine = self.engine_for(uri, path.as_deref()).await;
        let name = path.as_deref().map(workspace::name_of);
        let analysis = Arc::new(self.analyze(text, version, generation, engine, name, memo).await?);
        let mut s = self.0.store.lock();
        if let Some(doc) = s.docs.get_mut(uri).filter(|d| d.generation == generation) {
            doc.analysis = Some(analysis.clone());
        }
        Some(analysis)
    }

    /// Run the engine off the async threads. A panic in the engine is caught and logged.
    async fn analyze(
        &self,
        text: String,
        version: i32,
        generation: u64,
        engine: Arc<Engine>,
        name: Option<String>,
        memo: Arc<std::sync::Mutex<seedlint_engine::LineMemo>>,
    ) -> Option<Analysis> {
        let corpus = self.index_enabled().then(|| self.0.corpus.clone());
        let run = move || {
            let corpus = corpus.as_ref().map(|c| (c, name.unwrap_or_default()));
            Analysis::run(text, version, generation, engine, corpus, &memo)
        };
        match tokio::task::spawn_blocking(run).await {
            Ok(a) => Some(a),
            Err(e) => {
                self.log(MessageType::ERROR, format!("analysis failed: {e}")).await;
                None
            }
        }
    }

    /// Check a document after `delay` and push its diagnostics, unless a newer
    /// change arrives first (then this run is dropped, at any stage).
    fn schedule(&self, uri: Uri, delay: Duration) {
        let this = self.clone();
        let Some(generation) = self.0.store.lock().docs.get(&uri).map(|d| d.generation) else {
            return;
        };
        tokio::spawn(async move {
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            let current = |this: &Backend| this.0.store.lock().docs.get(&uri).map(|d| (d.generation, d.pull));
            match current(&this) {
                Some((g, false)) if g == generation => {}
                _ => return,
            }
            let Some(analysis) = this.current_analysis(&uri).await else {
                return;
            };
            if analysis.generation != generation {
                return;
            }
            let _guard = this.0.publish.lock().await;
            match current(&this) {
                Some((g, false)) if g == generation => {}
                _ => return,
            }
            let diagnostics = analysis.diagnostics(&uri, this.encoding());
            this.0.client.publish_diagnostics(uri, diagnostics, Some(analysis.version)).await;
        });
    }

    fn relint_all(&self) {
        let uris: Vec<Uri> = self.0.store.lock().docs.keys().cloned().collect();
        for uri in uris {
            {
                // A new generation, not only a dropped cache: an analysis still running
                // with the old settings must not be stored or published as current.
                let mut s = self.0.store.lock();
                let generation = s.generation();
                if let Some(d) = s.docs.get_mut(&uri) {
                    d.generation = generation;
                    d.analysis = None;
                }
            }
            self.schedule(uri, Duration::ZERO);
        }
    }

    /// Load the configuration again (a config file or the settings changed) and re-check
    /// every open document. Loading reads files and compiles patterns, and the old
    /// resolver's lock may be held by a load in progress: both off the message loop.
    async fn reload_config(&self) {
        let (settings, roots, old) = {
            let s = self.state();
            (s.settings.clone(), s.roots.clone(), s.resolver.clone())
        };
        let loaded = tokio::task::spawn_blocking(move || {
            old.clear();
            settings.resolver(&roots)
        })
        .await
        .unwrap_or_else(|e| Err(format!("loading the configuration failed: {e}")));
        self.0.reported_errors.lock().unwrap_or_else(|e| e.into_inner()).clear();
        match loaded {
            Ok(r) => self.state_mut().resolver = Arc::new(r),
            Err(e) => self.report_error(format!("{e} (keeping the previous settings)")).await,
        }
        self.relint_all();
    }

    /// Update the workspace indexes (lines and entity mentions) for changed files,
    /// off the async threads. `true` marks a deleted file.
    async fn index_files(&self, changes: Vec<(PathBuf, bool)>) {
        let corpus = self.0.corpus.clone();
        let mentions = self.0.mentions.clone();
        let resolver = self.state().resolver.clone();
        let _ = tokio::task::spawn_blocking(move || {
            // A file whose config is broken is still indexed, with the defaults.
            let fallback = std::sync::OnceLock::new();
            for (path, deleted) in changes {
                let engine = resolver
                    .engine_for(Some(&path))
                    .unwrap_or_else(|_| fallback.get_or_init(|| Arc::new(Engine::default())).clone());
                if deleted {
                    workspace::remove(&corpus, &path);
                    entities::update(&mentions, &path, None, engine.entities());
                    continue;
                }
                let found = workspace::update(&corpus, &path, &engine);
                let found = found.as_ref().map(|(text, m)| (text.as_str(), m.as_slice()));
                entities::update(&mentions, &path, found, engine.entities());
            }
        })
        .await;
    }

    fn index_enabled(&self) -> bool {
        self.state().settings.workspace_index.unwrap_or(true)
    }

    /// Index the workspace folders in the background, reporting progress, then re-check open documents.
    fn index_workspace(&self) {
        if !self.index_enabled() {
            return;
        }
        let this = self.clone();
        tokio::spawn(async move {
            let roots = this.state().roots.clone();
            if roots.is_empty() {
                return;
            }
            // Which files to index: the include/exclude globs of the first root's config.
            let first = roots[0].clone();
            let root_config = this.resolve(move |r| r.config_in(&first)).await;
            let (include, exclude) = match root_config {
                Ok(c) => (c.include.clone(), c.exclude.clone()),
                Err(_) => (Vec::new(), Vec::new()),
            };
            let token = NumberOrString::String("seedlint/index".into());
            let progress = match this.0.client.create_work_done_progress(token.clone()).await {
                Ok(()) => Some(this.0.client.progress(token, "seedlint: indexing").with_percentage(0).begin().await),
                Err(_) => None,
            };
            let found = {
                let roots = roots.clone();
                tokio::task::spawn_blocking(move || workspace::files(&roots, &include, &exclude))
                    .await
                    .unwrap_or_default()
            };
            let total = found.len().max(1);
            for (i, chunk) in found.chunks(64).enumerate() {
                this.index_files(chunk.iter().map(|p| (p.clone(), false)).collect()).await;
                if let Some(p) = &progress {
                    let done = ((i + 1) * 64).min(found.len());
                    p.report_with_message(format!("{done}/{} files", found.len()), (done * 100 / total) as u32).await;
                }
            }
            let documents = this.0.corpus.read().unwrap_or_else(|e| e.into_inner()).documents();
            if let Some(p) = progress {
                p.finish_with_message(format!("indexed {documents} files")).await;
            }
            this.log(MessageType::INFO, format!("indexed {documents} workspace files")).await;
            this.relint_all();
        });
    }

    fn debounce(&self) -> Duration {
        self.state().settings.debounce_ms.map(Duration::from_millis).unwrap_or(DEFAULT_DEBOUNCE)
    }

    /// The config file the editor's edits for `path` go to: the configured one, else the
    /// nearest, else a new one at the workspace root.
    fn config_to_edit(&self, path: &Path) -> PathBuf {
        let s = self.state();
        s.settings.config_path.clone().unwrap_or_else(|| config_edit::config_path_for(path, &s.roots))
    }

    /// The site `path` belongs to, as the config it would be listed in sees it. Asked on
    /// every cursor move (code actions), so it reads the resolver's cached config, not the disk.
    async fn site_for_edit(&self, path: &Path) -> Option<String> {
        let file = path.to_path_buf();
        let config = self.resolve(move |r| r.config_for(Some(&file))).await.ok()?;
        if config.path.is_some() {
            return config.site_of(Some(path), None);
        }
        // No config yet: the defaults, rooted where the edit would create one.
        let root = self.config_to_edit(path).parent().map(Path::to_path_buf).unwrap_or_default();
        Config { root, ..Config::default() }.site_of(Some(path), None)
    }

    /// Whether `path` (followed through symbolic links) is inside one of the workspace folders.
    fn in_workspace(&self, path: &Path) -> bool {
        let Some(real) = canonical(path) else { return false };
        self.state().roots.iter().filter_map(|r| std::fs::canonicalize(r).ok()).any(|root| real.starts_with(root))
    }

    /// Edit the config that applies to the document at `path`. Only for a document that
    /// is open or in a workspace folder, and only a config inside a workspace folder
    /// (or the one the user's own `configPath` names): a command can name any URI, and
    /// a config found above the workspace belongs to someone else.
    async fn edit_config(
        &self,
        uri: &Uri,
        path: &Path,
        change: &config_edit::Change,
    ) -> std::result::Result<serde_json::Value, String> {
        let open = self.0.store.lock().docs.contains_key(uri);
        if !open && !self.in_workspace(path) {
            return Err(format!(
                "{}: not an open document and not in a workspace folder; seedlint.toml not edited",
                path.display()
            ));
        }
        let config = self.config_to_edit(path);
        let chosen_by_user = self.state().settings.config_path.as_deref() == Some(config.as_path());
        if !chosen_by_user && !self.in_workspace(&config) {
            return Err(format!(
                "{}: outside every workspace folder; seedlint only edits a config inside one (or the `configPath` setting's)",
                config.display()
            ));
        }
        let change = change.clone();
        let edited = tokio::task::spawn_blocking(move || config_edit::edit(&config, &change))
            .await
            .map_err(|e| format!("editing the config failed: {e}"))??;
        if edited.changed {
            self.reload_config().await;
        }
        Ok(serde_json::json!({ "config": edited.path.to_string_lossy(), "changed": edited.changed }))
    }
}

impl Backend {
    /// "Mark this line as boilerplate for this site" on a line that is not reported as
    /// boilerplate, "never flag this line on this site" on one that is.
    async fn line_actions(&self, a: &Analysis, uri: &Uri, path: &Path, offset: usize) -> Vec<CodeAction> {
        let start = a.text.get(..offset).and_then(|t| t.rfind(['\n', '\r'])).map_or(0, |i| i + 1);
        let end = a.text.get(start..).and_then(|t| t.find(['\n', '\r'])).map_or(a.text.len(), |i| start + i);
        let Some(line) = a.text.get(start..end).map(str::trim).filter(|l| !l.is_empty()) else {
            return Vec::new();
        };
        let on_line: Vec<&Finding> =
            a.findings.iter().filter(|f| f.range.start >= start && f.range.start <= end).collect();
        let is = |c: Category| on_line.iter().any(|f| f.category == c);
        let site = self.site_for_edit(path).await;
        let mut out = Vec::new();
        if !is(Category::Boilerplate) {
            out.push(actions::mark_line(uri, site.as_deref(), config_edit::LineList::Boilerplate, line));
        }
        if is(Category::Boilerplate) || is(Category::Metadata) {
            out.push(actions::mark_line(uri, site.as_deref(), config_edit::LineList::NeverFlag, line));
        }
        out
    }

    pub async fn cache_sizes(&self) -> Result<serde_json::Value> {
        let documents = self.0.store.lock().docs.len();
        let engines = self.state().last_good.len();
        Ok(serde_json::json!({ "documents": documents, "lastGoodEngines": engines }))
    }

    pub async fn document_text(&self, params: TextDocumentIdentifier) -> Result<serde_json::Value> {
        let s = self.0.store.lock();
        let doc = s
            .docs
            .get(&params.uri)
            .ok_or_else(|| Error::invalid_params(format!("document not open: {}", params.uri.as_str())))?;
        Ok(serde_json::json!({ "version": doc.version, "text": doc.text() }))
    }
}

/// `path` with symbolic links resolved; for a file not created yet, its directory's.
fn canonical(path: &Path) -> Option<PathBuf> {
    std::fs::canonicalize(path).ok().or_else(|| {
        let dir = std::fs::canonicalize(path.parent()?).ok()?;
        Some(dir.join(path.file_name()?))
    })
}

/// Custom request: how many entries the server's per-document caches hold. For tests
/// and debugging: closing documents must shrink them.
pub const CACHE_SIZES: &str = "seedlint/cacheSizes";

fn is_config_file(path: &Path) -> bool {
    path.file_name().and_then(|n| n.to_str()).is_some_and(|n| CONFIG_NAMES.contains(&n))
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let offers_utf8 = params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref())
            .is_some_and(|encs| encs.contains(&PositionEncodingKind::UTF8));
        let encoding = if offers_utf8 { Encoding::Utf8 } else { Encoding::Utf16 };
        let mut roots: Vec<PathBuf> =
            params.workspace_folders.iter().flatten().filter_map(|f| super::uri::to_path(&f.uri)).collect();
        #[allow(deprecated)]
        if roots.is_empty() {
            roots.extend(params.root_uri.as_ref().and_then(super::uri::to_path));
        }
        let settings =
            ClientSettings::from_value(params.initialization_options.clone()).map_err(Error::invalid_params)?;
        let resolver = {
            let (settings, roots) = (settings.clone(), roots.clone());
            tokio::task::spawn_blocking(move || settings.resolver(&roots))
                .await
                .unwrap_or_else(|e| Err(format!("loading the configuration failed: {e}")))
                .map_err(Error::invalid_params)?
        };
        let watch_registration = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false);
        {
            let mut s = self.state_mut();
            s.resolver = Arc::new(resolver);
            s.settings = settings;
            s.roots = roots;
            s.watch_registration = watch_registration;
        }
        {
            let mut store = self.0.store.lock();
            store.encoding = encoding;
            store.accepting = true;
        }
        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(if offers_utf8 {
                    PositionEncodingKind::UTF8
                } else {
                    PositionEncodingKind::UTF16
                }),
                text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                    ..Default::default()
                })),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                definition_provider: Some(OneOf::Left(true)),
                references_provider: Some(OneOf::Left(true)),
                document_symbol_provider: Some(OneOf::Left(true)),
                workspace_symbol_provider: Some(OneOf::Left(true)),
                semantic_tokens_provider: Some(SemanticTokensServerCapabilities::SemanticTokensOptions(
                    SemanticTokensOptions {
                        legend: entities::legend(),
                        full: Some(SemanticTokensFullOptions::Bool(true)),
                        range: None,
                        work_done_progress_options: WorkDoneProgressOptions::default(),
                    },
                )),
                code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                    code_action_kinds: Some(vec![CodeActionKind::QUICKFIX, CodeActionKind::new(FIX_ALL_KIND)]),
                    resolve_provider: Some(false),
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                })),
                execute_command_provider: Some(ExecuteCommandOptions {
                    commands: vec![
                        CMD_FIX_ALL.into(),
                        CMD_SHOW_RULE_DOCS.into(),
                        CMD_DISABLE_RULE.into(),
                        CMD_MARK_LINE.into(),
                    ],
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                }),
                diagnostic_provider: Some(DiagnosticServerCapabilities::Options(DiagnosticOptions {
                    identifier: Some("seedlint".into()),
                    // The workspace index makes a file's findings depend on the others.
                    inter_file_dependencies: true,
                    workspace_diagnostics: false,
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                })),
                ..Default::default()
            },
            server_info: Some(ServerInfo { name: "seedlint".into(), version: Some(env!("CARGO_PKG_VERSION").into()) }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        if self.state().watch_registration {
            let options = DidChangeWatchedFilesRegistrationOptions {
                watchers: CONFIG_NAMES
                    .iter()
                    .map(|n| format!("**/{n}"))
                    .chain(["**/*.{txt,text,md}".to_string()])
                    .map(|glob| FileSystemWatcher { glob_pattern: GlobPattern::String(glob), kind: None })
                    .collect(),
            };
            let registration = Registration {
                id: "seedlint-watch".into(),
                method: "workspace/didChangeWatchedFiles".into(),
                register_options: serde_json::to_value(options).ok(),
            };
            if let Err(e) = self.0.client.register_capability(vec![registration]).await {
                self.log(MessageType::WARNING, format!("could not watch config files: {e}")).await;
            }
        }
        self.log(MessageType::INFO, format!("seedlint {} ready", env!("CARGO_PKG_VERSION"))).await;
        self.index_workspace();
    }

    async fn shutdown(&self) -> Result<()> {
        let mut store = self.0.store.lock();
        store.accepting = false;
        store.shut_down = true;
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        self.drain_warnings().await;
        self.schedule(params.text_document.uri, Duration::ZERO);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        // The edit itself was applied in arrival order by `Ordered::call`.
        self.drain_warnings().await;
        self.schedule(params.text_document.uri, self.debounce());
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        let path = super::uri::to_path(&params.text_document.uri);
        if path.as_deref().is_some_and(is_config_file) {
            self.reload_config().await;
        } else {
            if let Some(p) = path.filter(|p| self.index_enabled() && workspace::is_indexable(p)) {
                self.index_files(vec![(p, false)]).await;
            }
            self.schedule(params.text_document.uri, Duration::ZERO);
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        self.drain_warnings().await;
        self.state_mut().last_good.remove(&params.text_document.uri);
        let _guard = self.0.publish.lock().await;
        self.0.client.publish_diagnostics(params.text_document.uri, Vec::new(), None).await;
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        match ClientSettings::from_value(Some(params.settings)) {
            Ok(settings) => {
                self.state_mut().settings = settings;
                self.reload_config().await;
            }
            Err(e) => self.report_error(format!("{e} (keeping the previous settings)")).await,
        }
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        if params.changes.iter().any(|c| super::uri::to_path(&c.uri).is_some_and(|p| is_config_file(&p))) {
            self.reload_config().await;
            return;
        }
        if !self.index_enabled() {
            return;
        }
        let changes: Vec<(PathBuf, bool)> = params
            .changes
            .iter()
            .filter_map(|c| super::uri::to_path(&c.uri).map(|p| (p, c.typ == FileChangeType::DELETED)))
            .filter(|(p, _)| workspace::is_indexable(p))
            .collect();
        if changes.is_empty() {
            return;
        }
        self.index_files(changes).await;
        self.relint_all();
    }

    async fn diagnostic(&self, params: DocumentDiagnosticParams) -> Result<DocumentDiagnosticReportResult> {
        let uri = params.text_document.uri;
        let first_pull = {
            let mut s = self.0.store.lock();
            let Some(doc) = s.docs.get_mut(&uri) else {
                return Err(Error::invalid_params(format!("document not open: {}", uri.as_str())));
            };
            !std::mem::replace(&mut doc.pull, true)
        };
        if first_pull {
            // This client pulls: clear anything pushed before it asked, so nothing shows twice.
            let _guard = self.0.publish.lock().await;
            self.0.client.publish_diagnostics(uri.clone(), Vec::new(), None).await;
        }
        let Some(a) = self.current_analysis(&uri).await else {
            return Err(Error::invalid_params(format!("document not open: {}", uri.as_str())));
        };
        let result_id = format!("{}", a.generation);
        if params.previous_result_id.as_deref() == Some(result_id.as_str()) {
            return Ok(DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Unchanged(
                RelatedUnchangedDocumentDiagnosticReport {
                    related_documents: None,
                    unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport { result_id },
                },
            )));
        }
        Ok(DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(
            RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    result_id: Some(result_id),
                    items: a.diagnostics(&uri, self.encoding()),
                },
            },
        )))
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let uri = params.text_document_position_params.text_document.uri;
        let Some(a) = self.current_analysis(&uri).await else {
            return Ok(None);
        };
        let encoding = self.encoding();
        let offset = a.offset(params.text_document_position_params.position, encoding);
        let card = entities::mention_at(&a, offset).and_then(|m| {
            let e = a.engine.entities().entity(m)?;
            let counts = entities::workspace_count(&self.0.mentions, &e.id);
            Some((entities::card(e, &a, counts), m.range.clone()))
        });
        let findings = hover::at(&a, offset);
        let (md, range) = match (card, findings) {
            (Some((card, r)), Some((md, _))) => (format!("{card}\n---\n\n{md}"), r),
            (Some(x), None) | (None, Some(x)) => x,
            (None, None) => return Ok(None),
        };
        Ok(Some(Hover {
            contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: md }),
            range: Some(a.range(&range, encoding)),
        }))
    }

    async fn goto_definition(&self, params: GotoDefinitionParams) -> Result<Option<GotoDefinitionResponse>> {
        let uri = params.text_document_position_params.text_document.uri;
        let Some(a) = self.current_analysis(&uri).await else { return Ok(None) };
        let offset = a.offset(params.text_document_position_params.position, self.encoding());
        let Some(e) = entities::mention_at(&a, offset).and_then(|m| a.engine.entities().entity(m)) else {
            return Ok(None);
        };
        // It may write the built-in knowledge base out: file I/O, off the message loop.
        let entity = e.clone();
        let found = tokio::task::spawn_blocking(move || entities::definition(&entity)).await.ok().flatten();
        Ok(found.map(GotoDefinitionResponse::Scalar))
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let uri = params.text_document_position.text_document.uri;
        let Some(a) = self.current_analysis(&uri).await else { return Ok(None) };
        let encoding = self.encoding();
        let offset = a.offset(params.text_document_position.position, encoding);
        let Some(id) =
            entities::mention_at(&a, offset).and_then(|m| a.engine.entities().entity(m)).map(|e| e.id.clone())
        else {
            return Ok(None);
        };
        // Open documents as the editor has them; other files as the index read them.
        let open: Vec<(Uri, Option<PathBuf>)> =
            self.0.store.lock().docs.iter().map(|(u, d)| (u.clone(), d.path.clone())).collect();
        let mut out = Vec::new();
        for (doc_uri, _) in &open {
            let Some(doc) = self.current_analysis(doc_uri).await else { continue };
            for m in &doc.mentions {
                if doc.engine.entities().entity(m).is_some_and(|e| e.id == id) {
                    out.push(Location { uri: doc_uri.clone(), range: doc.range(&m.range, encoding) });
                }
            }
        }
        let open_paths: Vec<PathBuf> = open.iter().filter_map(|(_, p)| p.clone()).collect();
        {
            let map = self.0.mentions.read().unwrap_or_else(|e| e.into_inner());
            let mut paths: Vec<&PathBuf> = map.keys().filter(|p| !open_paths.contains(p)).collect();
            paths.sort();
            for path in paths {
                for l in map.get(path).into_iter().flatten().filter(|l| l.entity == id) {
                    out.extend(entities::location_in(path, l, encoding));
                }
            }
        }
        Ok(Some(out))
    }

    async fn document_symbol(&self, params: DocumentSymbolParams) -> Result<Option<DocumentSymbolResponse>> {
        let Some(a) = self.current_analysis(&params.text_document.uri).await else { return Ok(None) };
        Ok(Some(DocumentSymbolResponse::Nested(entities::document_symbols(&a, self.encoding()))))
    }

    async fn symbol(&self, params: WorkspaceSymbolParams) -> Result<Option<WorkspaceSymbolResponse>> {
        let encoding = self.encoding();
        let roots = self.state().roots.clone();
        // The knowledge base of the first workspace folder's config (the built-in one without).
        let probe = roots.first().map(|r| r.join("seedlint.txt"));
        let engine = self.resolve(move |r| r.engine_for(probe.as_deref())).await.ok();
        let builtin = seedlint_engine::entities::Entities::builtin();
        let known = engine.as_ref().map(|e| e.entities()).unwrap_or(builtin.as_ref());
        let map = self.0.mentions.read().unwrap_or_else(|e| e.into_inner());
        let mut paths: Vec<&PathBuf> = map.keys().collect();
        paths.sort();
        let mut out = Vec::new();
        for e in entities::search(known, &params.query, 200) {
            // The first mention in the workspace, else the knowledge-base entry.
            let first = paths.iter().find_map(|p| {
                map.get(*p)?.iter().find(|l| l.entity == e.id).and_then(|l| entities::location_in(p, l, encoding))
            });
            let Some(location) = first.or_else(|| entities::definition(e)) else { continue };
            out.push(WorkspaceSymbol {
                name: e.name.iter().collect::<Vec<_>>().join(" · "),
                kind: entities::symbol_kind(e.kind),
                tags: None,
                container_name: Some(e.kind.to_string()),
                location: OneOf::Left(location),
                data: None,
            });
        }
        Ok(Some(WorkspaceSymbolResponse::Nested(out)))
    }

    async fn semantic_tokens_full(&self, params: SemanticTokensParams) -> Result<Option<SemanticTokensResult>> {
        let Some(a) = self.current_analysis(&params.text_document.uri).await else { return Ok(None) };
        Ok(Some(SemanticTokensResult::Tokens(SemanticTokens {
            result_id: None,
            data: entities::semantic_tokens(&a, self.encoding()),
        })))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri;
        let Some(a) = self.current_analysis(&uri).await else {
            return Ok(None);
        };
        let encoding = self.encoding();
        let wants = |kind: &CodeActionKind| match &params.context.only {
            None => true,
            Some(only) => only
                .iter()
                .any(|o| kind.as_str() == o.as_str() || kind.as_str().starts_with(&format!("{}.", o.as_str()))),
        };
        let start = a.offset(params.range.start, encoding);
        let end = a.offset(params.range.end, encoding);
        let mut out: Vec<CodeActionOrCommand> = Vec::new();
        if wants(&CodeActionKind::QUICKFIX) {
            let touching: Vec<&Finding> =
                a.findings.iter().filter(|f| f.range.start <= end && start <= f.range.end).collect();
            let mut disabled = Vec::new();
            for &f in &touching {
                if let Some(action) = actions::quick_fix(&a, f, &uri, encoding) {
                    out.push(CodeActionOrCommand::CodeAction(action));
                }
                if !disabled.contains(&f.code) && super::uri::to_path(&uri).is_some() {
                    disabled.push(f.code);
                    out.push(CodeActionOrCommand::CodeAction(actions::disable_rule(f, &uri)));
                }
            }
        }
        if wants(&CodeActionKind::QUICKFIX) {
            if let Some(path) = super::uri::to_path(&uri) {
                let actions = self.line_actions(&a, &uri, &path, start).await;
                out.extend(actions.into_iter().map(CodeActionOrCommand::CodeAction));
            }
        }
        if wants(&CodeActionKind::new(FIX_ALL_KIND)) {
            if let Some(action) = actions::fix_all_action(&a, &uri, encoding) {
                out.push(CodeActionOrCommand::CodeAction(action));
            }
        }
        Ok(Some(out))
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        let arg = |i: usize| params.arguments.get(i).and_then(|v| v.as_str()).map(str::to_string);
        match params.command.as_str() {
            CMD_FIX_ALL => {
                let uri = arg(0)
                    .and_then(|s| Uri::from_str(&s).ok())
                    .ok_or_else(|| Error::invalid_params("expected a document URI"))?;
                let Some(a) = self.current_analysis(&uri).await else {
                    return Err(Error::invalid_params(format!("document not open: {}", uri.as_str())));
                };
                if let Some(edit) = actions::fix_all_edit(&a, &uri, self.encoding()) {
                    let applied = self.0.client.apply_edit(edit).await.map(|r| r.applied).unwrap_or(false);
                    return Ok(Some(serde_json::json!({ "applied": applied })));
                }
                Ok(Some(serde_json::json!({ "applied": false, "reason": "nothing to fix" })))
            }
            CMD_SHOW_RULE_DOCS => {
                let code = arg(0).ok_or_else(|| Error::invalid_params("expected a rule code"))?;
                let meta = seedlint_engine::find_rule(&code)
                    .ok_or_else(|| Error::invalid_params(format!("unknown rule `{code}`")))?;
                Ok(Some(serde_json::json!({
                    "code": meta.code, "name": meta.name, "markdown": format!("# {} {}\n\n{}\n\n{}", meta.code, meta.name, meta.summary, meta.explanation),
                    "url": format!("{}#{}", super::analysis::DOCS_URL, meta.code.to_lowercase()),
                })))
            }
            CMD_DISABLE_RULE | CMD_MARK_LINE => {
                let uri = arg(0)
                    .and_then(|s| Uri::from_str(&s).ok())
                    .ok_or_else(|| Error::invalid_params("expected a document URI"))?;
                let path =
                    super::uri::to_path(&uri).ok_or_else(|| Error::invalid_params("the document has no file path"))?;
                let change = if params.command == CMD_DISABLE_RULE {
                    let code = arg(1).ok_or_else(|| Error::invalid_params("expected a rule code"))?;
                    config_edit::Change::DisableRule { file: path.clone(), code }
                } else {
                    let list = match arg(2).as_deref() {
                        Some("boilerplate") => config_edit::LineList::Boilerplate,
                        Some("never-flag") => config_edit::LineList::NeverFlag,
                        _ => return Err(Error::invalid_params("expected `boilerplate` or `never-flag`")),
                    };
                    let line = arg(3).ok_or_else(|| Error::invalid_params("expected the line's text"))?;
                    config_edit::Change::Line { site: arg(1), list, line }
                };
                match self.edit_config(&uri, &path, &change).await {
                    Ok(done) => Ok(Some(done)),
                    Err(refused) => {
                        // Shown as well as returned: not every client shows a failed command.
                        self.0.client.show_message(MessageType::ERROR, refused.clone()).await;
                        Err(Error::invalid_params(refused))
                    }
                }
            }
            other => Err(Error::invalid_params(format!("unknown command `{other}`"))),
        }
    }
}
