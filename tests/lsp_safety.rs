//! The server as a target: input meant to hang, exhaust or mislead it, and requests
//! meant to make it write outside the workspace. Each case runs the real binary over
//! stdio; afterwards the server must still answer, and answer right.

mod common;
use common::lsp::Client;
use serde_json::{json, Value};

/// A server with a small document that has a known finding (line 1 is a breaking-news tag).
fn start() -> Client {
    let mut c = Client::spawn();
    c.initialize(json!({}), None);
    c.open_probe();
    c
}

fn error_message(response: &Value) -> String {
    response["error"]["message"].as_str().unwrap_or_default().to_string()
}

#[test]
fn header_junk_without_an_end_is_dropped_and_the_next_message_is_read() {
    let mut c = start();
    // 16 MB with no blank line: buffered whole and rescanned on every read, this took minutes.
    let junk = vec![b'x'; 16 * 1024 * 1024];
    c.send_raw_framed(&junk);
    let error = c.wait_response_null_id();
    assert_eq!(error["error"]["code"], -32700);
    assert!(error_message(&error).contains("without ending"), "{error}");
    c.still_answers();
}

#[test]
fn a_lone_surrogate_is_called_a_lone_surrogate() {
    let mut c = start();
    c.send_raw(br#"{"jsonrpc":"2.0","id":5,"method":"textDocument/hover","params":{"x":"\ud800"}}"#);
    let error = c.wait_response_null_id();
    assert_eq!(error["error"]["code"], -32700);
    let message = error_message(&error);
    assert!(message.contains("lone surrogate") && !message.contains("end of hex escape"), "{message}");
    c.still_answers();
}

fn file_uri(path: &std::path::Path) -> String {
    format!("file://{}", path.display())
}

fn mark_line(c: &mut Client, uri: &str) -> Value {
    c.request_full(
        "workspace/executeCommand",
        json!({"command": "seedlint.markLine", "arguments": [uri, null, "boilerplate", "تابعونا على فيسبوك"]}),
    )
}

#[test]
fn config_edits_stay_inside_the_workspace() {
    let outer = tempfile::tempdir().unwrap();
    let ws = outer.path().join("ws");
    std::fs::create_dir(&ws).unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::create_dir(elsewhere.path().join("etc")).unwrap();
    let mut c = Client::spawn();
    c.initialize(json!({}), Some(&ws));
    c.open_probe();

    // A document never opened and outside every workspace folder: nothing is written.
    let stranger = elsewhere.path().join("etc/passwd.txt");
    let refused = mark_line(&mut c, &file_uri(&stranger));
    assert!(error_message(&refused).contains("not an open document and not in a workspace folder"), "{refused}");
    c.wait_notification("window/showMessage", |p| {
        p["message"].as_str().unwrap_or_default().contains("not an open document and not in a workspace folder")
    });
    let refused = c.request_full(
        "workspace/executeCommand",
        json!({"command": "seedlint.disableRuleForFile", "arguments": [file_uri(&stranger), "SL101"]}),
    );
    assert!(refused.get("error").is_some(), "{refused}");
    assert!(!elsewhere.path().join("etc/seedlint.toml").exists());

    // Open, but the nearest config is above the workspace: another project's, not edited.
    let above = outer.path().join("seedlint.toml");
    std::fs::write(&above, "# the parent project's config\n").unwrap();
    let inside = ws.join("a.txt");
    c.open(&file_uri(&inside), "تابعونا على فيسبوك\n");
    let refused = mark_line(&mut c, &file_uri(&inside));
    assert!(error_message(&refused).contains("outside every workspace folder"), "{refused}");
    assert_eq!(std::fs::read_to_string(&above).unwrap(), "# the parent project's config\n");

    // A link planted under the config's name inside the workspace is not written through.
    std::fs::remove_file(&above).unwrap();
    let victim = elsewhere.path().join("victim.toml");
    std::os::unix::fs::symlink(&victim, ws.join("seedlint.toml")).unwrap();
    let refused = mark_line(&mut c, &file_uri(&inside));
    assert!(refused.get("error").is_some(), "{refused}");
    assert!(!victim.exists(), "nothing written through the link");
    std::fs::remove_file(ws.join("seedlint.toml")).unwrap();

    // In the workspace, with a config of comments only: the table goes after them.
    std::fs::write(ws.join("seedlint.toml"), "# site lists below\n").unwrap();
    let done = mark_line(&mut c, &file_uri(&inside));
    assert_eq!(done["result"]["changed"], true, "{done}");
    let config = std::fs::read_to_string(ws.join("seedlint.toml")).unwrap();
    assert!(config.starts_with("# site lists below\n[boilerplate]\nline-phrases = ["), "{config}");
    c.still_answers();
}

#[test]
fn go_to_definition_writes_the_builtin_knowledge_base_through_no_planted_link() {
    let cache = tempfile::tempdir().unwrap();
    let victim = cache.path().join("victim.txt");
    std::fs::write(&victim, "precious\n").unwrap();
    let mut c = Client::spawn_with(&[("XDG_CACHE_HOME", cache.path().to_str().unwrap())], &["HOME"]);
    // The old temporary name was predictable: `.NAME.PID` in a known directory.
    let dir = cache.path().join("seedlint/kb").join(env!("CARGO_PKG_VERSION"));
    std::fs::create_dir_all(&dir).unwrap();
    std::os::unix::fs::symlink(&victim, dir.join(format!(".seeds.toml.{}", c.pid()))).unwrap();
    std::os::unix::fs::symlink(&victim, dir.join("seeds.toml")).unwrap();
    c.initialize(json!({}), None);
    let def = definition_of_gantz(&mut c);
    let path = std::path::PathBuf::from(def["uri"].as_str().unwrap().trim_start_matches("file://"));
    assert_eq!(path, dir.join("seeds.toml"));
    assert!(std::fs::symlink_metadata(&path).unwrap().file_type().is_file(), "the link was replaced, not followed");
    assert!(std::fs::read_to_string(&path).unwrap().contains("id = \"benny-gantz\""));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious\n");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777, 0o700);
}

#[test]
fn without_a_home_the_builtin_knowledge_base_goes_to_a_private_directory() {
    let mut c = Client::spawn_with(&[], &["HOME", "XDG_CACHE_HOME"]);
    c.initialize(json!({}), None);
    let def = definition_of_gantz(&mut c);
    let path = std::path::PathBuf::from(def["uri"].as_str().unwrap().trim_start_matches("file://"));
    let dir = path.parent().unwrap();
    assert!(!dir.starts_with(std::env::temp_dir().join("seedlint")), "not the shared directory: {}", dir.display());
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(dir).unwrap().permissions().mode() & 0o777, 0o700, "{}", dir.display());
    assert!(std::fs::read_to_string(&path).unwrap().contains("id = \"benny-gantz\""));
}

