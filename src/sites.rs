//! Sites: what one web site's pages share. A document's site comes from its URL
//! (JSONL records), else from its path (a configured pattern, a directory named
//! after a configured site, or its directory). `[sites.NAME]` in `seedlint.toml`
//! then adds that site's boilerplate lines, lines never to flag, thresholds and
//! rule settings on top of the file's settings.

use crate::config::RuleChoices;
use regex::Regex;
use seedlint_engine::Settings;
use std::path::Path;

/// One configured site.
#[derive(Debug, Clone, Default)]
pub struct Site {
    pub name: String,
    /// URL hosts of this site (a subdomain of one matches too). The name counts as one.
    pub hosts: Vec<String>,
    pub line_phrases: Vec<String>,
    pub contains_phrases: Vec<String>,
    pub never_flag: Vec<String>,
    pub min_score: Option<f32>,
    pub rules: RuleChoices,
}

impl Site {
    fn answers_to(&self, host_or_name: &str) -> bool {
        let matches = |h: &str| {
            host_or_name.eq_ignore_ascii_case(h)
                || host_or_name.len() > h.len()
                    && host_or_name.to_ascii_lowercase().ends_with(&format!(".{}", h.to_ascii_lowercase()))
        };
        matches(&self.name) || self.hosts.iter().any(|h| matches(h))
    }

    /// Put this site's settings on top of `settings`.
    pub fn apply(&self, settings: &mut Settings) {
        settings.site = Some(self.name.clone());
        settings.boilerplate.site_line_phrases.extend(self.line_phrases.iter().cloned());
        settings.boilerplate.site_contains_phrases.extend(self.contains_phrases.iter().cloned());
        settings.never_flag_lines.extend(self.never_flag.iter().cloned());
        if let Some(score) = self.min_score {
            settings.boilerplate.min_score = score;
        }
        self.rules.apply(settings);
    }
}

/// How a file without a URL finds its site.
#[derive(Debug, Clone)]
pub struct SiteDetection {
    /// Matched against the path relative to the config's directory (with `/`);
    /// the group `site` (or the first group) names the site.
    pub path_pattern: Option<Regex>,
    /// Without a pattern or a directory named after a configured site, the file's
    /// own directory is its site.
    pub from_directory: bool,
}

impl Default for SiteDetection {
    fn default() -> Self {
        SiteDetection { path_pattern: None, from_directory: true }
    }
}

/// The host of a URL, lower-cased, without `www.`, user info or port.
pub fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?;
    let host = if host.starts_with('[') { host } else { host.split(':').next()? };
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    (!host.is_empty() && host.contains(['.', '[']) && !host.contains(char::is_whitespace)).then_some(host)
}

/// All configured sites and how to find a document's.
#[derive(Debug, Clone, Default)]
pub struct Sites {
    pub sites: Vec<Site>,
    pub detection: SiteDetection,
}

impl Sites {
    pub fn get(&self, name: &str) -> Option<&Site> {
        self.sites.iter().find(|s| s.name == name)
    }

    fn canonical(&self, host_or_name: &str) -> String {
        self.sites
            .iter()
            .find(|s| s.answers_to(host_or_name))
            .map_or_else(|| host_or_name.to_string(), |s| s.name.clone())
    }

    /// The site of a document: from its URL when it has one, else from its path
    /// relative to `root` (the config's directory).
    pub fn site_of(&self, root: &Path, path: Option<&Path>, url: Option<&str>) -> Option<String> {
        if let Some(host) = url.and_then(host_of) {
            return Some(self.canonical(&host));
        }
        let path = path?;
        let rel = path.strip_prefix(root).unwrap_or(path);
        let rel_text = rel.to_string_lossy().replace('\\', "/");
        if let Some(pattern) = &self.detection.path_pattern {
            let caps = pattern.captures(&rel_text)?;
            let m = caps.name("site").or_else(|| caps.get(1))?;
            return (!m.as_str().is_empty()).then(|| self.canonical(m.as_str()));
        }
        let dirs: Vec<&str> = rel_text.split('/').collect();
        let dirs = dirs.split_last().map_or(&[][..], |(_, d)| d);
        if let Some(site) = dirs.iter().rev().find_map(|d| self.sites.iter().find(|s| s.answers_to(d))) {
            return Some(site.name.clone());
        }
        if self.detection.from_directory {
            return dirs.last().filter(|d| !d.is_empty() && **d != "." && **d != "..").map(|d| d.to_string());
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn sites() -> Sites {
        Sites {
            sites: vec![Site { name: "hespress".into(), hosts: vec!["hespress.com".into()], ..Site::default() }],
            detection: SiteDetection::default(),
        }
    }

    #[test]
    fn hosts_from_urls() {
        assert_eq!(host_of("https://www.AlMayadeen.net/news/x?y=1").as_deref(), Some("almayadeen.net"));
        assert_eq!(host_of("http://user@fr.hespress.com:8080/a").as_deref(), Some("fr.hespress.com"));
        assert_eq!(host_of("not a url"), None);
        assert_eq!(host_of(""), None);
    }

    #[test]
    fn site_from_url_then_path() {
        let s = sites();
        let root = PathBuf::from("/data");
        let at = |p: &str, url: Option<&str>| s.site_of(&root, Some(Path::new(p)), url);
        assert_eq!(at("/data/x.jsonl", Some("https://fr.hespress.com/a")).as_deref(), Some("hespress"));
        assert_eq!(at("/data/x.jsonl", Some("https://www.alquds.co.uk/a")).as_deref(), Some("alquds.co.uk"));
        // A directory named after a configured site (or one of its hosts), anywhere up the path.
        assert_eq!(at("/data/hespress.com/2023/01/a.txt", None).as_deref(), Some("hespress"));
        // Else the file's own directory.
        assert_eq!(at("/data/seeds/a.txt", None).as_deref(), Some("seeds"));
        assert_eq!(at("/data/a.txt", None), None);
        let mut p = sites();
        p.detection.path_pattern = Some(Regex::new(r"^crawl-(?P<site>[^/]+)/").unwrap());
        assert_eq!(
            p.site_of(&root, Some(Path::new("/data/crawl-hespress.com/a.txt")), None).as_deref(),
            Some("hespress")
        );
        assert_eq!(p.site_of(&root, Some(Path::new("/data/other/a.txt")), None), None);
    }
}
