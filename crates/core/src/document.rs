//! The document model.

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Deserialize, Serialize, Serializer};

use crate::offsets::CharIndex;

/// A `[start, end)` byte range into [`Document::body`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (bytes).
    pub const fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// Length in bytes.
    pub const fn len(self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers nothing.
    pub const fn is_empty(self) -> bool {
        self.end <= self.start
    }

    /// The span as a range, for slicing.
    pub const fn range(self) -> std::ops::Range<usize> {
        self.start..self.end
    }

    /// Whether `other` lies wholly inside `self`.
    pub const fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Whether the two spans share at least one byte.
    pub const fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

impl From<std::ops::Range<usize>> for Span {
    fn from(r: std::ops::Range<usize>) -> Span {
        Span::new(r.start, r.end)
    }
}

/// The layers of a [`Document`] that stages provide and require.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layer {
    /// `body` as the article text (rather than the raw input).
    Body,
    /// Metadata: title, date, authors, dateline ...
    Meta,
    /// Paragraph spans.
    Paragraphs,
    /// Token spans.
    Tokens,
    /// Sentence spans.
    Sentences,
    /// Quotes and reported speech with speakers.
    Quotes,
    /// Named entities.
    Entities,
}

impl Layer {
    /// The layer's name as written in JSON and TOML.
    pub const fn name(self) -> &'static str {
        match self {
            Layer::Body => "body",
            Layer::Meta => "meta",
            Layer::Paragraphs => "paragraphs",
            Layer::Tokens => "tokens",
            Layer::Sentences => "sentences",
            Layer::Quotes => "quotes",
            Layer::Entities => "entities",
        }
    }

    /// Whether the layer holds offsets into `body` (and so is invalidated when `body` changes).
    pub const fn is_offset_layer(self) -> bool {
        !matches!(self, Layer::Body | Layer::Meta)
    }
}

impl std::fmt::Display for Layer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A dateline: `GENEVA (AP) —` gives place `GENEVA` and agency `AP`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dateline {
    /// The place, as written.
    pub place: String,
    /// The news agency in parentheses, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agency: Option<String>,
}

/// Metadata about the article. Empty fields are left out of the JSON output.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    /// The headline.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Publication date, ISO 8601 (`2022-01-10`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Authors from the byline, each a name.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub authors: Vec<String>,
    /// Publisher or agency named in the byline (`Associated Press`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// The dateline that opens the body.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dateline: Option<Dateline>,
    /// Photo captions with their credits.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub captions: Vec<String>,
    /// The "X in Moscow ... contributed." line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contributors_line: Option<String>,
    /// ISO 639-1 language code, when a stage determined it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Any other fields, e.g. the extra keys of a JSONL input record.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl Meta {
    /// Whether no field is set.
    pub fn is_empty(&self) -> bool {
        *self == Meta::default()
    }
}

/// The kind of a quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuoteKind {
    /// The content is wholly inside quotation marks.
    #[default]
    Direct,
    /// A quoted fragment inside reported speech.
    Partial,
    /// Reported speech without quotation marks.
    Indirect,
}

impl QuoteKind {
    /// `direct`, `partial` or `indirect`.
    pub const fn name(self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Partial => "partial",
            QuoteKind::Indirect => "indirect",
        }
    }
}

/// What kind of speaker a quote has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpeakerType {
    /// A named person ("Ned Price").
    Person,
    /// An organisation ("Greenpeace Nordic", "the State Department").
    Organisation,
    /// A group of people named by a noun phrase ("fishing crews in Tromso", "many analysts").
    Group,
    /// No speaker, or one the stage cannot classify.
    #[default]
    Unknown,
}

impl SpeakerType {
    /// `person`, `organisation`, `group` or `unknown`.
    pub const fn name(self) -> &'static str {
        match self {
            SpeakerType::Person => "person",
            SpeakerType::Organisation => "organisation",
            SpeakerType::Group => "group",
            SpeakerType::Unknown => "unknown",
        }
    }
}

