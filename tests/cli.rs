//! `seedlint check` behaviour through the real binary: exit codes, bad input,
//! positions with BOM and CRLF, configuration, fixes, and every output format.

mod common;
use common::*;
use std::fs;

const CLEAN: &str = "قال وزير الدفاع الإسرائيلي بيني غانتس، إن الرباط وتل أبيب بحاجة لتعميق التحالفات.\n";
const DIRTY: &str = "قال وزير الدفاع الإسرائيلي بيني غانتس، إن الرباط وتل أبيب بحاجة لتعميق التحالفات.\n\nالأكثر قراءة\n";

#[test]
fn exit_codes() {
    let d = tempfile::tempdir().unwrap();
    fs::write(d.path().join("clean.txt"), CLEAN).unwrap();
    fs::write(d.path().join("dirty.txt"), DIRTY).unwrap();
    assert_eq!(run_in(d.path(), &["check", "clean.txt"]).code, 0);
    assert_eq!(run_in(d.path(), &["check", "dirty.txt"]).code, 1);
    assert_eq!(run_in(d.path(), &["check", "dirty.txt", "--fail-on", "never"]).code, 0);
    assert_eq!(run_in(d.path(), &["check", "dirty.txt", "--fail-on", "error"]).code, 0);
    let missing = run_in(d.path(), &["check", "clean.txt", "nope.txt"]);
    assert_eq!(missing.code, 2);
    assert!(missing.stderr.contains("nope.txt: no such file or directory"), "{}", missing.stderr);
    assert_eq!(run_in(d.path(), &["check", "--format", "nonsense"]).code, 2);
}

#[test]
fn bad_files_are_reported_and_the_rest_still_checked() {
    let d = tempfile::tempdir().unwrap();
    fs::write(d.path().join("a_invalid.txt"), b"\xd8\xa7\xff\xfe text\n").unwrap();
    fs::write(d.path().join("b_binary.txt"), b"PK\x03\x04\x00\x00binary").unwrap();
    fs::write(d.path().join("c_empty.txt"), b"").unwrap();
    fs::write(d.path().join("d_dirty.txt"), DIRTY).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(d.path(), d.path().join("loop")).unwrap();
    let r = run_in(d.path(), &["check", ".", "--format", "json"]);
    assert_eq!(r.code, 2, "errors win over findings in the exit code");
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let errors = v["errors"].as_array().unwrap();
    let msg = |name: &str| {
        errors
            .iter()
            .find(|e| e["path"].as_str().unwrap().contains(name))
            .map(|e| e["message"].as_str().unwrap().to_string())
    };
    assert_eq!(
        msg("a_invalid").unwrap(),
        "not valid UTF-8: invalid byte 0xFF at offset 2 (line 1, column 2); not checked"
    );
    assert!(msg("b_binary").unwrap().starts_with("binary file (NUL byte at offset 4)"));
    #[cfg(unix)]
    assert!(msg("loop").unwrap().contains("symbolic link loop"), "{errors:?}");
    assert!(msg("c_empty").is_none(), "an empty file is fine");
    let dirty: Vec<_> =
        v["findings"].as_array().unwrap().iter().filter(|f| f["path"].as_str().unwrap().contains("d_dirty")).collect();
    assert_eq!(dirty.len(), 1);
    assert!(r.stderr.contains("a_invalid.txt: not valid UTF-8"));
}

#[test]
fn bom_and_crlf_keep_positions() {
    let d = tempfile::tempdir().unwrap();
    let text = fs::read_to_string(root().join(seed("001"))).unwrap();
    fs::write(d.path().join("lf.txt"), &text).unwrap();
    fs::write(d.path().join("crlf.txt"), text.replace('\n', "\r\n")).unwrap();
    fs::write(d.path().join("bom.txt"), format!("\u{FEFF}{text}")).unwrap();
    let positions = |name: &str| -> Vec<(String, u64, u64, u64, u64)> {
        let r = run_in(d.path(), &["check", name, "--format", "json"]);
        let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                let n = |k: &str| f[k].as_u64().unwrap();
                (f["code"].as_str().unwrap().to_string(), n("line"), n("column"), n("end_line"), n("end_column"))
            })
            .collect()
    };
    let lf = positions("lf.txt");
    assert!(!lf.is_empty());
    assert_eq!(positions("crlf.txt"), lf);
    assert_eq!(positions("bom.txt"), lf);
}

