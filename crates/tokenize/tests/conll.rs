//! CoNLL-2003 tokens through our tokenizer: the text `score_ner.py make-text` writes (tokens
//! joined by spaces, one sentence per line) must come back as the same tokens as far as
//! possible, so the entity tagger sees CoNLL's units (`U.S.` whole, `'s` split, `1996-08-30`
//! whole, `(` split). Reads `../shared` (ignored when it is absent, see `tests/shared.rs`).

use std::collections::HashSet;
use std::path::PathBuf;

use copydesk_tokenize::{Tokenize, TokenizeOptions};

/// One document: its text and the byte spans of its CoNLL tokens.
type ConllDoc = (String, Vec<(usize, usize)>);

/// The documents of a CoNLL file, built as make-text does.
fn conll_documents(path: &PathBuf) -> Result<Vec<ConllDoc>, std::io::Error> {
    let raw = std::fs::read_to_string(path)?;
    let mut docs = Vec::new();
    let mut text = String::new();
    let mut spans = Vec::new();
    let mut in_sentence = false;
    for line in raw.lines() {
        let word = line.split(' ').next().unwrap_or("");
        if word == "-DOCSTART-" {
            if !spans.is_empty() {
                docs.push((std::mem::take(&mut text), std::mem::take(&mut spans)));
            }
            in_sentence = false;
            continue;
        }
        if word.is_empty() {
            if in_sentence {
                text.push('\n');
            }
            in_sentence = false;
            continue;
        }
        if in_sentence {
            text.push(' ');
        }
        spans.push((text.len(), text.len() + word.len()));
        text.push_str(word);
        in_sentence = true;
    }
    if !spans.is_empty() {
        docs.push((text, spans));
    }
    Ok(docs)
}

fn reproduced(options: &TokenizeOptions) -> f64 {
    let path = PathBuf::from(concat!(
        env!("COPYDESK_SHARED_DIR"),
        "/data/conll2003/dev.txt"
    ));
    let docs = conll_documents(&path).expect("read CoNLL dev");
    let stage = Tokenize::new(options);
    let (mut total, mut exact) = (0usize, 0usize);
    for (text, gold) in &docs {
        let ours: HashSet<(usize, usize)> = stage
            .tokens(text)
            .iter()
            .map(|s| (s.start, s.end))
            .collect();
        total += gold.len();
        exact += gold.iter().filter(|g| ours.contains(g)).count();
    }
    assert!(total > 40_000, "only {total} CoNLL tokens read");
    let share = 100.0 * exact as f64 / total as f64;
    eprintln!("CoNLL dev tokens reproduced exactly: {exact}/{total} = {share:.2}%");
    share
}

#[test]
#[cfg_attr(no_shared, ignore = "needs ../shared")]
fn conll_tokens_survive_with_hyphenated_words_kept() {
    let share = reproduced(&TokenizeOptions {
        split_hyphens: false,
        ..TokenizeOptions::default()
    });
    assert!(share >= 99.9, "{share:.2}%");
}

#[test]
#[cfg_attr(no_shared, ignore = "needs ../shared")]
fn conll_tokens_survive_with_ud_hyphens() {
    let share = reproduced(&TokenizeOptions::default());
    // Hyphenated words (`one-day`, `6-2`) are split UD-style; everything else survives.
    assert!(share >= 98.0, "{share:.2}%");
}
