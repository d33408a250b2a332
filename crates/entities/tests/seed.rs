//! The seed article: entity F1 against its gold `entities_in_body` (each (text, label) pair
//! counted) and every surname in `canonical_people` linked to the full name. Reads the shared
//! gold file; ignored when `../shared` is absent (see `tests/shared.rs`).

use std::collections::HashMap;

use copydesk_core::{Configure, Document, Stage};
use copydesk_entities::{TagEntities, TagEntitiesOptions};
use copydesk_tokenize::{Tokenize, TokenizeOptions};

fn gold() -> serde_json::Value {
    let path = concat!(env!("COPYDESK_SHARED_DIR"), "/gold/seed-000.gold.json");
    let text = std::fs::read_to_string(path).expect("the shared gold file is readable");
    serde_json::from_str(&text).expect("gold JSON parses")
}

fn tag(body: &str) -> Document {
    let mut doc = Document::new("seed-000", "seed", body);
    Tokenize::configure(TokenizeOptions::default())
        .unwrap()
        .process(&mut doc)
        .unwrap();
    TagEntities::configure(TagEntitiesOptions::default())
        .unwrap()
        .process(&mut doc)
        .unwrap();
    doc
}

#[test]
#[cfg_attr(no_shared, ignore = "needs ../shared")]
fn seed_entities_and_links() {
    let gold = gold();
    let body = gold["body"].as_str().expect("body");
    let doc = tag(body);
    let entities = doc.entities.as_ref().expect("entities");

    let mut want: HashMap<(String, String), usize> = HashMap::new();
    for e in gold["entities_in_body"]
        .as_array()
        .expect("entities_in_body")
    {
        let key = (
            e["text"].as_str().unwrap().to_owned(),
            e["label"].as_str().unwrap().to_owned(),
        );
        *want.entry(key).or_default() += 1;
    }
    let mut got: HashMap<(String, String), usize> = HashMap::new();
    for e in entities {
        let key = (doc.span_text(e.span).to_owned(), e.label.name().to_owned());
        *got.entry(key).or_default() += 1;
    }
    let gold_n: usize = want.values().sum();
    let found_n: usize = got.values().sum();
    let correct: usize = got
        .iter()
        .map(|(k, &n)| n.min(want.get(k).copied().unwrap_or(0)))
        .sum();
    let p = correct as f64 / found_n.max(1) as f64;
    let r = correct as f64 / gold_n.max(1) as f64;
    let f1 = 2.0 * p * r / (p + r).max(f64::MIN_POSITIVE);
    let mut missing: Vec<_> = want
        .iter()
        .filter(|(k, n)| got.get(*k).copied().unwrap_or(0) < **n)
        .collect();
    missing.sort();
    let mut extra: Vec<_> = got
        .iter()
        .filter(|(k, n)| want.get(*k).copied().unwrap_or(0) < **n)
        .collect();
    extra.sort();
    eprintln!("seed: P {p:.3} R {r:.3} F1 {f1:.3}\nmissing {missing:?}\nextra {extra:?}");
    assert!(f1 >= 0.90, "seed entity F1 {f1:.3} < 0.90");

    for (short, full) in gold["canonical_people"]
        .as_object()
        .expect("canonical_people")
    {
        let full = full.as_str().unwrap();
        let mentions: Vec<_> = entities
            .iter()
            .filter(|e| e.label.name() == "PER" && doc.span_text(e.span) == short)
            .collect();
        assert!(!mentions.is_empty(), "no PER mention '{short}'");
        for e in mentions {
            assert_eq!(e.canonical, full, "'{short}' should link to '{full}'");
        }
    }
}
