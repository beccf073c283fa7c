//! `seedlint._seedlint`: the Python face of the same engine as the CLI and the server.
//!
//! Findings cross the boundary as the CLI's JSON (one serializer, so the fields are
//! the same by construction); `seedlint/__init__.py` decodes them. Batches release
//! the GIL and run on rayon's pool, one task per text.

use pyo3::exceptions::{PyOSError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use rayon::prelude::*;
use seedlint::config::Config;
use seedlint::output::{self, Located};
use seedlint::resolve::{ExtraSettings, Resolver};
use seedlint_engine::corpus::IndexEntry;
use seedlint_engine::fix::fix_all_in_corpus;
use seedlint_engine::{CorpusIndex, Engine, LineIndex};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// One resolver per config file, so engines are built once per process.
fn resolver(config: Option<&str>) -> PyResult<Arc<Resolver>> {
    static CACHE: OnceLock<Mutex<HashMap<Option<PathBuf>, Arc<Resolver>>>> = OnceLock::new();
    let key = config.map(PathBuf::from);
    let mut cache = CACHE.get_or_init(Mutex::default).lock().unwrap_or_else(|e| e.into_inner());
    if let Some(r) = cache.get(&key) {
        return Ok(r.clone());
    }
    let explicit = match &key {
        Some(p) => Some(Arc::new(Config::load(p).map_err(|e| PyValueError::new_err(e.to_string()))?)),
        // No config given: the defaults, not whatever seedlint.toml the working directory has.
        None => Some(Arc::new(Config::default())),
    };
    let r = Arc::new(Resolver::new(explicit, None, ExtraSettings::default()));
    cache.insert(key, r.clone());
    Ok(r)
}

fn engine(config: Option<&str>, path: Option<&str>) -> PyResult<Arc<Engine>> {
    resolver(config)?.engine_for(path.map(Path::new)).map_err(PyValueError::new_err)
}

fn findings(engine: &Engine, text: &str, path: &str, index: Option<&CorpusIndex>, name: Option<&str>) -> Vec<Located> {
    let line_index = LineIndex::new(text);
    engine.check_in_corpus(text, index, name).iter().map(|f| output::locate(path, text, &line_index, f)).collect()
}

fn to_json<T: serde::Serialize>(value: &T) -> PyResult<String> {
    serde_json::to_string(value).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// The mergeable corpus index (see docs/corpus-index.md).
#[pyclass(module = "seedlint")]
pub struct Index {
    inner: CorpusIndex,
}

#[pymethods]
impl Index {
    #[new]
    fn new() -> Index {
        Index { inner: CorpusIndex::new() }
    }

    /// Add documents, `(name, text)` pairs, in parallel: their lines, and the entities
    /// they name properly as the engine of `config` knows them (as `seedlint index build`).
    #[pyo3(signature = (documents, config=None))]
    fn add(&mut self, py: Python<'_>, documents: Vec<(String, String)>, config: Option<&str>) -> PyResult<()> {
        let engine = engine(config, None)?;
        let entries: Vec<(String, IndexEntry)> =
            py.allow_threads(|| documents.into_par_iter().map(|(n, t)| (n, engine.index_entry(&t).0)).collect());
        for (name, entry) in entries {
            self.inner.add(&name, entry);
        }
        Ok(())
    }

    /// Append another index's documents and counts (associative).
    fn merge(&mut self, other: &Index) {
        self.inner.merge(&other.inner);
    }

    fn to_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.inner.to_bytes())
    }

    #[staticmethod]
    fn from_bytes(data: &[u8]) -> PyResult<Index> {
        CorpusIndex::from_bytes(data).map(|inner| Index { inner }).map_err(|e| PyValueError::new_err(e.to_string()))
    }

    fn save(&self, path: &str) -> PyResult<()> {
        std::fs::write(path, self.inner.to_bytes()).map_err(|e| PyOSError::new_err(format!("{path}: {e}")))
    }

    #[staticmethod]
    fn load(path: &str) -> PyResult<Index> {
        let bytes = std::fs::read(path).map_err(|e| PyOSError::new_err(format!("{path}: {e}")))?;
        CorpusIndex::from_bytes(&bytes)
            .map(|inner| Index { inner })
            .map_err(|e| PyValueError::new_err(format!("{path}: {e}")))
    }

    #[getter]
    fn documents(&self) -> u32 {
        self.inner.documents()
    }

    #[getter]
    fn distinct_lines(&self) -> usize {
        self.inner.distinct_lines()
    }
}

