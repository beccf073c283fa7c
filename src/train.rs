//! `seedlint train`: learn the line classifier's weights from labelled lines.
//!
//! Labels are TSV rows naming a document and a line (`id`, `line`, `label` J or
//! C, optionally `corpus` and `kind`), the text comes from JSONL corpora. Each
//! labelled line is described by the engine's own features
//! (`Engine::line_features`, exactly what a check computes), and a logistic
//! regression is fitted by Newton's method, with every site weighing the same
//! (a site with 400 labelled menu lines must not drown one with 20). The
//! threshold is the lowest at which at most `--max-article-rate` of the
//! training article lines would be flagged.

use crate::records::{self, Fields};
use crate::sites;
use seedlint_engine::classifier::{LineModel, FEATURES};
use seedlint_engine::Engine;
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, clap::Args)]
pub struct TrainOptions {
    /// JSONL corpora holding the labelled documents' text.
    #[arg(required = true)]
    pub corpora: Vec<PathBuf>,
    /// Label files (TSV with a header: id, line, label [J|C], optional corpus and kind). Repeatable.
    #[arg(long = "labels", required = true)]
    pub labels: Vec<PathBuf>,
    /// Where to write the model (a TSV that `[classifier] model` in seedlint.toml can name).
    #[arg(short, long)]
    pub output: PathBuf,
    /// Leave this site's pages out (to score the model on them afterwards). Repeatable.
    #[arg(long = "exclude-site")]
    pub exclude_site: Vec<String>,
    /// Only use this site's pages (with the others excluded). Repeatable.
    #[arg(long = "only-site")]
    pub only_site: Vec<String>,
    /// The threshold flags at most this share of the training article lines.
    #[arg(long, default_value_t = 0.005)]
    pub max_article_rate: f64,
    /// L2 penalty on the weights (0.5 scored best leave-one-site-out among 0.1 to 8).
    #[arg(long, default_value_t = 0.5)]
    pub l2: f64,
    /// Also learn from records that carry their own line labels in this field (a list of
    /// "J", "C" or null, one per line of the text, as in extraction-dev.jsonl).
    #[arg(long)]
    pub record_labels: Option<String>,
    /// How much a site labelled through `--record-labels` weighs against a site of the label files.
    #[arg(long, default_value_t = 0.25)]
    pub record_labels_weight: f64,
    /// Also write every training line's features to this TSV (for study outside seedlint).
    #[arg(long, hide = true)]
    pub dump_features: Option<PathBuf>,
}

struct Document {
    site: String,
    text: String,
    /// Line labels the record carries (`--record-labels`): (line, junk).
    own_labels: Vec<(usize, bool)>,
}

struct Sample {
    x: Vec<f64>,
    junk: bool,
    site: usize,
    /// Document id and line, for `--dump-features`.
    origin: (String, usize),
}

/// The site a record belongs to: its `site` field, else its URL's host, else the corpus file's name.
fn site_of(object: &serde_json::Map<String, serde_json::Value>, url: Option<&str>, corpus: &Path) -> String {
    if let Some(site) = object.get("site").and_then(|v| v.as_str()).filter(|s| !s.is_empty()) {
        return site.trim_start_matches("www.").to_string();
    }
    if let Some(host) = url.and_then(sites::host_of) {
        return host.trim_start_matches("www.").to_string();
    }
    corpus_name(corpus)
}

fn corpus_name(path: &Path) -> String {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    for ext in [".jsonl.gz", ".jsonl.zst", ".jsonl", ".ndjson"] {
        if let Some(stem) = name.strip_suffix(ext) {
            return stem.to_string();
        }
    }
    name
}

