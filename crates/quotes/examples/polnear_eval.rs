//! Runs `tokenize` + `extract_quotes` over a folder of `*.txt` articles and writes one JSON
//! line per article (the format `score_quotes.py` reads). `--simple` uses the crate's own
//! minimal test tokenizer instead of `copydesk-tokenize`.
//!
//! ```text
//! cargo run --release -p copydesk-quotes --example polnear_eval -- ../shared/data/polnear/dev > pred.jsonl
//! ```

#[path = "../src/testutil.rs"]
mod testutil;

use copydesk_core::{Configure, Document, Stage};
use copydesk_quotes::{ExtractQuotes, ExtractQuotesOptions};
use copydesk_tokenize::{Tokenize, TokenizeOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let simple = args.iter().any(|a| a == "--simple");
    // `--time`: report the stage's own throughput (tokenizing excluded) on stderr.
    let time = args.iter().any(|a| a == "--time");
    let mut spent = std::time::Duration::ZERO;
    let mut bytes = 0usize;
    let dir = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .ok_or("usage: polnear_eval [--simple] DIR")?;
    let stage = ExtractQuotes::configure(ExtractQuotesOptions::default())?;
    let tokenize = Tokenize::configure(TokenizeOptions {
        split_hyphens: false,
        ..TokenizeOptions::default()
    })?;
    let mut files: Vec<_> = std::fs::read_dir(dir)?
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
        let mut doc = if simple {
            testutil::doc(&text)
        } else {
            let mut d = Document::new("", "", text);
            tokenize.process(&mut d)?;
            d
        };
        doc.id = id;
        let rounds = if time { 20 } else { 1 };
        for _ in 0..rounds {
            let start = std::time::Instant::now();
            stage.process(&mut doc)?;
            spent += start.elapsed();
            bytes += doc.body.len();
        }
        let json = serde_json::to_string(&doc)?;
        println!("{json}");
    }
    if time {
        let secs = spent.as_secs_f64().max(1e-9);
        eprintln!(
            "extract_quotes: {:.1} MB in {:.3} s = {:.1} MB/s",
            bytes as f64 / 1e6,
            secs,
            bytes as f64 / 1e6 / secs
        );
    }
    Ok(())
}
