//! The heart of copydesk: the [`Document`] every stage fills, the [`Stage`] and [`Writer`]
//! traits, the registration records that make stages and writers pluggable, and typed errors.
//!
//! This crate does no IO and knows no concrete stage. Stage crates depend on it and register
//! themselves with [`register_stage!`] / [`register_writer!`]; the driver looks them up by the
//! names a pipeline TOML file gives.
//!
//! Offsets: every layer stores **byte** ranges into [`Document::body`] ([`Span`]); every
//! serialized offset is a `[start, end)` pair of **Unicode code point** offsets into `body`
//! (the convention of spaCy, brat and Python). [`CharIndex`] does the conversion.
//!
//! ```
//! use copydesk_core::{Document, Span};
//!
//! let mut doc = Document::new("d1", "inline", "Blinken said “no.”");
//! doc.tokens = Some(vec![Span::new(0, 7), Span::new(8, 12)]);
//! let json = serde_json::to_value(&doc)?;
//! assert_eq!(json["tokens"][1], serde_json::json!([8, 12]));
//! assert_eq!(doc.span_text(Span::new(0, 7)), "Blinken");
//! Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod document;
mod error;
mod offsets;
mod options;
mod output;
mod registry;

pub use document::{
    Dateline, Diagnostic, Document, Entity, EntityLabel, Layer, Meta, Quote, QuoteKind, Span,
    SpeakerType,
};
pub use error::{BuildError, ConfigError, StageError, WriteError};
pub use offsets::CharIndex;
pub use options::{OptionDoc, Options, StageOptions};
pub use output::{Output, OutputFile};
pub use registry::{
    Configure, Stage, StageRegistration, Writer, WriterRegistration, find_stage, find_writer,
    stages, writers,
};

#[doc(hidden)]
pub use inventory as __inventory;