fn load_corpora(paths: &[PathBuf], label_field: Option<&str>) -> Result<HashMap<(String, String), Document>, String> {
    let mut docs = HashMap::new();
    for path in paths {
        let compression = records::jsonl_kind(path).ok_or_else(|| format!("{}: not a JSONL corpus", path.display()))?;
        let reader = records::open(path, compression, &records::ReadLimits::default())
            .map_err(|e| format!("{}: {}", path.display(), crate::files::io_message(&e)))?;
        let mut fields = Fields::default();
        let mut error = None;
        let corpus = corpus_name(path);
        records::for_each_batch(reader, 256, |batch| {
            for (line_no, line) in batch {
                let parsed = line.map_err(|bad| bad.error).and_then(|line| records::parse(line_no, &line, &mut fields));
                match parsed {
                    Ok(r) => {
                        let site = site_of(&r.object, r.url.as_deref(), path);
                        let own_labels = label_field
                            .and_then(|f| r.object.get(f))
                            .and_then(|v| v.as_array())
                            .map(|labels| {
                                labels
                                    .iter()
                                    .enumerate()
                                    .filter_map(|(i, l)| match l.as_str() {
                                        Some("J") => Some((i + 1, true)),
                                        Some("C") => Some((i + 1, false)),
                                        _ => None,
                                    })
                                    .collect()
                            })
                            .unwrap_or_default();
                        docs.insert((corpus.clone(), r.id), Document { site, text: r.text, own_labels });
                    }
                    Err(e) if error.is_none() => error = Some(format!("{}:{}: {}", path.display(), e.line, e.message)),
                    Err(_) => {}
                }
            }
        })
        .map_err(|e| format!("{}: {e}", path.display()))?;
        if let Some(e) = error {
            return Err(e);
        }
    }
    Ok(docs)
}

/// Labelled lines: (corpus or None, id) → [(line, junk)].
type Labels = HashMap<(Option<String>, String), Vec<(usize, bool)>>;

fn load_labels(paths: &[PathBuf], skipped_duplicates: &mut usize) -> Result<Labels, String> {
    let mut labels: Labels = HashMap::new();
    for path in paths {
        let text = crate::files::read_text(path, 256 << 20).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
        let col = |name: &str| header.iter().position(|h| *h == name);
        let (Some(id), Some(line), Some(label)) = (col("id"), col("line"), col("label")) else {
            return Err(format!("{}: the header must name the columns id, line and label", path.display()));
        };
        let (corpus, kind) = (col("corpus"), col("kind"));
        for (n, row) in lines.enumerate() {
            let cols: Vec<&str> = row.split('\t').collect();
            let at = |i: usize| cols.get(i).copied().unwrap_or_default();
            let bad = |what: &str| format!("{}:{}: {what}", path.display(), n + 2);
            let junk = match at(label) {
                "J" => true,
                "C" => false,
                other => return Err(bad(&format!("label `{other}` is neither J nor C"))),
            };
            if junk && kind.is_some_and(|k| at(k) == "duplicate") {
                // Repeated lines are the duplicate rules' to find; as lines they look like articles.
                *skipped_duplicates += 1;
                continue;
            }
            let number: usize = at(line).parse().map_err(|_| bad("line is not a number"))?;
            let key = (corpus.map(|c| at(c).to_string()), at(id).to_string());
            labels.entry(key).or_default().push((number, junk));
        }
    }
    Ok(labels)
}

pub fn run(opts: &TrainOptions, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    match train(opts, out) {
        Ok(()) => 0,
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            2
        }
    }
}

