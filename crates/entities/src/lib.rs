//! copydesk stage crate: named-entity tagging (PER, ORG, LOC, MISC, the CoNLL-2003 scheme)
//! with names linked within each article.
//!
//! The stage `tag_entities` ([`TagEntities`]) reads the `tokens` and `sentences` layers and
//! fills `entities`. It is a statistical tagger trained by copydesk itself:
//!
//! - an **averaged perceptron** (Collins 2002) over **hashed features** (2^20 buckets × 17
//!   BILOU labels, quantised to `i16`; in memory only the non-zero buckets, one 64-byte cache
//!   line each, behind a bucket index), decoded **greedily left to
//!   right** with the two previous predictions as features. Why greedy rather than Viterbi:
//!   Ratinov & Roth (2009) found greedy BILOU decoding as accurate on CoNLL-2003, and it lets
//!   features use any earlier decision in the document (Viterbi's locality forbids that), at
//!   O(labels) rather than O(labels²) per token;
//! - features: word, lower case, shape, prefixes and suffixes, a ±2 word window, word
//!   bigrams, separate case features in all-capitals headlines, sentence position, gazetteer
//!   matches around the token, and document-level (non-local) features: how the document
//!   writes the word elsewhere, how it was tagged earlier in the document (prediction
//!   history), the contexts of its other occurrences (context aggregation), and — in a
//!   **second pass** — how the first pass tagged all its occurrences;
//! - training feeds the gold labels forward as previous labels and history (teacher forcing;
//!   about +2 F1 on CoNLL-2003 dev over feeding back predictions), and the second pass learns
//!   from first-pass labels of jackknife models that never saw the document;
//! - after tagging, document consistency rules: a person's surname elsewhere in the article
//!   is that person, and a title or body merged with a following "First Last" is split;
//!   span hygiene: no name ends in punctuation or a lower-case function word ("BBC for"),
//!   and a leading title is not part of it (`Ms` without its full stop is read as `Ms.`);
//! - text written in one case (all capitals or all lower case: headlines, slugs, social
//!   posts) goes to a second, **caseless** model trained on the same data lower-cased;
//! - the weights of a word type's static features are summed once and kept in a per-thread
//!   cache of the most used types, a token's document-only features once per document, and
//!   previous-label weights come from a dense table, so tagging costs a handful of table
//!   lookups per token.
//!
//! Then each entity gets `canonical`: a person's short form links to the fullest mention
//! ("Blinken" → "Antony Blinken"), country variants to one name ("U.S." → "United States"),
//! acronyms to their expansion when the article gives it.
//!
//! Training is part of the library ([`train`], behind `copydesk train entities`): it reads
//! CoNLL files, is reproducible (same data and seed, same model bytes), reports dev F1 per
//! epoch and keeps the best epoch; [`cross_validate`] chooses settings on the training data.
//! The models trained on CoNLL-2003 and the open sets are embedded in the binary
//! ([`Model::embedded`], [`Model::embedded_caseless`]).
//!
//! It does **not** tokenize (any token spans work; newswire/PTB-like tokens work best), find
//! sentence boundaries, resolve pronouns, or link names across documents.
//!
//! | key | type | default | meaning |
//! |---|---|---|---|
//! | `model` | string (path) | `""` | model file from `copydesk train entities`; empty: the embedded models (cased, and caseless for text in one case) |
//! | `gazetteer` | boolean | `true` | use gazetteer features (models are trained with them) |
//! | `labels` | array of strings | `["PER", "ORG", "LOC", "MISC"]` | labels to emit |
//!
//! ```
//! use copydesk_core::{Configure, Document, Span, Stage};
//! use copydesk_entities::{TagEntities, TagEntitiesOptions};
//!
//! let text = "Antony Blinken arrived in Geneva on Monday . Blinken met reporters .";
//! let mut doc = Document::new("d1", "inline", text);
//! let mut tokens = Vec::new();
//! let mut at = 0;
//! for word in text.split(' ') {
//!     tokens.push(Span::new(at, at + word.len()));
//!     at += word.len() + 1;
//! }
//! let dot = text.find(". ").unwrap() + 1;
//! doc.sentences = Some(vec![Span::new(0, dot), Span::new(dot + 1, text.len())]);
//! doc.tokens = Some(tokens);
//!
//! let stage = TagEntities::configure(TagEntitiesOptions::default())?;
//! stage.process(&mut doc)?;
//! let found: Vec<(&str, &str, &str)> = doc
//!     .entities
//!     .as_ref()
//!     .unwrap()
//!     .iter()
//!     .map(|e| (doc.span_text(e.span), e.label.name(), e.canonical.as_str()))
//!     .collect();
//! assert_eq!(
//!     found,
//!     [
//!         ("Antony Blinken", "PER", "Antony Blinken"),
//!         ("Geneva", "LOC", "Geneva"),
//!         ("Blinken", "PER", "Antony Blinken"),
//!     ]
//! );
//! Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod conll;
mod error;
mod features;
mod gazetteer;
mod hash;
mod label;
mod link;
mod model;
mod stage;
mod tagger;
mod train;

pub use error::{ModelError, TrainError};
pub use model::Model;
pub use stage::{TagEntities, TagEntitiesOptions};
pub use train::{EpochReport, Score, TrainOptions, TrainReport, cross_validate, train};
