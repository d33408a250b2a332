//! `StripOptions` (serde) and the `Strip` stage built from them.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder};
use copydesk_core::{BuildError, Configure, Document, OptionDoc, Options, Stage, StageError};
use regex::RegexSet;
use serde::{Deserialize, Serialize};

use crate::extract::{Decoding, DropRule, Extraction, Knobs, extract};
use crate::model::{FoldedModel, Model};

/// The name the stage is registered under (and signs its warnings with).
const STAGE: &str = "strip_boilerplate";

/// Options of the `strip_boilerplate` stage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StripOptions {
    /// Phrases that mark a line as chrome: a line containing one (ASCII case-insensitive) is
    /// never part of the body. Default: `[]`.
    pub drop_phrases: Vec<String>,
    /// Regular expressions (Rust `regex` syntax) that mark a line as chrome: a line matching
    /// one is never part of the body. Default: `[]`.
    pub drop_patterns: Vec<String>,
    /// Body paragraphs shorter than this many characters are dropped. Default: `0`.
    pub min_paragraph_chars: u32,
    /// Keep photo captions inside the body; they go to `meta.captions` either way.
    /// Default: `false`.
    pub keep_captions: bool,
    /// News cues: a dateline (`GENEVA (AP) —`) opens the body; a `___` rule or a
    /// "… contributed." line closes it. Default: `true`.
    pub news_cues: bool,
    /// Added to every line's log-odds of being article text: positive keeps more, negative
    /// less. Default: `0.0`.
    pub bias: f32,
    /// Fill `meta` (title, date, authors, publisher, dateline, captions, contributors line,
    /// language); fields the input already set are kept. Default: `true`.
    pub metadata: bool,
}

impl Default for StripOptions {
    fn default() -> Self {
        StripOptions {
            drop_phrases: Vec::new(),
            drop_patterns: Vec::new(),
            min_paragraph_chars: 0,
            keep_captions: false,
            news_cues: true,
            bias: 0.0,
            metadata: true,
        }
    }
}

impl Options for StripOptions {
    const DOCS: &'static [OptionDoc] = &[
        OptionDoc {
            key: "drop_phrases",
            ty: "array of strings",
            doc: "a line containing one of these phrases (ASCII case-insensitive) is never body",
        },
        OptionDoc {
            key: "drop_patterns",
            ty: "array of strings",
            doc: "a line matching one of these regular expressions is never body",
        },
        OptionDoc {
            key: "min_paragraph_chars",
            ty: "integer",
            doc: "body paragraphs shorter than this many characters are dropped",
        },
        OptionDoc {
            key: "keep_captions",
            ty: "boolean",
            doc: "keep photo captions in the body (they always go to meta.captions)",
        },
        OptionDoc {
            key: "news_cues",
            ty: "boolean",
            doc: "a dateline opens the body, a ___ rule or a contributors line closes it",
        },
        OptionDoc {
            key: "bias",
            ty: "float",
            doc: "added to each line's log-odds: positive keeps more text, negative less",
        },
        OptionDoc {
            key: "metadata",
            ty: "boolean",
            doc: "fill meta (title, date, authors, publisher, dateline, captions, contributors, language)",
        },
    ];
}

/// The user's drop rules, compiled.
#[derive(Debug, Clone, Default)]
struct Drops {
    phrases: Option<AhoCorasick>,
    patterns: Option<RegexSet>,
}

impl DropRule for Drops {
    fn drops(&self, line: &str) -> bool {
        self.phrases.as_ref().is_some_and(|ac| ac.is_match(line))
            || self.patterns.as_ref().is_some_and(|re| re.is_match(line))
    }
}

/// The `strip_boilerplate` stage: finds the article in a copied page.
#[derive(Debug, Clone)]
pub struct Strip {
    knobs: Knobs,
    drops: Drops,
    model: Model,
    folded: FoldedModel,
    decoding: Decoding,
}

impl Configure for Strip {
    type Options = StripOptions;

    fn configure(options: StripOptions) -> Result<Self, BuildError> {
        Strip::with_model(options, Model::builtin().clone(), crate::weights::DECODING)
    }
}

impl Strip {
    /// A stage with a model of your own (for training and experiments).
    #[doc(hidden)]
    pub fn with_model(
        options: StripOptions,
        model: Model,
        decoding: Decoding,
    ) -> Result<Self, BuildError> {
        if !options.bias.is_finite() {
            return Err(BuildError::new(
                "`bias` must be a number between -3.4e38 and 3.4e38 (a few units is typical)",
            )
            .at_key("bias", None));
        }
        let phrases: Vec<&String> = options
            .drop_phrases
            .iter()
            .filter(|p| !p.is_empty())
            .collect();
        let phrases = if phrases.is_empty() {
            None
        } else {
            Some(
                AhoCorasickBuilder::new()
                    .ascii_case_insensitive(true)
                    .build(phrases)
                    .map_err(|e| BuildError::new(format!("invalid `drop_phrases`: {e}")))?,
            )
        };
        let patterns = if options.drop_patterns.is_empty() {
            None
        } else {
            Some(RegexSet::new(&options.drop_patterns).map_err(|e| {
                // Name the pattern that failed, so the error is reported at its line.
                let bad = options
                    .drop_patterns
                    .iter()
                    .position(|p| regex::Regex::new(p).is_err());
                BuildError::new(format!(
                    "invalid regular expression in `drop_patterns`: {e}"
                ))
                .at_key("drop_patterns", bad)
            })?)
        };
        Ok(Strip {
            knobs: Knobs {
                bias: options.bias,
                min_paragraph_chars: options.min_paragraph_chars,
                keep_captions: options.keep_captions,
                news_cues: options.news_cues,
                metadata: options.metadata,
            },
            drops: Drops { phrases, patterns },
            folded: model.fold(),
            model,
            decoding,
        })
    }

    /// Each non-empty line's byte range and probability of being article text (debugging).
    #[doc(hidden)]
    pub fn line_probabilities(&self, page: &str) -> Vec<(usize, usize, f32)> {
        let p = crate::page::Page::analyze(page);
        let z = self.model.logits(&p.features());
        p.lines
            .iter()
            .zip(z)
            .map(|(l, z)| (l.start, l.end, crate::model::sigmoid(z + self.knobs.bias)))
            .collect()
    }

    /// Finds the article in a page's text.
    pub fn extract(&self, page: &str) -> Extraction {
        extract(page, &self.folded, &self.decoding, &self.knobs, &self.drops)
    }
}

fn fill<T>(slot: &mut Option<T>, value: Option<T>) {
    if slot.is_none() {
        *slot = value;
    }
}

impl Stage for Strip {
    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let found = self.extract(&doc.body);
        // An HTML page arrives with its article already extracted (copydesk-html): keep it
        // and take only the metadata.
        if !doc.body_replaced() || doc.paragraphs.is_none() {
            doc.replace_body(found.body);
            doc.paragraphs = Some(found.paragraphs);
        }
        if self.knobs.metadata {
            let (meta, new) = (&mut doc.meta, found.meta);
            fill(&mut meta.title, new.title);
            fill(&mut meta.date, new.date);
            fill(&mut meta.publisher, new.publisher);
            fill(&mut meta.dateline, new.dateline);
            fill(&mut meta.contributors_line, new.contributors_line);
            fill(&mut meta.language, new.language);
            if meta.authors.is_empty() {
                meta.authors = new.authors;
            }
            if meta.captions.is_empty() {
                meta.captions = new.captions;
            }
        }
        for w in found.warnings {
            doc.warn(STAGE, w);
        }
        Ok(())
    }
}
