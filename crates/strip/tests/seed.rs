//! The seed page: body equal to the gold body paragraph for paragraph, and meta equal to the
//! gold meta. Reads `../shared` beside the checkout; ignored when it is absent (see `tests/shared.rs`).

use std::path::PathBuf;

use copydesk_core::{Configure, Document, Stage};
use copydesk_strip::{Strip, StripOptions};

fn shared() -> PathBuf {
    PathBuf::from(env!("COPYDESK_SHARED_DIR"))
}

#[test]
#[cfg_attr(no_shared, ignore = "needs ../shared")]
fn seed_page_gives_the_gold_body_and_meta() -> Result<(), Box<dyn std::error::Error>> {
    let shared = shared();
    let page = std::fs::read_to_string(shared.join("seeds/000_12c0310f216231ed.txt"))?;
    let gold: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(
        shared.join("gold/seed-000.gold.json"),
    )?)?;

    let strip = Strip::configure(StripOptions::default())?;
    let mut doc = Document::new("seed-000", "seed", page);
    strip.process(&mut doc)?;

    let want: Vec<&str> = gold["body"].as_str().unwrap_or("").split("\n\n").collect();
    let paragraphs = doc.paragraphs.clone().unwrap_or_default();
    let got: Vec<&str> = paragraphs.iter().map(|&p| doc.span_text(p)).collect();
    for (i, (g, w)) in got.iter().zip(&want).enumerate() {
        assert_eq!(g, w, "paragraph {i}");
    }
    assert_eq!(got.len(), want.len(), "paragraph count");
    assert_eq!(doc.body, gold["body"].as_str().unwrap_or(""));

    let meta = serde_json::to_value(&doc.meta)?;
    let gold_meta = gold["meta"]
        .as_object()
        .ok_or("gold meta is not an object")?;
    for (key, value) in gold_meta {
        assert_eq!(&meta[key.as_str()], value, "meta.{key}");
    }
    assert!(doc.diagnostics.is_empty(), "{:?}", doc.diagnostics);
    Ok(())
}
