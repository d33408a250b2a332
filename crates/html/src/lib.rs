//! copydesk HTML input: the article body and its metadata out of an HTML page, and the HTML
//! pages out of WARC archives.
//!
//! The driver calls this crate when an input is HTML (`.html`, `.htm`, their `.gz` forms,
//! JSONL records with an `"html"` field, WARC `response` records, or `--input-format html`).
//! It hands the pipeline a [`Document`] whose body is already the article, paragraph by
//! paragraph, with `meta` filled from the markup; the `strip_boilerplate` stage then keeps that
//! body and only adds what it finds in the text (dateline, contributors line …).
//!
//! How:
//! 1. [`decode_html`]: bytes to text (BOM, HTTP header, `<meta charset>`, UTF-8, Windows-1252).
//! 2. html5ever (through `scraper`) parses the page as a browser does.
//! 3. The DOM is laid out into blocks ([`dom`]): block elements and `<br>` break paragraphs,
//!    white space collapses, scripts, styles, `<noscript>`, `<template>`, form controls and
//!    hidden elements are dropped.
//! 4. Each block gets features ([`model`]): tag and ancestors (`article`, `main`, `nav`,
//!    `aside`, `footer`, `figure` …), link density, `class`/`id` words (`comment`, `related`,
//!    `share`, `promo` …), a readability-style container score, position, and the line features
//!    of the text path, computed on the blocks as page text. A two-pass logistic regression
//!    (the second pass sees its neighbours' first-pass scores) marks body blocks; its weights are
//!    trained by `examples/train.rs`, cross-validated by site.
//! 5. [`meta`]: title, date, authors, publisher, language and canonical URL from JSON-LD,
//!    OpenGraph, `<meta>` tags, `<time datetime>`, `<h1>`, `<title>` and `<html lang>`.
//!
//! [`warc`] reads WARC files (plain or gzip, one member per record as Common Crawl writes them)
//! as a stream of records, in flat memory; a truncated or corrupt record is an error for that
//! record only.
//!
//! ```
//! let html = r#"<html lang="en"><head><meta property="og:title" content="Bridge closes">
//!   <meta property="og:site_name" content="Lakeside Courier"></head><body>
//!   <nav><a href="/">Home</a> <a href="/news">News</a></nav>
//!   <article><h1>Bridge closes</h1>
//!   <p>The old river bridge in the centre of the city will close for repairs on Monday, the
//!   city council said, and it will stay closed for at least three months.</p>
//!   <p>Drivers will have to use the ring road, which the council said would be busier than
//!   usual during the morning and the evening.</p></article>
//!   <footer><a href="/about">About us</a> · <a href="/privacy">Privacy</a></footer></body></html>"#;
//! let article = copydesk_html::extract(html);
//! assert!(article.body().starts_with("The old river bridge"));
//! assert!(!article.body().contains("Privacy"));
//! assert_eq!(article.meta.title.as_deref(), Some("Bridge closes"));
//! assert_eq!(article.meta.publisher.as_deref(), Some("Lakeside Courier"));
//! assert_eq!(article.meta.language.as_deref(), Some("en"));
//! ```
#![deny(missing_docs)]

mod charset;
mod depth;
pub mod dom;
pub mod meta;
pub mod model;
pub mod warc;
mod weights;

use copydesk_core::{Document, Span};

pub use charset::{charset_param, decode_html};
pub use meta::HtmlMeta;

/// The article found in a page.
#[derive(Debug, Clone, Default)]
pub struct Article {
    /// The body's paragraphs, in order.
    pub paragraphs: Vec<String>,
    /// What the markup says about the article.
    pub meta: HtmlMeta,
    /// Warnings about the page (lowercase, no period).
    pub warnings: Vec<String>,
}

impl Article {
    /// The paragraphs joined by one blank line.
    pub fn body(&self) -> String {
        self.paragraphs.join("\n\n")
    }

    /// A document with this article as its body (paragraph spans set) and `meta` filled;
    /// the raw page stays available as [`Document::input`].
    pub fn into_document(self, id: String, source: String, page: String) -> Document {
        let mut doc = Document::new(id, source, page);
        let mut body = String::new();
        let mut spans = Vec::with_capacity(self.paragraphs.len());
        for p in &self.paragraphs {
            if !body.is_empty() {
                body.push_str("\n\n");
            }
            spans.push(Span::new(body.len(), body.len() + p.len()));
            body.push_str(p);
        }
        doc.replace_body(body);
        doc.paragraphs = Some(spans);
        let (m, h) = (&mut doc.meta, self.meta);
        m.title = h.title;
        m.date = h.date;
        m.authors = h.authors;
        m.publisher = h.publisher;
        m.language = h.language;
        if let Some(url) = h.canonical_url {
            m.extra.insert("canonical_url".into(), url.into());
        }
        for w in self.warnings {
            doc.warn("input", w);
        }
        if doc.body.is_empty() {
            doc.warn("input", "no article text found in the HTML page");
        }
        doc
    }
}

/// A parsed page: its blocks, their feature rows and the markup's metadata (what the
/// `train` example and [`extract`] share).
#[derive(Debug)]
pub struct Analysis {
    /// The blocks in reading order.
    pub blocks: Vec<dom::Block>,
    /// One feature row per block ([`model::feature_names`]).
    pub rows: Vec<Vec<f32>>,
    /// The markup's metadata.
    pub meta: HtmlMeta,
    /// Whether the page was nested too deeply and was flattened before parsing.
    pub flattened: bool,
}

/// Parses and lays out a page and computes its block features.
pub fn analyze(html: &str) -> Analysis {
    let (html, flattened) = depth::guard(html);
    let doc = scraper::Html::parse_document(&html);
    let meta = meta::extract(&doc);
    let blocks = dom::blocks(&doc);
    drop(doc);
    let rows = model::features(&blocks, meta.title.as_deref());
    Analysis {
        blocks,
        rows,
        meta,
        flattened,
    }
}

/// The article body and metadata of an HTML page.
pub fn extract(html: &str) -> Article {
    let a = analyze(html);
    let m = model::Model::shipped();
    let p = m.probabilities(&a.rows);
    let paragraphs = select(&a.blocks, &p, m.threshold);
    let warnings = if a.flattened {
        vec![format!(
            "page nested deeper than {} elements: laid out without its structure",
            depth::MAX_DEPTH
        )]
    } else {
        Vec::new()
    };
    Article {
        paragraphs,
        meta: a.meta,
        warnings,
    }
}

/// The texts of the blocks whose probability reaches `threshold`.
pub fn select(blocks: &[dom::Block], p: &[f32], threshold: f32) -> Vec<String> {
    blocks
        .iter()
        .zip(p)
        .filter(|(_, p)| **p >= threshold)
        .map(|(b, _)| b.text.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_hostile_pages() {
        assert!(extract("").paragraphs.is_empty());
        assert!(extract("<<<>>>&&&").meta.title.is_none());
        let doc = extract("<p>x</p>").into_document("a".into(), "a.html".into(), "<p>x</p>".into());
        doc.check_invariants().unwrap();
    }
}
