//! The `extract_quotes` stage: direct quotes, partial quotes and reported speech, each with
//! its cue and its resolved speaker.
//!
//! It reads the `tokens`, `sentences` and `paragraphs` layers (from `tokenize`) and fills
//! `doc.quotes` with [`copydesk_core::Quote`]s:
//!
//! - **direct**: the content is wholly quoted (`“We will win,” she said.`); a quote the cue
//!   interrupts (`“A,” she said. “B.”`) or that continues into the next paragraph is one quote
//!   with several `spans`;
//! - **partial**: a quoted fragment inside reported speech (`Sherman “affirmed that …,” Price
//!   said`);
//! - **indirect**: reported speech without quotation marks (`Blinken said Sunday that …`,
//!   `…, Ryabkov said`, `according to Tass`).
//!
//! Quotation marks of every kind are paired per paragraph (`“ ”`, `‘ ’`, `"`, `'`, `« »`,
//! `„ “`, ``` `` '' ```), nested single quotes stay inside their double quote, an unclosed
//! mark is recovered within its paragraph, and apostrophes (don’t, ’90s, Russia’s) are never
//! quotes. Quoted text with no speech cue — titles (ABC’s “This Week”), names, scare quotes —
//! is not a quote.
//!
//! Speakers: the mention next to the cue (`X said`, `said X`, `X, the Y of Z, said`, `X, who
//! said`, a pronoun) is the `speaker_span`; `speaker` is the resolved name and `speaker_type`
//! what it names: a surname becomes the full name seen earlier ("Price" → "Ned Price"), titles
//! are dropped ("Mayor Alan Fisk" → "Alan Fisk"), `he`/`she` become the most recent person of a
//! compatible gender (first-name and title lists), `it`/`they`/`we` the organisation or group
//! that spoke or was named last in the same or the previous paragraph, organisations keep
//! their full name ("Greenpeace Nordic"), groups their whole noun phrase ("fishing crews in
//! the port of Tromso"); a lone determiner or adjective is never a speaker. When
//! `tag_entities` ran first, entity `canonical` names are used instead.
//! A cue-less quote opening the paragraph after a speaker's quote continues it.
//!
//! Spans follow the PolNeAR conventions: a report's content is what follows the cue (`that`
//! included) up to the end of its clause, or what precedes `, X said`; only the outermost
//! report is kept when reports nest (`X said that Y told Z …`); a source may serve several
//! reports (`X said …, adding that …`). The cue lexicon holds a few hundred speech and
//! attitude verbs; `extra_cue_verbs` adds more.
//!
//! It does not parse syntax, does not find speakers of quotes that have no cue in or next
//! to their paragraph, and does not resolve `I`/`you` (their `speaker` stays empty while
//! `speaker_span` points at the pronoun). Everything runs in linear time: every scan
//! around a cue is bounded (`max_apposition_tokens`, `max_content_tokens`), and tokens
//! claimed by one report are never scanned for another.
//!
//! # Options
//!
//! | key | type | default | meaning |
//! |---|---|---|---|
//! | `kinds` | array of strings | `["direct", "partial", "indirect"]` | kinds to emit |
//! | `extra_cue_verbs` | array of strings | `[]` | more speech verbs (every form you want matched, e.g. `"opined"`) |
//! | `min_quote_words` | integer | `1` | drop quotes whose content has fewer words |
//! | `single_quotes` | boolean | `true` | treat `‘…’` and `'…'` as quotation marks (headline style) |
//! | `continuation` | boolean | `true` | join cue-less quotes to the speaker just before them |
//! | `max_apposition_tokens` | integer | `30` | longest `X, the Y of Z, said` apposition |
//! | `max_content_tokens` | integer | `400` | longest content taken around one cue |
//!
//! # Example
//!
//! ```
//! use copydesk_core::{Configure, Document, QuoteKind, Span, Stage};
//! use copydesk_quotes::{ExtractQuotes, ExtractQuotesOptions};
//!
//! let text = "“We will win,” Smith said.";
//! let mut doc = Document::new("d", "inline", text);
//! // Normally from the `tokenize` stage.
//! let words = ["“", "We", "will", "win", ",", "”", "Smith", "said", "."];
//! let mut tokens = Vec::new();
//! let mut at = 0;
//! for w in words {
//!     let s = text[at..].find(w).unwrap() + at;
//!     tokens.push(Span::new(s, s + w.len()));
//!     at = s + w.len();
//! }
//! doc.tokens = Some(tokens);
//! doc.sentences = Some(vec![Span::new(0, text.len())]);
//! doc.paragraphs = Some(vec![Span::new(0, text.len())]);
//!
//! let stage = ExtractQuotes::configure(ExtractQuotesOptions::default())?;
//! stage.process(&mut doc)?;
//! let quotes = doc.quotes.as_ref().unwrap();
//! assert_eq!(doc.span_text(quotes[0].span), "We will win");
//! assert_eq!(quotes[0].kind, QuoteKind::Direct);
//! assert_eq!(quotes[0].speaker.as_deref(), Some("Smith"));
//! Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod extract;
mod lexicon;
mod marks;
mod speakers;
#[cfg(test)]
mod testutil;
mod units;

