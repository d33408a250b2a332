//! The `tag_entities` stage: options, building, and processing a document.

use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

use copydesk_core::{
    BuildError, Configure, Document, Entity, EntityLabel, OptionDoc, Options, Span, Stage,
    StageError,
};
use serde::{Deserialize, Serialize};

use crate::Model;
use crate::gazetteer::Gazetteer;
use crate::label;
use crate::link::{Mention, link};
use crate::tagger;

/// Options of the `tag_entities` stage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TagEntitiesOptions {
    /// Path of a model file written by `copydesk train entities`; empty for the model
    /// embedded in the binary (a cased model, and a caseless one for text written in one case).
    /// Default: `""`.
    pub model: String,
    /// Use gazetteer features (countries, cities, demonyms, names …). Models are trained with
    /// them; turning them off lowers accuracy. Default: `true`.
    pub gazetteer: bool,
    /// The labels to emit, a subset of `PER`, `ORG`, `LOC`, `MISC`. Default: all four.
    pub labels: Vec<EntityLabel>,
}

impl Default for TagEntitiesOptions {
    fn default() -> Self {
        TagEntitiesOptions {
            model: String::new(),
            gazetteer: true,
            labels: EntityLabel::ALL.to_vec(),
        }
    }
}

impl Options for TagEntitiesOptions {
    const DOCS: &'static [OptionDoc] = &[
        OptionDoc {
            key: "model",
            ty: "string (path)",
            doc: "model file from `copydesk train entities`; empty: the embedded models (cased, and caseless for text in one case)",
        },
        OptionDoc {
            key: "gazetteer",
            ty: "boolean",
            doc: "use gazetteer features (models are trained with them)",
        },
        OptionDoc {
            key: "labels",
            ty: "array of strings",
            doc: "labels to emit, from PER, ORG, LOC, MISC",
        },
    ];
}

/// The `tag_entities` stage: a greedy averaged-perceptron BILOU tagger over the document's
/// tokens and sentences, then in-document linking of names.
#[derive(Debug, Clone)]
pub struct TagEntities {
    model: Arc<Model>,
    /// Whether text written in one case (all capitals or all lower case) goes to the embedded
    /// caseless model (decoded on first use).
    caseless: bool,
    gazetteer: Option<Arc<Gazetteer>>,
    emit: [bool; 4],
}

/// Longest run of tokens tagged as one sentence (longer sentences are cut).
const MAX_SENTENCE_TOKENS: usize = 1_000;
/// Tokens tagged together (document-level features see one block); far above any article.
const BLOCK_TOKENS: usize = 200_000;

/// The embedded model, decoded once per process.
fn embedded_model() -> Result<Arc<Model>, BuildError> {
    static MODEL: OnceLock<Result<Arc<Model>, String>> = OnceLock::new();
    MODEL
        .get_or_init(|| Model::embedded().map(Arc::new).map_err(|e| e.to_string()))
        .clone()
        .map_err(BuildError::new)
}

/// The embedded caseless model, decoded once per process.
fn embedded_caseless() -> Result<Arc<Model>, BuildError> {
    static MODEL: OnceLock<Result<Arc<Model>, String>> = OnceLock::new();
    MODEL
        .get_or_init(|| {
            Model::embedded_caseless()
                .map(Arc::new)
                .map_err(|e| e.to_string())
        })
        .clone()
        .map_err(BuildError::new)
}

/// The embedded gazetteer, parsed once per process.
fn embedded_gazetteer() -> Arc<Gazetteer> {
    static GAZ: OnceLock<Arc<Gazetteer>> = OnceLock::new();
    GAZ.get_or_init(|| Arc::new(Gazetteer::embedded())).clone()
}

impl Configure for TagEntities {
    type Options = TagEntitiesOptions;

    fn configure(options: TagEntitiesOptions) -> Result<Self, BuildError> {
        if !options.model.is_empty() {
            let model = Model::load(&options.model)
                .map_err(|e| BuildError::new(e.to_string()).at_key("model", None))?;
            return TagEntities::with_model(Arc::new(model), options.gazetteer, &options.labels);
        }
        let mut stage =
            TagEntities::with_model(embedded_model()?, options.gazetteer, &options.labels)?;
        // The embedded caseless model is trained with the embedded gazetteer (tested).
        stage.caseless = stage.gazetteer.is_some();
        Ok(stage)
    }
}

