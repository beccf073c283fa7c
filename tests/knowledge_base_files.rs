//! Knowledge-base files named in seedlint.toml, through the real `seedlint check`:
//! read only inside the project (or a directory the user allows), only as regular
//! files of bounded size, and never quoted when they are not knowledge bases.

mod common;
use common::*;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const ARTICLE: &str = "قال يوسف العمراني إن اللقاء كان مثمرا وسيفتح آفاقا جديدة للتعاون بين البلدين.\n";
const PERSON: &str = "[[entity]]\nid = \"youssef-amrani\"\nkind = \"person\"\nname = { ar = \"يوسف العمراني\" }\n";

/// A project whose config lists `kb` as its knowledge base, with one article.
fn project(kb: &str, extra: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let kb = toml_string(kb);
    std::fs::write(dir.path().join("seedlint.toml"), format!("[entities]\nknowledge-base = [{kb}]\n{extra}")).unwrap();
    std::fs::write(dir.path().join("a.txt"), ARTICLE).unwrap();
    dir
}

fn toml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// `seedlint check a.txt` in `dir`, killed (and the test failed) if it hangs.
fn check(dir: &Path, env: &[(&str, &str)]) -> Run {
    let mut child = Command::new(bin())
        .args(["check", "a.txt"])
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("SEEDLINT_KNOWLEDGE_BASE_DIRS")
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("seedlint check hung");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn knowledge_bases_outside_the_project_are_refused_without_saying_what_is_there() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.toml");
    std::fs::write(&secret, "password = \"hunter2\"\n").unwrap();
    let dir = project(secret.to_str().unwrap(), "");
    let existing = check(dir.path(), &[]);
    assert_eq!(existing.code, 2, "{}", existing.stderr);
    assert!(existing.stderr.contains("is outside the project"), "{}", existing.stderr);
    assert!(!existing.stderr.contains("hunter2") && !existing.stderr.contains("password"), "{}", existing.stderr);
    // A file that does not exist out there gets the same answer: nothing is learnt.
    let missing = project(outside.path().join("nothing.toml").to_str().unwrap(), "");
    let absent = check(missing.path(), &[]);
    assert_eq!(
        absent.stderr.replace("nothing.toml", "X").replace(&missing.path().display().to_string(), "D"),
        existing.stderr.replace("secret.toml", "X").replace(&dir.path().display().to_string(), "D")
    );
    // Climbing out with `..` and a link inside that leads out are outside too.
    let climbing = project("../../../../../../../../etc/passwd", "");
    let r = check(climbing.path(), &[]);
    assert!(r.code == 2 && r.stderr.contains("is outside the project"), "{}", r.stderr);
    let linked = project("kb.toml", "");
    std::os::unix::fs::symlink(&secret, linked.path().join("kb.toml")).unwrap();
    let r = check(linked.path(), &[]);
    assert!(r.code == 2 && r.stderr.contains("`kb.toml` is outside the project"), "{}", r.stderr);
    assert!(!r.stderr.contains("hunter2"), "{}", r.stderr);
    // The user may allow a directory of their own: then it is read.
    std::fs::write(&secret, PERSON).unwrap();
    let allowed = check(linked.path(), &[("SEEDLINT_KNOWLEDGE_BASE_DIRS", outside.path().to_str().unwrap())]);
    assert_eq!(allowed.code, 0, "{}", allowed.stderr);
}

#[test]
fn a_file_that_is_not_a_knowledge_base_is_named_but_not_quoted() {
    let dir = project("kb/keys.toml", "");
    std::fs::create_dir(dir.path().join("kb")).unwrap();
    std::fs::write(dir.path().join("kb/keys.toml"), "[[entity]]\nid = \"a\"\naws_secret_key = \"AKIA-hunter2\"\n")
        .unwrap();
    let r = check(dir.path(), &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("kb/keys.toml:3:1: not a valid knowledge base"), "{}", r.stderr);
    assert!(!r.stderr.contains("aws_secret_key") && !r.stderr.contains("hunter2"), "{}", r.stderr);
}

#[test]
fn a_fifo_knowledge_base_is_refused_at_once() {
    let dir = project("kb.toml", "");
    let status = Command::new("mkfifo").arg(dir.path().join("kb.toml")).status().unwrap();
    assert!(status.success());
    let r = check(dir.path(), &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("kb.toml: is a FIFO (named pipe), not a regular file; not read"), "{}", r.stderr);
}

#[test]
fn a_knowledge_base_over_the_size_limit_is_refused_and_the_limit_can_be_raised() {
    let dir = project("kb.toml", "max-knowledge-base-mb = 1\n");
    let padding = format!("# {}\n", "x".repeat(1_200_000));
    std::fs::write(dir.path().join("kb.toml"), format!("{PERSON}{padding}")).unwrap();
    let r = check(dir.path(), &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("over the 1 MB limit (raise it with `max-knowledge-base-mb`"), "{}", r.stderr);
    std::fs::write(
        dir.path().join("seedlint.toml"),
        "[entities]\nknowledge-base = [\"kb.toml\"]\nmax-knowledge-base-mb = 2\n",
    )
    .unwrap();
    assert_eq!(check(dir.path(), &[]).code, 0);
}
