//! A small test-only tokenizer with the conventions of the `tokenize` stage (PTB-style words,
//! `U.S.` whole, clitics split, punctuation and quotation marks separate; paragraphs are
//! non-blank lines). Used by the unit tests, the example and the benchmark; the real stage
//! lives in `copydesk-tokenize`.

#![allow(dead_code)]

use copydesk_core::{Document, Span};

const ABBREV: &[&str] = &[
    "mr.", "mrs.", "ms.", "dr.", "sen.", "rep.", "gov.", "gen.", "lt.", "col.", "sgt.", "capt.",
    "st.", "jr.", "sr.", "inc.", "corp.", "co.", "ltd.", "jan.", "feb.", "aug.", "sept.", "oct.",
    "nov.", "dec.", "vs.", "prof.", "rev.", "adm.", "maj.", "ft.", "mt.",
];

fn is_quote_char(c: char) -> bool {
    matches!(
        c,
        '"' | '“' | '”' | '‘' | '’' | '\'' | '«' | '»' | '„' | '‚' | '`'
    )
}

fn is_punct_char(c: char) -> bool {
    !c.is_alphanumeric() && !c.is_whitespace()
}

/// Tokens, sentences and paragraphs of `text` (byte spans).
pub(crate) fn tokenize(text: &str) -> (Vec<Span>, Vec<Span>, Vec<Span>) {
    let mut tokens = Vec::new();
    let mut paragraphs = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim();
        if !trimmed.is_empty() {
            let lead = content.len() - content.trim_start().len();
            let s = line_start + lead;
            paragraphs.push(Span::new(s, s + trimmed.len()));
            tokenize_line(text, s, s + trimmed.len(), &mut tokens);
        }
        line_start += line.len();
    }
    let sentences = split_sentences(text, &tokens, &paragraphs);
    (tokens, sentences, paragraphs)
}

fn tokenize_line(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let line = &text[start..end];
    let mut word_start: Option<usize> = None;
    for (i, c) in line.char_indices() {
        if c.is_whitespace() {
            if let Some(ws) = word_start.take() {
                split_word(text, start + ws, start + i, out);
            }
        } else if word_start.is_none() {
            word_start = Some(i);
        }
    }
    if let Some(ws) = word_start {
        split_word(text, start + ws, end, out);
    }
}

fn split_word(text: &str, mut s: usize, mut e: usize, out: &mut Vec<Span>) {
    let mut tail = Vec::new();
    // Leading punctuation and quote marks.
    while s < e {
        let w = &text[s..e];
        let Some(c) = w.chars().next() else { break };
        if w.starts_with("``") {
            out.push(Span::new(s, s + 2));
            s += 2;
            continue;
        }
        let next = w[c.len_utf8()..].chars().next();
        let apostrophe = (c == '’' || c == '\'')
            && next.is_some_and(|n| n.is_ascii_digit())
            && w.len() > c.len_utf8() + 1;
        if is_punct_char(c)
            && !apostrophe
            && !(c == '$' && next.is_some_and(|n| n.is_ascii_digit()))
        {
            out.push(Span::new(s, s + c.len_utf8()));
            s += c.len_utf8();
        } else {
            break;
        }
    }
    // Trailing punctuation (but keep abbreviation dots).
    while s < e {
        let w = &text[s..e];
        let Some(c) = w.chars().next_back() else {
            break;
        };
        if w.ends_with("''") && w.len() > 2 {
            tail.push(Span::new(e - 2, e));
            e -= 2;
            continue;
        }
        if c == '.' {
            let lw = w.to_ascii_lowercase();
            let inner_dot = w[..w.len() - 1].contains('.');
            let single_cap = w.len() == 2 && w.as_bytes()[0].is_ascii_uppercase();
            if ABBREV.contains(&lw.as_str()) || inner_dot || single_cap {
                break;
            }
        }
        if is_punct_char(c) && w.len() > c.len_utf8() {
            tail.push(Span::new(e - c.len_utf8(), e));
            e -= c.len_utf8();
        } else {
            break;
        }
    }
    if s < e {
        // Clitics.
        let w = &text[s..e];
        let lower = w.to_lowercase();
        let mut split_at = None;
        for suf in ["n't", "n’t"] {
            if lower.ends_with(suf) && w.len() > suf.len() {
                split_at = Some(e - suf.len());
            }
        }
        if split_at.is_none() {
            for suf in [
                "'s", "’s", "'re", "’re", "'ll", "’ll", "'ve", "’ve", "'d", "’d", "'m", "’m",
            ] {
                if lower.ends_with(suf) && w.len() > suf.len() {
                    split_at = Some(e - suf.len());
                    break;
                }
            }
        }
        match split_at {
            Some(p) if text.is_char_boundary(p) => {
                out.push(Span::new(s, p));
                out.push(Span::new(p, e));
            }
            _ => out.push(Span::new(s, e)),
        }
    }
    out.extend(tail.into_iter().rev());
}

fn split_sentences(text: &str, tokens: &[Span], paragraphs: &[Span]) -> Vec<Span> {
    let mut out = Vec::new();
    let mut p = 0;
    let mut start: Option<usize> = None;
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i];
        while p < paragraphs.len() && paragraphs[p].end <= t.start {
            p += 1;
        }
        let s = *start.get_or_insert(t.start);
        let tx = &text[t.range()];
        let mut end_here = matches!(tx, "." | "?" | "!");
        let mut j = i + 1;
        if end_here {
            while j < tokens.len() {
                let nx = &text[tokens[j].range()];
                if nx
                    .chars()
                    .all(|c| matches!(c, '”' | '"' | '’' | '\'' | ')' | '»'))
                    && tokens[j].start == tokens[j - 1].end
                {
                    j += 1;
                } else {
                    break;
                }
            }
            if j < tokens.len() {
                let nx = &text[tokens[j].range()];
                let first = nx.chars().next().unwrap_or(' ');
                if first.is_lowercase() {
                    end_here = false;
                }
            }
        }
        let para_end =
            p < paragraphs.len() && tokens.get(j).is_none_or(|n| n.start >= paragraphs[p].end);
        if end_here || para_end {
            let e = tokens[j - 1].end;
            out.push(Span::new(s, e));
            start = None;
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

/// A document with the layers of [`tokenize`].
pub(crate) fn doc(text: &str) -> Document {
    let mut d = Document::new("test", "inline", text);
    let (t, s, p) = tokenize(text);
    d.tokens = Some(t);
    d.sentences = Some(s);
    d.paragraphs = Some(p);
    d
}
