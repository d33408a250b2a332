//! `conll`: tokens with BIO entity tags, CoNLL-2003 style.

use std::io::Write;

use copydesk_core::{
    BuildError, Configure, Document, Entity, OptionDoc, Options, Output, OutputFile, Span,
    WriteError, Writer,
};
use serde::{Deserialize, Serialize};

use crate::spans;

/// The line that starts each document.
pub const DOCSTART: &str = "-DOCSTART- -X- O O";

/// Options of the `conll` writer.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ConllOptions {
    /// Start each document with a `-DOCSTART- -X- O O` line and a blank line (default `true`).
    pub docstart: bool,
}

impl Default for ConllOptions {
    fn default() -> Self {
        ConllOptions { docstart: true }
    }
}

impl Options for ConllOptions {
    const DOCS: &'static [OptionDoc] = &[OptionDoc {
        key: "docstart",
        ty: "boolean",
        doc: "start each document with a `-DOCSTART- -X- O O` line",
    }];
}

/// The `conll` writer: one token per line, `token<TAB>tag`, with BIO tags (`B-PER`,
/// `I-PER`, `O`); a blank line after each sentence; `-DOCSTART- -X- O O` and a blank line
/// before each document. Tokens appear in body order; tokens outside every sentence form
/// sentences of their own. A token takes the label of the first entity it overlaps; an entity
/// that continues into a new sentence starts again with `B-`. Whitespace inside a token
/// (e.g. a no-break space) is written as `_`, so a line always has exactly two fields.
/// Into a directory it writes `documents.conll`.
#[derive(Debug)]
pub struct Conll {
    options: ConllOptions,
    file: Option<Box<dyn OutputFile>>,
}

impl Configure for Conll {
    type Options = ConllOptions;

    fn configure(options: ConllOptions) -> Result<Self, BuildError> {
        Ok(Conll {
            options,
            file: None,
        })
    }
}

fn io(e: std::io::Error) -> WriteError {
    WriteError::io("writing conll", e)
}

/// A token as one field: whitespace becomes `_`, other control characters are dropped.
fn field(token: &str, out: &mut String) {
    for c in token.chars() {
        if c.is_whitespace() {
            out.push('_');
        } else if !c.is_control() {
            out.push(c);
        }
    }
}

/// Sorted, valid entities, each starting after the previous one ends.
fn entity_spans(doc: &Document) -> Vec<&Entity> {
    let mut all: Vec<&Entity> = doc
        .entities
        .iter()
        .flatten()
        .filter(|e| spans::valid(&doc.body, e.span) && !e.span.is_empty())
        .collect();
    all.sort_by_key(|e| (e.span.start, std::cmp::Reverse(e.span.end)));
    let mut kept: Vec<&Entity> = Vec::with_capacity(all.len());
    for e in all {
        if kept.last().is_none_or(|k| e.span.start >= k.span.end) {
            kept.push(e);
        }
    }
    kept
}

/// The CoNLL text of one document.
pub(crate) fn render(doc: &Document, docstart: bool) -> Result<String, WriteError> {
    let Some(tokens) = &doc.tokens else {
        return Err(WriteError::new(format!(
            "conll needs tokens, but document '{}' has none; add a `tokenize` stage",
            doc.id
        )));
    };
    let body = doc.body.as_str();
    let mut tokens: Vec<Span> = tokens
        .iter()
        .copied()
        .filter(|&t| spans::text(body, t).is_some_and(|s| s.chars().any(|c| !c.is_whitespace())))
        .collect();
    tokens.sort_unstable();
    let mut sentences: Vec<Span> = doc
        .sentences
        .iter()
        .flatten()
        .copied()
        .filter(|&s| spans::valid(body, s) && !s.is_empty())
        .collect();
    sentences.sort_unstable();
    let entities = entity_spans(doc);

    let mut s = String::with_capacity(body.len() * 2 + 32);
    if docstart {
        s.push_str(DOCSTART);
        s.push_str("\n\n");
    }
    // The sentence of the previous token: `Some(i)` for sentence i, `None` for "outside";
    // the outer Option is `None` before the first token.
    let mut previous: Option<Option<usize>> = None;
    let mut sentence = 0;
    let mut entity = 0;
    let mut last_entity: Option<usize> = None;
    for t in tokens {
        while sentence < sentences.len() && sentences[sentence].end <= t.start {
            sentence += 1;
        }
        let here = sentences
            .get(sentence)
            .filter(|x| x.start <= t.start)
            .map(|_| sentence);
        if previous.is_some_and(|p| p != here) {
            s.push('\n');
            last_entity = None;
        }
        previous = Some(here);
        while entity < entities.len() && entities[entity].span.end <= t.start {
            entity += 1;
        }
        let hit = entities
            .get(entity)
            .filter(|e| e.span.start < t.end)
            .map(|e| (entity, e.label.name()));
        let Some(text) = spans::text(body, t) else {
            continue;
        };
        field(text, &mut s);
        s.push('\t');
        match hit {
            Some((i, label)) => {
                s.push_str(if last_entity == Some(i) { "I-" } else { "B-" });
                s.push_str(label);
                last_entity = Some(i);
            }
            None => {
                s.push('O');
                last_entity = None;
            }
        }
        s.push('\n');
    }
    if previous.is_some() {
        s.push('\n');
    }
    Ok(s)
}

