//! A third-party copydesk stage, linked only by the end-to-end tests: `count_words` stores the
//! number of whitespace-separated words of the body in `meta` under a configurable key.
//!
//! ```
//! use copydesk_core::{Configure, Document, Stage};
//! let stage = copydesk_test_plugin::CountWords::configure(Default::default())?;
//! let mut doc = Document::new("a", "-", "three little words");
//! stage.process(&mut doc)?;
//! assert_eq!(doc.meta.extra["word_count"], 3);
//! Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

use copydesk_core::{BuildError, Configure, Document, OptionDoc, Options, Stage, StageError};
use serde::{Deserialize, Serialize};

/// Options of `count_words`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CountWordsOptions {
    /// The `meta` key to store the count under (default `"word_count"`).
    pub key: String,
}

impl Default for CountWordsOptions {
    fn default() -> Self {
        CountWordsOptions {
            key: "word_count".into(),
        }
    }
}

impl Options for CountWordsOptions {
    const DOCS: &'static [OptionDoc] = &[OptionDoc {
        key: "key",
        ty: "string",
        doc: "the meta key to store the count under",
    }];
}

/// The `count_words` stage.
#[derive(Debug)]
pub struct CountWords {
    key: String,
}

impl Configure for CountWords {
    type Options = CountWordsOptions;

    fn configure(options: CountWordsOptions) -> Result<Self, BuildError> {
        if options.key.is_empty() {
            return Err(BuildError::new("`key` must not be empty"));
        }
        Ok(CountWords { key: options.key })
    }
}

impl Stage for CountWords {
    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let n = doc.body.split_whitespace().count();
        doc.meta.extra.insert(self.key.clone(), n.into());
        Ok(())
    }
}

copydesk_core::register_stage!(CountWords {
    name: "count_words",
    summary: "test plugin: counts the body's words into meta",
    requires: [],
    provides: [Meta],
});