#[cfg(test)]
mod tests;

use copydesk_core::{
    BuildError, Configure, Document, OptionDoc, Options, QuoteKind, Stage, StageError,
};
use serde::{Deserialize, Serialize};

/// The options of `extract_quotes` (`[stage.options]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ExtractQuotesOptions {
    /// Kinds to emit: any of `direct`, `partial`, `indirect`. Default: all three.
    pub kinds: Vec<String>,
    /// More speech verbs, each form spelled out (`"opined"`). Default: none.
    pub extra_cue_verbs: Vec<String>,
    /// Quotes whose content has fewer words are dropped. Default: 1.
    pub min_quote_words: usize,
    /// Whether `‘…’` and `'…'` pairs are quotation marks (they must close within the
    /// paragraph). Default: true.
    pub single_quotes: bool,
    /// Whether a cue-less quote continues the speaker just before it (`“A,” she said. “B.”`,
    /// or a quote paragraph after a speaker's paragraph). Default: true.
    pub continuation: bool,
    /// The longest apposition between a speaker and the cue, in tokens. Default: 30.
    pub max_apposition_tokens: usize,
    /// The longest content taken around one cue, in tokens. Default: 400.
    pub max_content_tokens: usize,
}

impl Default for ExtractQuotesOptions {
    fn default() -> Self {
        ExtractQuotesOptions {
            kinds: vec!["direct".into(), "partial".into(), "indirect".into()],
            extra_cue_verbs: Vec::new(),
            min_quote_words: 1,
            single_quotes: true,
            continuation: true,
            max_apposition_tokens: 30,
            max_content_tokens: 400,
        }
    }
}

impl Options for ExtractQuotesOptions {
    const DOCS: &'static [OptionDoc] = &[
        OptionDoc {
            key: "kinds",
            ty: "array of strings",
            doc: "kinds to emit: direct, partial, indirect",
        },
        OptionDoc {
            key: "extra_cue_verbs",
            ty: "array of strings",
            doc: "more speech verbs, every form spelled out",
        },
        OptionDoc {
            key: "min_quote_words",
            ty: "integer",
            doc: "drop quotes whose content has fewer words",
        },
        OptionDoc {
            key: "single_quotes",
            ty: "boolean",
            doc: "treat ‘…’ and '…' as quotation marks",
        },
        OptionDoc {
            key: "continuation",
            ty: "boolean",
            doc: "join cue-less quotes to the speaker just before them",
        },
        OptionDoc {
            key: "max_apposition_tokens",
            ty: "integer",
            doc: "longest `X, the Y of Z, said` apposition in tokens",
        },
        OptionDoc {
            key: "max_content_tokens",
            ty: "integer",
            doc: "longest content taken around one cue, in tokens",
        },
    ];
}

