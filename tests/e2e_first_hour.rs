//! What a new user meets in the first hour (issue 18): tests that say when they did not run,
//! how to get the binary, the progress display on a real terminal, documents in languages a
//! stage does not handle, the HTML view's side panel, and the wording of messages.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};

use super::{bin, generated, jsonl, root, run, stderr, stdout, write};

/// The shared-data tests are marked ignored exactly when `../shared` is missing (the cfg set by
/// `tests/shared.rs` is not stale).
#[test]
fn shared_data_tests_are_ignored_exactly_when_the_data_is_missing() {
    let marker = Path::new(env!("COPYDESK_SHARED_DIR")).join("gold/seed-000.gold.json");
    assert_eq!(
        cfg!(no_shared),
        !marker.is_file(),
        "the build's view of {} is stale: `touch tests/shared.rs` and rebuild",
        marker.display()
    );
}

#[test]
fn readme_says_how_to_get_the_binary() {
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    let section = readme
        .split("\n## Getting the binary")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("README has a section \"Getting the binary\"");
    let path = section
        .split("cargo install --path ")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .expect("the section gives a `cargo install --path` command");
    let manifest = fs::read_to_string(root().join(path).join("Cargo.toml")).unwrap();
    assert!(
        manifest.contains("name = \"copydesk\"\npath = \"src/main.rs\""),
        "{path} builds the copydesk binary"
    );
    assert!(section.contains("target/release/copydesk"));
    assert!(
        section.contains("2-core"),
        "the section says how long the first build takes"
    );
}

/// Runs `command` (a shell command line) under a pseudo-terminal with `script` (util-linux)
/// and returns what the terminal showed, escape sequences removed.
fn on_a_terminal(command: &str) -> String {
    let out = Command::new("script")
        .args(["-qfec", command, "/dev/null"])
        .env("TERM", "xterm-256color")
        .stdin(Stdio::null())
        .output()
        .expect("`script` (util-linux) runs the command under a pseudo-terminal");
    let raw = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{raw}");
    strip_escapes(&raw)
}

/// The text of a terminal transcript: CSI sequences dropped, carriage returns as newlines.
fn strip_escapes(raw: &str) -> String {
    let mut s = String::new();
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\x1b' => {
                if chars.peek() == Some(&'[') {
                    chars.next();
                    for c in chars.by_ref() {
                        if ('@'..='~').contains(&c) {
                            break;
                        }
                    }
                }
            }
            '\r' => s.push('\n'),
            _ => s.push(c),
        }
    }
    s
}

fn quoted(p: &Path) -> String {
    format!("'{}'", p.display().to_string().replace('\'', "'\\''"))
}

#[test]
fn progress_on_a_terminal_shows_total_percent_rates_and_eta() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    fs::create_dir(&docs).unwrap();
    for n in 0..2000 {
        write(&docs, &format!("{n:04}.txt"), generated(n).as_bytes());
    }
    let screen = on_a_terminal(&format!(
        "{} run --jobs 1 --output {} {}",
        quoted(Path::new(env!("CARGO_BIN_EXE_copydesk"))),
        quoted(&dir.path().join("out.jsonl")),
        quoted(&docs)
    ));
    let frames: Vec<&str> = screen.lines().filter(|l| l.contains("/2,000 (")).collect();
    assert!(!frames.is_empty(), "no bar with the total:\n{screen}");
    // A frame after the first documents: count, percent, both rates and a real ETA.
    let frame = frames
        .iter()
        .find(|f| f.contains("ETA ") && !f.contains("ETA …") && !f.contains(" 0/2,000"))
        .unwrap_or_else(|| panic!("no frame with an ETA:\n{screen}"));
    assert!(frame.contains("% ") || frame.contains("%)"), "{frame}");
    assert!(frame.contains(" docs/s, "), "{frame}");
    assert!(frame.contains("MB/s") || frame.contains("kB/s"), "{frame}");
    let eta = frame.rsplit("ETA ").next().unwrap().trim();
    assert!(
        eta.ends_with('s') && eta.starts_with(|c: char| c.is_ascii_digit()),
        "{frame}"
    );
    // Rates have at most three significant figures.
    let docs_rate = frame.split(" docs/s").next().unwrap().rsplit(' ').next().unwrap();
    let digits = docs_rate.chars().filter(char::is_ascii_digit).count();
    assert!(digits <= 4, "{frame}");
    assert!(screen.contains("copydesk: 2000 documents, 0 failed"), "{screen}");
    assert!(!screen.contains('⠁'), "a bar, not a spinner:\n{screen}");
}

