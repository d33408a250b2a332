//! copydesk stage `strip_boilerplate`: the article body and its metadata out of a copied
//! news page.
//!
//! The input is the text a reader gets by selecting and copying a whole web page: the article
//! plus page chrome (menus, "A+ a-" buttons, teasers of other stories ending in "Read More",
//! "scroll top"). The stage replaces [`Document::body`](copydesk_core::Document::body) with the
//! article's paragraphs joined by one blank line, fills the `paragraphs` layer with their byte
//! spans, and fills [`Meta`](copydesk_core::Meta): title, date (ISO 8601), authors, publisher,
//! dateline (place, agency), photo captions with their credits, the contributors line and the
//! language.
//!
//! How: every non-empty line gets shallow features (length, stop-word density for nine
//! languages, punctuation, sentence shape, position, repetition on the page, "Read More" and
//! "…" endings, date and "by …" lines, runs of short menu lines, link-like text, chrome words,
//! and the same of its neighbours). A logistic-regression model trained on the dev pages by
//! the `train` example (`cargo run --release -p copydesk-strip --example train`, cross-validated
//! across sites) turns them into probabilities; the article is the maximum-sum contiguous run
//! of lines, trimmed by news cues: a dateline (`GENEVA (AP) —`) opens the body, a `___` rule
//! or a "… contributed." line closes it.
//!
//! It does not read HTML, does not split sentences or tokens (see the `tokenize` stage), and
//! keeps only one article per page. A page with no article gets an empty body and a warning;
//! no input makes it panic.
//!
//! # Options (`[stage.options]`)
//!
//! | key | type | default | meaning |
//! |---|---|---|---|
//! | `drop_phrases` | array of strings | `[]` | a line containing one of these (ASCII case-insensitive) is never body |
//! | `drop_patterns` | array of strings | `[]` | a line matching one of these regular expressions is never body |
//! | `min_paragraph_chars` | integer | `0` | body paragraphs shorter than this many characters are dropped |
//! | `keep_captions` | boolean | `false` | keep photo captions inside the body (they always go to `meta.captions`) |
//! | `news_cues` | boolean | `true` | a dateline opens the body; a `___` rule or a contributors line closes it |
//! | `bias` | float | `0.0` | added to every line's log-odds: positive keeps more text, negative less |
//! | `metadata` | boolean | `true` | fill `meta` (fields the input already set are kept) |
//!
//! # Example
//!
//! ```
//! use copydesk_core::{Configure, Document, Stage};
//! use copydesk_strip::{Strip, StripOptions};
//!
//! let page = "Home\nWorld\nSports\n\n\
//!     River Bridge Closes for Repairs\n\n\
//!     March 4, 2021by Ann Lee, Wire Service\n\n\
//!     OSLO (Wire) — The old river bridge in the centre of the city will close for repairs on Monday, \
//!     the city council said, and it will stay closed for at least three months while the work goes on.\n\n\
//!     Drivers will have to use the ring road, which the council said would be busier than usual \
//!     during the morning and the evening, when most people travel to and from work.\n\n\
//!     “We know this is hard for everyone, and we are sorry for the trouble,” the mayor said at a \
//!     meeting with residents on Thursday evening in the town hall.\n\n\
//!     ___\n\n\
//!     Bo Chan in Oslo contributed.\n\n\
//!     A+\na-\nscroll top";
//! let strip = Strip::configure(StripOptions::default())?;
//! let mut doc = Document::new("d1", "inline", page);
//! strip.process(&mut doc)?;
//! assert!(doc.body.starts_with("OSLO (Wire) — The old river bridge"));
//! assert!(doc.body.ends_with("in the town hall."));
//! assert_eq!(doc.paragraphs.as_ref().map(Vec::len), Some(3));
//! assert_eq!(doc.meta.title.as_deref(), Some("River Bridge Closes for Repairs"));
//! assert_eq!(doc.meta.date.as_deref(), Some("2021-03-04"));
//! assert_eq!(doc.meta.authors, vec!["Ann Lee".to_string()]);
//! assert_eq!(doc.meta.publisher.as_deref(), Some("Wire Service"));
//! assert_eq!(doc.meta.dateline.as_ref().map(|d| d.place.as_str()), Some("OSLO"));
//! assert_eq!(doc.meta.contributors_line.as_deref(), Some("Bo Chan in Oslo contributed."));
//! Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod dates;
mod extract;
mod lang;
mod meta;
mod model;
mod options;
mod page;
mod weights;

pub use extract::Extraction;
pub use options::{Strip, StripOptions};

#[doc(hidden)]
pub use extract::Decoding;
#[doc(hidden)]
pub use model::{CONTEXT_NAMES, Lr, Model, NCTX, context_features, sigmoid};
#[doc(hidden)]
pub use page::{FEATURE_NAMES, Line, NFEAT, Page};

copydesk_core::register_stage!(Strip {
    name: "strip_boilerplate",
    summary: "the article body, its paragraphs and metadata out of a copied news page",
    requires: [],
    provides: [Body, Meta, Paragraphs],
});