#[test]
fn config_is_found_upward_and_errors_name_file_line_and_key() {
    let d = tempfile::tempdir().unwrap();
    fs::create_dir(d.path().join("sub")).unwrap();
    fs::write(d.path().join("sub/dirty.txt"), DIRTY).unwrap();
    fs::write(d.path().join("seedlint.toml"), "[rules]\nignore = [\"boilerplate\"]\n").unwrap();
    let r = run_in(d.path(), &["check", "sub", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stdout);

    fs::write(d.path().join("seedlint.toml"), "[rules]\nignore = [\"SL101\"]\ncolour = \"red\"\n").unwrap();
    let r = run_in(d.path(), &["check", "sub"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("seedlint.toml:3:1: unknown field `colour`"), "{}", r.stderr);
    assert!(r.stderr.contains("dirty.txt"), "the file that could not be checked is named: {}", r.stderr);

    fs::write(d.path().join("seedlint.toml"), "[rules.severity]\nSL101 = \"fatal\"\n").unwrap();
    let r = run_in(d.path(), &["check", "sub"]);
    assert!(r.stderr.contains("seedlint.toml:2:9: `rules.severity.SL101`: unknown severity `fatal`"), "{}", r.stderr);
}

#[test]
fn overrides_severity_and_extra_phrases() {
    let d = tempfile::tempdir().unwrap();
    fs::create_dir(d.path().join("raw")).unwrap();
    let text = format!("{CLEAN}\nاقرأ المزيد على موقعنا الجميل\n");
    fs::write(d.path().join("raw/a.txt"), &text).unwrap();
    fs::write(d.path().join("b.txt"), &text).unwrap();
    fs::write(
        d.path().join("seedlint.toml"),
        "[boilerplate]\nline-phrases = [\"اقرأ المزيد على موقعنا الجميل\"]\n[rules.severity]\nboilerplate = \"error\"\n\
         [[overrides]]\npaths = [\"raw/**\"]\nignore = [\"SL101\"]\n",
    )
    .unwrap();
    let v: serde_json::Value =
        serde_json::from_str(&run_in(d.path(), &["check", ".", "--format", "json"]).stdout).unwrap();
    let f = v["findings"].as_array().unwrap();
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0]["path"], "./b.txt");
    assert_eq!(f[0]["severity"], "error");
}

#[test]
fn fix_is_atomic_idempotent_and_keeps_line_endings() {
    let d = tempfile::tempdir().unwrap();
    let original = fs::read_to_string(root().join(seed("001"))).unwrap().replace('\n', "\r\n");
    let p = d.path().join("a.txt");
    fs::write(&p, &original).unwrap();
    let diff = run_in(d.path(), &["check", "a.txt", "--diff"]);
    assert_eq!(diff.code, 1);
    assert!(diff.stdout.contains("-الأكثر قراءة"), "{}", diff.stdout);
    assert_eq!(fs::read_to_string(&p).unwrap(), original, "--diff writes nothing");

    let r = run_in(d.path(), &["check", "a.txt", "--fix"]);
    let fixed = fs::read_to_string(&p).unwrap();
    assert_ne!(fixed, original);
    assert!(!fixed.contains("الأكثر قراءة") && !fixed.contains("www.eremnews.com"));
    assert!(fixed.contains("وأضاف غانتس أن الرباط وتل أبيب"), "article text stays");
    assert!(!fixed.replace("\r\n", "").contains('\n'), "CRLF kept");
    assert!(r.stdout.contains("Fixed"), "{}", r.stdout);

    run_in(d.path(), &["check", "a.txt", "--fix"]);
    assert_eq!(fs::read_to_string(&p).unwrap(), fixed, "a second --fix changes nothing");
}

