//! Entities in the language server, end to end over stdio: one card for every
//! spelling and script of a person, definition in the knowledge base, references
//! across the workspace, symbols and semantic tokens.

mod common;
use common::lsp::Client;
use common::*;
use serde_json::{json, Value};

fn file_uri(path: &std::path::Path) -> String {
    format!("file://{}", path.display())
}

/// (line, UTF-16 column) of the first occurrence of `needle` in `text`.
fn find(text: &str, needle: &str) -> (u64, u64) {
    let at = text.find(needle).unwrap_or_else(|| panic!("{needle} not in text"));
    let before = &text[..at];
    let line = before.matches('\n').count() as u64;
    let col = before.rsplit('\n').next().unwrap().chars().map(|c| c.len_utf16() as u64).sum();
    (line, col)
}

fn hover(c: &mut Client, uri: &str, (line, character): (u64, u64)) -> Value {
    c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character + 1}}),
    )
}

#[test]
fn one_card_for_every_spelling_and_script() {
    let ws = tempfile::tempdir().unwrap();
    for prefix in ["001", "002", "004"] {
        let rel = seed(prefix);
        std::fs::copy(root().join(&rel), ws.path().join(std::path::Path::new(&rel).file_name().unwrap())).unwrap();
    }
    let cache = tempfile::tempdir().unwrap();
    let mut c = Client::spawn_with_env(&[("XDG_CACHE_HOME", cache.path().to_str().unwrap())]);
    let init = c.initialize(json!({"window": {"workDoneProgress": true}}), Some(ws.path()));
    let caps = &init["capabilities"];
    for cap in ["definitionProvider", "referencesProvider", "documentSymbolProvider", "workspaceSymbolProvider"] {
        assert_eq!(caps[cap], json!(true), "{cap}");
    }
    assert_eq!(caps["semanticTokensProvider"]["legend"]["tokenTypes"][0], "class");
    c.wait_indexed();

    let path = ws.path().join(std::path::Path::new(&seed("002")).file_name().unwrap());
    let text = std::fs::read_to_string(&path).unwrap();
    let uri = file_uri(&path);
    c.open(&uri, &text);

    // The same card for the Arabic short form, the Hebrew and the Latin name.
    let mut cards = Vec::new();
    for needle in ["غانتس", "בני גנץ", "Benny Gantz"] {
        let h = hover(&mut c, &uri, find(&text, needle));
        let md = h["contents"]["value"].as_str().unwrap_or_else(|| panic!("no hover on {needle}: {h}")).to_string();
        assert!(md.contains("`benny-gantz`"), "{needle}: {md}");
        assert!(md.contains("**person**"), "{md}");
        let card = md.split("\n---\n").next().unwrap().to_string();
        cards.push(card);
    }
    assert_eq!(cards[0], cards[1]);
    assert_eq!(cards[1], cards[2]);
    let card = &cards[0];
    assert!(card.contains("Benny Gantz") && card.contains("בני גנץ"), "{card}");
    // Spellings found in this document, and counts here and in the workspace (3 files).
    assert!(card.contains("Benny Gantz ×1"), "{card}");
    assert!(card.contains("in 3 workspace files"), "{card}");

    // Go to definition: the knowledge-base entry, written out for the editor to open.
    let def = c.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": uri}, "position": {"line": find(&text, "Benny Gantz").0, "character": find(&text, "Benny Gantz").1 + 2}}),
    );
    let def_uri = def["uri"].as_str().unwrap();
    assert!(def_uri.ends_with("/seeds.toml"), "{def}");
    let kb = std::fs::read_to_string(def_uri.trim_start_matches("file://")).unwrap();
    let line = def["range"]["start"]["line"].as_u64().unwrap() as usize;
    assert_eq!(kb.lines().nth(line).unwrap(), "id = \"benny-gantz\"");

    // References: every mention in every spelling, here and in the other two files.
    let (l, ch) = find(&text, "בני גנץ");
    let refs = c.request(
        "textDocument/references",
        json!({"textDocument": {"uri": uri}, "position": {"line": l, "character": ch + 1}, "context": {"includeDeclaration": true}}),
    );
    let refs = refs.as_array().unwrap();
    let files: std::collections::BTreeSet<&str> = refs.iter().map(|r| r["uri"].as_str().unwrap()).collect();
    assert_eq!(files.len(), 3, "{refs:?}");
    let run = run(&["entities", "--format", "json", "--no-unknown", ws.path().to_str().unwrap()]);
    let total: u64 = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .flat_map(|d| d["entities"].as_array().cloned().unwrap())
        .filter(|e| e["id"] == "benny-gantz")
        .map(|e| e["mentions"].as_u64().unwrap())
        .sum();
    assert_eq!(refs.len() as u64, total, "the server and the CLI count the same mentions");

    // Document symbols: entities of this document, the person among them, with children.
    let symbols = c.request("textDocument/documentSymbol", json!({"textDocument": {"uri": uri}}));
    let gantz =
        symbols.as_array().unwrap().iter().find(|s| s["name"].as_str().unwrap().contains("Benny Gantz")).unwrap();
    assert_eq!(gantz["kind"], 19, "Object for a person");
    assert!(gantz["children"].as_array().unwrap().len() >= 5);

    // Workspace symbols: a search in any script.
    let found = c.request("workspace/symbol", json!({"query": "לודיי"}));
    let names: Vec<&str> = found.as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert!(names.iter().any(|n| n.contains("Abdellatif Loudiyi")), "{names:?}");

    // Semantic tokens: one per mention, the first one's length in UTF-16 units.
    let tokens = c.request("textDocument/semanticTokens/full", json!({"textDocument": {"uri": uri}}));
    let data: Vec<u64> = tokens["data"].as_array().unwrap().iter().map(|v| v.as_u64().unwrap()).collect();
    assert_eq!(data.len() % 5, 0);
    let mentions: u64 = serde_json::from_str::<Value>(run.stdout.lines().find(|l| l.contains("002_")).unwrap())
        .unwrap()["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["mentions"].as_u64().unwrap())
        .sum();
    assert_eq!(data.len() as u64 / 5, mentions);
    // The first token, decoded from UTF-16 units, is the document's first mention.
    let (first_line, first_col, len) = (data[0], data[1], data[2]);
    let units: Vec<u16> = text.lines().nth(first_line as usize).unwrap().encode_utf16().collect();
    let token = String::from_utf16(&units[first_col as usize..(first_col + len) as usize]).unwrap();
    assert_eq!(token, "المغرب", "seed 002 opens with «… بين المغرب و إسرائيل»");
    assert_eq!(c.shutdown_and_exit(), 0);
}