/// The `extract_quotes` stage, built from [`ExtractQuotesOptions`].
#[derive(Debug)]
pub struct ExtractQuotes {
    table: lexicon::Table,
    kinds: [bool; 3],
    min_words: usize,
    single_quotes: bool,
    params: extract::Params,
}

impl Configure for ExtractQuotes {
    type Options = ExtractQuotesOptions;

    fn configure(o: ExtractQuotesOptions) -> Result<Self, BuildError> {
        let mut kinds = [false; 3];
        for k in &o.kinds {
            match k.as_str() {
                "direct" => kinds[0] = true,
                "partial" => kinds[1] = true,
                "indirect" => kinds[2] = true,
                other => {
                    return Err(BuildError::new(format!(
                        "unknown quote kind '{other}' in `kinds`, expected one of: direct, indirect, partial"
                    )));
                }
            }
        }
        if o.max_apposition_tokens == 0 || o.max_content_tokens == 0 {
            return Err(BuildError::new(
                "`max_apposition_tokens` and `max_content_tokens` must be at least 1",
            ));
        }
        Ok(ExtractQuotes {
            table: lexicon::build(&o.extra_cue_verbs),
            kinds,
            min_words: o.min_quote_words,
            single_quotes: o.single_quotes,
            params: extract::Params {
                max_apposition_tokens: o.max_apposition_tokens,
                max_content_tokens: o.max_content_tokens,
                continuation: o.continuation,
            },
        })
    }
}

/// Documents with more tokens than this are checked for a flood of quotation marks.
const MARK_CHECK_FROM: usize = 100_000;

impl Stage for ExtractQuotes {
    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let (Some(tokens), Some(sentences), Some(paragraphs)) =
            (&doc.tokens, &doc.sentences, &doc.paragraphs)
        else {
            return Err(StageError::new(
                "extract_quotes needs tokens, sentences and paragraphs: run `tokenize` first",
            ));
        };
        let body = doc.body.as_str();
        // Memory bound (issue 13): the token view costs about 50 bytes a token and a quote
        // region 64 bytes, so a page that is mostly quotation marks (a hostile page of `"`)
        // would need ~100 bytes per input byte. No news text is like that: skip it, saying so.
        let marks = tokens
            .iter()
            .filter(|t| {
                body.get(t.range())
                    .is_some_and(|s| units::mark_of(s).is_some())
            })
            .count();
        if tokens.len() > MARK_CHECK_FROM && marks * 4 > tokens.len() {
            doc.quotes = Some(Vec::new());
            doc.warn(
                "extract_quotes",
                format!(
                    "{marks} of {} tokens are quotation marks, which is not running text; quotes were not extracted",
                    tokens.len()
                ),
            );
            return Ok(());
        }
        let mut units = units::Units::new(body, tokens, sentences, paragraphs, &self.table);
        let regions = marks::pair(body, &mut units, self.single_quotes);
        let people = speakers::People::new(body, &units, doc.entities.as_deref(), &self.table);
        let mut quotes =
            extract::Extractor::new(body, &mut units, &regions, &people, &self.params).run();
        quotes.retain(|q| {
            let k = match q.kind {
                QuoteKind::Direct => 0,
                QuoteKind::Partial => 1,
                QuoteKind::Indirect => 2,
            };
            self.kinds[k]
                && (self.min_words <= 1 || count_words(&body[q.span.range()]) >= self.min_words)
        });
        doc.quotes = Some(quotes);
        Ok(())
    }
}

fn count_words(s: &str) -> usize {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .count()
}

copydesk_core::register_stage!(ExtractQuotes {
    name: "extract_quotes",
    summary: "direct, partial and reported speech with resolved speakers",
    requires: [Paragraphs, Tokens, Sentences],
    provides: [Quotes],
    languages: ["en"],
});
