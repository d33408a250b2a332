//! Span helpers shared by the writers: validation (a writer never trusts a stage's offsets),
//! paragraphs, and code point offsets.

use copydesk_core::{Document, Span};

/// Whether `span` lies inside `body` on character boundaries and is not reversed.
pub(crate) fn valid(body: &str, span: Span) -> bool {
    span.start <= span.end
        && span.end <= body.len()
        && body.is_char_boundary(span.start)
        && body.is_char_boundary(span.end)
}

/// The text of `span`, or `None` when the span is not valid for `body`.
pub(crate) fn text(body: &str, span: Span) -> Option<&str> {
    if valid(body, span) {
        body.get(span.range())
    } else {
        None
    }
}

/// The document's paragraphs, covering every non-blank part of the body once, in order: its
/// `paragraphs` layer (valid, non-empty spans, each starting after the previous one ends),
/// with any text the layer leaves out split at blank lines into paragraphs of its own; or,
/// without that layer, the body split at blank lines. Leading and trailing whitespace of each
/// paragraph is left out.
pub(crate) fn paragraphs(doc: &Document) -> Vec<Span> {
    let body = doc.body.as_str();
    let Some(layer) = &doc.paragraphs else {
        return split_paragraphs(body);
    };
    let mut out: Vec<Span> = Vec::with_capacity(layer.len());
    let mut covered = 0;
    let gap = |from: usize, to: usize, out: &mut Vec<Span>| {
        if let Some(text) = body.get(from..to) {
            out.extend(
                split_paragraphs(text)
                    .into_iter()
                    .map(|p| Span::new(p.start + from, p.end + from)),
            );
        }
    };
    for &p in layer {
        if !valid(body, p) || p.start < covered {
            continue;
        }
        let p = trim(body, p);
        if p.is_empty() {
            continue;
        }
        gap(covered, p.start, &mut out);
        out.push(p);
        covered = p.end;
    }
    gap(covered, body.len(), &mut out);
    out
}

/// `span` without leading and trailing whitespace.
pub(crate) fn trim(body: &str, span: Span) -> Span {
    let Some(s) = text(body, span) else {
        return Span::new(span.start, span.start);
    };
    let start = span.start + (s.len() - s.trim_start().len());
    let end = span.end - (s.len() - s.trim_end().len());
    Span::new(start, end.max(start))
}

/// The body split at blank lines (lines holding only whitespace).
pub(crate) fn split_paragraphs(body: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut pos = 0;
    for line in body.split_inclusive('\n') {
        let line_start = pos;
        pos += line.len();
        if line.trim().is_empty() {
            if let Some(s) = start.take() {
                out.push(trim(body, Span::new(s, end)));
            }
        } else {
            if start.is_none() {
                start = Some(line_start);
            }
            end = pos;
        }
    }
    if let Some(s) = start {
        out.push(trim(body, Span::new(s, end)));
    }
    out.retain(|p| !p.is_empty());
    out
}

/// The speaker's name to show for a quote: the resolved name, or `None`. An unresolved
/// mention (`it`, `The`) is never shown as a speaker.
pub(crate) fn speaker<'a>(_doc: &'a Document, quote: &'a copydesk_core::Quote) -> Option<&'a str> {
    quote
        .speaker
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// What a reader sees as said ([`copydesk_core::Quote::text`]: the quoted words, never the
/// narration between pieces). `None` when no part of it fits the body.
pub(crate) fn quote_text(doc: &Document, quote: &copydesk_core::Quote) -> Option<String> {
    let text = quote.text(&doc.body);
    (!text.is_empty()).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(body: &str, expected: &[&str]) {
        let got: Vec<&str> = split_paragraphs(body)
            .into_iter()
            .map(|p| &body[p.range()])
            .collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn splits_at_blank_lines() {
        check("", &[]);
        check("One.\nTwo.", &["One.\nTwo."]);
        check("\n\n  One.  \n \t\nTwo.\n\n\n", &["One.", "Two."]);
        check("Ünïcode — ok\n\nnext", &["Ünïcode — ok", "next"]);
    }

    #[test]
    fn quote_text_leaves_narration_out() {
        let body = "“One thing,” she said, “and another.”";
        let second = body.find("and").unwrap_or(0);
        let pieces = vec![Span::new(3, 13), Span::new(second, body.len() - 3)];
        let q = copydesk_core::Quote {
            span: Span::new(3, body.len() - 3),
            spans: pieces.clone(),
            quoted: pieces,
            ..Default::default()
        };
        let doc = Document::new("d", "-", body);
        assert_eq!(
            quote_text(&doc, &q).as_deref(),
            Some("One thing … and another.")
        );
        let outside = copydesk_core::Quote {
            span: Span::new(0, 99),
            ..Default::default()
        };
        assert_eq!(quote_text(&doc, &outside), None);
    }

    #[test]
    fn invalid_spans_are_rejected() {
        let body = "née";
        assert!(valid(body, Span::new(0, 4)));
        assert!(!valid(body, Span::new(0, 2)));
        assert!(!valid(body, Span::new(3, 2)));
        assert!(!valid(body, Span::new(0, 9)));
        assert_eq!(text(body, Span::new(1, 2)), None);
    }

    #[test]
    fn paragraph_layer_is_cleaned() {
        let mut doc = Document::new("d", "-", "Aa bb.\n\nCc dd.");
        doc.paragraphs = Some(vec![
            Span::new(0, 7),
            Span::new(3, 5),
            Span::new(8, 14),
            Span::new(20, 30),
        ]);
        assert_eq!(paragraphs(&doc), vec![Span::new(0, 6), Span::new(8, 14)]);
        // Text the layer leaves out still gets paragraphs.
        let mut doc = Document::new("d", "-", "Head\n\nAa bb.\n\nTail one\n\nTail two");
        doc.paragraphs = Some(vec![Span::new(6, 12)]);
        let got: Vec<&str> = paragraphs(&doc)
            .into_iter()
            .map(|p| &doc.body[p.range()])
            .collect();
        assert_eq!(got, ["Head", "Aa bb.", "Tail one", "Tail two"]);
    }
}