impl TagEntities {
    /// A stage with the given model (e.g. one just trained); `gazetteer` turns gazetteer
    /// features on; only `labels` are emitted.
    pub fn with_model(
        model: Arc<Model>,
        gazetteer: bool,
        labels: &[EntityLabel],
    ) -> Result<Self, BuildError> {
        let gazetteer = if gazetteer && model.uses_gazetteer() {
            let g = embedded_gazetteer();
            if g.checksum() != model.gazetteer_checksum() {
                return Err(BuildError::new(
                    "the model was trained with another gazetteer: retrain it or set gazetteer = false",
                ));
            }
            Some(g)
        } else {
            None
        };
        let mut emit = [false; 4];
        for &l in labels {
            emit[label::type_index(l)] = true;
        }
        Ok(TagEntities {
            model,
            caseless: false,
            gazetteer,
            emit,
        })
    }

    /// Tags sentences of token texts; returns entities as `(sentence, first token, last token
    /// + 1, label)`, before label filtering.
    pub fn tag_tokens(&self, sentences: &[Vec<&str>]) -> Vec<(usize, usize, usize, EntityLabel)> {
        // Text in one case (headlines, slugs, social posts) goes to the caseless model, which
        // was trained on lower-cased text.
        let caseless = (self.caseless && one_case(sentences))
            .then(|| embedded_caseless().ok())
            .flatten();
        let caseless = caseless.as_deref();
        let normalized: Vec<Vec<Cow<'_, str>>> = sentences
            .iter()
            .map(|s| {
                (0..s.len())
                    .map(|i| {
                        let w = titled(s, i, caseless.is_some());
                        match caseless {
                            Some(_) if w.chars().any(char::is_uppercase) => {
                                Cow::Owned(w.to_lowercase())
                            }
                            _ => w,
                        }
                    })
                    .collect()
            })
            .collect();
        let refs: Vec<Vec<&str>> = normalized
            .iter()
            .map(|s| s.iter().map(|w| w.as_ref()).collect())
            .collect();
        let model = caseless.unwrap_or(&self.model);
        let labels = tagger::tag(model, self.gazetteer.as_deref(), &refs);
        let mut out = Vec::new();
        let mut chunks = Vec::new();
        let mut at = 0;
        for (si, s) in refs.iter().enumerate() {
            let n = s.len();
            chunks.clear();
            if let Some(ls) = labels.get(at..at + n) {
                label::chunks(ls, &mut chunks);
            }
            at += n;
            for &(a, b, t) in &chunks {
                let Some((a, b)) = trim_span(s, a, b) else {
                    continue;
                };
                // A name has a capital letter or a digit somewhere ("de-escalate" is none),
                // unless the text is in one case.
                let named = s[a..b].iter().any(|w| {
                    w.chars().any(|c| {
                        c.is_uppercase()
                            || c.is_numeric()
                            || (caseless.is_some() && c.is_alphabetic())
                    })
                });
                if named {
                    out.push((si, a, b, EntityLabel::ALL[t]));
                }
            }
        }
        extend_org_names(&refs, &mut out);
        if let Some(g) = self.gazetteer.as_deref() {
            split_trailing_people(&refs, g, &mut out);
        }
        propagate_surnames(&refs, self.gazetteer.as_deref(), &mut out);
        out
    }
}

/// A non-person name that ends in a listed first name and a surname ("… State Antony
/// Blinken", "House of Representatives Amien Rais") is a title or body followed by a person:
/// the last two words become the person and the rest keeps its label (unless the first name
/// ends a listed place: "San Diego Padres").
fn split_trailing_people(
    sentences: &[Vec<&str>],
    gazetteer: &Gazetteer,
    found: &mut Vec<(usize, usize, usize, EntityLabel)>,
) {
    let title_case = |w: &str| {
        let mut cs = w.chars();
        cs.next().is_some_and(char::is_uppercase) && cs.all(char::is_lowercase)
    };
    let mut extra = Vec::new();
    for e in found.iter_mut() {
        let (s, a, b, l) = *e;
        if l == EntityLabel::Per || b - a < 3 {
            continue;
        }
        let words = &sentences[s];
        let (first, last, before) = (words[b - 2], words[b - 1], words[b - 3]);
        let (first_l, before_l) = (first.to_lowercase(), before.to_lowercase());
        // "Los Angeles Dodgers", "San Diego Padres": the first name belongs to a place.
        let in_place = gazetteer.is_place(&[&before_l, &first_l]);
        if title_case(first)
            && title_case(last)
            && !in_place
            && gazetteer.is_first_name(&first_l)
            && !gazetteer.is_first_name(&before_l)
        {
            *e = (s, a, b - 2, l);
            extra.push((s, b - 2, b, EntityLabel::Per));
        }
    }
    if !extra.is_empty() {
        found.extend(extra);
        found.sort_unstable_by_key(|&(s, a, _, _)| (s, a));
    }
}