/// A quote or a piece of reported speech.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Quote {
    /// The whole report's content, first piece to last (PolNeAR's content extent): it may
    /// hold narration between the pieces of an interrupted quote.
    pub span: Span,
    /// The content's pieces, in order (at least one): the quoted pieces of a direct quote,
    /// the content of a partial or indirect one (one piece unless a cue interrupts it).
    pub spans: Vec<Span>,
    /// The pieces inside quotation marks, without the marks; empty for indirect speech.
    pub quoted: Vec<Span>,
    /// Direct, partial or indirect.
    pub kind: QuoteKind,
    /// The resolved speaker's name ("Jens Stoltenberg"), if found.
    pub speaker: Option<String>,
    /// Whether the speaker is a person, an organisation or a group.
    pub speaker_type: SpeakerType,
    /// The speaker mention next to the cue (which may be a pronoun).
    pub speaker_span: Option<Span>,
    /// The cue ("said", "told", "according to").
    pub cue: Option<Span>,
}

impl Quote {
    /// The content pieces: [`Quote::spans`], or the whole [`Quote::span`] when `spans` is
    /// empty (a quote built by hand).
    pub fn pieces(&self) -> &[Span] {
        if self.spans.is_empty() {
            std::slice::from_ref(&self.span)
        } else {
            &self.spans
        }
    }

    /// What a reader should see as said: the quoted pieces of a direct or partial quote, the
    /// content of an indirect one, pieces joined by ` … ` (a comma that ends a piece before
    /// the ellipsis is dropped). Never narration between pieces. Pieces that do not fit
    /// `body` are skipped.
    pub fn text(&self, body: &str) -> String {
        let pieces = match self.kind {
            QuoteKind::Direct | QuoteKind::Partial if !self.quoted.is_empty() => &self.quoted[..],
            _ => self.pieces(),
        };
        let parts: Vec<&str> = pieces
            .iter()
            .filter_map(|p| body.get(p.range()))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .collect();
        let mut out = String::new();
        for (i, part) in parts.iter().enumerate() {
            if i > 0 {
                out.push_str(" … ");
            }
            if i + 1 < parts.len() {
                out.push_str(part.trim_end_matches([',', ' ']));
            } else {
                out.push_str(part);
            }
        }
        out
    }
}

/// A CoNLL-2003 entity label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EntityLabel {
    /// A person.
    #[serde(rename = "PER")]
    Per,
    /// An organisation.
    #[serde(rename = "ORG")]
    Org,
    /// A place.
    #[serde(rename = "LOC")]
    Loc,
    /// Other names: nationalities, events, works ...
    #[serde(rename = "MISC")]
    Misc,
}

impl EntityLabel {
    /// All labels, in CoNLL order.
    pub const ALL: [EntityLabel; 4] = [
        EntityLabel::Per,
        EntityLabel::Org,
        EntityLabel::Loc,
        EntityLabel::Misc,
    ];

    /// `PER`, `ORG`, `LOC` or `MISC`.
    pub const fn name(self) -> &'static str {
        match self {
            EntityLabel::Per => "PER",
            EntityLabel::Org => "ORG",
            EntityLabel::Loc => "LOC",
            EntityLabel::Misc => "MISC",
        }
    }

    /// Parses `PER`, `ORG`, `LOC` or `MISC`.
    pub fn from_name(name: &str) -> Option<EntityLabel> {
        EntityLabel::ALL.into_iter().find(|l| l.name() == name)
    }
}

impl std::fmt::Display for EntityLabel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A named-entity mention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    /// The mention.
    pub span: Span,
    /// Its label.
    pub label: EntityLabel,
    /// The name this mention stands for in the article: "Blinken" → "Antony Blinken".
    pub canonical: String,
}

/// A warning or note a stage attached to a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// The stage (or `input`) that attached it.
    pub stage: String,
    /// What happened, lowercase, no trailing period.
    pub message: String,
}