#[test]
fn sarif_output_is_valid_sarif_2_1_0() {
    // The published schema's `language` patterns have a stray `]` that no regex engine accepts;
    // replace them with what they mean (a language tag like `ar` or `ar-MA`) so the schema compiles.
    let raw = fs::read_to_string(root().join("tests/data/sarif-schema-2.1.0.json"))
        .unwrap()
        .replace(r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#, r#""^[a-zA-Z]{2}$|^[a-zA-Z]{2}-[a-zA-Z]{2}$""#);
    let schema: serde_json::Value = serde_json::from_str(&raw).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let r = run(&["check", "--format", "sarif", "seeds"]);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let errors: Vec<String> = validator.iter_errors(&doc).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let results = doc["runs"][0]["results"].as_array().unwrap();
    let json_count = json(&["check", "--format", "json", "seeds"])["findings"].as_array().unwrap().len();
    assert_eq!(results.len(), json_count);
    assert_eq!(doc["runs"][0]["columnKind"], "unicodeCodePoints");
}

#[test]
fn github_annotations() {
    let r = run(&["check", "--format", "github", &seed("003")]);
    let first = r.stdout.lines().find(|l| l.contains("SL303")).unwrap();
    assert!(first.starts_with("::warning title=seedlint SL303 (truncated-duplicate),file=seeds/003_"), "{first}");
    assert!(first.contains(",line=6,col=1,endLine=6,endColumn=40::Truncated copy of line 1"), "{first}");
}

#[test]
fn human_output_quotes_the_flagged_text() {
    let r = run(&["check", &seed("002")]);
    assert!(r.stdout.contains("warning[SL401]: Latin \"AA\" glued to an Arabic word"), "{}", r.stdout);
    assert!(r.stdout.contains("latin-glued-to-arabic \"AA\""));
    assert!(r.stdout.contains(" --> seeds/002_08c1b5b6e238ba33.txt:30:1"));
    assert!(r.stdout.trim_end().ends_with("more with --unsafe-fixes."));
}

#[test]
fn statistics_and_selection() {
    let r = run(&["check", "seeds", "--statistics", "--select", "duplicate"]);
    let codes: Vec<&str> =
        r.stdout.lines().filter_map(|l| l.split_whitespace().nth(1)).filter(|c| c.starts_with("SL")).collect();
    assert!(!codes.is_empty() && codes.iter().all(|c| c.starts_with("SL3")), "{}", r.stdout);
}

#[test]
fn rule_docs_are_generated_and_checked_in() {
    let generated = run(&["rules", "--format", "markdown"]).stdout;
    let checked_in = fs::read_to_string(root().join("docs/rules.md")).unwrap();
    assert!(
        generated == checked_in,
        "docs/rules.md is stale: run `cargo run -- rules --format markdown > docs/rules.md`"
    );
    let r = run(&["rule", "SL302"]);
    assert!(r.stdout.starts_with("SL302 (glued-duplicate)"));
    assert_eq!(run(&["rule", "SL999"]).code, 2);
}

#[test]
fn huge_files_lone_cr_and_impossible_paths() {
    let d = tempfile::tempdir().unwrap();
    // A 1 GB file (sparse: it costs no disk) is refused by size, not read.
    let big = fs::File::create(d.path().join("big.txt")).unwrap();
    big.set_len(1 << 30).unwrap();
    fs::write(d.path().join("cr.txt"), DIRTY.replace('\n', "\r")).unwrap();
    fs::write(d.path().join("file.txt"), CLEAN).unwrap();
    let r = run_in(d.path(), &["check", "big.txt", "cr.txt", "file.txt/inside.txt", "--format", "json"]);
    assert_eq!(r.code, 2);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let errors: Vec<String> =
        v["errors"].as_array().unwrap().iter().map(|e| format!("{}: {}", e["path"], e["message"])).collect();
    assert!(
        errors.iter().any(|e| e.contains("big.txt") && e.contains("file is 1073 MB, over the 256 MB limit")),
        "{errors:?}"
    );
    assert!(errors.iter().any(|e| e.contains("file.txt/inside.txt") && e.contains("Not a directory")), "{errors:?}");
    // Lone CR line endings: checked, with the right line numbers.
    let cr: Vec<_> = v["findings"].as_array().unwrap().iter().filter(|f| f["path"] == "cr.txt").collect();
    assert_eq!(cr.len(), 1);
    assert_eq!((cr[0]["code"].as_str(), cr[0]["line"].as_u64()), (Some("SL101"), Some(3)));
}

#[test]
fn fix_keeps_permissions_and_refuses_a_file_changed_meanwhile() {
    use std::os::unix::fs::PermissionsExt;
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("a.txt");
    fs::write(&p, DIRTY).unwrap();
    fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
    assert_eq!(run_in(d.path(), &["check", "a.txt", "--fix"]).code, 0);
    assert_eq!(fs::read_to_string(&p).unwrap(), CLEAN.to_string() + "\n");
    assert_eq!(fs::metadata(&p).unwrap().permissions().mode() & 0o777, 0o640);

    // The write step compares the file with what was checked and leaves it alone if it changed.
    fs::write(&p, "changed by someone else\n").unwrap();
    let err = seedlint::check::write_atomic(&p, DIRTY, CLEAN).unwrap_err();
    assert_eq!(err, "file changed while it was being checked; not fixed");
    assert_eq!(fs::read_to_string(&p).unwrap(), "changed by someone else\n");
}

#[test]
fn baselines_survive_line_shifts_and_catch_new_findings() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("a.txt");
    fs::write(&p, DIRTY).unwrap();
    let w = run_in(d.path(), &["check", "a.txt", "--baseline", "write", "base.json"]);
    assert_eq!(w.code, 0, "{}", w.stderr);
    assert!(w.stderr.contains("baseline: wrote 1 finding(s) to base.json"));
    let r = run_in(d.path(), &["check", "a.txt", "--baseline", "base.json"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.contains("No new findings in 1 file(s). 1 older finding(s) are in the baseline (not shown)."),
        "{}",
        r.stdout
    );

    // Lines inserted above the old finding: still the same finding.
    fs::write(&p, format!("عنوان جديد للمقال\nسطر آخر أضيف فوق النص\n\n{DIRTY}")).unwrap();
    assert_eq!(run_in(d.path(), &["check", "a.txt", "--baseline", "base.json"]).code, 0);

    // A new finding fails the run, and only it is listed.
    fs::write(&p, format!("عنوان جديد للمقال\n{DIRTY}\nNo stories found.\n")).unwrap();
    let r = run_in(d.path(), &["check", "a.txt", "--baseline", "base.json", "--format", "json"]);
    assert_eq!(r.code, 1);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let f = v["findings"].as_array().unwrap();
    assert_eq!(f.len(), 1, "{f:#?}");
    assert!(f[0]["message"].as_str().unwrap().contains("no stories found"));
    assert_eq!(v["baselined"], 1);
    assert_eq!(run_in(d.path(), &["check", "a.txt", "--baseline", "nope.json"]).code, 2);
}

#[test]
fn ignore_patterns_in_config() {
    let d = tempfile::tempdir().unwrap();
    fs::write(d.path().join("a.txt"), DIRTY).unwrap();
    fs::write(d.path().join("seedlint.toml"), "[ignore]\npatterns = [\"^الأكثر\"]\n").unwrap();
    assert_eq!(run_in(d.path(), &["check", "a.txt"]).code, 0);
}

#[test]
fn since_reports_only_lines_changed_since_a_revision() {
    let d = tempfile::tempdir().unwrap();
    let git = |args: &[&str]| {
        let ok = std::process::Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@t", "-c", "init.defaultBranch=main"])
            .args(args)
            .current_dir(d.path())
            .output()
            .unwrap()
            .status
            .success();
        assert!(ok, "git {args:?}");
    };
    git(&["init", "-q"]);
    fs::write(d.path().join("a.txt"), DIRTY).unwrap();
    git(&["add", "a.txt"]);
    git(&["commit", "-q", "-m", "old"]);
    assert_eq!(run_in(d.path(), &["check", "a.txt", "--since", "HEAD"]).code, 0, "nothing changed since HEAD");
    fs::write(d.path().join("a.txt"), format!("عنوان جديد للمقال\n{DIRTY}\nNo stories found.\n")).unwrap();
    let r = run_in(d.path(), &["check", "a.txt", "--since", "HEAD", "--format", "json"]);
    assert_eq!(r.code, 1);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let f = v["findings"].as_array().unwrap();
    assert_eq!(f.len(), 1, "only the new line: {f:#?}");
    assert_eq!(f[0]["line"], 6);
    fs::write(d.path().join("new.txt"), DIRTY).unwrap();
    assert_eq!(run_in(d.path(), &["check", "new.txt", "--since", "HEAD"]).code, 1, "an untracked file is all new");
    assert_eq!(run_in(d.path(), &["check", "a.txt", "--since", "no-such-rev"]).code, 2);
}
