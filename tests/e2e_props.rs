//! Property tests (issue 8): arbitrary and near-miss news text through every stage of the
//! default pipeline, in process, and arbitrary text through the pipeline loader. Properties: no
//! panic and no stage error; every span inside `body`, on character boundaries, ordered and
//! non-overlapping where the layer promises it; the JSON output parses. Inputs that once broke
//! something live in `tests/data/regressions/` and run first.

use copydesk::config::{self, DEFAULT_PIPELINE};
use copydesk_core::Document;
use proptest::prelude::*;

fn run_pipeline(text: &str) {
    let pipeline = config::load("default.toml", DEFAULT_PIPELINE, None).expect("default pipeline");
    let mut doc = Document::new("prop", "prop", text);
    for entry in &pipeline.stages {
        entry.stage.process(&mut doc).expect("no stage fails");
        if let Err(e) = doc.check_invariants() {
            panic!("after stage '{}': {e}", entry.name);
        }
    }
    let json = serde_json::to_string(&doc).expect("serializes");
    let _: serde_json::Value = serde_json::from_str(&json).expect("output JSON parses");
}

/// Pieces of news pages and near-misses: quote marks of every kind, abbreviations, datelines,
/// chrome, numbers, odd whitespace and control characters.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("“".to_owned()),
        Just("”".to_owned()),
        Just("‘".to_owned()),
        Just("’".to_owned()),
        Just("\"".to_owned()),
        Just("'".to_owned()),
        Just("«".to_owned()),
        Just("»".to_owned()),
        Just("„".to_owned()),
        Just("``".to_owned()),
        Just("''".to_owned()),
        Just(" said ".to_owned()),
        Just(", he told reporters. ".to_owned()),
        Just("according to ".to_owned()),
        Just("U.S. ".to_owned()),
        Just("Sen. ".to_owned()),
        Just("Jan. 10, 2022".to_owned()),
        Just("GENEVA (AP) — ".to_owned()),
        Just("Read More".to_owned()),
        Just("A+\na-\n".to_owned()),
        Just("___\n".to_owned()),
        Just("by Ann Lee".to_owned()),
        Just("Antony Blinken".to_owned()),
        Just("NATO".to_owned()),
        Just("100,000".to_owned()),
        Just("https://x.example/a?b=c".to_owned()),
        Just("...".to_owned()),
        Just("…".to_owned()),
        Just("—".to_owned()),
        Just("\n".to_owned()),
        Just("\n\n".to_owned()),
        Just("\r\n".to_owned()),
        Just("\r".to_owned()),
        Just("\u{200B}".to_owned()),
        Just("\u{FEFF}".to_owned()),
        Just("\u{202E}".to_owned()),
        Just("שלום".to_owned()),
        Just("日本語".to_owned()),
        Just("e\u{301}".to_owned()),
        Just("👍🏽".to_owned()),
        "[a-zA-Z]{1,12}",
        "[ \t]{1,3}",
        any::<char>().prop_map(String::from),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(256),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn pipeline_on_arbitrary_text(text in any::<String>()) {
        run_pipeline(&text);
    }

    #[test]
    fn pipeline_on_news_like_text(pieces in prop::collection::vec(piece(), 0..200)) {
        run_pipeline(&pieces.concat());
    }

    #[test]
    fn loader_never_panics(source in any::<String>()) {
        let _ = config::load("fuzz.toml", &source, None);
    }

    #[test]
    fn loader_on_near_miss_pipelines(
        kind in prop_oneof![Just("tokenize"), Just("tokenise"), Just("strip_boilerplate"),
                            Just("tag_entities"), Just("extract_quotes"), Just("jsonl"), Just("")],
        key in prop_oneof![Just("abbreviations"), Just("model"), Just("bias"), Just("x"),
                           Just("omit_body")],
        value in prop_oneof![Just("1"), Just("\"s\""), Just("[1, \"a\"]"), Just("true"),
                             Just("{a = 1}"), Just("-1.5e999")],
    ) {
        let source = format!("[[stage]]\ntype = \"{kind}\"\n[stage.options]\n{key} = {value}\n");
        let _ = config::load("fuzz.toml", &source, None);
    }
}

#[test]
fn regression_corpus() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/regressions");
    for entry in std::fs::read_dir(dir).expect("regression corpus") {
        let path = entry.expect("entry").path();
        let bytes = std::fs::read(&path).expect("readable");
        let text = String::from_utf8_lossy(&bytes);
        run_pipeline(&text);
        let _ = config::load("regression.toml", &text, None);
    }
}