/// Words that head the name of a body ("… Council", "… Association").
const ORG_HEADS: [&str; 24] = [
    "Academy",
    "Agency",
    "Association",
    "Authority",
    "Bank",
    "Board",
    "Centre",
    "Center",
    "Commission",
    "Committee",
    "Council",
    "Court",
    "Department",
    "Federation",
    "Foundation",
    "Fund",
    "Institute",
    "League",
    "Ministry",
    "Office",
    "Organization",
    "Organisation",
    "Society",
    "University",
];

/// A body's name cut before its "of …" or "for …" part ("International Council" + "for the
/// Exploration of the Sea") takes that part: after an ORG ending in a head word, `of`/`for`,
/// an optional `the`, then capitalised words (joined by `of`, `for`, `the`), up to
/// the last capitalised word, when no other entity starts there.
fn extend_org_names(sentences: &[Vec<&str>], found: &mut Vec<(usize, usize, usize, EntityLabel)>) {
    let capital = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let mut k = 0;
    while k < found.len() {
        let (s, a, b, l) = found[k];
        let words = &sentences[s];
        k += 1;
        if l != EntityLabel::Org || !ORG_HEADS.contains(&words[b - 1]) {
            continue;
        }
        if !matches!(words.get(b).copied(), Some("of" | "for")) {
            continue;
        }
        let mut end = b;
        let mut j = b + 1;
        while let Some(&w) = words.get(j) {
            if capital(w) {
                end = j + 1;
            } else if !matches!(w, "of" | "for" | "the") {
                break;
            }
            j += 1;
        }
        if end == b {
            continue;
        }
        // Entities inside the extension (e.g. "Sea" as LOC) give way to the longer name.
        let inside = |e: &(usize, usize, usize, EntityLabel)| e.0 == s && e.1 >= b && e.2 <= end;
        let overlaps_other = found.iter().any(|e| e.0 == s && e.1 < end && e.2 > end);
        if overlaps_other {
            continue;
        }
        found[k - 1] = (s, a, end, l);
        // Only later entries start inside the extension: earlier indices stay valid.
        found.retain(|e| !inside(e));
    }
}

/// Document consistency for people: a capitalised word left untagged, or tagged alone as
/// something else, that is the last word of a person's full name elsewhere in the article
/// ("Ned Price" … "Price said") is that person.
/// Only names that open with a listed first name count (needs the gazetteer).
fn propagate_surnames(
    sentences: &[Vec<&str>],
    gazetteer: Option<&Gazetteer>,
    found: &mut Vec<(usize, usize, usize, EntityLabel)>,
) {
    let Some(gazetteer) = gazetteer else { return };
    let mut surnames: hashbrown::HashSet<&str> = hashbrown::HashSet::new();
    for &(s, a, b, l) in found.iter() {
        let first = sentences[s][a].to_lowercase();
        if l == EntityLabel::Per && b - a >= 2 && gazetteer.is_first_name(&first) {
            let w = sentences[s][b - 1];
            let mut cs = w.chars();
            if cs.next().is_some_and(char::is_uppercase) && cs.any(char::is_lowercase) {
                surnames.insert(w);
            }
        }
    }
    if surnames.is_empty() {
        return;
    }
    // A lone surname tagged as something else is the person too.
    for e in found.iter_mut() {
        let (s, a, b, l) = *e;
        if l != EntityLabel::Per && b == a + 1 && surnames.contains(sentences[s][a]) {
            e.3 = EntityLabel::Per;
        }
    }
    let mut covered: Vec<Vec<bool>> = sentences.iter().map(|s| vec![false; s.len()]).collect();
    for &(s, a, b, _) in found.iter() {
        for c in &mut covered[s][a..b] {
            *c = true;
        }
    }
    let mut added = Vec::new();
    for (s, words) in sentences.iter().enumerate() {
        for (i, w) in words.iter().enumerate() {
            if covered[s][i] || !surnames.contains(w) {
                continue;
            }
            // Not the start of a longer capitalised sequence: "Price Waterhouse" stays as it is.
            let next_cap = words
                .get(i + 1)
                .is_some_and(|n| n.chars().next().is_some_and(char::is_uppercase));
            let prev_cap = i > 0 && words[i - 1].chars().next().is_some_and(char::is_uppercase);
            let in_sequence = next_cap || (prev_cap && !covered[s][i - 1]);
            if !in_sequence {
                added.push((s, i, i + 1, EntityLabel::Per));
            }
        }
    }
    if !added.is_empty() {
        found.extend(added);
        found.sort_unstable_by_key(|&(s, a, _, _)| (s, a));
    }
}