/// One article and everything the stages found in it.
///
/// Layers are `None` until a stage provides them; `Some(vec![])` means the stage ran and
/// found nothing. Every span is a byte range into [`Document::body`].
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// The document id (a file's name without its last extension, or a JSONL record's `id`).
    pub id: String,
    /// Where it came from: a path, `-` for stdin, or `path:line` for a JSONL record.
    pub source: String,
    /// The text the spans point into: the input text until a stage replaces it (see
    /// [`Document::replace_body`]).
    pub body: String,
    /// The original input, kept once a stage has replaced `body`.
    original: Option<String>,
    /// Article metadata.
    pub meta: Meta,
    /// Paragraph spans.
    pub paragraphs: Option<Vec<Span>>,
    /// Token spans.
    pub tokens: Option<Vec<Span>>,
    /// Sentence spans.
    pub sentences: Option<Vec<Span>>,
    /// Quotes and reported speech.
    pub quotes: Option<Vec<Quote>>,
    /// Named entities.
    pub entities: Option<Vec<Entity>>,
    /// Warnings stages attached.
    pub diagnostics: Vec<Diagnostic>,
}

impl Document {
    /// A document whose body is the input text.
    pub fn new(id: impl Into<String>, source: impl Into<String>, text: impl Into<String>) -> Self {
        Document {
            id: id.into(),
            source: source.into(),
            body: text.into(),
            ..Document::default()
        }
    }

    /// The input text as it was read, before any stage replaced the body.
    pub fn input(&self) -> &str {
        self.original.as_deref().unwrap_or(&self.body)
    }

    /// Whether the body was replaced (by a stage, or by an input decoder such as the HTML
    /// input, which hands over the article rather than the page).
    pub fn body_replaced(&self) -> bool {
        self.original.is_some()
    }

    /// Replaces the body (as boilerplate stripping does). Every layer of offsets into the old
    /// body is dropped; the original input stays available through [`Document::input`].
    pub fn replace_body(&mut self, body: String) {
        let old = std::mem::replace(&mut self.body, body);
        if self.original.is_none() {
            self.original = Some(old);
        }
        self.paragraphs = None;
        self.tokens = None;
        self.sentences = None;
        self.quotes = None;
        self.entities = None;
    }

    /// The text of a span of the body.
    ///
    /// # Panics
    /// When the span is out of bounds or not on character boundaries: a bug in a stage.
    pub fn span_text(&self, span: Span) -> &str {
        &self.body[span.range()]
    }

    /// Attaches a warning from `stage`.
    pub fn warn(&mut self, stage: &str, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic {
            stage: stage.to_owned(),
            message: message.into(),
        });
    }

    /// Whether the layer is present.
    pub fn has(&self, layer: Layer) -> bool {
        match layer {
            Layer::Body | Layer::Meta => true,
            Layer::Paragraphs => self.paragraphs.is_some(),
            Layer::Tokens => self.tokens.is_some(),
            Layer::Sentences => self.sentences.is_some(),
            Layer::Quotes => self.quotes.is_some(),
            Layer::Entities => self.entities.is_some(),
        }
    }

    /// Checks the invariants every stage must keep: each span lies inside `body` on character
    /// boundaries; paragraphs, tokens, sentences and entities are ordered and do not overlap.
    /// Fuzzing and property tests call this after every stage.
    pub fn check_invariants(&self) -> Result<(), String> {
        let body = &self.body;
        let check = |name: &str, spans: &mut dyn Iterator<Item = Span>, ordered: bool| {
            let mut last = 0;
            for s in spans {
                if s.start > s.end || s.end > body.len() {
                    return Err(format!(
                        "{name} span {s:?} outside the body of {} bytes",
                        body.len()
                    ));
                }
                if !body.is_char_boundary(s.start) || !body.is_char_boundary(s.end) {
                    return Err(format!("{name} span {s:?} not on character boundaries"));
                }
                if ordered && s.start < last {
                    return Err(format!(
                        "{name} span {s:?} overlaps or precedes the one before"
                    ));
                }
                last = s.end;
            }
            Ok(())
        };
        let layers = [
            ("paragraphs", &self.paragraphs),
            ("tokens", &self.tokens),
            ("sentences", &self.sentences),
        ];
        for (name, layer) in layers {
            check(name, &mut layer.iter().flatten().copied(), true)?;
        }
        check(
            "entity",
            &mut self.entities.iter().flatten().map(|e| e.span),
            true,
        )?;
        for q in self.quotes.iter().flatten() {
            let spans = [q.span]
                .into_iter()
                .chain(q.spans.iter().copied())
                .chain(q.quoted.iter().copied())
                .chain(q.speaker_span)
                .chain(q.cue);
            check("quote", &mut spans.into_iter(), false)?;
        }
        Ok(())
    }

    /// A serializable view with code point offsets; `Document` itself serializes the same way.
    pub fn char_index(&self) -> CharIndex<'_> {
        CharIndex::new(&self.body)
    }
}