/// Go to the definition of Benny Gantz (a built-in entity) in a small document.
fn definition_of_gantz(c: &mut Client) -> Value {
    let uri = "untitled:gantz";
    c.open(uri, "قال وزير الدفاع بيني غانتس إن الزيارة تاريخية وغير مسبوقة.\n");
    c.diagnostics(uri, 1);
    let def = c.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 18}}),
    );
    assert!(def["uri"].as_str().is_some_and(|u| u.ends_with("/seeds.toml")), "{def}");
    def
}

fn mkfifo(path: &std::path::Path) {
    let status = std::process::Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success());
}

#[test]
fn a_fifo_knowledge_base_is_refused_and_the_server_keeps_answering() {
    let ws = tempfile::tempdir().unwrap();
    mkfifo(&ws.path().join("kb.toml"));
    std::fs::write(ws.path().join("seedlint.toml"), "[entities]\nknowledge-base = [\"kb.toml\"]\n").unwrap();
    let mut c = Client::spawn();
    c.initialize(json!({}), Some(ws.path()));
    let file = ws.path().join("a.txt");
    c.open(&file_uri(&file), "عاجل\nنص الخبر هنا بما يكفي من الكلمات ليكون فقرة كاملة في المقال.\n");
    let shown =
        c.wait_notification("window/showMessage", |p| p["message"].as_str().unwrap_or_default().contains("FIFO"));
    let message = shown["message"].as_str().unwrap();
    assert!(message.contains("kb.toml") && message.contains("not a regular file"), "{message}");
    // Linted with the defaults, and the untitled probe (same config) too.
    assert_eq!(c.diagnostics(&file_uri(&file), 1)[0]["code"], "SL101");
    c.open_probe();
    c.still_answers();
    assert_eq!(c.shutdown_and_exit(), 0);
}

#[test]
fn expensive_ignore_patterns_are_a_config_error_and_the_server_keeps_answering() {
    let ws = tempfile::tempdir().unwrap();
    let patterns: Vec<String> = (0..200).map(|i| format!("'\\w{{200}}[^x]{{300}}{i}'")).collect();
    let config = ws.path().join("seedlint.toml");
    std::fs::write(&config, format!("[ignore]\npatterns = [{}]\n", patterns.join(", "))).unwrap();
    let mut c = Client::spawn();
    c.initialize(json!({}), Some(ws.path()));
    c.open_probe();
    let shown = c.wait_notification("window/showMessage", |p| {
        p["message"].as_str().unwrap_or_default().contains("ignore.patterns")
    });
    let message = shown["message"].as_str().unwrap();
    assert!(message.contains(&format!("{}:2:13: `ignore.patterns`", config.display())), "{message}");
    assert!(message.contains("MB limit"), "{message}");
    c.still_answers();
}

#[test]
fn closing_documents_empties_the_per_document_caches() {
    let mut c = start();
    for i in 0..30 {
        c.open(&format!("untitled:doc{i}"), "عاجل\nنص\n");
    }
    for i in 0..30 {
        c.diagnostics(&format!("untitled:doc{i}"), 1);
    }
    let sizes = c.request("seedlint/cacheSizes", Value::Null);
    assert_eq!(sizes, json!({"documents": 31, "lastGoodEngines": 31}));
    for i in 0..30 {
        c.notify("textDocument/didClose", json!({"textDocument": {"uri": format!("untitled:doc{i}")}}));
    }
    for i in 0..30 {
        // The close handler clears the document's diagnostics last.
        c.diagnostics_until(&format!("untitled:doc{i}"), |d| d.is_empty());
    }
    let sizes = c.request("seedlint/cacheSizes", Value::Null);
    assert_eq!(sizes, json!({"documents": 1, "lastGoodEngines": 1}));
    c.still_answers();
}
