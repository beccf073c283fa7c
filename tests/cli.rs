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
    // Links are followed only when asked (then a loop is an error); otherwise named and skipped.
    #[cfg(unix)]
    assert!(run_in(d.path(), &["check", "."]).stderr.contains("note: ./loop: symbolic link, skipped"));
    let r = run_in(d.path(), &["check", ".", "--follow", "--format", "json"]);
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
         [[overrides]]\npaths = [\"raw/**\"]\nignore = [\"SL101\", \"SL105\"]\n",
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
    assert!(r.stdout.contains("(the blank lines and spaces that removals leave count too)"), "{}", r.stdout);

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
    // It ends with how to switch the rule off, or on for an opt-in rule.
    assert!(r.stdout.contains("Turn it off:\n- command line: `--ignore SL302`"), "{}", r.stdout);
    assert!(r.stdout.trim_end().ends_with("for this file in seedlint.toml\" on a finding"), "{}", r.stdout);
    let opt_in = run(&["rule", "SL702"]).stdout;
    assert!(opt_in.contains("Off by default. Turn it on:") && !opt_in.contains("Turn it off"), "{opt_in}");
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

/// `seedlint ARGS` in `dir`, killed (and the test failed) if it has not finished in
/// 30 s: a hang is what some of these tests look for.
fn run_or_hang(dir: &std::path::Path, args: &[&str]) -> Run {
    use std::io::Read;
    let mut child = std::process::Command::new(bin())
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("seedlint {args:?} hung");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let (mut stdout, mut stderr) = (String::new(), String::new());
    child.stdout.take().unwrap().read_to_string(&mut stdout).unwrap();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    Run { code: status.code().unwrap_or(-1), stdout, stderr }
}

fn git_in(dir: &std::path::Path, args: &[&str]) {
    let ok = std::process::Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@t", "-c", "init.defaultBranch=main"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
        .status
        .success();
    assert!(ok, "git {args:?}");
}

#[test]
fn a_typo_in_select_or_ignore_is_an_error_naming_the_nearest_rules() {
    let d = tempfile::tempdir().unwrap();
    fs::write(d.path().join("dirty.txt"), DIRTY).unwrap();
    for (flag, typo, near) in [
        ("--select", "SL9", "`SL"),
        ("--select", "boilerplat", "`boilerplate`"),
        ("--ignore", "SL5O2", "`SL502`"),
        ("--select", "duplicate,dupliate-line", "`duplicate-line`"),
    ] {
        let r = run_in(d.path(), &["check", "dirty.txt", flag, typo]);
        assert_eq!(r.code, 2, "{flag} {typo}: {}{}", r.stdout, r.stderr);
        assert!(r.stderr.contains("unknown rule, code or category"), "{}", r.stderr);
        assert!(r.stderr.contains(near), "{flag} {typo}: {}", r.stderr);
        assert!(!r.stdout.contains("No findings"), "{}", r.stdout);
    }
    // Valid selectors of every kind are still accepted.
    for good in ["SL101", "SL1", "boilerplate-phrase", "boilerplate", "ALL"] {
        assert_eq!(run_in(d.path(), &["check", "dirty.txt", "--select", good]).code, 1, "{good}");
    }
}

#[test]
fn since_a_missing_revision_is_one_error_with_a_fetch_hint() {
    let d = tempfile::tempdir().unwrap();
    git_in(d.path(), &["init", "-q"]);
    for i in 0..5 {
        fs::write(d.path().join(format!("{i}.txt")), DIRTY).unwrap();
    }
    git_in(d.path(), &["add", "."]);
    git_in(d.path(), &["commit", "-q", "-m", "old"]);
    let r = run_in(d.path(), &["check", ".", "--since", "origin/main"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert_eq!(r.stderr.matches("error:").count(), 1, "one error: {}", r.stderr);
    assert!(r.stderr.contains("origin/main"), "{}", r.stderr);
    assert!(r.stderr.contains("git fetch --depth="), "{}", r.stderr);
    assert!(!r.stdout.contains("SL101"), "no unfiltered findings: {}", r.stdout);
}

#[test]
fn since_cannot_pass_options_to_git() {
    let d = tempfile::tempdir().unwrap();
    git_in(d.path(), &["init", "-q"]);
    fs::write(d.path().join("a.txt"), CLEAN).unwrap();
    git_in(d.path(), &["add", "a.txt"]);
    git_in(d.path(), &["commit", "-q", "-m", "old"]);
    fs::write(d.path().join("a.txt"), DIRTY).unwrap();
    assert_eq!(run_in(d.path(), &["check", "a.txt", "--since=HEAD"]).code, 1);
    let r = run_in(d.path(), &["check", "a.txt", "--since=--output=written-by-git"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("--output=written-by-git"), "{}", r.stderr);
    assert!(!r.stderr.contains("hint:"), "fetching an option is no help: {}", r.stderr);
    assert!(!d.path().join("written-by-git").exists(), "git took the revision for an option");
}

#[test]
fn a_broken_config_is_one_error_and_nothing_is_reported_as_clean() {
    let d = tempfile::tempdir().unwrap();
    for i in 0..6 {
        fs::write(d.path().join(format!("{i}.txt")), CLEAN).unwrap();
    }
    fs::write(d.path().join("seedlint.toml"), "[rules]\ncolour = \"red\"\n").unwrap();
    let r = run_in(d.path(), &["check", "."]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stderr.matches("unknown field `colour`").count(), 1, "{}", r.stderr);
    assert!(r.stdout.contains("No findings in 0 of 6 file(s); 6 could not be checked."), "{}", r.stdout);
    assert!(r.stderr.contains("6 file(s) not checked: ./0.txt, ./1.txt, ./2.txt, and 3 more"), "{}", r.stderr);
    let r = run_in(d.path(), &["entities", "."]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stderr.matches("unknown field `colour`").count(), 1, "{}", r.stderr);
}

#[test]
fn fix_keeps_hard_links_owner_and_mode_and_refuses_read_only_files() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let d = tempfile::tempdir().unwrap();
    let fixed = CLEAN.to_string() + "\n";

    // A hard link: both names see the fix, the inode is kept.
    let a = d.path().join("a.txt");
    fs::write(&a, DIRTY).unwrap();
    fs::hard_link(&a, d.path().join("link.txt")).unwrap();
    let inode = fs::metadata(&a).unwrap().ino();
    let r = run_in(d.path(), &["check", "a.txt", "--fix"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(fs::read_to_string(&a).unwrap(), fixed);
    assert_eq!(fs::read_to_string(d.path().join("link.txt")).unwrap(), fixed, "the other link sees the fix");
    assert_eq!(fs::metadata(&a).unwrap().ino(), inode);
    assert_eq!(fs::read_dir(d.path()).unwrap().count(), 2, "no temporary file left behind");

    // A read-only file is refused by its mode bits (root could write it), unless asked.
    let ro = d.path().join("ro.txt");
    fs::write(&ro, DIRTY).unwrap();
    fs::set_permissions(&ro, fs::Permissions::from_mode(0o444)).unwrap();
    let r = run_in(d.path(), &["check", "ro.txt", "--fix"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("ro.txt: read-only") && r.stderr.contains("--fix-read-only"), "{}", r.stderr);
    assert_eq!(fs::read_to_string(&ro).unwrap(), DIRTY);
    let r = run_in(d.path(), &["check", "ro.txt", "--fix", "--fix-read-only"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(fs::read_to_string(&ro).unwrap(), fixed);
    assert_eq!(fs::metadata(&ro).unwrap().permissions().mode() & 0o7777, 0o444);

    // Another user's file keeps its owner (only root can hand a file to someone else).
    let theirs = d.path().join("theirs.txt");
    fs::write(&theirs, DIRTY).unwrap();
    if std::os::unix::fs::chown(&theirs, Some(4242), Some(4343)).is_ok() {
        assert_eq!(run_in(d.path(), &["check", "theirs.txt", "--fix"]).code, 0);
        assert_eq!(fs::read_to_string(&theirs).unwrap(), fixed);
        let m = fs::metadata(&theirs).unwrap();
        assert_eq!((m.uid(), m.gid()), (4242, 4343));
    }
}

#[test]
fn symlinks_are_not_followed_unless_asked_and_never_written_through() {
    let d = tempfile::tempdir().unwrap();
    let tree = d.path().join("tree");
    let elsewhere = d.path().join("elsewhere");
    fs::create_dir_all(&tree).unwrap();
    fs::create_dir_all(elsewhere.join("sub")).unwrap();
    fs::write(elsewhere.join("file.txt"), DIRTY).unwrap();
    fs::write(elsewhere.join("sub/inner.txt"), DIRTY).unwrap();
    fs::write(tree.join("own.txt"), DIRTY).unwrap();
    std::os::unix::fs::symlink(elsewhere.join("file.txt"), tree.join("article.txt")).unwrap();
    std::os::unix::fs::symlink(elsewhere.join("sub"), tree.join("linked-dir")).unwrap();

    let r = run_in(&tree, &["check", ".", "--fix"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(fs::read_to_string(tree.join("own.txt")).unwrap(), CLEAN.to_string() + "\n");
    assert_eq!(fs::read_to_string(elsewhere.join("file.txt")).unwrap(), DIRTY, "the link's target is untouched");
    assert_eq!(fs::read_to_string(elsewhere.join("sub/inner.txt")).unwrap(), DIRTY);
    assert!(
        r.stderr.contains("article.txt") && r.stderr.contains("linked-dir"),
        "skipped links are named: {}",
        r.stderr
    );
    assert!(r.stderr.contains("--follow"), "{}", r.stderr);

    // --follow reads through links, but --fix still never writes through one.
    let r = run_in(&tree, &["check", ".", "--follow", "--format", "json"]);
    assert_eq!(r.code, 1);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let paths: Vec<&str> = v["findings"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert!(paths.contains(&"./article.txt") && paths.contains(&"./linked-dir/inner.txt"), "{paths:?}");
    let r = run_in(&tree, &["check", "article.txt", "linked-dir/inner.txt", "--fix"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("article.txt: symbolic link"), "{}", r.stderr);
    assert!(r.stderr.contains("linked-dir/inner.txt: symbolic link"), "{}", r.stderr);
    assert_eq!(fs::read_to_string(elsewhere.join("file.txt")).unwrap(), DIRTY);
    assert_eq!(fs::read_to_string(elsewhere.join("sub/inner.txt")).unwrap(), DIRTY);
}

#[test]
fn terminal_controls_in_text_and_file_names_are_shown_escaped() {
    let d = tempfile::tempdir().unwrap();
    let name = "evil\u{1b}]52;c;aGk=\u{7}.txt";
    fs::write(d.path().join(name), format!("{CLEAN}نص \u{1b}[2J\u{1b}]0;title\u{7} آخر\u{9b}31m هنا\n")).unwrap();
    for format in ["human", "github", "json", "sarif"] {
        let r = run_in(d.path(), &["check", ".", "--color", "never", "--format", format]);
        assert_eq!(r.code, 1, "{format}: {}", r.stderr);
        let raw = |s: &str| s.chars().any(|c| (c.is_control() && c != '\n') || ('\u{80}'..='\u{9f}').contains(&c));
        assert!(!raw(&r.stdout), "{format} writes raw controls: {:?}", r.stdout);
        if format == "human" || format == "github" {
            assert!(r.stdout.contains(r"evil\x1b]52;c;aGk=\x07.txt"), "{format}: {}", r.stdout);
        }
        if format == "human" {
            assert!(r.stdout.contains(r"نص \x1b[2J\x1b]0;title\x07 آخر\u{9b}31m هنا"), "{}", r.stdout);
        }
    }
    let r = run_in(d.path(), &["check", ".", "--format", "sarif"]);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let uri = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str();
    assert_eq!(uri, Some("evil%1B%5D52%3Bc%3BaGk%3D%07.txt"));
    let r = run_in(d.path(), &["entities", "."]);
    assert!(r.stdout.contains(r"evil\x1b]52;c;aGk=\x07.txt") && !r.stdout.contains('\u{1b}'), "{}", r.stdout);
    // A file error names the file escaped too.
    fs::write(d.path().join("bad\u{1b}[2J.txt"), b"\xff").unwrap();
    let r = run_in(d.path(), &["check", "."]);
    assert!(r.stderr.contains(r"bad\x1b[2J.txt: not valid UTF-8") && !r.stderr.contains('\u{1b}'), "{}", r.stderr);
}

#[test]
fn fifos_and_devices_on_the_command_line_are_refused_and_the_rest_checked() {
    let d = tempfile::tempdir().unwrap();
    fs::write(d.path().join("dirty.txt"), DIRTY).unwrap();
    assert!(std::process::Command::new("mkfifo").arg(d.path().join("pipe.txt")).status().unwrap().success());
    assert!(std::process::Command::new("mkfifo").arg(d.path().join("pipe.jsonl")).status().unwrap().success());
    let r = run_or_hang(d.path(), &["check", "pipe.txt", "pipe.jsonl", "/dev/zero", "dirty.txt", "--format", "json"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let errors: Vec<String> =
        v["errors"].as_array().unwrap().iter().map(|e| format!("{}: {}", e["path"], e["message"])).collect();
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert!(errors.iter().any(|e| e.contains("pipe.txt") && e.contains("FIFO")), "{errors:?}");
    assert!(errors.iter().any(|e| e.contains("pipe.jsonl") && e.contains("FIFO")), "{errors:?}");
    assert!(errors.iter().any(|e| e.contains("/dev/zero") && e.contains("device")), "{errors:?}");
    assert!(v["findings"].as_array().unwrap().iter().any(|f| f["path"] == "dirty.txt"), "the others are checked");
    let r = run_or_hang(d.path(), &["check", "pipe.txt", "dirty.txt", "--corpus"]);
    assert_eq!(r.code, 2);
    let r = run_or_hang(d.path(), &["check", "dirty.txt", "--baseline", "pipe.txt"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("pipe.txt") && r.stderr.contains("FIFO"), "{}", r.stderr);
    let r = run_or_hang(d.path(), &["check", "dirty.txt", "--baseline", "/dev/zero"]);
    assert_eq!(r.code, 2);
    let r = run_or_hang(d.path(), &["entities", "pipe.txt", "/dev/zero"]);
    assert_eq!(r.code, 2);
}

#[test]
fn the_summary_says_which_files_could_not_be_checked() {
    let d = tempfile::tempdir().unwrap();
    fs::write(d.path().join("bad.txt"), b"\xff").unwrap();
    let r = run_in(d.path(), &["check", "bad.txt"]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.contains("No findings in 0 of 1 file(s); 1 could not be checked."), "{}", r.stdout);
    fs::write(d.path().join("dirty.txt"), DIRTY).unwrap();
    let r = run_in(d.path(), &["check", "bad.txt", "dirty.txt"]);
    assert!(r.stdout.contains("Found 1 finding(s) in 1 of 2 file(s); 1 could not be checked."), "{}", r.stdout);
}

#[test]
fn sarif_uris_percent_encode_line_breaks_and_raw_name_bytes() {
    let d = tempfile::tempdir().unwrap();
    fs::write(d.path().join("a\nb\r c%.txt"), DIRTY).unwrap();
    let r = run_in(d.path(), &["check", ".", "--format", "sarif"]);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let uri = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str();
    assert_eq!(uri, Some("a%0Ab%0D%20c%25.txt"));
    // A name that is not UTF-8: its own bytes, not U+FFFD.
    let d = tempfile::tempdir().unwrap();
    let name: &std::ffi::OsStr = std::os::unix::ffi::OsStrExt::from_bytes(b"bad\xffname.txt");
    fs::write(d.path().join(name), DIRTY).unwrap();
    let r = run_in(d.path(), &["check", ".", "--format", "sarif"]);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let uri = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str();
    assert_eq!(uri, Some("bad%FFname.txt"));
}
