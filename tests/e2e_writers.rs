//! End-to-end tests of the writers (issue 7): the default pipeline over the project's example
//! pages (`tests/fixtures/pages/`, `tests/fixtures/writers/`) into every format, checked
//! against the JSON output of the same run.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The example page directories.
fn inputs() -> Vec<String> {
    ["tests/fixtures/pages", "tests/fixtures/writers"]
        .iter()
        .map(|d| root().join(d))
        .filter(|d| d.is_dir())
        .map(|d| d.display().to_string())
        .collect()
}

/// Runs `copydesk run -q --jobs 2 ARGS... INPUTS...` with the default pipeline.
fn copydesk(args: &[&str], inputs: &[String]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["run", "-q", "--jobs", "2"])
        .args(args)
        .args(inputs)
        .output()
        .expect("copydesk runs")
}

fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "copydesk failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout.clone()).expect("utf-8 output")
}

/// The JSON documents of the default pipeline over the example pages, in input order.
fn json_documents() -> Vec<Value> {
    let out = ok(&copydesk(&["--format", "jsonl"], &inputs()));
    let docs: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert!(docs.len() >= 2, "the example pages are there");
    docs
}

fn by_id(docs: &[Value]) -> BTreeMap<String, &Value> {
    docs.iter()
        .map(|d| (d["id"].as_str().unwrap_or("").to_owned(), d))
        .collect()
}

fn items<'a>(doc: &'a Value, layer: &str) -> &'a [Value] {
    doc[layer].as_array().map_or(&[][..], Vec::as_slice)
}

fn s(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Reads a CSV file into header-keyed rows.
fn read_csv(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).expect("the csv file exists");
    let header: Vec<String> = reader
        .headers()
        .expect("a header row")
        .iter()
        .map(str::to_owned)
        .collect();
    reader
        .records()
        .map(|r| {
            let r = r.expect("a valid CSV record");
            header
                .iter()
                .cloned()
                .zip(r.iter().map(str::to_owned))
                .collect()
        })
        .collect()
}