/// Whether the text is written in one case: fewer than 1 letter in 200 is upper case, or fewer
/// than 1 in 200 is lower case (at least 20 letters).
fn one_case(sentences: &[Vec<&str>]) -> bool {
    let (mut upper, mut lower) = (0usize, 0usize);
    for c in sentences.iter().flatten().flat_map(|w| w.chars()) {
        if c.is_uppercase() {
            upper += 1;
        } else if c.is_lowercase() {
            lower += 1;
        }
    }
    let letters = upper + lower;
    letters >= 20 && (upper * 200 < letters || lower * 200 < letters)
}

/// Titles that newswire writes with a full stop.
const TITLES: [&str; 4] = ["mr", "ms", "mrs", "dr"];

/// Token `i` of `words`, normalised ([`normalize`]), and a title written without its full stop
/// ("Ms Ardern") given one ("Ms."), as in the training data, when a name follows.
fn titled<'a>(words: &[&'a str], i: usize, caseless: bool) -> Cow<'a, str> {
    let w = normalize(words[i]);
    let name_follows = words
        .get(i + 1)
        .and_then(|n| n.chars().next())
        .is_some_and(|c| {
            if caseless {
                c.is_alphabetic()
            } else {
                c.is_uppercase()
            }
        });
    if name_follows && TITLES.iter().any(|t| w.eq_ignore_ascii_case(t)) {
        Cow::Owned(format!("{w}."))
    } else {
        w
    }
}

/// Lower-case words that never end a name ("BBC for", "Bank has").
const NOT_LAST: [&str; 24] = [
    "a", "an", "and", "are", "as", "at", "by", "for", "from", "had", "has", "have", "in", "is",
    "of", "on", "or", "said", "says", "the", "to", "was", "were", "with",
];

/// An entity span `a..b` without a leading title ("Mr.") or trailing punctuation or function
/// words ("Earth .", "BBC for"); `None` if nothing is left.
fn trim_span(words: &[&str], mut a: usize, mut b: usize) -> Option<(usize, usize)> {
    while a < b {
        let w = words[a].trim_end_matches('.');
        if TITLES.iter().any(|t| w.eq_ignore_ascii_case(t)) {
            a += 1;
        } else {
            break;
        }
    }
    while a < b {
        let w = words[b - 1];
        if !w.chars().any(char::is_alphanumeric) || NOT_LAST.contains(&w) {
            b -= 1;
        } else {
            break;
        }
    }
    (a < b).then_some((a, b))
}

