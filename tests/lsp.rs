//! `seedlint lsp` end to end: the real binary over stdio, driven by a small client.

mod common;
use common::lsp::{apply_edits, keys as lsp_keys, Client, Key};
use common::*;
use serde_json::{json, Value};
use std::collections::BTreeSet;

fn file_uri(path: &std::path::Path) -> String {
    // Paths in these tests are plain ASCII, so no percent-encoding is needed.
    format!("file://{}", path.display())
}

/// The CLI's findings for a file, as LSP ranges in UTF-16 units.
fn cli_keys(rel: &str) -> BTreeSet<Key> {
    cli_keys_in(&root(), rel, false)
}

/// The same, run in `dir`; with `corpus`, the whole directory is the corpus.
fn cli_keys_in(dir: &std::path::Path, file: &str, corpus: bool) -> BTreeSet<Key> {
    let text = std::fs::read_to_string(dir.join(file)).unwrap();
    let lines: Vec<&str> = text.split('\n').collect();
    let utf16 = |line: u64, column: u64| -> u64 {
        let l = lines.get(line as usize - 1).copied().unwrap_or("");
        l.chars().take(column as usize - 1).map(|c| c.len_utf16() as u64).sum()
    };
    let r = if corpus {
        run_in(dir, &["check", "--format", "json", "--corpus", "."])
    } else {
        run_in(dir, &["check", "--format", "json", file])
    };
    let report: Value = serde_json::from_str(&r.stdout).unwrap();
    let name = std::path::Path::new(file).file_name().unwrap().to_str().unwrap().to_string();
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["path"].as_str().unwrap().ends_with(&name))
        .map(|f| {
            let n = |k: &str| f[k].as_u64().unwrap();
            (
                f["code"].as_str().unwrap().to_string(),
                n("line") - 1,
                utf16(n("line"), n("column")),
                n("end_line") - 1,
                utf16(n("end_line"), n("end_column")),
            )
        })
        .collect()
}

/// A server with no workspace folder (so no workspace index): findings depend on the document alone.
fn start() -> Client {
    let mut c = Client::spawn();
    let init = c.initialize(json!({}), None);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(init["capabilities"]["textDocumentSync"]["change"], 2, "incremental sync");
    c
}

#[test]
fn every_seed_gets_the_same_findings_as_the_cli() {
    // A workspace of the five seeds: the server indexes it, the CLI checks it with --corpus.
    let ws = tempfile::tempdir().unwrap();
    for prefix in ["000", "001", "002", "003", "004"] {
        let rel = seed(prefix);
        std::fs::copy(root().join(&rel), ws.path().join(rel.trim_start_matches("seeds/"))).unwrap();
    }
    let mut c = Client::spawn();
    c.initialize(json!({"window": {"workDoneProgress": true}}), Some(ws.path()));
    c.wait_indexed();
    for prefix in ["000", "001", "002", "003", "004"] {
        let rel = seed(prefix);
        let path = ws.path().join(rel.trim_start_matches("seeds/"));
        let uri = file_uri(&path);
        c.open(&uri, &std::fs::read_to_string(&path).unwrap());
        let diags = c.diagnostics(&uri, 1);
        assert_eq!(lsp_keys(&diags), cli_keys_in(ws.path(), path.to_str().unwrap(), true), "{rel}");
        if prefix != "000" {
            // Without the corpus the CLI gives the same too (the seeds share no repeated lines).
            assert_eq!(lsp_keys(&diags), cli_keys(&rel), "{rel}");
        }
        let d = diags
            .iter()
            .find(|d| d["data"]["category"] == "boilerplate" || d["data"]["category"] == "metadata")
            .unwrap();
        assert_eq!(d["source"], "seedlint");
        assert!(d["codeDescription"]["href"]
            .as_str()
            .unwrap()
            .ends_with(&format!("#{}", d["code"].as_str().unwrap().to_lowercase())));
        assert_eq!(d["tags"], json!([1]), "removable lines are tagged Unnecessary");
    }
    assert_eq!(c.shutdown_and_exit(), 0);
}