#[test]
fn progress_of_a_stream_is_a_spinner_without_total() {
    let dir = tempfile::tempdir().unwrap();
    let mut records = String::new();
    for n in 0..300 {
        let rec = serde_json::json!({"id": format!("r{n}"), "text": generated(n)});
        records.push_str(&format!("{rec}\n"));
    }
    let input = write(dir.path(), "in.jsonl", records.as_bytes());
    let screen = on_a_terminal(&format!(
        "{} run --input-format jsonl --output {} - < {}",
        quoted(Path::new(env!("CARGO_BIN_EXE_copydesk"))),
        quoted(&dir.path().join("out.jsonl")),
        quoted(&input)
    ));
    assert!(screen.contains(" docs/s, "), "{screen}");
    assert!(!screen.contains("ETA"), "{screen}");
    assert!(!screen.contains("/300"), "{screen}");
    assert!(screen.contains("copydesk: 300 documents, 0 failed"), "{screen}");
}

/// A German page: strip and tokenize run, the English-only stages skip it and say why.
#[test]
fn a_german_page_skips_the_english_only_stages_with_a_diagnostic() {
    let page = root().join("tests/fixtures/pages/de-rathaus.txt");
    let o = run(&["run", "-q", page.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let doc = &jsonl(&stdout(&o))[0];
    assert_eq!(doc["meta"]["language"], "de");
    assert!(doc["tokens"].as_array().is_some_and(|t| !t.is_empty()));
    assert!(doc.get("entities").is_none(), "{}", doc["entities"]);
    assert!(doc.get("quotes").is_none(), "{}", doc["quotes"]);
    let diagnostics = doc["diagnostics"].as_array().unwrap();
    for stage in ["tag_entities", "extract_quotes"] {
        let d = diagnostics
            .iter()
            .find(|d| d["stage"] == stage)
            .unwrap_or_else(|| panic!("no diagnostic from {stage}: {diagnostics:?}"));
        assert_eq!(
            d["message"],
            "skipped: the document is in German (de); this stage handles English (en) only"
        );
    }
    // A JSONL record may say its language itself; English ones are processed as before.
    let records = "{\"id\": \"a\", \"text\": \"Ann Lee said the talks in Oslo would go on.\", \"language\": \"pt-BR\"}\n\
                   {\"id\": \"b\", \"text\": \"Ann Lee said the talks in Oslo would go on.\", \"language\": \"en\"}\n";
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "in.jsonl", records.as_bytes());
    let o = run(&[
        "run",
        "-q",
        "--input-format",
        "jsonl",
        input.to_str().unwrap(),
    ]);
    let docs = jsonl(&stdout(&o));
    assert!(docs[0].get("entities").is_none());
    assert!(
        docs[0]["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .contains("Portuguese (pt)")
    );
    assert!(docs[1]["entities"].as_array().is_some_and(|e| !e.is_empty()));
    assert!(
        docs[1]["diagnostics"]
            .as_array()
            .is_none_or(|d| d.is_empty()),
        "{}",
        docs[1]
    );
    assert_eq!(docs[0]["meta"]["language"], "pt-BR");
}

/// The HTML view scrolls as one page (no side panel with its own scroll bar) and cuts long
/// quotes in "Who said what" between words.
#[test]
fn html_side_panel_scrolls_with_the_page_and_cuts_quotes_between_words() {
    let dir = tempfile::tempdir().unwrap();
    let words = "Fishermen along the northern coast have waited eleven years for a settlement \
                 that recognises their traditional grounds, and nobody in Brussels or Oslo \
                 should imagine they will accept another temporary arrangement negotiated \
                 without them in the room, whatever the ministers promise today";
    let text = format!(
        "Quota Talks Resume\n\nOSLO (AP) — Talks resumed on Monday.\n\n“{words},” Ann Lee said.\n"
    );
    let page = write(dir.path(), "long-quote.txt", text.as_bytes());
    let out = dir.path().join("html/");
    let o = run(&[
        "run",
        "-q",
        "--format",
        "html",
        "--output",
        out.to_str().unwrap(),
        page.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = fs::read_to_string(out.join("long-quote.html")).unwrap();
    let css = html.split("<style>").nth(1).unwrap().split("</style>").next().unwrap();
    for rule in css.lines().filter(|l| l.contains(".side{")) {
        for scrolling in ["overflow", "sticky", "max-height", "100vh"] {
            assert!(!rule.contains(scrolling), "the side panel scrolls alone: {rule}");
        }
    }
    let aside = html.split("<aside").nth(1).unwrap();
    let shown = aside
        .split("<li class=\"direct\"><a href=\"#")
        .nth(1)
        .and_then(|s| s.split_once('>'))
        .map(|(_, s)| s.split("</a>").next().unwrap())
        .expect("the quote is listed under its speaker");
    let cut = shown.strip_suffix('…').expect("the long quote is cut");
    assert!(cut.chars().count() <= 220, "{cut}");
    assert!(words.starts_with(cut), "{cut}");
    let next = words[cut.len()..].chars().next().unwrap();
    assert!(!next.is_alphanumeric(), "cut inside a word: {cut}…");
}

#[test]
fn counts_are_worded_in_singular_and_plural() {
    let dir = tempfile::tempdir().unwrap();
    let one = write(dir.path(), "one.txt", b"Ann Lee said the talks would go on.\n");
    let o = run(&["run", "--output", dir.path().join("o.jsonl").to_str().unwrap(), one.to_str().unwrap()]);
    assert!(stderr(&o).contains("copydesk: 1 document, 0 failed"), "{}", stderr(&o));

    let config = write(dir.path(), "p.toml", b"[[stage]]\ntype = \"tokenize\"\n\n[[stage]]\ntype = \"jsonl\"\n");
    let o = run(&["check", config.to_str().unwrap()]);
    assert!(stdout(&o).contains(": ok (1 stage, 1 writer)"), "{}", stdout(&o));

    let bad = write(
        dir.path(),
        "bad.toml",
        b"[[stage]]\ntype = \"tokenise\"\n\n[[stage]]\ntype = \"jsonn\"\n",
    );
    let o = run(&["check", bad.to_str().unwrap()]);
    assert!(stderr(&o).contains("copydesk: 2 errors in the pipeline"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("(s)"), "{}", stderr(&o));
}

#[test]
fn stages_give_each_default_once_and_one_word_per_type() {
    let o = run(&["stages"]);
    let text = stdout(&o);
    for line in text.lines().filter(|l| l.contains(", default ")) {
        assert_eq!(line.matches("default").count(), 1, "{line}");
        assert!(!line.contains("(bool,"), "{line}");
    }
    assert!(text.contains("split_clitics (boolean, default true)"), "{text}");
    assert!(
        text.contains("provides: entities; languages: en\n"),
        "{text}"
    );
}

#[test]
fn run_help_shows_inputs_as_required_and_names_the_stdin_id() {
    let o = run(&["run", "--help"]);
    let help = stdout(&o);
    assert!(help.contains("<INPUTS>..."), "{help}");
    assert!(!help.contains("[INPUTS]"), "{help}");
    assert!(help.contains("`stdin`"), "{help}");
    // Still optional with --print-config.
    let o = run(&["run", "--print-config"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn csv_without_a_quote_stage_warns_that_the_quotes_table_is_empty() {
    let dir = tempfile::tempdir().unwrap();
    let config = write(
        dir.path(),
        "p.toml",
        b"[[stage]]\ntype = \"tokenize\"\n\n[[stage]]\ntype = \"tag_entities\"\n\n[[stage]]\ntype = \"csv\"\n",
    );
    let page = root().join("tests/fixtures/pages/wire-talks.txt");
    let o = bin()
        .args(["run", "-q", "--config", config.to_str().unwrap(), "--output"])
        .arg(dir.path().join("out/"))
        .arg(&page)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("copydesk: warning: the csv writer's quotes table will have no rows: no stage of the pipeline provides quotes"),
        "{err}"
    );
    assert!(!err.contains("`entities`"), "{err}");
    let quotes = fs::read_to_string(dir.path().join("out/quotes.csv")).unwrap();
    assert_eq!(quotes.lines().count(), 1, "{quotes}");
}