/// Maps typographic punctuation to the ASCII forms of newswire training data.
fn normalize(word: &str) -> Cow<'_, str> {
    if word.is_ascii() {
        return Cow::Borrowed(word);
    }
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        match c {
            '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{2032}' => out.push('\''),
            '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{2033}' | '\u{ab}' | '\u{bb}' => {
                out.push('"')
            }
            '\u{2013}' | '\u{2014}' | '\u{2212}' => out.push('-'),
            '\u{2026}' => out.push_str("..."),
            '\u{a0}' => out.push(' '),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

impl Stage for TagEntities {
    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let Some(tokens) = doc.tokens.as_deref() else {
            return Err(StageError::new(
                "tag_entities needs the tokens layer: put a tokenize stage before it",
            ));
        };
        let sentences = doc.sentences.as_deref().unwrap_or(&[]);
        let body = doc.body.as_str();
        // Group valid tokens by the sentence that contains their start, at most
        // MAX_SENTENCE_TOKENS a group; tag blocks of about BLOCK_TOKENS tokens, so memory
        // stays bounded on hostile input (a 50 MB line) while articles are tagged whole.
        let mut mentions: Vec<Mention<'_>> = Vec::new();
        let mut spans: Vec<Span> = Vec::new();
        let mut groups: Vec<Vec<Span>> = Vec::new();
        let mut in_block = 0usize;
        let mut key: Option<Option<usize>> = None;
        let mut si = 0;
        let mut flush = |groups: &mut Vec<Vec<Span>>| {
            let texts: Vec<Vec<&str>> = groups
                .iter()
                .map(|g| {
                    g.iter()
                        .map(|t| body.get(t.range()).unwrap_or(""))
                        .collect()
                })
                .collect();
            for (s, a, b, l) in self.tag_tokens(&texts) {
                let span = Span::new(groups[s][a].start, groups[s][b - 1].end);
                mentions.push(Mention {
                    label: l,
                    words: texts[s][a..b].to_vec(),
                    text: body.get(span.range()).unwrap_or(""),
                });
                spans.push(span);
            }
            groups.clear();
        };
        for &t in tokens {
            if t.is_empty() || body.get(t.range()).is_none() {
                continue;
            }
            while si < sentences.len() && sentences[si].end <= t.start {
                si += 1;
            }
            let k = sentences.get(si).filter(|s| s.start <= t.start).map(|_| si);
            let full = groups
                .last()
                .is_some_and(|g| g.len() >= MAX_SENTENCE_TOKENS);
            if key != Some(k) || groups.is_empty() || full {
                if in_block >= BLOCK_TOKENS {
                    flush(&mut groups);
                    in_block = 0;
                }
                groups.push(Vec::new());
                key = Some(k);
            }
            if let Some(g) = groups.last_mut() {
                g.push(t);
                in_block += 1;
            }
        }
        flush(&mut groups);
        let canonical = link(&mentions, self.gazetteer.as_deref());
        let entities = mentions
            .iter()
            .zip(spans)
            .zip(canonical)
            .filter(|((m, _), _)| self.emit[label::type_index(m.label)])
            .map(|((m, span), canonical)| Entity {
                span,
                label: m.label,
                canonical,
            })
            // Tokens out of order (a faulty earlier stage) could give a reversed span.
            .filter(|e| e.span.start < e.span.end)
            .collect();
        doc.entities = Some(entities);
        Ok(())
    }
}

copydesk_core::register_stage!(TagEntities {
    name: "tag_entities",
    summary: "named entities (PER, ORG, LOC, MISC) with names linked within the article",
    requires: [Tokens, Sentences],
    provides: [Entities],
    languages: ["en"],
});

#[cfg(test)]
mod tests {
    use super::*;

    /// A document whose tokens are split at spaces and whose sentences end at ` . `.
    fn document(text: &str) -> Document {
        let mut doc = Document::new("t", "test", text);
        let mut tokens = Vec::new();
        let mut sentences = Vec::new();
        let mut at = 0;
        let mut sent_start = 0;
        for word in text.split(' ') {
            if !word.is_empty() {
                tokens.push(Span::new(at, at + word.len()));
                if word == "." {
                    sentences.push(Span::new(sent_start, at + 1));
                    sent_start = at + 2;
                }
            }
            at += word.len() + 1;
        }
        if sent_start < text.len() {
            sentences.push(Span::new(sent_start, text.len()));
        }
        doc.tokens = Some(tokens);
        doc.sentences = Some(sentences);
        doc
    }

    fn check_with(options: TagEntitiesOptions, text: &str, expected: &[(&str, &str, &str)]) {
        let stage = TagEntities::configure(options).unwrap();
        let mut doc = document(text);
        stage.process(&mut doc).unwrap();
        let got: Vec<(&str, &str, &str)> = doc
            .entities
            .as_ref()
            .unwrap()
            .iter()
            .map(|e| (doc.span_text(e.span), e.label.name(), e.canonical.as_str()))
            .collect();
        assert_eq!(got, expected);
    }

    fn check(text: &str, expected: &[(&str, &str, &str)]) {
        check_with(TagEntitiesOptions::default(), text, expected);
    }

    #[test]
    fn people_places_and_links() {
        check(
            "Prime Minister Mark Carney flew to Paris on Tuesday . Carney said France backed Canada .",
            &[
                ("Mark Carney", "PER", "Mark Carney"),
                ("Paris", "LOC", "Paris"),
                ("Carney", "PER", "Mark Carney"),
                ("France", "LOC", "France"),
                ("Canada", "LOC", "Canada"),
            ],
        );
    }