fn train(opts: &TrainOptions, out: &mut dyn Write) -> Result<(), String> {
    let docs = load_corpora(&opts.corpora, opts.record_labels.as_deref())?;
    let mut skipped_duplicates = 0;
    let labels = load_labels(&opts.labels, &mut skipped_duplicates)?;
    let engine = Engine::default();
    let mut sites: Vec<String> = Vec::new();
    let mut samples = Vec::new();
    let mut by_id: HashMap<&str, Vec<&(String, String)>> = HashMap::new();
    for key in docs.keys() {
        by_id.entry(key.1.as_str()).or_default().push(key);
    }
    let mut keys: Vec<_> = labels.keys().collect();
    keys.sort();
    let excluded = |site: &str| {
        opts.exclude_site.iter().any(|s| s == site)
            || (!opts.only_site.is_empty() && !opts.only_site.iter().any(|s| s == site))
    };
    let mut site_weight: Vec<f64> = Vec::new();
    let mut site_index = |name: &str, weight: f64, sites: &mut Vec<String>| match sites.iter().position(|s| s == name) {
        Some(i) => i,
        None => {
            sites.push(name.to_string());
            site_weight.push(weight);
            sites.len() - 1
        }
    };
    for key in keys {
        let doc_key = match &key.0 {
            Some(corpus) => (corpus.clone(), key.1.clone()),
            None => match by_id.get(key.1.as_str()).map(Vec::as_slice) {
                Some([one]) => (*one).clone(),
                Some(_) => return Err(format!("document `{}` is in several corpora: add a corpus column", key.1)),
                None => return Err(format!("document `{}` is in none of the corpora given", key.1)),
            },
        };
        let Some(doc) = docs.get(&doc_key) else {
            return Err(format!("document `{}` is not in corpus `{}`", doc_key.1, doc_key.0));
        };
        if excluded(&doc.site) {
            continue;
        }
        let site = site_index(&doc.site, 1.0, &mut sites);
        let features = engine.line_features(&doc.text);
        let mut rows = labels[key].clone();
        rows.sort_unstable();
        for (line, junk) in rows {
            let Some(f) = features.get(line.wrapping_sub(1)) else {
                return Err(format!("document `{}` has no line {line}", doc_key.1));
            };
            samples.push(Sample {
                x: f.values().into_iter().map(f64::from).collect(),
                junk,
                site,
                origin: (doc_key.1.clone(), line),
            });
        }
    }
    // Records with their own labels, unless the label files already label them.
    let labelled: std::collections::HashSet<&str> = labels.keys().map(|k| k.1.as_str()).collect();
    let mut own: Vec<_> =
        docs.iter().filter(|(k, d)| !d.own_labels.is_empty() && !labelled.contains(k.1.as_str())).collect();
    own.sort_by(|a, b| a.0.cmp(b.0));
    for (key, doc) in own {
        if excluded(&doc.site) {
            continue;
        }
        let site = site_index(&doc.site, opts.record_labels_weight, &mut sites);
        let features = engine.line_features(&doc.text);
        for &(line, junk) in &doc.own_labels {
            if let Some(f) = features.get(line - 1) {
                samples.push(Sample {
                    x: f.values().into_iter().map(f64::from).collect(),
                    junk,
                    site,
                    origin: (key.1.clone(), line),
                });
            }
        }
    }
    if samples.is_empty() || samples.iter().all(|s| s.junk) || samples.iter().all(|s| !s.junk) {
        return Err("training needs both junk (J) and article (C) lines".into());
    }
    let mut per_site = vec![0usize; sites.len()];
    for s in &samples {
        per_site[s.site] += 1;
    }
    // Every site weighs the same in total (its weight), and weights average 1.
    let total: f64 = site_weight.iter().sum();
    let scale = samples.len() as f64 / total;
    let weights: Vec<f64> = samples.iter().map(|s| scale * site_weight[s.site] / per_site[s.site] as f64).collect();
    if let Some(path) = &opts.dump_features {
        let mut tsv =
            format!("site\thand\tid\tline\tjunk\t{}\n", FEATURES.iter().map(|f| f.0).collect::<Vec<_>>().join("\t"));
        for s in &samples {
            let values: Vec<String> = s.x.iter().map(|v| v.to_string()).collect();
            tsv += &format!(
                "{}\t{}\t{}\t{}\t{}\t{}\n",
                sites[s.site],
                u8::from(site_weight[s.site] == 1.0),
                s.origin.0,
                s.origin.1,
                u8::from(s.junk),
                values.join("\t")
            );
        }
        std::fs::write(path, tsv).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    let theta = fit(&samples, &weights, opts.l2);
    // The threshold is set on scores of sites each model never saw, as the model will
    // meet new sites, and on the label files' lines (records' own labels are noisier).
    let scores = out_of_site_scores(&samples, &weights, opts.l2, sites.len(), FOLDS);
    let hand = |s: &Sample| site_weight[s.site] == 1.0;
    let mut article: Vec<f64> =
        samples.iter().zip(&scores).filter(|(s, _)| !s.junk && hand(s)).map(|(_, p)| *p).collect();
    article.sort_by(|a, b| b.total_cmp(a));
    // The lowest threshold that flags at most the allowed share of article lines.
    let allowed = (opts.max_article_rate * article.len() as f64).floor() as usize;
    let threshold = article.get(allowed).map_or(0.5, |p| (p + 1e-4).min(0.9999)).max(0.5);
    let junk: Vec<f64> = samples.iter().zip(&scores).filter(|(s, _)| s.junk && hand(s)).map(|(_, p)| *p).collect();
    let recall = junk.iter().filter(|p| **p >= threshold).count() as f64 / junk.len().max(1) as f64;
    let article_rate = article.iter().filter(|p| **p >= threshold).count() as f64 / article.len().max(1) as f64;
    let provenance = format!(
        "seedlint line model (logistic regression over the line classifier's {} features)\n\
         trained by: seedlint train {}\n\
         training lines: {} junk, {} article, from {} sites ({} repeated lines left to the duplicate rules)\n\
         on training sites each scored by a model that never saw them ({FOLDS} folds): junk recall {recall:.3}, article lines flagged {:.2}%",
        FEATURES.len(),
        command_line(opts),
        samples.iter().filter(|s| s.junk).count(),
        samples.iter().filter(|s| !s.junk).count(),
        sites.len(),
        skipped_duplicates,
        100.0 * article_rate
    );
    let model = LineModel {
        bias: theta[0] as f32,
        weights: theta[1..].iter().map(|w| *w as f32).collect(),
        threshold: threshold as f32,
        provenance,
    };
    // Whole or not at all: a temporary file beside the output, synced, then renamed.
    let mut file = records::create(&opts.output, records::Compression::None)?;
    file.write_all(model.to_tsv().as_bytes())?;
    file.finish()?.persist()?;
    let _ = writeln!(
        out,
        "{}: {} junk and {} article lines from {} sites; threshold {threshold:.3}; on sites held out of training ({FOLDS} folds): junk recall {recall:.3}, article lines flagged {:.2}%",
        opts.output.display(),
        samples.iter().filter(|s| s.junk).count(),
        samples.iter().filter(|s| !s.junk).count(),
        sites.len(),
        100.0 * article_rate
    );
    Ok(())
}

/// The arguments as given, so the model file says how to make it again.
fn command_line(opts: &TrainOptions) -> String {
    let mut parts = Vec::new();
    for l in &opts.labels {
        parts.push(format!("--labels {}", l.display()));
    }
    for s in &opts.exclude_site {
        parts.push(format!("--exclude-site {s}"));
    }
    for s in &opts.only_site {
        parts.push(format!("--only-site {s}"));
    }
    if opts.max_article_rate != 0.005 {
        parts.push(format!("--max-article-rate {}", opts.max_article_rate));
    }
    if let Some(f) = &opts.record_labels {
        parts.push(format!("--record-labels {f}"));
        if opts.record_labels_weight != 0.25 {
            parts.push(format!("--record-labels-weight {}", opts.record_labels_weight));
        }
    }
    if opts.l2 != 2.0 {
        parts.push(format!("--l2 {}", opts.l2));
    }
    for c in &opts.corpora {
        parts.push(c.display().to_string());
    }
    parts.push(format!("-o {}", opts.output.display()));
    parts.join(" ")
}

/// Site folds for setting the threshold.
const FOLDS: usize = 5;

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

// Dense linear algebra reads clearest with indices.
#[allow(clippy::needless_range_loop)]
/// Weighted L2-penalised logistic regression by Newton's method. Returns
/// `[bias, w1, …, wd]`. The bias is not penalised.
fn fit(samples: &[Sample], weights: &[f64], l2: f64) -> Vec<f64> {
    let d = samples.first().map_or(0, |s| s.x.len()) + 1;
    let mut theta = vec![0.0; d];
    // Most features of a line are zero: keep (index, value) of the others, the bias first.
    let rows: Vec<Vec<(usize, f64)>> = samples
        .iter()
        .map(|s| {
            std::iter::once((0, 1.0))
                .chain(s.x.iter().enumerate().filter(|(_, v)| **v != 0.0).map(|(i, v)| (i + 1, *v)))
                .collect()
        })
        .collect();
    for _ in 0..100 {
        let mut grad = vec![0.0; d];
        let mut hess = vec![vec![0.0; d]; d];
        for ((x, s), w) in rows.iter().zip(samples).zip(weights) {
            let p = sigmoid(x.iter().map(|&(i, v)| v * theta[i]).sum());
            let y = if s.junk { 1.0 } else { 0.0 };
            let r = w * (p - y);
            let c = w * p * (1.0 - p);
            for &(i, vi) in x {
                grad[i] += r * vi;
                for &(j, vj) in x {
                    hess[i][j] += c * vi * vj;
                }
            }
        }
        for i in 1..d {
            grad[i] += l2 * theta[i];
            hess[i][i] += l2;
        }
        hess[0][0] += 1e-6;
        let Some(step) = solve(hess, grad) else { break };
        let mut largest: f64 = 0.0;
        for (t, s) in theta.iter_mut().zip(&step) {
            *t -= s;
            largest = largest.max(s.abs());
        }
        if largest < 1e-7 {
            break;
        }
    }
    theta
}

fn probability(theta: &[f64], s: &Sample) -> f64 {
    sigmoid(theta[0] + s.x.iter().zip(&theta[1..]).map(|(x, w)| x * w).sum::<f64>())
}

/// Scores of every sample from models that never saw its site: the sites are dealt
/// into `folds` groups and each group is scored by a model fitted on the others.
fn out_of_site_scores(samples: &[Sample], weights: &[f64], l2: f64, sites: usize, folds: usize) -> Vec<f64> {
    let mut scores = vec![0.0; samples.len()];
    for fold in 0..folds {
        let held_out = |s: &Sample| s.site % folds == fold;
        let (train, train_w): (Vec<&Sample>, Vec<f64>) =
            samples.iter().zip(weights).filter(|(s, _)| !held_out(s)).map(|(s, w)| (s, *w)).unzip();
        if train.is_empty() || sites < 2 {
            continue;
        }
        let owned: Vec<Sample> = train
            .iter()
            .map(|s| Sample { x: s.x.clone(), junk: s.junk, site: s.site, origin: s.origin.clone() })
            .collect();
        let theta = fit(&owned, &train_w, l2);
        for (score, s) in scores.iter_mut().zip(samples) {
            if held_out(s) {
                *score = probability(&theta, s);
            }
        }
    }
    scores
}

#[allow(clippy::needless_range_loop)]
/// Solves `a x = b` for a symmetric positive definite `a` (Cholesky).
fn solve(mut a: Vec<Vec<f64>>, b: Vec<f64>) -> Option<Vec<f64>> {
    let n = b.len();
    for j in 0..n {
        let mut diag = a[j][j];
        for k in 0..j {
            diag -= a[j][k] * a[j][k];
        }
        if diag <= 0.0 {
            return None;
        }
        let diag = diag.sqrt();
        a[j][j] = diag;
        for i in j + 1..n {
            let mut v = a[i][j];
            for k in 0..j {
                v -= a[i][k] * a[j][k];
            }
            a[i][j] = v / diag;
        }
    }
    let mut y = b;
    for i in 0..n {
        for k in 0..i {
            y[i] -= a[i][k] * y[k];
        }
        y[i] /= a[i][i];
    }
    for i in (0..n).rev() {
        for k in i + 1..n {
            y[i] -= a[k][i] * y[k];
        }
        y[i] /= a[i][i];
    }
    Some(y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newton_finds_a_separating_weight() {
        // Feature 0 decides the label; feature 1 is noise.
        let samples: Vec<Sample> = (0..200)
            .map(|i| Sample {
                x: vec![f64::from(i % 2), f64::from((i / 2) % 2)],
                junk: i % 2 == 1,
                site: 0,
                origin: (String::new(), i as usize),
            })
            .collect();
        let theta = fit(&samples, &vec![1.0; samples.len()], 1.0);
        assert!(theta[1] > 3.0, "{theta:?}");
        assert!(theta[2].abs() < 0.5, "{theta:?}");
        assert!(theta[0] < -1.0, "{theta:?}");
    }

    #[test]
    fn cholesky_solves() {
        let x = solve(vec![vec![4.0, 2.0], vec![2.0, 3.0]], vec![2.0, 5.0]).unwrap();
        assert!((x[0] + 0.5).abs() < 1e-9 && (x[1] - 2.0).abs() < 1e-9, "{x:?}");
    }
}
