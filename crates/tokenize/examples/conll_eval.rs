//! How well the tokenizer reproduces CoNLL-2003 tokens: tokenizes the text files written by
//! `score_ner.py make-text` (CoNLL tokens joined by spaces) and reports the fraction of CoNLL
//! token spans that are exactly one of our tokens, with the most frequent misses.
//!
//! ```text
//! python3 ../shared/tools/score_ner.py make-text ../shared/data/conll2003/dev.txt /tmp/conll
//! cargo run --release -p copydesk-tokenize --example conll_eval -- /tmp/conll [--keep-hyphens]
//! ```

use std::collections::{HashMap, HashSet};

use copydesk_core::CharIndex;
use copydesk_tokenize::{Tokenize, TokenizeOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut options = TokenizeOptions::default();
    let mut dir = None;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--keep-hyphens" => options.split_hyphens = false,
            _ => dir = Some(std::path::PathBuf::from(arg)),
        }
    }
    let dir = dir.ok_or("usage: conll_eval DIR [--keep-hyphens]")?;
    let stage = Tokenize::new(&options);
    let index: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("index.json"))?)?;
    let (mut total, mut exact) = (0usize, 0usize);
    let mut misses: HashMap<String, (usize, String)> = HashMap::new();
    for doc in index["documents"]
        .as_array()
        .ok_or("index.json: no documents")?
    {
        let file = doc["file"].as_str().ok_or("document without file")?;
        let text = std::fs::read_to_string(dir.join(file))?;
        let chars: Vec<char> = text.chars().collect();
        let ix = CharIndex::new(&text);
        let ours = stage.tokens(&text);
        let spans: HashSet<[usize; 2]> = ours.iter().map(|&s| ix.span(s)).collect();
        for t in doc["tokens"].as_array().ok_or("document without tokens")? {
            let s = t[0].as_u64().unwrap_or(0) as usize;
            let e = t[1].as_u64().unwrap_or(0) as usize;
            total += 1;
            if spans.contains(&[s, e]) {
                exact += 1;
            } else {
                let word: String = chars.get(s..e).unwrap_or_default().iter().collect();
                let split: Vec<String> = spans
                    .iter()
                    .filter(|p| p[0] < e && s < p[1])
                    .map(|p| chars.get(p[0]..p[1]).unwrap_or_default().iter().collect())
                    .collect();
                let entry = misses.entry(word).or_insert((0, split.join("|")));
                entry.0 += 1;
            }
        }
    }
    let mut worst: Vec<_> = misses.into_iter().collect();
    worst.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(&b.0)));
    for (word, (count, split)) in worst.iter().take(40) {
        println!("{count:5}  {word}  (ours, unordered: {split})");
    }
    println!(
        "CoNLL tokens reproduced exactly: {exact}/{total} = {:.2}%",
        100.0 * exact as f64 / total.max(1) as f64
    );
    Ok(())
}