/// Serializes spans as `[start, end]` code point pairs.
struct Spans<'a> {
    spans: &'a [Span],
    index: &'a CharIndex<'a>,
}

impl Serialize for Spans<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.spans.len()))?;
        for &span in self.spans {
            seq.serialize_element(&self.index.span(span))?;
        }
        seq.end()
    }
}

struct QuoteOut<'a> {
    quote: &'a Quote,
    doc: &'a Document,
    index: &'a CharIndex<'a>,
}

impl Serialize for QuoteOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (q, ix) = (self.quote, self.index);
        let [start, end] = ix.span(q.span);
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("start", &start)?;
        m.serialize_entry("end", &end)?;
        m.serialize_entry("text", &q.text(&self.doc.body))?;
        m.serialize_entry("kind", q.kind.name())?;
        m.serialize_entry("speaker", &q.speaker)?;
        m.serialize_entry("speaker_type", q.speaker_type.name())?;
        let sp = q.speaker_span.map(|sp| ix.span(sp));
        m.serialize_entry("speaker_start", &sp.map(|p| p[0]))?;
        m.serialize_entry("speaker_end", &sp.map(|p| p[1]))?;
        m.serialize_entry(
            "speaker_mention",
            &q.speaker_span.map(|sp| self.doc.span_text(sp)),
        )?;
        m.serialize_entry("cue", &q.cue.map(|c| self.doc.span_text(c)))?;
        let cue = q.cue.map(|c| ix.span(c));
        m.serialize_entry("cue_start", &cue.map(|p| p[0]))?;
        m.serialize_entry("cue_end", &cue.map(|p| p[1]))?;
        m.serialize_entry(
            "spans",
            &Spans {
                spans: q.pieces(),
                index: ix,
            },
        )?;
        m.serialize_entry(
            "quoted",
            &Spans {
                spans: &q.quoted,
                index: ix,
            },
        )?;
        m.end()
    }
}

struct EntityOut<'a> {
    entity: &'a Entity,
    doc: &'a Document,
    index: &'a CharIndex<'a>,
}

impl Serialize for EntityOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let e = self.entity;
        let [start, end] = self.index.span(e.span);
        let mut m = s.serialize_map(Some(5))?;
        m.serialize_entry("start", &start)?;
        m.serialize_entry("end", &end)?;
        m.serialize_entry("text", self.doc.span_text(e.span))?;
        m.serialize_entry("label", e.label.name())?;
        m.serialize_entry("canonical", &e.canonical)?;
        m.end()
    }
}

struct Seq<'a, T, F> {
    items: &'a [T],
    f: F,
}

impl<'a, T, F, O> Serialize for Seq<'a, T, F>
where
    F: Fn(&'a T) -> O,
    O: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.items.len()))?;
        for item in self.items {
            seq.serialize_element(&(self.f)(item))?;
        }
        seq.end()
    }
}

