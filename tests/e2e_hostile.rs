//! Hostile input (issue 8): generated here, never committed. Each input gets correct output or
//! a clear error, never a panic, and every offset of the output stays inside `body`.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn copydesk(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(args)
        .output()
        .expect("copydesk runs")
}

/// Checks one output document: spans inside the body, ordered and non-overlapping where the
/// layer promises it, texts equal to the body slices.
fn check_document(doc: &serde_json::Value) {
    let body: Vec<char> = doc["body"].as_str().expect("body").chars().collect();
    let len = body.len() as u64;
    let slice = |s: u64, e: u64| body[s as usize..e as usize].iter().collect::<String>();
    for layer in ["paragraphs", "tokens", "sentences"] {
        let Some(spans) = doc[layer].as_array() else {
            continue;
        };
        let mut last_end = 0;
        for span in spans {
            let (s, e) = (span[0].as_u64().unwrap(), span[1].as_u64().unwrap());
            assert!(
                s <= e && e <= len,
                "{layer} span {s}..{e} outside body of {len}"
            );
            assert!(
                s >= last_end,
                "{layer} spans overlap or are out of order at {s}"
            );
            last_end = e;
        }
    }
    for item in doc["entities"].as_array().into_iter().flatten() {
        let (s, e) = (
            item["start"].as_u64().unwrap(),
            item["end"].as_u64().unwrap(),
        );
        assert!(s < e && e <= len, "entity {s}..{e} outside body");
        assert_eq!(item["text"].as_str().unwrap(), slice(s, e));
    }
    for item in doc["quotes"].as_array().into_iter().flatten() {
        let (s, e) = (
            item["start"].as_u64().unwrap(),
            item["end"].as_u64().unwrap(),
        );
        assert!(s <= e && e <= len, "quote {s}..{e} outside body");
        // `text` is the quoted words (or the content) inside the report, never beyond it.
        let report = slice(s, e);
        for piece in item["text"].as_str().unwrap().split(" … ") {
            assert!(report.contains(piece), "quote text {piece:?} not in {report:?}");
        }
        for key in ["spans", "quoted"] {
            for sp in item[key].as_array().expect("spans and quoted always present") {
                let (a, b) = (sp[0].as_u64().unwrap(), sp[1].as_u64().unwrap());
                assert!(s <= a && a <= b && b <= e, "{key} {a}..{b} outside {s}..{e}");
            }
        }
        for key in ["speaker_start", "cue_start"] {
            if let Some(p) = item[key].as_u64() {
                assert!(p <= len, "{key} {p} outside body");
            }
        }
    }
}

/// Runs the default pipeline on one generated input; returns the parsed output documents.
fn run_on(name: &str, bytes: &[u8], extra: &[&str]) -> (Output, Vec<serde_json::Value>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    fs::write(&path, bytes).unwrap();
    let mut args = vec!["run", "--quiet"];
    args.extend_from_slice(extra);
    args.push(path.to_str().unwrap());
    let out = copydesk(&args);
    let docs: Vec<serde_json::Value> = String::from_utf8(out.stdout.clone())
        .expect("output is UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("each output line is JSON"))
        .collect();
    for d in &docs {
        if d.get("error").is_none() {
            check_document(d);
        }
    }
    (out, docs)
}

fn ok(name: &str, bytes: &[u8]) -> serde_json::Value {
    let (out, mut docs) = run_on(name, bytes, &[]);
    assert!(
        out.status.success(),
        "{name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(docs.len(), 1);
    docs.remove(0)
}

#[test]
fn a_50_mb_single_line() {
    let line = "word and more words, with commas. ".repeat(50_000_000 / 34 + 1);
    // Over the default limit: a clear error naming the file.
    let (out, docs) = run_on("huge.txt", line.as_bytes(), &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("huge.txt: input is") && err.contains("--max-bytes"),
        "{err}"
    );
    assert!(docs[0]["error"].is_string());
    // With the limit raised it is processed.
    let (out, docs) = run_on("huge.txt", line.as_bytes(), &["--max-bytes", "60000000"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(docs.len(), 1);
}

#[test]
fn a_million_quotation_marks() {
    let balanced = "“a” ".repeat(500_000);
    ok("balanced.txt", balanced.as_bytes());
    let unbalanced = "He said “no ".repeat(1_000_000);
    ok("unbalanced.txt", unbalanced.as_bytes());
    let straight = "\"".repeat(1_000_000);
    ok("straight.txt", straight.as_bytes());
}

#[test]
fn a_hundred_thousand_nested_quotes() {
    let mut s = String::new();
    for i in 0..100_000 {
        s.push_str(if i % 2 == 0 { "“x " } else { "‘y " });
    }
    for i in (0..100_000).rev() {
        s.push_str(if i % 2 == 0 { "” " } else { "’ " });
    }
    ok("nested.txt", s.as_bytes());
}

#[test]
fn only_punctuation() {
    let s = "!?.,;:—–-…()[]{}\"'“”‘’«»„‚/\\|@#$%^&*_+=~`<>\n".repeat(2000);
    ok("punct.txt", s.as_bytes());
}

#[test]
fn nul_bytes_fail_alone_with_a_clear_error() {
    let (out, docs) = run_on("nul.txt", b"Some text\0with a NUL.", &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nul.txt: binary file"));
    assert!(docs[0]["error"].as_str().unwrap().contains("NUL"));
}

#[test]
fn invalid_utf8_and_windows_1252() {
    let doc = ok(
        "cp1252.txt",
        b"\x93We won\x92t stop,\x94 the mayor said. Caf\xe9 owners agreed \x96 mostly.\n",
    );
    assert!(doc["body"].as_str().unwrap().contains("“We won’t stop,”"));
    let doc = ok("broken.txt", b"Valid start \xff\xfe\xfd then more text.\n");
    assert!(doc["diagnostics"].to_string().contains("Windows-1252"));
}

#[test]
fn crlf_and_lone_cr() {
    let crlf =
        "Mayor Ana Pereira spoke.\r\n\r\n“We will win,” she said.\r\n\r\nThe vote is Monday.\r\n";
    let doc = ok("crlf.txt", crlf.as_bytes());
    assert!(doc["body"].as_str().unwrap().contains("We will win"));
    let cr = crlf.replace("\r\n", "\r");
    ok("cr.txt", cr.as_bytes());
}

#[test]
fn byte_order_mark() {
    let doc = ok(
        "bom.txt",
        "\u{feff}Officials met in Oslo on Monday.\n".as_bytes(),
    );
    assert!(doc["body"].as_str().unwrap().starts_with("Officials") || doc["body"] == "");
}

#[test]
fn right_to_left_and_zero_width() {
    let rtl =
        "قال الوزير إن المحادثات ستستمر. \u{202B}שלום עולם\u{202C} “نعم،” قال.\n\n".repeat(50);
    ok("rtl.txt", rtl.as_bytes());
    let zw =
        "The\u{200B}mayor\u{200C} said\u{200D} “yes\u{2060}” on\u{FEFF} Monday.\n\n".repeat(50);
    ok("zw.txt", zw.as_bytes());
}

#[test]
fn ten_thousand_tiny_files() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("tiny");
    fs::create_dir(&docs).unwrap();
    for n in 0..10_000 {
        fs::write(docs.join(format!("t{n:05}.txt")), format!("Note {n}.")).unwrap();
    }
    let out = copydesk(&["run", "--quiet", docs.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 10_000);
    assert!(Path::new(&docs).exists());
}