impl Writer for Conll {
    fn begin(&mut self, out: &mut dyn Output) -> Result<(), WriteError> {
        if out.is_dir() {
            self.file = Some(out.create("documents.conll")?);
        }
        Ok(())
    }

    fn write(&mut self, doc: &Document, out: &mut dyn Output) -> Result<(), WriteError> {
        let text = render(doc, self.options.docstart)?;
        let w: &mut dyn Write = match &mut self.file {
            Some(file) => file,
            None => out.stream()?,
        };
        w.write_all(text.as_bytes()).map_err(io)
    }

    fn finish(&mut self, out: &mut dyn Output) -> Result<(), WriteError> {
        match self.file.take() {
            Some(file) => file.commit(),
            None => out.stream()?.flush().map_err(io),
        }
    }
}

copydesk_core::register_writer!(Conll {
    name: "conll",
    summary: "CoNLL-2003 style `token<TAB>BIO-tag` lines, blank line between sentences, -DOCSTART- per document",
    requires: [Tokens, Sentences],
});

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MemoryOutput;
    use crate::testutil::{find, sample, tokenize};
    use copydesk_core::EntityLabel;

    fn check(doc: &Document, expected: &str) {
        assert_eq!(render(doc, false).unwrap(), expected);
    }

    fn doc(body: &str, entities: &[(&str, EntityLabel)]) -> Document {
        let mut d = Document::new("t", "t", body);
        tokenize(&mut d);
        d.entities = Some(
            entities
                .iter()
                .map(|&(name, label)| Entity {
                    span: find(body, name, 0),
                    label,
                    canonical: name.into(),
                })
                .collect(),
        );
        d
    }

    #[test]
    fn bio_tags_and_sentences() {
        check(
            &doc(
                "Antony Blinken met NATO.\n\nHe left Geneva.",
                &[
                    ("Antony Blinken", EntityLabel::Per),
                    ("NATO", EntityLabel::Org),
                    ("Geneva", EntityLabel::Loc),
                ],
            ),
            "Antony\tB-PER\nBlinken\tI-PER\nmet\tO\nNATO\tB-ORG\n.\tO\n\n\
             He\tO\nleft\tO\nGeneva\tB-LOC\n.\tO\n\n",
        );
    }

    #[test]
    fn adjacent_entities_start_again() {
        check(
            &doc(
                "Paris London",
                &[("Paris", EntityLabel::Loc), ("London", EntityLabel::Loc)],
            ),
            "Paris\tB-LOC\nLondon\tB-LOC\n\n",
        );
    }

    #[test]
    fn whitespace_inside_tokens_and_tokens_outside_sentences() {
        let body = "New\u{a0}York x\ty. Tail";
        let mut d = Document::new("t", "t", body);
        d.tokens = Some(vec![
            find(body, "New\u{a0}York", 0),
            find(body, "x\ty", 0),
            find(body, ".", 0),
            find(body, "Tail", 0),
        ]);
        d.sentences = Some(vec![Span::new(0, body.find('.').unwrap_or(0) + 1)]);
        d.entities = Some(vec![Entity {
            span: find(body, "New\u{a0}York", 0),
            label: EntityLabel::Loc,
            canonical: "New York".into(),
        }]);
        check(&d, "New_York\tB-LOC\nx_y\tO\n.\tO\n\nTail\tO\n\n");
    }

    #[test]
    fn entity_crossing_a_sentence_restarts() {
        let mut d = doc("A B C", &[("B C", EntityLabel::Org)]);
        d.sentences = Some(vec![Span::new(0, 3), Span::new(4, 5)]);
        check(&d, "A\tO\nB\tB-ORG\n\nC\tB-ORG\n\n");
    }

    #[test]
    fn stream_has_docstart_per_document_and_missing_tokens_fail() {
        let mut out = MemoryOutput::default();
        let mut w = Conll::configure(ConllOptions::default()).unwrap();
        let mut a = sample();
        tokenize(&mut a);
        w.begin(&mut out).unwrap();
        w.write(&a, &mut out).unwrap();
        w.write(&a, &mut out).unwrap();
        w.finish(&mut out).unwrap();
        let text = String::from_utf8(out.stream).unwrap();
        assert_eq!(text.matches(DOCSTART).count(), 2);
        assert!(text.starts_with("-DOCSTART- -X- O O\n\nLösberg\tB-LOC\n(\tO\n"));
        assert!(text.contains("Ruiz\tB-PER\n"));
        assert!(
            text.lines()
                .all(|l| l.is_empty() || l == DOCSTART || l.split('\t').count() == 2)
        );
        let err = render(&Document::new("x", "-", "no tokens"), true).unwrap_err();
        assert!(err.to_string().contains("add a `tokenize` stage"));
    }
}