#[test]
fn csv_tables_parse_back_to_the_json_rows() {
    let docs = json_documents();
    let tmp = tempfile::tempdir().unwrap();
    let dir = format!("{}/csv/", tmp.path().display());
    ok(&copydesk(&["--format", "csv", "--output", &dir], &inputs()));

    let quotes = read_csv(&tmp.path().join("csv/quotes.csv"));
    let mut expected = Vec::new();
    for d in &docs {
        for q in items(d, "quotes") {
            let row: BTreeMap<String, String> = [
                ("doc_id", s(&d["id"])),
                ("speaker", s(&q["speaker"])),
                ("kind", s(&q["kind"])),
                ("cue", s(&q["cue"])),
                ("text", s(&q["text"])),
                ("start", s(&q["start"])),
                ("end", s(&q["end"])),
                ("speaker_mention", s(&q["speaker_mention"])),
                ("title", s(&d["meta"]["title"])),
                ("date", s(&d["meta"]["date"])),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect();
            expected.push(row);
        }
    }
    assert!(!expected.is_empty(), "the example pages have quotes");
    assert_eq!(quotes, expected);

    let entities = read_csv(&tmp.path().join("csv/entities.csv"));
    let mut expected = Vec::new();
    for d in &docs {
        for e in items(d, "entities") {
            let row: BTreeMap<String, String> = [
                ("doc_id", s(&d["id"])),
                ("text", s(&e["text"])),
                ("label", s(&e["label"])),
                ("canonical", s(&e["canonical"])),
                ("start", s(&e["start"])),
                ("end", s(&e["end"])),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect();
            expected.push(row);
        }
    }
    assert!(!expected.is_empty(), "the example pages have entities");
    assert_eq!(entities, expected);

    // Beside an output file: run.quotes.csv and run.entities.csv.
    let file = tmp.path().join("run.csv").display().to_string();
    ok(&copydesk(
        &["--format", "csv", "--output", &file],
        &inputs(),
    ));
    assert_eq!(read_csv(&tmp.path().join("run.quotes.csv")), quotes);
    assert_eq!(read_csv(&tmp.path().join("run.entities.csv")), entities);

    // Two tables cannot share stdout; one table can.
    let o = copydesk(&["--format", "csv"], &inputs());
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("tables") && err.contains("--output DIR/"),
        "{err}"
    );
    let config = tmp.path().join("entities.toml");
    fs::write(
        &config,
        "[[stage]]\ntype = \"strip_boilerplate\"\n[[stage]]\ntype = \"tokenize\"\n\
         [[stage]]\ntype = \"tag_entities\"\n\
         [[stage]]\ntype = \"csv\"\n[stage.options]\ntables = [\"entities\"]\n",
    )
    .unwrap();
    let config = config.display().to_string();
    let out = ok(&copydesk(&["--config", &config], &inputs()));
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    assert_eq!(
        reader.headers().unwrap(),
        vec!["doc_id", "text", "label", "canonical", "start", "end"]
    );
    assert_eq!(reader.records().count(), entities.len());
}

/// Entity spans (code points) decoded from CoNLL BIO tags, given each document's tokens.
fn decode_conll(text: &str, docs: &[Value]) -> Vec<Vec<(u64, u64, String)>> {
    let mut out = Vec::new();
    let parts: Vec<&str> = text.split("-DOCSTART- -X- O O\n").collect();
    assert_eq!(parts[0], "", "the output starts with -DOCSTART-");
    assert_eq!(parts.len() - 1, docs.len(), "one -DOCSTART- per document");
    for (part, doc) in parts[1..].iter().zip(docs) {
        let body = doc["body"].as_str().unwrap_or("");
        let chars: Vec<char> = body.chars().collect();
        let mut tokens: Vec<(u64, u64)> = items(doc, "tokens")
            .iter()
            .map(|t| (t[0].as_u64().unwrap(), t[1].as_u64().unwrap()))
            .filter(|&(a, b)| {
                chars[a as usize..b as usize]
                    .iter()
                    .any(|c| !c.is_whitespace())
            })
            .collect();
        tokens.sort_unstable();
        let mut tokens = tokens.into_iter();
        let mut spans: Vec<(u64, u64, String)> = Vec::new();
        let mut open = false;
        for line in part.lines() {
            if line.is_empty() {
                open = false;
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(fields.len(), 2, "two fields: {line:?}");
            let (start, end) = tokens.next().expect("a token per line");
            let token: String = chars[start as usize..end as usize]
                .iter()
                .map(|&c| if c.is_whitespace() { '_' } else { c })
                .filter(|c| !c.is_control())
                .collect();
            assert_eq!(fields[0], token, "the token's text");
            match fields[1].split_once('-') {
                Some(("B", label)) => {
                    spans.push((start, end, label.to_owned()));
                    open = true;
                }
                Some(("I", label)) => {
                    let last = spans.last_mut().expect("I- follows B- or I-");
                    assert!(open && last.2 == label, "I-{label} continues an entity");
                    last.1 = end;
                }
                _ => {
                    assert_eq!(fields[1], "O");
                    open = false;
                }
            }
        }
        assert!(tokens.next().is_none(), "every token was written");
        out.push(spans);
    }
    out
}

#[test]
fn conll_tags_round_trip_to_the_json_entity_spans() {
    let docs = json_documents();
    let out = ok(&copydesk(&["--format", "conll"], &inputs()));
    let decoded = decode_conll(&out, &docs);
    let (mut entities, mut representable) = (0, 0);
    for (doc, spans) in docs.iter().zip(decoded) {
        // What CoNLL can represent: entities on token boundaries, inside one sentence, not
        // overlapping an earlier one. Nearly all of them should be.
        let pairs = |layer: &str| -> Vec<(u64, u64)> {
            items(doc, layer)
                .iter()
                .map(|t| (t[0].as_u64().unwrap(), t[1].as_u64().unwrap()))
                .collect()
        };
        let tokens = pairs("tokens");
        let sentences = pairs("sentences");
        let mut expected: Vec<(u64, u64, String)> = Vec::new();
        for e in items(doc, "entities") {
            let (start, end) = (e["start"].as_u64().unwrap(), e["end"].as_u64().unwrap());
            entities += 1;
            let aligned = tokens.iter().any(|t| t.0 == start) && tokens.iter().any(|t| t.1 == end);
            let one_sentence = sentences.iter().any(|s| s.0 <= start && end <= s.1);
            let free = expected.last().is_none_or(|last| last.1 <= start);
            if aligned && one_sentence && free {
                expected.push((start, end, s(&e["label"])));
            }
        }
        representable += expected.len();
        assert_eq!(spans, expected, "entities of {}", doc["id"]);
    }
    assert!(
        representable * 10 >= entities * 9,
        "{representable} of {entities} entities fit CoNLL"
    );
    assert!(entities > 0);

    // A directory gets documents.conll; a pipeline without tokens is refused at load time.
    let tmp = tempfile::tempdir().unwrap();
    let dir = format!("{}/conll/", tmp.path().display());
    ok(&copydesk(
        &["--format", "conll", "--output", &dir],
        &inputs(),
    ));
    assert_eq!(
        fs::read_to_string(tmp.path().join("conll/documents.conll")).unwrap(),
        out
    );
    let config = tmp.path().join("no-tokens.toml");
    fs::write(&config, "[[stage]]\ntype = \"conll\"\n").unwrap();
    let o = copydesk(&["--config", &config.display().to_string()], &inputs());
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("tokens"));
}

#[test]
fn html_pages_escape_hostile_text_and_show_who_said_what() {
    let docs = json_documents();
    let tmp = tempfile::tempdir().unwrap();
    let dir = format!("{}/html/", tmp.path().display());
    ok(&copydesk(
        &["--format", "html", "--output", &dir],
        &inputs(),
    ));
    let index = fs::read_to_string(tmp.path().join("html/index.html")).unwrap();
    for doc in &docs {
        let id = doc["id"].as_str().unwrap();
        assert!(
            index.contains(&format!("href=\"{id}.html\"")),
            "{id} in the index"
        );
        let page = fs::read_to_string(tmp.path().join(format!("html/{id}.html"))).unwrap();
        assert!(page.starts_with("<!DOCTYPE html>") && page.ends_with("</html>\n"));
        // Self-contained: no scripts, no external resources.
        assert!(!page.contains("<script"), "{id}: no script element");
        assert!(!page.contains("src="), "{id}: no external resources");
        assert!(
            !page.contains("href=\"http") && !page.contains("url("),
            "{id}"
        );
        assert!(!page.contains("@import"), "{id}");
        assert_eq!(
            page.matches("<span").count(),
            page.matches("</span>").count(),
            "{id}: balanced spans"
        );
        let quotes = items(doc, "quotes");
        if !quotes.is_empty() {
            assert!(page.contains("<h2>Who said what</h2>"), "{id}");
        }
        for q in quotes {
            if let Some(speaker) = q["speaker"].as_str() {
                let escaped = speaker
                    .replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('\'', "&#39;");
                assert!(page.contains(&escaped), "{id}: speaker {speaker}");
            }
        }
        for e in items(doc, "entities") {
            let class = format!("class=\"ent {}\"", s(&e["label"]));
            assert!(page.contains(&class), "{id}: entity {}", e["text"]);
        }
    }
    let hostile = docs
        .iter()
        .find(|d| s(&d["body"]).contains("<script>alert(1)</script>"))
        .expect("a fixture with hostile text keeps it in the body");
    let page =
        fs::read_to_string(tmp.path().join(format!("html/{}.html", s(&hostile["id"])))).unwrap();
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));

    // On a stream: one page, one section per document.
    let out = ok(&copydesk(&["--format", "html"], &inputs()));
    assert_eq!(out.matches("<!DOCTYPE html>").count(), 1);
    assert_eq!(out.matches("<article class=\"doc\"").count(), docs.len());
    assert!(!out.contains("<script"));
}