#[test]
fn duplicates_point_at_their_first_copy_and_hovers_explain() {
    let mut c = start();
    let path = root().join(seed("000"));
    let uri = file_uri(&path);
    c.open(&uri, &std::fs::read_to_string(&path).unwrap());
    let diags = c.diagnostics(&uri, 1);
    let dup = diags.iter().find(|d| d["code"] == "SL301").unwrap();
    assert_eq!(dup["range"]["start"]["line"], 10);
    assert_eq!(dup["relatedInformation"][0]["location"]["range"]["start"]["line"], 8);
    assert_eq!(dup["relatedInformation"][0]["location"]["uri"], uri.as_str());

    let hover = c
        .request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": {"line": 10, "character": 5}}));
    let md = hover["contents"]["value"].as_str().unwrap();
    assert!(md.contains("SL301") && md.contains("first copy** at line 9"), "{md}");
    assert!(md.contains("\u{2067}وزير الدفاع الإسرائيلي"), "Arabic quoted inside a bidi isolate: {md}");

    let hover =
        c.request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": {"line": 6, "character": 3}}));
    let md = hover["contents"]["value"].as_str().unwrap();
    assert!(md.contains("`2022-06-01` `23:00` (Wednesday)") && md.contains("the text says Wednesday: ✓"), "{md}");

    let hover =
        c.request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": {"line": 5, "character": 1}}));
    let md = hover["contents"]["value"].as_str().unwrap();
    assert!(
        md.contains("Scored **1.00**") && md.contains("| short line | +0.10 |"),
        "why it scored as boilerplate: {md}"
    );

    let none = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 12, "character": 30}}),
    );
    assert!(none.is_null(), "no hover on clean article text: {none}");
}

#[test]
fn utf8_is_negotiated_and_ranges_are_exact_in_both_encodings() {
    // A line with Arabic, Hebrew and an emoji before the flagged text.
    let text = "بני 😀 كلام\u{200B}هنا\n";
    let zwsp = text.find('\u{200B}').unwrap();
    for (caps, expect_encoding, expect_start) in [
        (json!({}), "utf-16", text[..zwsp].encode_utf16().count()),
        (json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}}), "utf-8", zwsp),
    ] {
        let mut c = Client::spawn();
        let init = c.initialize(caps, None);
        assert_eq!(init["capabilities"]["positionEncoding"], expect_encoding);
        c.open("untitled:enc", text);
        let diags = c.diagnostics("untitled:enc", 1);
        let d = diags.iter().find(|d| d["code"] == "SL601").unwrap();
        assert_eq!(d["range"]["start"]["character"], json!(expect_start), "{expect_encoding}");
        assert_eq!(
            d["range"]["end"]["character"],
            json!(expect_start + if expect_encoding == "utf-8" { 3 } else { 1 })
        );
        // An edit in the same encoding lands where it should: delete the ZWSP.
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": "untitled:enc", "version": 2}, "contentChanges": [{"range": d["range"], "text": ""}]}),
        );
        assert!(c.diagnostics("untitled:enc", 2).iter().all(|d| d["code"] != "SL601"));
    }
}

