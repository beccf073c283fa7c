//! Which engine checks which file: the nearest `seedlint.toml` (or an explicit
//! one), its per-path overrides, and settings from the command line or the
//! editor on top. Shared by `seedlint check` and `seedlint lsp`, so both build
//! the same engine for the same file.

use crate::config::Config;
use crate::records;
use seedlint_engine::{Engine, Settings, Severity};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Settings given outside config files (command line, editor), applied last.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExtraSettings {
    /// Replaces the config's `select` when set.
    pub select: Option<Vec<String>>,
    /// Added to the config's `ignore`.
    pub ignore: Vec<String>,
    /// Added to (and wins over) the config's severities.
    pub severity: HashMap<String, Severity>,
}

impl ExtraSettings {
    fn apply(&self, settings: &mut Settings) {
        if let Some(sel) = &self.select {
            settings.select = sel.clone();
        }
        settings.ignore.extend(self.ignore.iter().cloned());
        settings.severity.extend(self.severity.iter().map(|(k, v)| (k.clone(), *v)));
    }
}

/// A config file, the overrides that apply and the configured site.
type EngineKey = (Option<PathBuf>, Vec<usize>, Option<String>);

/// Configs and engines, each built once and shared between threads.
pub struct Resolver {
    explicit: Option<Arc<Config>>,
    /// Where files without a path (unsaved editor buffers) look for a config.
    fallback_dir: Option<PathBuf>,
    extra: ExtraSettings,
    by_dir: Mutex<HashMap<PathBuf, Result<Arc<Config>, String>>>,
    /// Each config file is loaded (its knowledge bases read, its patterns compiled) once,
    /// however many directories it applies to.
    by_path: Mutex<HashMap<PathBuf, Result<Arc<Config>, String>>>,
    engines: Mutex<HashMap<EngineKey, Arc<Engine>>>,
}

impl Resolver {
    pub fn new(explicit: Option<Arc<Config>>, fallback_dir: Option<PathBuf>, extra: ExtraSettings) -> Resolver {
        Resolver {
            explicit,
            fallback_dir,
            extra,
            by_dir: Mutex::default(),
            by_path: Mutex::default(),
            engines: Mutex::default(),
        }
    }

    /// The config that applies to `file` (or to the fallback directory when `None`).
    pub fn config_for(&self, file: Option<&Path>) -> Result<Arc<Config>, String> {
        if let Some(c) = &self.explicit {
            return Ok(c.clone());
        }
        let dir = match file {
            Some(f) => std::path::absolute(f).ok().and_then(|p| p.parent().map(Path::to_path_buf)),
            None => self.fallback_dir.clone(),
        };
        match dir {
            Some(dir) => self.config_in(&dir),
            None => Ok(Arc::new(Config::default())),
        }
    }

    /// The config that applies to files directly in `dir`.
    pub fn config_in(&self, dir: &Path) -> Result<Arc<Config>, String> {
        if let Some(c) = &self.explicit {
            return Ok(c.clone());
        }
        let mut cache = self.by_dir.lock().unwrap_or_else(|e| e.into_inner());
        cache
            .entry(dir.to_path_buf())
            .or_insert_with(|| match Config::find(dir) {
                Some(path) => {
                    let mut loaded = self.by_path.lock().unwrap_or_else(|e| e.into_inner());
                    let load = || Config::load(&path).map(Arc::new).map_err(|e| e.to_string());
                    loaded.entry(path.clone()).or_insert_with(load).clone()
                }
                None => Ok(Arc::new(Config::default())),
            })
            .clone()
    }

    pub fn engine_for(&self, file: Option<&Path>) -> Result<Arc<Engine>, String> {
        self.engine_for_document(file, None)
    }

    /// The engine for one document: a file, or a record of a corpus file with its URL
    /// (whose site may have its own settings).
    pub fn engine_for_document(&self, file: Option<&Path>, url: Option<&str>) -> Result<Arc<Engine>, String> {
        let config = self.config_for(file)?;
        let absolute = file.map(|f| std::path::absolute(f).unwrap_or_else(|_| f.to_path_buf()));
        let overrides = match &absolute {
            Some(f) => config.matching_overrides(f),
            None => Vec::new(),
        };
        let site = config.configured_site(absolute.as_deref(), url);
        let key = (config.path.clone(), overrides.clone(), site.map(|s| s.name.clone()));
        let mut engines = self.engines.lock().unwrap_or_else(|e| e.into_inner());
        Ok(engines
            .entry(key)
            .or_insert_with(|| {
                let mut settings = config.settings_for(&overrides, site);
                self.extra.apply(&mut settings);
                Arc::new(Engine::new(settings))
            })
            .clone())
    }

    /// Parse line `line_no` of the corpus file `path` and find the engine for the
    /// record's site. Fields are guessed from the first record, so call in order.
    pub fn parse_record(
        &self,
        path: &Path,
        line_no: usize,
        line: &str,
        fields: &mut records::Fields,
    ) -> Result<(records::Record, Arc<Engine>), records::RecordError> {
        let record = records::parse(line_no, line, fields)?;
        let engine = self
            .engine_for_document(Some(path), record.url.as_deref())
            .map_err(|e| records::RecordError { line: record.line, message: format!("configuration error: {e}") })?;
        Ok((record, engine))
    }

    /// Forget every loaded config and engine (a config file changed).
    pub fn clear(&self) {
        self.by_dir.lock().unwrap_or_else(|e| e.into_inner()).clear();
        self.by_path.lock().unwrap_or_else(|e| e.into_inner()).clear();
        self.engines.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }
}
