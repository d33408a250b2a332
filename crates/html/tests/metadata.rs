//! Metadata from the crate's own HTML fixtures: JSON-LD (`@graph`), OpenGraph only, and bare
//! `<meta>` tags.

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn json_ld_graph() {
    let a = copydesk_html::extract(&fixture("jsonld.html"));
    let m = &a.meta;
    assert_eq!(
        m.title.as_deref(),
        Some("Ferry service resumes after storm")
    );
    assert_eq!(m.date.as_deref(), Some("2025-11-03"));
    assert_eq!(m.authors, ["Mara Quist", "Tobias Reel"]);
    assert_eq!(m.publisher.as_deref(), Some("Harbour Gazette"));
    assert_eq!(m.language.as_deref(), Some("en"));
    assert_eq!(
        m.canonical_url.as_deref(),
        Some("https://harbour-gazette.example/news/ferry-service-resumes")
    );
    let body = a.body();
    assert!(body.contains("The island ferry sailed again"), "{body}");
    assert!(body.contains("shortly after seven o'clock"), "{body}");
    assert!(!body.contains("Privacy"), "{body}");
    assert!(!body.contains("Pier repairs"), "{body}");
}

#[test]
fn opengraph_only() {
    let a = copydesk_html::extract(&fixture("opengraph.html"));
    let m = &a.meta;
    assert_eq!(m.title.as_deref(), Some("Village library opens on Sundays"));
    assert_eq!(m.date.as_deref(), Some("2024-06-09"));
    // article:author is a profile URL, not a name.
    assert!(m.authors.is_empty());
    assert_eq!(m.publisher.as_deref(), Some("Valley Post"));
    assert_eq!(m.language.as_deref(), Some("fr"));
    assert_eq!(
        m.canonical_url.as_deref(),
        Some("https://valleypost.example/2024/library-sundays")
    );
    assert!(a.body().contains("four hundred families"));
}

#[test]
fn bare_meta_tags() {
    let a = copydesk_html::extract(&fixture("bare-meta.html"));
    let m = &a.meta;
    // No JSON-LD or OpenGraph: the <meta name=…> tags, then <h1> over <title>.
    assert_eq!(
        m.title.as_deref(),
        Some("Nieuwe fietsbrug over het kanaal geopend")
    );
    assert_eq!(m.date.as_deref(), Some("2023-02-17"));
    assert_eq!(m.authors, ["Joost Verlinde"]);
    assert_eq!(m.publisher, None);
    assert_eq!(m.language.as_deref(), Some("nl"));
    assert!(
        a.body()
            .contains("fietsbrug over het kanaal is donderdagmiddag geopend")
    );
}