#[test]
fn incremental_edits_are_followed_and_a_flood_stays_ordered() {
    let mut c = start();
    let uri = "untitled:typing";
    let body = "قال وزير الدفاع الإسرائيلي بيني غانتس، إن الرباط وتل أبيب بحاجة لتعميق التحالفات.\n";
    c.open(uri, body);
    assert!(c.diagnostics(uri, 1).is_empty());

    // Insert a breaking-news tag at the top: it is flagged.
    c.notify("textDocument/didChange", json!({"textDocument": {"uri": uri, "version": 2},
        "contentChanges": [{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "عاجل\n"}]}));
    let d = c.diagnostics(uri, 2);
    assert_eq!(lsp_keys(&d).into_iter().map(|k| (k.0, k.1)).collect::<Vec<_>>(), vec![("SL101".to_string(), 0)]);

    // Delete it again: clean.
    c.notify("textDocument/didChange", json!({"textDocument": {"uri": uri, "version": 3},
        "contentChanges": [{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 1, "character": 0}}, "text": ""}]}));
    assert!(c.diagnostics(uri, 3).is_empty());

    // A flood: type the body again on line 2, one character per change, without waiting.
    let mut expected = body.to_string();
    let mut version = 3;
    let mut col = 0u32;
    for ch in body.trim_end().chars() {
        version += 1;
        let line = 1;
        c.notify("textDocument/didChange", json!({"textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"range": {"start": {"line": line, "character": col}, "end": {"line": line, "character": col}}, "text": ch.to_string()}]}));
        col += ch.len_utf16() as u32;
        expected.push(ch);
    }
    let diags = c.diagnostics(uri, version);
    // The final text repeats line 1 on line 2: exactly one duplicate-line finding.
    let keys = lsp_keys(&diags);
    assert_eq!(keys.iter().map(|k| k.0.as_str()).collect::<Vec<_>>(), vec!["SL301"], "{keys:?}");
    // And the server's text is exactly what was typed: fix-all removes the duplicate and leaves the original.
    let actions = c.request("textDocument/codeAction", json!({"textDocument": {"uri": uri},
        "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "context": {"diagnostics": [], "only": ["source.fixAll.seedlint"]}}));
    let edits = &actions[0]["edit"]["changes"][uri];
    assert_eq!(apply_edits(&expected, edits.as_array().unwrap()), body);
}

#[test]
fn quick_fixes_and_fix_all_are_idempotent() {
    let mut c = start();
    let path = root().join(seed("001"));
    let uri = file_uri(&path);
    let text = std::fs::read_to_string(&path).unwrap();
    c.open(&uri, &text);
    c.diagnostics(&uri, 1);

    // A quick fix on "الأكثر قراءة" (line 30) removes exactly that line.
    let actions = c.request("textDocument/codeAction", json!({"textDocument": {"uri": uri},
        "range": {"start": {"line": 29, "character": 0}, "end": {"line": 29, "character": 3}}, "context": {"diagnostics": []}}));
    let fix = actions.as_array().unwrap().iter().find(|a| a["title"].as_str().unwrap().contains("(SL101)")).unwrap();
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["isPreferred"], true);
    let fixed = apply_edits(&text, fix["edit"]["changes"][&uri].as_array().unwrap());
    assert_eq!(fixed, text.replacen("الأكثر قراءة\n", "", 1));
    assert!(actions.as_array().unwrap().iter().any(|a| a["title"].as_str().unwrap().starts_with("Disable SL101")));

    // Fix all, through the command, as an editor's "fix all" does.
    c.request("workspace/executeCommand", json!({"command": "seedlint.fixAll", "arguments": [uri]}));
    let edit = c.applied_edits.pop().expect("the server asked the client to apply an edit");
    let once = apply_edits(&text, edit["changes"][&uri].as_array().unwrap());
    assert!(!once.contains("No stories found") && once.contains("وأضاف غانتس أن الرباط وتل أبيب"));
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": once}]}),
    );
    c.diagnostics(&uri, 2);
    let again = c.request("textDocument/codeAction", json!({"textDocument": {"uri": uri},
        "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "context": {"diagnostics": [], "only": ["source.fixAll"]}}));
    assert_eq!(again, json!([]), "a second fix-all has nothing to do");
}

#[test]
fn pull_diagnostics_and_result_ids() {
    let mut c = Client::spawn();
    let init = c.initialize(json!({"textDocument": {"diagnostic": {"dynamicRegistration": false}}}), None);
    assert_eq!(init["capabilities"]["diagnosticProvider"]["identifier"], "seedlint");
    c.open("untitled:pull", "نص\n\nالأكثر قراءة\n");
    let report = c.request("textDocument/diagnostic", json!({"textDocument": {"uri": "untitled:pull"}}));
    assert_eq!(report["kind"], "full");
    assert_eq!(report["items"][0]["code"], "SL101");
    let again = c.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": "untitled:pull"}, "previousResultId": report["resultId"]}),
    );
    assert_eq!(again["kind"], "unchanged");
}

#[test]
fn disable_rule_for_file_writes_config_and_relints() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.txt");
    let text = "قال وزير الدفاع الإسرائيلي بيني غانتس، إن الرباط وتل أبيب بحاجة لتعميق التحالفات.\n\nالأكثر قراءة\n";
    std::fs::write(&file, text).unwrap();
    let mut c = Client::spawn();
    c.initialize(json!({}), Some(dir.path()));
    let uri = file_uri(&file);
    c.open(&uri, text);
    assert_eq!(c.diagnostics(&uri, 1)[0]["code"], "SL101");
    c.request(
        "workspace/executeCommand",
        json!({"command": "seedlint.disableRuleForFile", "arguments": [uri, "SL101"]}),
    );
    let config = std::fs::read_to_string(dir.path().join("seedlint.toml")).unwrap();
    assert!(config.contains("paths = [\"a.txt\"]\nignore = [\"SL101\"]"), "{config}");
    // Indexing may re-lint once more before the command's re-lint: wait for the one without SL101.
    let after = c.diagnostics_until(&uri, |d| d.iter().all(|d| d["code"] != "SL101"));
    // The line may still be junk to another rule (the learned junk-line), but not to SL101.
    let codes: Vec<&str> = after.iter().filter_map(|d| d["code"].as_str()).collect();
    assert!(!codes.contains(&"SL101"), "re-linted without SL101: {after:#?}");
    // The CLI agrees: same engine, same config, same findings.
    let cli = common::json_in(dir.path(), &["check", "--format", "json", "a.txt"]);
    let cli_codes: Vec<&str> = cli["findings"].as_array().unwrap().iter().filter_map(|f| f["code"].as_str()).collect();
    assert_eq!(cli_codes, codes);
}

/// The titles and commands of the code actions at the start of `line`.
fn actions_at(c: &mut Client, uri: &str, line: u64) -> Vec<Value> {
    let pos = json!({"line": line, "character": 0});
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": {"start": pos, "end": pos}, "context": {"diagnostics": []}}),
    );
    r.as_array().unwrap().clone()
}

#[test]
fn per_site_line_actions_write_the_config_and_relint() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("hespress")).unwrap();
    let file = dir.path().join("hespress/a.txt");
    let text = "قال وزير الدفاع الإسرائيلي بيني غانتس، إن الرباط وتل أبيب بحاجة لتعميق التحالفات.\n\
                تابعونا على قناة هسبريس الرسمية\n\
                وأضاف الوزير أن البلدين سيوقعان اتفاقات جديدة في مجالات الأمن والتجارة خلال الأشهر المقبلة.\n\
                الأكثر قراءة\n";
    std::fs::write(&file, text).unwrap();
    let mut c = Client::spawn();
    c.initialize(json!({}), Some(dir.path()));
    let uri = file_uri(&file);
    c.open(&uri, text);
    let before = c.diagnostics(&uri, 1);
    assert!(before.iter().all(|d| d["range"]["start"]["line"] != 1), "line 2 starts clean: {before:#?}");
    assert!(before.iter().any(|d| d["range"]["start"]["line"] == 3 && d["code"] == "SL101"), "{before:#?}");

    // The site is the file's directory; the action lists the line for it.
    let actions = actions_at(&mut c, &uri, 1);
    let mark = actions
        .iter()
        .find(|a| a["title"] == "Mark this line as boilerplate for site \"hespress\" (seedlint.toml)")
        .unwrap_or_else(|| panic!("{actions:#?}"));
    assert!(actions.iter().all(|a| !a["title"].as_str().unwrap().starts_with("Never flag")), "{actions:#?}");
    let r = c.request("workspace/executeCommand", mark["command"].clone());
    assert_eq!(r["changed"], true, "{r}");
    let config = std::fs::read_to_string(dir.path().join("seedlint.toml")).unwrap();
    assert_eq!(config, "[sites.hespress]\nline-phrases = [\"تابعونا علي قناه هسبريس الرسميه\"]\n");
    let after = c.diagnostics_until(&uri, |d| d.iter().any(|d| d["range"]["start"]["line"] == 1));
    let listed = after.iter().find(|d| d["range"]["start"]["line"] == 1).unwrap();
    assert_eq!(listed["code"], "SL101");
    assert!(listed["message"].as_str().unwrap().contains("listed as boilerplate for site \"hespress\""), "{listed}");
    // The CLI reads the same config and agrees.
    let cli = run_in(dir.path(), &["check", "--format", "json", "hespress/a.txt"]);
    let v: Value = serde_json::from_str(&cli.stdout).unwrap();
    assert!(v["findings"].as_array().unwrap().iter().any(|f| f["line"] == 2 && f["code"] == "SL101"), "{v}");

    // A false positive: "never flag this line on this site" makes the diagnostic disappear.
    let actions = actions_at(&mut c, &uri, 3);
    let spare = actions
        .iter()
        .find(|a| a["title"] == "Never flag this line on site \"hespress\" (seedlint.toml)")
        .unwrap_or_else(|| panic!("{actions:#?}"));
    c.request("workspace/executeCommand", spare["command"].clone());
    let config = std::fs::read_to_string(dir.path().join("seedlint.toml")).unwrap();
    assert!(config.ends_with("never-flag = [\"الاكثر قراءه\"]\n"), "{config}");
    let after = c.diagnostics_until(&uri, |d| d.iter().all(|d| d["range"]["start"]["line"] != 3));
    assert!(after.iter().any(|d| d["range"]["start"]["line"] == 1), "the listed line is still flagged: {after:#?}");
    // The same text in another directory is another site's: neither list applies.
    std::fs::create_dir(dir.path().join("other")).unwrap();
    std::fs::write(dir.path().join("other/b.txt"), text).unwrap();
    let cli = run_in(dir.path(), &["check", "--format", "json", "other/b.txt"]);
    let v: Value = serde_json::from_str(&cli.stdout).unwrap();
    let lines: Vec<u64> = v["findings"].as_array().unwrap().iter().map(|f| f["line"].as_u64().unwrap()).collect();
    assert_eq!(lines, vec![4], "{v}");
}

#[test]
fn lifecycle_errors_and_bad_messages_do_not_stop_the_server() {
    let mut c = Client::spawn();
    let early = c.request_full(
        "textDocument/hover",
        json!({"textDocument": {"uri": "untitled:x"}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(early["error"]["code"], -32002, "server not initialized");
    c.initialize(json!({}), None);
    c.open("untitled:x", "عاجل\nنص\n");
    c.diagnostics("untitled:x", 1);

    c.send_raw(b"{this is not json");
    let parse_error = c.wait_response_null_id();
    assert_eq!(parse_error["error"]["code"], -32700);
    c.send_raw(b"[1, 2, 3]");
    assert_eq!(c.wait_response_null_id()["error"]["code"], -32600);
    // A header without Content-Length is skipped; the next message is read normally.
    c.send_raw_framed(b"Content-Type: text/plain\r\n\r\n");
    let unknown = c.request_full("seedlint/unknownMethod", json!({}));
    assert_eq!(unknown["error"]["code"], -32601);
    let wrong = c.request_full("textDocument/hover", json!({"textDocument": 42}));
    assert_eq!(wrong["error"]["code"], -32602);
    // Edits for a document that is not open, and positions far past the end.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": "untitled:never", "version": 2}, "contentChanges": [{"text": "x"}]}),
    );
    c.notify("textDocument/didChange", json!({"textDocument": {"uri": "untitled:x", "version": 2},
        "contentChanges": [{"range": {"start": {"line": 99, "character": 99}, "end": {"line": 120, "character": 0}}, "text": "ذيل"}]}));
    c.diagnostics("untitled:x", 2);
    c.notify("$/cancelRequest", json!({"id": 12345}));
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "untitled:x"}, "position": {"line": 0, "character": 1}}),
    );
    assert!(hover["contents"]["value"].as_str().unwrap().contains("SL101"), "still answering: {hover}");
    assert!(c.is_running());

    c.request("shutdown", Value::Null);
    let after = c.request_full(
        "textDocument/hover",
        json!({"textDocument": {"uri": "untitled:x"}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(after["error"]["code"], -32600, "invalid request after shutdown");
    c.notify("exit", Value::Null);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while c.is_running() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(!c.is_running(), "exit ends the process");
}

#[test]
fn closing_a_document_clears_its_diagnostics() {
    let mut c = start();
    c.open("untitled:close", "عاجل\nنص\n");
    assert!(!c.diagnostics("untitled:close", 1).is_empty());
    c.notify("textDocument/didClose", json!({"textDocument": {"uri": "untitled:close"}}));
    let p = c.wait_notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == "untitled:close" && p.get("version").is_none_or(Value::is_null)
    });
    assert_eq!(p["diagnostics"], json!([]));
}

