//! Pages written for the project (in `tests/fixtures/pages/` at the repository root) and the
//! article body each is meant to give (in `crates/strip/tests/fixtures/<name>.body.txt`).

use std::path::PathBuf;

use copydesk_core::{Configure, Document, Stage};
use copydesk_strip::{Strip, StripOptions};

fn run(name: &str) -> Result<(Document, String), Box<dyn std::error::Error>> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let page =
        std::fs::read_to_string(root.join(format!("../../tests/fixtures/pages/{name}.txt")))?;
    let want = std::fs::read_to_string(root.join(format!("tests/fixtures/{name}.body.txt")))?;
    let strip = Strip::configure(StripOptions::default())?;
    let mut doc = Document::new(name, name, page);
    strip.process(&mut doc)?;
    Ok((doc, want.trim_end().to_owned()))
}

fn check(name: &str) -> Result<Document, Box<dyn std::error::Error>> {
    let (doc, want) = run(name)?;
    let got: Vec<&str> = doc.body.split("\n\n").collect();
    let want: Vec<&str> = want.split("\n\n").collect();
    for (i, (g, w)) in got.iter().zip(&want).enumerate() {
        assert_eq!(g, w, "{name}: paragraph {i}");
    }
    assert_eq!(
        got.len(),
        want.len(),
        "{name}: paragraph count\n{}",
        doc.body
    );
    let spans = doc.paragraphs.clone().unwrap_or_default();
    assert_eq!(spans.len(), want.len());
    for (span, w) in spans.iter().zip(&want) {
        assert_eq!(doc.span_text(*span), *w);
    }
    Ok(doc)
}

#[test]
fn agency_wire_copy() -> Result<(), Box<dyn std::error::Error>> {
    let doc = check("wire-talks")?;
    let m = &doc.meta;
    assert_eq!(
        m.title.as_deref(),
        Some("EU, Norway Open Fishing Talks as Arctic Quota Dispute Deepens")
    );
    assert_eq!(m.date.as_deref(), Some("2024-03-14"));
    assert_eq!(m.authors, vec!["Lena Brandt", "Tomas Okafor"]);
    assert_eq!(m.publisher.as_deref(), Some("Associated Press"));
    let dl = m.dateline.as_ref().ok_or("no dateline")?;
    assert_eq!(dl.place, "OSLO, Norway");
    assert_eq!(dl.agency.as_deref(), Some("AP"));
    assert_eq!(m.captions.len(), 1);
    assert!(m.captions[0].ends_with("(Erik Sand/NTB via AP)"));
    assert_eq!(
        m.contributors_line.as_deref(),
        Some("Anna Kowalska in Brussels and Jonas Berg in Tromso contributed.")
    );
    assert_eq!(m.language.as_deref(), Some("en"));
    Ok(())
}

#[test]
fn blog_post_with_comments() -> Result<(), Box<dyn std::error::Error>> {
    let doc = check("blog-soup")?;
    assert_eq!(
        doc.meta.title.as_deref(),
        Some("Slow-Roasted Tomato Soup for Cold Evenings")
    );
    assert_eq!(doc.meta.date.as_deref(), Some("2023-10-03"));
    assert_eq!(doc.meta.authors, vec!["Mira Castell"]);
    Ok(())
}

#[test]
fn news_page_with_comments_below() -> Result<(), Box<dyn std::error::Error>> {
    let doc = check("comments-council")?;
    assert_eq!(
        doc.meta.title.as_deref(),
        Some("Council Votes to Keep Riverside Library Open After Long Night of Debate")
    );
    assert_eq!(doc.meta.date.as_deref(), Some("2023-11-08"));
    assert_eq!(doc.meta.authors, vec!["Daniel Moreau"]);
    Ok(())
}

#[test]
fn german_page() -> Result<(), Box<dyn std::error::Error>> {
    let doc = check("de-rathaus")?;
    assert_eq!(
        doc.meta.title.as_deref(),
        Some("Neues Dach für das alte Rathaus: Sanierung beginnt im Frühjahr")
    );
    assert_eq!(doc.meta.date.as_deref(), Some("2024-03-12"));
    assert_eq!(doc.meta.authors, vec!["Anna Weber"]);
    assert_eq!(doc.meta.language.as_deref(), Some("de"));
    Ok(())
}

#[test]
fn a_publication_in_the_byline_is_the_publisher() -> Result<(), Box<dyn std::error::Error>> {
    let doc = check("byline-courier")?;
    assert_eq!(
        doc.meta.title.as_deref(),
        Some("Night Ferry to Pine Island Returns After Two-Year Pause")
    );
    assert_eq!(doc.meta.date.as_deref(), Some("2026-06-02"));
    assert_eq!(doc.meta.authors, vec!["Dana Whitfield"]);
    assert_eq!(doc.meta.publisher.as_deref(), Some("Lakeside Courier"));
    Ok(())
}