#[test]
fn text_is_title_and_body() {
    let docs = json_documents();
    let out = ok(&copydesk(&["--format", "text"], &inputs()));
    let texts: Vec<&str> = out.split("\x0c\n").collect();
    assert_eq!(texts.len(), docs.len());
    let expect = |d: &Value| {
        let mut t = String::new();
        if let Some(title) = d["meta"]["title"].as_str() {
            t.push_str(&title.split_whitespace().collect::<Vec<_>>().join(" "));
            t.push_str("\n\n");
        }
        t.push_str(&s(&d["body"]).replace('\x0c', "\n"));
        if !t.is_empty() && !t.ends_with('\n') {
            t.push('\n');
        }
        t
    };
    for (text, d) in texts.iter().zip(&docs) {
        assert_eq!(*text, expect(d), "text of {}", d["id"]);
    }

    // Into a directory, one <id>.txt per document; never over an input.
    let tmp = tempfile::tempdir().unwrap();
    let dir = format!("{}/text/", tmp.path().display());
    ok(&copydesk(
        &["--format", "text", "--output", &dir],
        &inputs(),
    ));
    for d in &docs {
        let path = tmp.path().join(format!("text/{}.txt", s(&d["id"])));
        assert_eq!(fs::read_to_string(path).unwrap(), expect(d));
    }
    let input = tmp.path().join("in");
    fs::create_dir(&input).unwrap();
    let page = root().join("tests/fixtures/writers/harbour-strike.txt");
    fs::copy(&page, input.join("harbour-strike.txt")).unwrap();
    let before = fs::read(input.join("harbour-strike.txt")).unwrap();
    let input = input.display().to_string();
    let o = copydesk(
        &["--format", "text", "--output", &format!("{input}/")],
        std::slice::from_ref(&input),
    );
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("refusing"));
    assert_eq!(
        fs::read(format!("{input}/harbour-strike.txt")).unwrap(),
        before
    );
}

