//! Reading CoNLL-2003 style files: one `token … TAG` line per token, blank lines between
//! sentences, `-DOCSTART-` lines between documents; tags in IOB1, IOB2 or BILOU/IOBES.

use std::path::Path;

use crate::TrainError;
use crate::label;

/// One annotated document: sentences of tokens with BILOU labels.
#[derive(Debug, Clone, Default)]
pub(crate) struct AnnotatedDoc {
    pub(crate) sentences: Vec<AnnotatedSentence>,
    /// The annotation has no MISC label (Universal NER): an `O` token may be a MISC name.
    pub(crate) no_misc: bool,
}

impl AnnotatedDoc {
    /// Every token lower-cased (for training and scoring a caseless model).
    pub(crate) fn lowercased(mut self) -> AnnotatedDoc {
        for s in &mut self.sentences {
            for t in &mut s.tokens {
                *t = t.to_lowercase();
            }
        }
        self
    }
}

#[derive(Debug, Clone, Default)]
pub(crate) struct AnnotatedSentence {
    pub(crate) tokens: Vec<String>,
    pub(crate) labels: Vec<u8>,
}

/// Reads a CoNLL file.
pub(crate) fn read_file(path: &Path) -> Result<Vec<AnnotatedDoc>, TrainError> {
    let text = std::fs::read_to_string(path).map_err(|e| TrainError::Io {
        path: path.display().to_string(),
        source: e,
    })?;
    parse(&text).map_err(|(line, message)| TrainError::Format {
        path: path.display().to_string(),
        line,
        message,
    })
}

/// Parses CoNLL text; an error gives the 1-based line and a message.
pub(crate) fn parse(text: &str) -> Result<Vec<AnnotatedDoc>, (usize, String)> {
    let mut docs: Vec<AnnotatedDoc> = Vec::new();
    let mut tokens: Vec<String> = Vec::new();
    let mut tags: Vec<(String, String)> = Vec::new();
    let mut started = false;
    let flush = |docs: &mut Vec<AnnotatedDoc>,
                 tokens: &mut Vec<String>,
                 tags: &mut Vec<(String, String)>,
                 started: &mut bool| {
        if tokens.is_empty() {
            return;
        }
        if !*started {
            docs.push(AnnotatedDoc::default());
            *started = true;
        }
        let chunks = iob_chunks(tags);
        let labels = label::from_chunks(tokens.len(), &chunks);
        if let Some(doc) = docs.last_mut() {
            doc.sentences.push(AnnotatedSentence {
                tokens: std::mem::take(tokens),
                labels,
            });
        }
        tags.clear();
    };
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            flush(&mut docs, &mut tokens, &mut tags, &mut started);
            continue;
        }
        let mut cols = line.split_whitespace();
        let Some(word) = cols.next() else { continue };
        if word == "-DOCSTART-" {
            flush(&mut docs, &mut tokens, &mut tags, &mut started);
            docs.push(AnnotatedDoc::default());
            started = true;
            continue;
        }
        let Some(tag) = cols.last() else {
            return Err((n + 1, "expected at least two columns: token and tag".into()));
        };
        let (prefix, ty) = match tag.split_once('-') {
            Some((p, t)) => (p.to_owned(), t.to_owned()),
            None if tag == "O" => ("O".to_owned(), String::new()),
            None => return Err((n + 1, format!("bad tag '{tag}', expected O or X-TYPE"))),
        };
        tokens.push(word.to_owned());
        tags.push((prefix, ty));
    }
    flush(&mut docs, &mut tokens, &mut tags, &mut started);
    docs.retain(|d| !d.sentences.is_empty());
    Ok(docs)
}

/// conlleval chunking of IOB1/IOB2/IOBES tags; chunks of a type other than PER, ORG, LOC and
/// MISC are dropped.
fn iob_chunks(tags: &[(String, String)]) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<(usize, &str)> = None;
    let mut prev_p = "O";
    let mut prev_t = "";
    for (k, (p, t)) in tags.iter().enumerate() {
        let (p, t) = (p.as_str(), t.as_str());
        if let Some((s, st)) = start {
            let end_here =
                matches!(p, "O" | "B" | "S") || matches!(prev_p, "E" | "S") || t != prev_t;
            if end_here {
                push_chunk(&mut out, s, k, st);
                start = None;
            }
        }
        if p != "O" && start.is_none() {
            start = Some((k, t));
        }
        prev_p = p;
        prev_t = t;
    }
    if let Some((s, st)) = start {
        push_chunk(&mut out, s, tags.len(), st);
    }
    out
}

