//! Property: whatever the page, the stage returns spans that slice the body, and never panics.

use copydesk_core::{Configure, Document, Stage};
use copydesk_strip::{Strip, StripOptions};
use proptest::prelude::*;

fn run(page: &str) {
    let strip = Strip::configure(StripOptions::default()).expect("defaults build");
    let mut doc = Document::new("p", "p", page);
    strip.process(&mut doc).expect("process never fails");
    for p in doc.paragraphs.as_deref().unwrap_or_default() {
        assert!(
            doc.body.get(p.range()).is_some(),
            "span {p:?} does not slice the body"
        );
    }
    if doc.body.is_empty() {
        assert!(
            !doc.diagnostics.is_empty(),
            "an empty body comes with a warning"
        );
    }
}

/// Lines made of page-like pieces, so the generator reaches the interesting code paths.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("GENEVA (AP) — ".to_string()),
        Just("___".to_string()),
        Just("by Ann Lee and Bo Chan, Wire".to_string()),
        Just("March 4, 2021by ".to_string()),
        Just("(Ann Lee/Pool via AP)".to_string()),
        Just("Read More".to_string()),
        Just("… ".to_string()),
        Just("12 Comments".to_string()),
        Just("Bo Chan contributed.".to_string()),
        Just("“".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        "[a-zA-Z ,.]{0,80}",
        "\\PC{0,40}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_text(page in "\\PC{0,400}") {
        run(&page);
    }

    #[test]
    fn page_like_text(pieces in proptest::collection::vec(piece(), 0..60)) {
        run(&pieces.concat());
    }
}