#[test]
fn the_workspace_index_learns_boilerplate_and_follows_file_changes() {
    let ws = tempfile::tempdir().unwrap();
    let footer = "تابعوا آخر الأخبار على قناتنا في تلغرام";
    let shared = "وكان المغرب قد أعاد العلاقات الدبلوماسية مع إسرائيل بعد اتفاق ثلاثي مغربي إسرائيلي أمريكي في العاشر من كانون الأول الماضي.";
    for i in 0..5 {
        let extra = if i < 2 {
            shared
        } else {
            "فقرة خاصة بهذا الملف وحده لا تتكرر في غيره أبدا."
        };
        std::fs::write(
            ws.path().join(format!("a{i}.txt")),
            format!("خبر رقم {i} عن موضوع مختلف تماما هنا.\n{extra}\n{footer}\n"),
        )
        .unwrap();
    }
    let mut c = Client::spawn();
    c.initialize(
        json!({"window": {"workDoneProgress": true}, "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}}),
        Some(ws.path()),
    );
    let begin = c.wait_notification("$/progress", |p| p["value"]["kind"] == "begin");
    assert_eq!(begin["value"]["title"], "seedlint: indexing");
    assert_eq!(c.wait_indexed()["message"], "indexed 5 files");

    let a0 = ws.path().join("a0.txt");
    let uri = file_uri(&a0);
    c.open(&uri, &std::fs::read_to_string(&a0).unwrap());
    let diags = c.diagnostics(&uri, 1);
    let learned = diags.iter().find(|d| d["code"] == "SL104").expect("learned boilerplate");
    assert_eq!(learned["message"], "This line appears in 5 of 5 files: boilerplate learned from the corpus");
    assert_eq!(learned["range"]["start"]["line"], 2);
    let dup = diags.iter().find(|d| d["code"] == "SL305").expect("cross-file duplicate");
    assert_eq!(dup["relatedInformation"][0]["location"]["uri"], file_uri(&ws.path().join("a1.txt")).as_str());
    assert_eq!(dup["relatedInformation"][0]["location"]["range"]["start"]["line"], 1);

    // The CLI sees the same corpus the same way.
    assert_eq!(lsp_keys(&diags), cli_keys_in(ws.path(), "a0.txt", true));

    // Delete a1: the shared paragraph is in no other file; the footer is in 4 of 4.
    std::fs::remove_file(ws.path().join("a1.txt")).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&ws.path().join("a1.txt")), "type": 3}]}),
    );
    let after = c.diagnostics_until(&uri, |d| d.iter().all(|d| d["code"] != "SL305"));
    let learned = after.iter().find(|d| d["code"] == "SL104").expect("still learned");
    assert_eq!(learned["message"], "This line appears in 4 of 4 files: boilerplate learned from the corpus");
    // Delete a2 too: two other files are below `corpus.min-documents` (3), so the footer is no longer learned.
    std::fs::remove_file(ws.path().join("a2.txt")).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&ws.path().join("a2.txt")), "type": 3}]}),
    );
    c.diagnostics_until(&uri, |d| d.iter().all(|d| d["code"] != "SL104"));
}

#[test]
fn a_cancelled_request_is_answered_as_cancelled() {
    let mut c = start();
    // A big document takes the engine a while, so the hover is still running when the cancel arrives.
    let para = "وقال المسؤول إن الاتفاق الموقع بين البلدين يفتح الطريق أمام تعاون أوسع في مجالات عديدة، ";
    let text: String = (0..40_000).map(|i| format!("{para}{i}\n")).collect();
    c.open("untitled:big", &text);
    let id = 9_000;
    c.send(&json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/hover",
        "params": {"textDocument": {"uri": "untitled:big"}, "position": {"line": 5, "character": 3}}}));
    c.notify("$/cancelRequest", json!({"id": id}));
    let resp = c.wait_response(id);
    assert_eq!(resp["error"]["code"], -32800, "request cancelled: {resp}");
    // The server goes on.
    c.open("untitled:small", "عاجل\nنص\n");
    assert!(!c.diagnostics("untitled:small", 1).is_empty());
}