    #[test]
    fn country_variants_and_nationalities() {
        check(
            "The U.S. and British navies held drills near the United States coast .",
            &[
                ("U.S.", "LOC", "United States"),
                ("British", "MISC", "British"),
                ("United States", "LOC", "United States"),
            ],
        );
    }

    #[test]
    fn typographic_punctuation_is_normalised() {
        check(
            "“ We will not move , ” said Angela Merkel ’s spokesman in Berlin .",
            &[
                ("Angela Merkel", "PER", "Angela Merkel"),
                ("Berlin", "LOC", "Berlin"),
            ],
        );
    }

    #[test]
    fn surnames_after_full_names() {
        check(
            "The ministry spokesman Ned Price spoke on Monday . “ We are ready , ” Price said .",
            &[
                ("Ned Price", "PER", "Ned Price"),
                ("Price", "PER", "Ned Price"),
            ],
        );
    }

    #[test]
    fn document_consistency_rules() {
        let g = embedded_gazetteer();
        let s1: Vec<&str> = "the Finance Committee Anna Lindqvist said"
            .split(' ')
            .collect();
        let s2: Vec<&str> = "Lindqvist left for San Diego Padres games"
            .split(' ')
            .collect();
        let sentences = vec![s1, s2];
        let mut found = vec![
            (0, 1, 5, EntityLabel::Org),
            (1, 0, 1, EntityLabel::Org),
            (1, 3, 6, EntityLabel::Org),
        ];
        split_trailing_people(&sentences, &g, &mut found);
        propagate_surnames(&sentences, Some(&g), &mut found);
        assert_eq!(
            found,
            [
                (0, 1, 3, EntityLabel::Org),
                (0, 3, 5, EntityLabel::Per),
                (1, 0, 1, EntityLabel::Per),
                (1, 3, 6, EntityLabel::Org),
            ]
        );
    }

    #[test]
    fn span_hygiene_and_titles() {
        let words = ["Mr.", "Smith", "of", "the", "BBC", "for", "."];
        assert_eq!(trim_span(&words, 0, 2), Some((1, 2)));
        assert_eq!(trim_span(&words, 4, 7), Some((4, 5)));
        assert_eq!(trim_span(&words, 1, 5), Some((1, 5)));
        assert_eq!(trim_span(&words, 5, 7), None);
        let s = ["Ms", "Ardern", "met", "Dr", "in", "Dr"];
        assert_eq!(titled(&s, 0, false), "Ms.");
        assert_eq!(titled(&s, 3, false), "Dr");
        assert_eq!(titled(&s, 5, false), "Dr");
        assert_eq!(titled(&["mr", "smith"], 0, true), "mr.");
        assert_eq!(titled(&["mr", "smith"], 0, false), "mr");
    }

    #[test]
    fn org_names_take_their_of_part() {
        let s: Vec<&str> =
            "experts from the International Council for the Exploration of the Sea and Oslo"
                .split(' ')
                .collect();
        let mut found = vec![
            (0, 3, 5, EntityLabel::Org),
            (0, 10, 11, EntityLabel::Loc),
            (0, 13, 14, EntityLabel::Loc),
        ];
        extend_org_names(&[s], &mut found);
        assert_eq!(
            found,
            [(0, 3, 11, EntityLabel::Org), (0, 13, 14, EntityLabel::Loc)]
        );
        let t: Vec<&str> = "the Council for talks".split(' ').collect();
        let mut found = vec![(0, 1, 2, EntityLabel::Org)];
        extend_org_names(&[t], &mut found);
        assert_eq!(found, [(0, 1, 2, EntityLabel::Org)]);
    }

    #[test]
    fn case_profile() {
        let lower = vec!["the", "talks", "in", "geneva", "resumed", "on", "monday"];
        let upper = vec!["THE", "TALKS", "IN", "GENEVA", "RESUMED", "ON", "MONDAY"];
        let mixed = vec!["The", "talks", "in", "Geneva", "resumed", "on", "Monday"];
        assert!(one_case(&[lower]));
        assert!(one_case(&[upper]));
        assert!(!one_case(&[mixed]));
        assert!(!one_case(&[vec!["PARIS"]]));
    }

