//! The seed page's gold (`../shared/gold/seed-000.gold.json`): its body through `tokenize`
//! and `extract_quotes` must give the 10 quotes with their speakers and kinds, none of the
//! `not_quotes`, and at least 6 of the 7 reported-speech items. Ignored when `../shared` is absent
//! (see `tests/shared.rs`).

use std::path::PathBuf;

use copydesk_core::{Configure, Document, Quote, Stage};
use copydesk_quotes::{ExtractQuotes, ExtractQuotesOptions};
use copydesk_tokenize::{Tokenize, TokenizeOptions};
use serde_json::Value;

fn shared() -> PathBuf {
    PathBuf::from(env!("COPYDESK_SHARED_DIR"))
}

/// Lowercase alphanumeric words.
fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn last_word(s: &str) -> String {
    let cleaned = s.replace("’s", "").replace("'s", "");
    words(&cleaned).pop().unwrap_or_default()
}

/// The text of a quote's content (fragments joined).
fn content(doc: &Document, q: &Quote) -> String {
    if q.spans.len() <= 1 {
        doc.span_text(q.span).to_owned()
    } else {
        q.spans
            .iter()
            .map(|f| doc.span_text(*f))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Whether the predicted content covers the gold text (as words, in order).
fn covers(pred: &str, gold: &str) -> bool {
    let (p, g) = (words(pred).join(" "), words(gold).join(" "));
    !g.is_empty() && p.contains(&g)
}

fn run() -> (Value, Document) {
    let path = shared().join("gold/seed-000.gold.json");
    let text = std::fs::read_to_string(&path).expect("the shared gold file is readable");
    let gold: Value = serde_json::from_str(&text).expect("gold json");
    let body = gold["body"].as_str().expect("body").to_owned();
    let mut doc = Document::new("seed-000", "seed", body);
    Tokenize::configure(TokenizeOptions::default())
        .expect("tokenize")
        .process(&mut doc)
        .expect("tokenize runs");
    ExtractQuotes::configure(ExtractQuotesOptions::default())
        .expect("quotes")
        .process(&mut doc)
        .expect("quotes run");
    (gold, doc)
}

#[test]
#[cfg_attr(no_shared, ignore = "needs ../shared")]
fn seed_quotes_with_speakers() {
    let (gold, doc) = run();
    let quotes = doc.quotes.clone().unwrap_or_default();
    let mut missing = Vec::new();
    for g in gold["quotes"].as_array().expect("quotes") {
        let text = g["text"].as_str().unwrap_or_default();
        let kind = g["kind"].as_str().unwrap_or_default();
        let speaker = g["speaker"].as_str().unwrap_or_default();
        let found = quotes.iter().any(|q| {
            covers(&content(&doc, q), text)
                && q.kind.name() == kind
                && q.speaker.as_deref() == Some(speaker)
        });
        if !found {
            missing.push(format!("{kind} {speaker}: {text}"));
        }
    }
    for q in &quotes {
        eprintln!(
            "{} {:?} [{}] {}",
            q.kind.name(),
            q.speaker,
            q.cue.map(|c| doc.span_text(c)).unwrap_or(""),
            content(&doc, q)
        );
    }
    assert!(
        missing.is_empty(),
        "missed seed quotes:\n{}",
        missing.join("\n")
    );
}

#[test]
#[cfg_attr(no_shared, ignore = "needs ../shared")]
fn seed_not_quotes() {
    let (gold, doc) = run();
    let quotes = doc.quotes.clone().unwrap_or_default();
    for nq in gold["not_quotes"].as_array().expect("not_quotes") {
        let text = nq.as_str().unwrap_or_default();
        let bad: Vec<_> = quotes
            .iter()
            .filter(|q| words(&content(&doc, q)) == words(text))
            .collect();
        assert!(bad.is_empty(), "not a quote, but extracted: {text}");
    }
}

#[test]
#[cfg_attr(no_shared, ignore = "needs ../shared")]
fn seed_reported_speech() {
    let (gold, doc) = run();
    let quotes = doc.quotes.clone().unwrap_or_default();
    let items = gold["indirect"].as_array().expect("indirect");
    let mut hits = 0;
    let mut missing = Vec::new();
    for g in items {
        let text = g["text"].as_str().unwrap_or_default();
        let speaker = g["speaker"].as_str().unwrap_or_default();
        let found = quotes.iter().any(|q| {
            let c = content(&doc, q);
            (covers(&c, text) || covers(text, &c) && 2 * c.len() >= text.len())
                && q.speaker.as_deref().map(last_word) == Some(last_word(speaker))
        });
        if found {
            hits += 1;
        } else {
            missing.push(format!("{speaker}: {text}"));
        }
    }
    assert!(
        hits + 1 >= items.len(),
        "{hits}/{} reported-speech items; missing:\n{}",
        items.len(),
        missing.join("\n")
    );
}

/// `text` is what was said: for direct and partial quotes every ` … ` piece is one of the
/// gold quotes' words, never narration; the partial `“difficult” talks` is `difficult`.
#[test]
#[cfg_attr(no_shared, ignore = "needs ../shared")]
fn seed_text_is_the_quoted_words() {
    let (gold, doc) = run();
    let golds: Vec<Vec<String>> = gold["quotes"]
        .as_array()
        .expect("quotes")
        .iter()
        .map(|g| words(g["text"].as_str().unwrap_or_default()))
        .collect();
    let mut texts = Vec::new();
    for q in doc.quotes.iter().flatten() {
        let text = q.text(&doc.body);
        if q.kind.name() == "indirect" {
            continue;
        }
        for piece in text.split(" … ") {
            assert!(
                golds.contains(&words(piece)),
                "not a gold quote (narration in `text`?): {piece}"
            );
        }
        texts.push(text);
    }
    assert!(texts.iter().any(|t| t == "difficult"), "{texts:?}");
    assert_eq!(texts.len(), 9, "{texts:?}");
}