/// Findings for one text, as the CLI's JSON array.
#[pyfunction]
#[pyo3(signature = (text, config=None, path="<text>", index=None, name=None))]
fn check_json(
    py: Python<'_>,
    text: &str,
    config: Option<&str>,
    path: &str,
    index: Option<PyRef<'_, Index>>,
    name: Option<&str>,
) -> PyResult<String> {
    let engine = engine(config, Some(path))?;
    let index = index.as_ref().map(|i| &i.inner);
    let text = text.to_string();
    let located = py.allow_threads(|| findings(&engine, &text, path, index, name));
    to_json(&located)
}

/// Findings for many texts, in parallel without the GIL: a JSON array per text.
#[pyfunction]
#[pyo3(signature = (texts, config=None, index=None, names=None))]
fn check_batch_json(
    py: Python<'_>,
    texts: Vec<String>,
    config: Option<&str>,
    index: Option<PyRef<'_, Index>>,
    names: Option<Vec<String>>,
) -> PyResult<Vec<String>> {
    let engine = engine(config, None)?;
    let index = index.as_ref().map(|i| &i.inner);
    if names.as_ref().is_some_and(|n| n.len() != texts.len()) {
        return Err(PyValueError::new_err("names must have one name per text"));
    }
    let out: Vec<Result<String, String>> = py.allow_threads(|| {
        texts
            .par_iter()
            .enumerate()
            .map(|(i, t)| {
                let name = names.as_ref().and_then(|n| n.get(i)).map(String::as_str);
                serde_json::to_string(&findings(&engine, t, name.unwrap_or("<text>"), index, name))
                    .map_err(|e| e.to_string())
            })
            .collect()
    });
    out.into_iter().map(|r| r.map_err(PyValueError::new_err)).collect()
}

fn clean_one(
    engine: &Engine,
    text: &str,
    unsafe_fixes: bool,
    index: Option<&CorpusIndex>,
    name: Option<&str>,
) -> (String, serde_json::Value) {
    let outcome = fix_all_in_corpus(engine, text, unsafe_fixes, index, name);
    let summary = serde_json::json!({
        "removed": outcome.applied,
        "fixes": outcome.total(),
        "bytes_before": text.len(),
        "bytes_after": outcome.text.len(),
        "findings_before": outcome.initial.len(),
        "findings_after": outcome.remaining.len(),
        "passes": outcome.passes,
    });
    (outcome.text, summary)
}

/// Apply the fixes (safe ones; unsafe ones too if asked) and return the cleaned
/// text with a JSON summary of what was removed.
#[pyfunction]
#[pyo3(signature = (text, config=None, unsafe_fixes=false, index=None, name=None))]
fn clean_json(
    py: Python<'_>,
    text: &str,
    config: Option<&str>,
    unsafe_fixes: bool,
    index: Option<PyRef<'_, Index>>,
    name: Option<&str>,
) -> PyResult<(String, String)> {
    let engine = engine(config, None)?;
    let index = index.as_ref().map(|i| &i.inner);
    let text = text.to_string();
    let (cleaned, summary) = py.allow_threads(|| clean_one(&engine, &text, unsafe_fixes, index, name));
    Ok((cleaned, to_json(&summary)?))
}

/// `clean` over many texts, in parallel without the GIL.
#[pyfunction]
#[pyo3(signature = (texts, config=None, unsafe_fixes=false, index=None, names=None))]
fn clean_batch_json(
    py: Python<'_>,
    texts: Vec<String>,
    config: Option<&str>,
    unsafe_fixes: bool,
    index: Option<PyRef<'_, Index>>,
    names: Option<Vec<String>>,
) -> PyResult<Vec<(String, String)>> {
    let engine = engine(config, None)?;
    let index = index.as_ref().map(|i| &i.inner);
    if names.as_ref().is_some_and(|n| n.len() != texts.len()) {
        return Err(PyValueError::new_err("names must have one name per text"));
    }
    let out: Vec<(String, serde_json::Value)> = py.allow_threads(|| {
        texts
            .par_iter()
            .enumerate()
            .map(|(i, t)| {
                let name = names.as_ref().and_then(|n| n.get(i)).map(String::as_str);
                clean_one(&engine, t, unsafe_fixes, index, name)
            })
            .collect()
    });
    out.into_iter().map(|(t, s)| Ok((t, to_json(&s)?))).collect()
}

#[pymodule]
fn _seedlint(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Index>()?;
    m.add_function(wrap_pyfunction!(check_json, m)?)?;
    m.add_function(wrap_pyfunction!(check_batch_json, m)?)?;
    m.add_function(wrap_pyfunction!(clean_json, m)?)?;
    m.add_function(wrap_pyfunction!(clean_batch_json, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