/// The JSON document schema of README.md: fields appear when the stage that fills them ran.
impl Serialize for Document {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let index = self.char_index();
        let ix = &index;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", &self.id)?;
        m.serialize_entry("source", &self.source)?;
        m.serialize_entry("meta", &self.meta)?;
        m.serialize_entry("body", &self.body)?;
        for (name, layer) in [
            ("paragraphs", &self.paragraphs),
            ("tokens", &self.tokens),
            ("sentences", &self.sentences),
        ] {
            if let Some(spans) = layer {
                m.serialize_entry(name, &Spans { spans, index: ix })?;
            }
        }
        if let Some(quotes) = &self.quotes {
            let f = |quote| QuoteOut {
                quote,
                doc: self,
                index: ix,
            };
            m.serialize_entry("quotes", &Seq { items: quotes, f })?;
        }
        if let Some(entities) = &self.entities {
            let f = |entity| EntityOut {
                entity,
                doc: self,
                index: ix,
            };
            m.serialize_entry("entities", &Seq { items: entities, f })?;
        }
        m.serialize_entry("diagnostics", &self.diagnostics)?;
        m.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_are_code_points() {
        let mut doc = Document::new("x", "-", "“Hi,” she said.");
        let she = doc.body.find("she").unwrap();
        doc.tokens = Some(vec![Span::new(she, she + 3)]);
        doc.quotes = Some(vec![Quote {
            span: Span::new(3, 6),
            spans: vec![Span::new(3, 6)],
            quoted: vec![Span::new(3, 6)],
            kind: QuoteKind::Direct,
            speaker: Some("Ann Lee".into()),
            speaker_type: SpeakerType::Person,
            speaker_span: Some(Span::new(she, she + 3)),
            cue: Some(Span::new(she + 4, she + 8)),
        }]);
        let v = serde_json::to_value(&doc).unwrap();
        assert_eq!(v["tokens"], serde_json::json!([[6, 9]]));
        assert_eq!(v["quotes"][0]["start"], 1);
        assert_eq!(v["quotes"][0]["text"], "Hi,");
        assert_eq!(v["quotes"][0]["speaker_start"], 6);
        assert_eq!(v["quotes"][0]["cue"], "said");
        assert_eq!(v["quotes"][0]["speaker_type"], "person");
        assert_eq!(v["quotes"][0]["spans"], serde_json::json!([[1, 4]]));
        assert_eq!(v["quotes"][0]["quoted"], serde_json::json!([[1, 4]]));
        assert!(v.get("entities").is_none());
    }

    #[test]
    fn quote_text_is_the_quoted_words() {
        let body = "“One,” she said of the plan, “two.” Lee called it “hard” work.";
        let at = |w: &str| body.find(w).unwrap();
        let one = Span::new(at("One"), at("One") + 4);
        let two = Span::new(at("two"), at("two") + 4);
        let direct = Quote {
            span: Span::new(one.start, two.end),
            spans: vec![one, two],
            quoted: vec![one, two],
            ..Quote::default()
        };
        assert_eq!(direct.text(body), "One … two.");
        let hard = Span::new(at("hard"), at("hard") + 4);
        let partial = Quote {
            span: Span::new(at("it"), at(" work") + 5),
            spans: vec![Span::new(at("it"), at(" work") + 5)],
            quoted: vec![hard],
            kind: QuoteKind::Partial,
            ..Quote::default()
        };
        assert_eq!(partial.text(body), "hard");
        let indirect = Quote {
            span: partial.span,
            kind: QuoteKind::Indirect,
            ..Quote::default()
        };
        assert_eq!(indirect.text(body), "it “hard” work");
    }

    #[test]
    fn invariants() {
        let mut doc = Document::new("x", "-", "né ok");
        doc.tokens = Some(vec![Span::new(0, 3), Span::new(4, 6)]);
        assert!(doc.check_invariants().is_ok());
        doc.tokens = Some(vec![Span::new(0, 2)]);
        assert!(doc.check_invariants().unwrap_err().contains("boundaries"));
        doc.tokens = Some(vec![Span::new(4, 6), Span::new(0, 3)]);
        assert!(doc.check_invariants().unwrap_err().contains("overlaps"));
        doc.tokens = Some(vec![Span::new(4, 60)]);
        assert!(doc.check_invariants().unwrap_err().contains("outside"));
    }

    #[test]
    fn replace_body_drops_offset_layers() {
        let mut doc = Document::new("x", "-", "menu\nbody");
        doc.tokens = Some(vec![Span::new(0, 4)]);
        doc.replace_body("body".into());
        assert_eq!(doc.input(), "menu\nbody");
        assert!(doc.tokens.is_none());
        doc.replace_body("b".into());
        assert_eq!(doc.input(), "menu\nbody");
    }
}