fn push_chunk(out: &mut Vec<(usize, usize, usize)>, s: usize, e: usize, ty: &str) {
    if let Some(l) = copydesk_core::EntityLabel::from_name(ty) {
        out.push((s, e, label::type_index(l)));
    }
}

/// The document with hyphenated words split at their hyphens (`Euro-Atlantic` → `Euro` `-`
/// `Atlantic`), as tokenizers in the UD convention write them, the pieces of an entity word
/// staying one entity; `None` if no word has such a hyphen.
pub(crate) fn split_hyphens(doc: &AnnotatedDoc) -> Option<AnnotatedDoc> {
    use crate::label::{Pos, make, pos, ty};
    let mut changed = false;
    let mut out = AnnotatedDoc {
        no_misc: doc.no_misc,
        ..AnnotatedDoc::default()
    };
    for s in &doc.sentences {
        let mut tokens = Vec::with_capacity(s.tokens.len());
        let mut labels = Vec::with_capacity(s.labels.len());
        for (w, &l) in s.tokens.iter().zip(&s.labels) {
            let pieces = hyphen_pieces(w);
            if pieces.len() == 1 {
                tokens.push(w.clone());
                labels.push(l);
                continue;
            }
            changed = true;
            let n = pieces.len();
            for (k, piece) in pieces.into_iter().enumerate() {
                tokens.push(piece.to_owned());
                let label = match (ty(l), pos(l)) {
                    (Some(t), Some(p)) => {
                        let opens = matches!(p, Pos::B | Pos::U);
                        let closes = matches!(p, Pos::L | Pos::U);
                        let piece_pos = match (k == 0 && opens, k + 1 == n && closes) {
                            (true, true) => Pos::U,
                            (true, false) => Pos::B,
                            (false, true) => Pos::L,
                            (false, false) => Pos::I,
                        };
                        make(t, piece_pos)
                    }
                    _ => l,
                };
                labels.push(label);
            }
        }
        out.sentences.push(AnnotatedSentence { tokens, labels });
    }
    changed.then_some(out)
}

/// A word split at each hyphen between two letters or a letter and a digit (not between two
/// digits: scores and dates stay whole).
fn hyphen_pieces(word: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    for k in 1..chars.len().saturating_sub(1) {
        let (b, c) = chars[k];
        let (p, n) = (chars[k - 1].1, chars[k + 1].1);
        if c == '-'
            && p.is_alphanumeric()
            && n.is_alphanumeric()
            && !(p.is_numeric() && n.is_numeric())
        {
            out.push(&word[start..b]);
            out.push(&word[b..b + 1]);
            start = b + 1;
        }
    }
    out.push(&word[start..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &[&[(usize, usize, usize)]]) {
        let docs = parse(input).unwrap();
        let mut got = Vec::new();
        for d in &docs {
            for s in &d.sentences {
                let mut c = Vec::new();
                label::chunks(&s.labels, &mut c);
                got.push(c);
            }
        }
        let expected: Vec<Vec<_>> = expected.iter().map(|c| c.to_vec()).collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn iob1_and_docs() {
        check(
            "-DOCSTART- -X- O O\n\nAnna NNP I-PER\nKarlsson NNP I-PER\nvisited VBD O\nOslo NNP I-LOC\n\n\
             Oslo NNP I-LOC\nBergen NNP B-LOC\n",
            &[&[(0, 2, 0), (3, 4, 2)], &[(0, 1, 2), (1, 2, 2)]],
        );
    }

    #[test]
    fn hyphen_variant() {
        let docs =
            parse("Euro-Atlantic I-MISC\nties O\nin O\nNew I-LOC\nYork-based I-LOC\n3-1 O\n")
                .unwrap();
        let split = split_hyphens(&docs[0]).unwrap();
        let s = &split.sentences[0];
        assert_eq!(
            s.tokens,
            [
                "Euro", "-", "Atlantic", "ties", "in", "New", "York", "-", "based", "3-1"
            ]
        );
        let mut c = Vec::new();
        label::chunks(&s.labels, &mut c);
        assert_eq!(c, [(0, 3, 3), (5, 9, 2)]);
        assert!(split_hyphens(&parse("plain O\n").unwrap()[0]).is_none());
    }

    #[test]
    fn iob2_and_bad_lines() {
        check("New B-LOC\nZealand I-LOC\nwins O\n", &[&[(0, 2, 2)]]);
        assert!(parse("word\n").is_err());
        assert!(parse("word X\n").is_err());
    }
}
