//! Runs `extract_quotes` over a folder of `*.txt` articles with a minimal built-in tokenizer
//! and writes one JSON line per article (the format `score_quotes.py` reads).
//!
//! ```text
//! cargo run --release -p copydesk-quotes --example polnear_eval -- ../shared/data/polnear/dev > pred.jsonl
//! ```

#[path = "../src/testutil.rs"]
mod testutil;

use copydesk_core::{Configure, Stage};
use copydesk_quotes::{ExtractQuotes, ExtractQuotesOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).ok_or("usage: polnear_eval DIR")?;
    let stage = ExtractQuotes::configure(ExtractQuotesOptions::default())?;
    let mut files: Vec<_> = std::fs::read_dir(&dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    for path in files {
        let text = std::fs::read_to_string(&path)?;
        let id = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_owned();
        let mut doc = testutil::doc(&text);
        doc.id = id;
        stage.process(&mut doc)?;
        let json = serde_json::to_string(&doc)?;
        println!("{json}");
    }
    Ok(())
}
