//! Tags a CoNLL file with gold tokenization and prints `token gold predicted` lines (for error
//! analysis): `cargo run --release -p copydesk-entities --example tag_conll -- FILE [MODEL]`.

use std::process::ExitCode;
use std::sync::Arc;

use copydesk_core::EntityLabel;
use copydesk_entities::{Model, TagEntities};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: tag_conll FILE [MODEL]");
        return ExitCode::FAILURE;
    };
    let model = match args.get(1) {
        Some(p) => Model::load(p),
        None => Model::embedded(),
    };
    let model = match model {
        Ok(m) => Arc::new(m),
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let stage = match TagEntities::with_model(model, true, &EntityLabel::ALL) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    // Documents → sentences → (token, gold tag).
    let mut docs: Vec<Vec<Vec<(&str, &str)>>> = vec![vec![]];
    let mut sent: Vec<(&str, &str)> = Vec::new();
    for line in text.lines() {
        let cols: Vec<&str> = line.split_whitespace().collect();
        if cols.is_empty() || cols[0] == "-DOCSTART-" {
            if !sent.is_empty() {
                if let Some(d) = docs.last_mut() {
                    d.push(std::mem::take(&mut sent));
                }
            }
            if cols.first() == Some(&"-DOCSTART-") {
                docs.push(vec![]);
            }
            continue;
        }
        sent.push((cols[0], cols[cols.len() - 1]));
    }
    if !sent.is_empty() {
        if let Some(d) = docs.last_mut() {
            d.push(sent);
        }
    }
    let mut out = String::new();
    for doc in docs.iter().filter(|d| !d.is_empty()) {
        let words: Vec<Vec<&str>> = doc
            .iter()
            .map(|s| s.iter().map(|(w, _)| *w).collect())
            .collect();
        let found = stage.tag_tokens(&words);
        let mut tags: Vec<Vec<String>> = words
            .iter()
            .map(|s| vec!["O".to_string(); s.len()])
            .collect();
        for (s, a, b, l) in found {
            for (k, t) in tags[s][a..b].iter_mut().enumerate() {
                *t = format!("{}-{}", if k == 0 { "B" } else { "I" }, l.name());
            }
        }
        out.push_str("-DOCSTART- -X- O O\n\n");
        for (s, sent) in doc.iter().enumerate() {
            for (k, (w, g)) in sent.iter().enumerate() {
                out.push_str(&format!("{w} {g} {}\n", tags[s][k]));
            }
            out.push('\n');
        }
    }
    print!("{out}");
    ExitCode::SUCCESS
}