    #[test]
    fn text_in_one_case_still_has_names() {
        let stage = TagEntities::configure(TagEntitiesOptions::default()).unwrap();
        for text in [
            "angela merkel flew to paris on tuesday to meet the french president .",
            "ANGELA MERKEL FLEW TO PARIS ON TUESDAY TO MEET THE FRENCH PRESIDENT .",
        ] {
            let mut doc = document(text);
            stage.process(&mut doc).unwrap();
            let got: Vec<(&str, &str)> = doc
                .entities
                .as_ref()
                .unwrap()
                .iter()
                .map(|e| (doc.span_text(e.span), e.label.name()))
                .collect();
            assert!(
                got.iter()
                    .any(|&(t, l)| l == "PER" && t.eq_ignore_ascii_case("angela merkel")),
                "{got:?}"
            );
            assert!(
                got.iter()
                    .any(|&(t, l)| l == "LOC" && t.eq_ignore_ascii_case("paris")),
                "{got:?}"
            );
        }
    }

    #[test]
    fn label_filter() {
        let options = TagEntitiesOptions {
            labels: vec![EntityLabel::Loc],
            ..TagEntitiesOptions::default()
        };
        check_with(
            options,
            "Angela Merkel visited Madrid .",
            &[("Madrid", "LOC", "Madrid")],
        );
    }

    #[test]
    fn needs_tokens() {
        let stage = TagEntities::configure(TagEntitiesOptions::default()).unwrap();
        let mut doc = Document::new("t", "test", "Paris");
        assert!(stage.process(&mut doc).is_err());
    }

    #[test]
    fn bad_spans_and_missing_sentences_do_not_panic() {
        let stage = TagEntities::configure(TagEntitiesOptions::default()).unwrap();
        let text = "naïve Zoë met “Ann” in Köln";
        let mut doc = Document::new("t", "test", text);
        doc.tokens = Some(vec![
            Span::new(0, 3), // inside 'ï'
            Span::new(50, 60),
            Span::new(7, 11),
            Span::new(3, 1),
            Span::new(20, 23),
            Span::new(13, 16),
            Span::new(0, text.len()),
        ]);
        doc.sentences = None;
        stage.process(&mut doc).unwrap();
        doc.sentences = Some(vec![Span::new(5, 2), Span::new(0, 100)]);
        stage.process(&mut doc).unwrap();
        for e in doc.entities.as_ref().unwrap() {
            assert!(text.get(e.span.range()).is_some());
        }
        let mut empty = Document::new("e", "test", "");
        empty.tokens = Some(vec![]);
        empty.sentences = Some(vec![]);
        stage.process(&mut empty).unwrap();
        assert_eq!(empty.entities, Some(vec![]));
    }

    #[test]
    fn options() {
        let missing = TagEntitiesOptions {
            model: "/nonexistent/model.cdner".into(),
            ..TagEntitiesOptions::default()
        };
        let err = TagEntities::configure(missing).unwrap_err().to_string();
        assert!(err.contains("/nonexistent/model.cdner"), "{err}");
        let no_gaz = TagEntitiesOptions {
            gazetteer: false,
            ..TagEntitiesOptions::default()
        };
        assert!(TagEntities::configure(no_gaz).is_ok());
        // The embedded model matches the embedded gazetteer.
        for model in [embedded_model().unwrap(), embedded_caseless().unwrap()] {
            assert!(model.uses_gazetteer());
            assert_eq!(model.gazetteer_checksum(), embedded_gazetteer().checksum());
        }
        let table = TagEntitiesOptions::default_table();
        assert_eq!(table.len(), TagEntitiesOptions::DOCS.len());
    }

    #[test]
    fn long_line_is_linear() {
        let stage = TagEntities::configure(TagEntitiesOptions::default()).unwrap();
        let text = "Smith Jones ".repeat(100_000);
        let mut doc = Document::new("t", "test", text.as_str());
        let mut tokens = Vec::new();
        let mut at = 0;
        for w in text.split(' ').filter(|w| !w.is_empty()) {
            tokens.push(Span::new(at, at + w.len()));
            at += w.len() + 1;
        }
        doc.tokens = Some(tokens);
        doc.sentences = Some(vec![]);
        let start = std::time::Instant::now();
        stage.process(&mut doc).unwrap();
        assert!(start.elapsed().as_secs() < 20);
    }
}
