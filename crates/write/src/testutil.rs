//! Hand-built documents for the writers' unit tests.

use copydesk_core::{Dateline, Document, Entity, EntityLabel, Quote, QuoteKind, Span};

/// The byte span of the first `needle` at or after byte `from` of `body`.
pub(crate) fn find(body: &str, needle: &str, from: usize) -> Span {
    let start = from + body[from..].find(needle).expect("needle in body");
    Span::new(start, start + needle.len())
}

/// A short article with a direct quote (speaker, mention, cue), an unattributed indirect
/// quote, a person and a place with a non-ASCII name, and hostile markup.
pub(crate) fn sample() -> Document {
    let body = "Lösberg (AP) — “We will rebuild, \"brick by brick\",” Ruiz said on Tuesday.\n\n\
                Officials said the bridge would reopen in May. <script>alert(1)</script>";
    let mut doc = Document::new("n1", "n1.txt", body);
    doc.meta.title = Some("Mayor Vows <Fast> Repairs".into());
    doc.meta.date = Some("2024-03-05".into());
    doc.meta.authors = vec!["Ana Pérez".into(), "Tom Ek".into()];
    doc.meta.publisher = Some("Associated Press".into());
    doc.meta.dateline = Some(Dateline {
        place: "LÖSBERG".into(),
        agency: Some("AP".into()),
    });
    let b = doc.body.as_str();
    let quote = find(b, "We will rebuild, \"brick by brick\"", 0);
    let ruiz = find(b, "Ruiz", 0);
    let said = find(b, "said", 0);
    let indirect = find(b, "the bridge would reopen in May", 0);
    let place = find(b, "Lösberg", 0);
    let paragraphs = vec![
        Span::new(0, b.find("\n\n").unwrap_or(0)),
        Span::new(b.find("Officials").unwrap_or(0), b.len()),
    ];
    doc.paragraphs = Some(paragraphs);
    doc.quotes = Some(vec![
        Quote {
            span: quote,
            spans: vec![],
            quoted: vec![],
            speaker_type: Default::default(),
            kind: QuoteKind::Direct,
            speaker: Some("Maria Ruiz".into()),
            speaker_span: Some(ruiz),
            cue: Some(said),
        },
        Quote {
            span: indirect,
            spans: vec![],
            quoted: vec![],
            speaker_type: Default::default(),
            kind: QuoteKind::Indirect,
            speaker: None,
            speaker_span: None,
            cue: None,
        },
    ]);
    doc.entities = Some(vec![
        Entity {
            span: ruiz,
            label: EntityLabel::Per,
            canonical: "Maria Ruiz".into(),
        },
        Entity {
            span: place,
            label: EntityLabel::Loc,
            canonical: "Lösberg".into(),
        },
    ]);
    doc
}

/// Whitespace tokens of `doc.body` with punctuation split off, and one sentence per
/// paragraph: enough structure for the CoNLL writer's tests.
pub(crate) fn tokenize(doc: &mut Document) {
    let body = doc.body.as_str();
    let mut tokens = Vec::new();
    let mut start = None;
    for (i, c) in body.char_indices() {
        let word = c.is_alphanumeric() || c == '\'' || c == '-';
        if word {
            start.get_or_insert(i);
            continue;
        }
        if let Some(s) = start.take() {
            tokens.push(Span::new(s, i));
        }
        if !c.is_whitespace() {
            tokens.push(Span::new(i, i + c.len_utf8()));
        }
    }
    if let Some(s) = start {
        tokens.push(Span::new(s, body.len()));
    }
    doc.sentences = Some(crate::spans::paragraphs(doc));
    doc.tokens = Some(tokens);
}
