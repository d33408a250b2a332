//! Tokenizes every `*.txt` file of a directory (the UD gold folder) and writes one JSON line per
//! document with code point offsets, as `score_segment.py` expects.
//!
//! ```text
//! cargo run --release -p copydesk-tokenize --example ud_eval -- ../shared/data/ud/dev > /tmp/pred.jsonl
//! python3 ../shared/tools/score_segment.py ../shared/data/ud/dev /tmp/pred.jsonl --vs-words
//! ```
//! Options: `--keep-hyphens` (split_hyphens = false), `--keep-clitics` (split_clitics = false).

use std::io::Write;

use copydesk_core::{Document, Stage};
use copydesk_tokenize::{Tokenize, TokenizeOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut options = TokenizeOptions::default();
    let mut dir = None;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--keep-hyphens" => options.split_hyphens = false,
            "--keep-clitics" => options.split_clitics = false,
            _ => dir = Some(arg),
        }
    }
    let dir = dir.ok_or("usage: ud_eval [--keep-hyphens] [--keep-clitics] DIR")?;
    let stage = Tokenize::new(&options);
    let mut paths: Vec<_> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for path in paths {
        let id = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_owned();
        let text = std::fs::read_to_string(&path)?;
        let mut doc = Document::new(id.clone(), path.display().to_string(), text);
        stage.process(&mut doc)?;
        let json = serde_json::to_value(&doc)?;
        let line = serde_json::json!({
            "id": id,
            "tokens": json["tokens"],
            "sentences": json["sentences"],
        });
        writeln!(out, "{line}")?;
    }
    out.flush()?;
    Ok(())
}