/// A variant spelling alone in its document is consistent, until the workspace
/// spells the same person otherwise: then the editor flags it, names the other
/// file, and the fix writes the workspace's spelling.
#[test]
fn the_workspace_index_flags_a_spelling_the_other_files_do_not_use() {
    let ws = tempfile::tempdir().unwrap();
    let lone = "وأضاف غانتز أن التعاون سيتعمق بين البلدين في السنوات المقبلة.\n";
    std::fs::write(ws.path().join("a.txt"), lone).unwrap();
    std::fs::write(ws.path().join("b.txt"), "قال بيني غانتس إن الزيارة تاريخية وإن الاتفاق سيعزز الشراكة.\n").unwrap();

    // Without a workspace: nothing to disagree with.
    let mut alone = Client::spawn();
    alone.initialize(json!({}), None);
    alone.open("untitled:lone", lone);
    assert!(alone.diagnostics("untitled:lone", 1).iter().all(|d| d["code"] != "SL701"));

    let mut c = Client::spawn();
    c.initialize(json!({"window": {"workDoneProgress": true}}), Some(ws.path()));
    assert_eq!(c.wait_indexed()["message"], "indexed 2 files");
    let uri = file_uri(&ws.path().join("a.txt"));
    c.open(&uri, lone);
    let diags = c.diagnostics(&uri, 1);
    let spelling: Vec<&Value> = diags.iter().filter(|d| d["code"] == "SL701").collect();
    assert_eq!(spelling.len(), 1, "{diags:#?}");
    let (line, col) = find(lone, "غانتز");
    assert_eq!(spelling[0]["range"]["start"], json!({"line": line, "character": col}));
    let related = &spelling[0]["relatedInformation"][0];
    assert_eq!(related["location"]["uri"], file_uri(&ws.path().join("b.txt")).as_str());

    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": spelling[0]["range"], "context": {"diagnostics": [spelling[0]]}}),
    );
    let fix = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["diagnostics"][0]["code"] == "SL701" && a["edit"].is_object())
        .unwrap_or_else(|| panic!("no SL701 fix in {actions:#?}"));
    let edits = fix["edit"]["changes"][uri.as_str()].as_array().unwrap();
    let fixed = common::lsp::apply_edits(lone, edits);
    assert!(fixed.contains("وأضاف غانتس أن"), "{fixed}");
}