#[test]
fn markdown_has_title_metadata_body_and_quotes() {
    let docs = json_documents();
    let ids = by_id(&docs);
    let tmp = tempfile::tempdir().unwrap();
    let dir = format!("{}/md/", tmp.path().display());
    ok(&copydesk(
        &["--format", "markdown", "--output", &dir],
        &inputs(),
    ));
    for (id, d) in &ids {
        let md = fs::read_to_string(tmp.path().join(format!("md/{id}.md"))).unwrap();
        assert!(md.starts_with("# "), "{id}");
        if let Some(date) = d["meta"]["date"].as_str() {
            assert!(md.contains(&format!("- **Date:** {date}\n")), "{id}");
        }
        if !items(d, "quotes").is_empty() {
            assert!(md.contains("\n## Quotes\n\n> "), "{id}");
        }
        assert!(
            !md.replace("\\<", "").contains('<'),
            "{id}: every < is escaped"
        );
    }
    let md = fs::read_to_string(tmp.path().join("md/harbour-strike.md")).unwrap();
    assert!(md.starts_with("# Dock Workers Walk Out in Valmora as Port Talks Collapse\n\n"));
    assert!(md.contains("\\<script\\>alert(1)\\</script\\>"));
    assert!(md.contains("— **Carla Mendes**"), "{md}");
    // Markdown-significant title and line starts are escaped.
    if let Some(d) = ids.get("markup-soup") {
        let md = fs::read_to_string(tmp.path().join("md/markup-soup.md")).unwrap();
        assert!(md.starts_with("# \\# 1 Priority: Schools Get \\*New\\* Budget \\[Draft\\]\n"));
        if s(&d["body"]).contains("\n- The vote") {
            assert!(md.contains("\n\\- The vote"), "{md}");
        }
        if s(&d["body"]).contains("\n1. Roofs") {
            assert!(md.contains("\n1\\. Roofs"), "{md}");
        }
    }
    // On a stream: documents separated by a thematic break.
    let out = ok(&copydesk(&["--format", "markdown"], &inputs()));
    assert_eq!(out.matches("\n\n---\n\n# ").count(), docs.len() - 1);
}
