//! The token view the extractor works on: each token classified once (word, punctuation,
//! quotation mark), with its lexical flags, sentence and paragraph.

use copydesk_core::Span;

use crate::lexicon::{self, Lex, Table};

/// Direction of a quotation mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dir {
    /// `“`, `‘`, `„`, `«`, `` ` ``.
    Open,
    /// `”`, `’`, `»`.
    Close,
    /// `"`, `'`, `''`: decided from context.
    Ambig,
}

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Has a letter or digit.
    Word,
    /// `,`
    Comma,
    /// `.`, `?`, `!`, `…`
    End,
    /// `:`
    Colon,
    /// `;`
    Semi,
    /// `—`, `–`, `-`, `--`
    Dash,
    /// `(`, `[`
    OpenParen,
    /// `)`, `]`
    CloseParen,
    /// Any other symbol.
    Other,
    /// A quotation mark (or an apostrophe standing alone).
    Mark {
        /// Double (`“`) or single (`‘`).
        double: bool,
        /// Its direction.
        dir: Dir,
    },
}

/// One token.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok {
    pub s: usize,
    pub e: usize,
    pub kind: Kind,
    pub lex: Lex,
    pub cap: bool,
    pub para: u32,
    pub sent: u32,
    /// Quote region id + 1 (for the marks and the content), 0 outside quotes.
    pub region: u32,
    /// Attribution id + 1 that owns this token, 0 when free.
    pub claim: u32,
}

impl Tok {
    pub fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }
    pub fn has(&self, flags: Lex) -> bool {
        self.kind == Kind::Word && self.lex & flags != 0
    }
    pub fn is_mark(&self) -> bool {
        matches!(self.kind, Kind::Mark { .. })
    }
}

/// Classifies a quotation-mark token text.
pub(crate) fn mark_of(text: &str) -> Option<(bool, Dir)> {
    Some(match text {
        "“" | "„" | "‟" | "``" | "«" => (true, Dir::Open),
        "”" | "»" => (true, Dir::Close),
        "\"" | "''" | "＂" => (true, Dir::Ambig),
        "‘" | "‚" | "‛" | "`" | "‹" => (false, Dir::Open),
        "’" | "›" => (false, Dir::Close),
        "'" => (false, Dir::Ambig),
        _ => return None,
    })
}

fn punct_kind(text: &str) -> Kind {
    match text {
        "," => Kind::Comma,
        "." | "?" | "!" | "…" | "..." | "?!" | "!?" | "!!" | "??" => Kind::End,
        ":" => Kind::Colon,
        ";" => Kind::Semi,
        "—" | "–" | "-" | "--" | "―" => Kind::Dash,
        "(" | "[" | "{" => Kind::OpenParen,
        ")" | "]" | "}" => Kind::CloseParen,
        _ if text.chars().all(|c| c == '.') => Kind::End,
        _ => Kind::Other,
    }
}

/// Whether `c` can be a quotation mark glued to a word by a tokenizer.
fn is_quote_char(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„' | '«' | '»' | '‘')
}

/// The token view of a document.
#[derive(Debug, Default)]
pub(crate) struct Units {
    pub t: Vec<Tok>,
    /// First token of each sentence id.
    pub sent_first: Vec<usize>,
    /// Last token of each sentence id.
    pub sent_last: Vec<usize>,
    /// First token of each paragraph id.
    pub para_first: Vec<usize>,
    /// Last token of each paragraph id.
    pub para_last: Vec<usize>,
}

impl Units {
    /// Builds the view. Tokens that are out of bounds, off char boundaries or out of order are
    /// skipped; double quotation marks glued to a word are split off.
    pub fn new(
        body: &str,
        tokens: &[Span],
        sentences: &[Span],
        paragraphs: &[Span],
        table: &Table,
    ) -> Units {
        let mut t: Vec<Tok> = Vec::with_capacity(tokens.len());
        let mut last_end = 0;
        let mut buf = [0u8; lexicon::MAX_KEY];
        let mut push = |s: usize, e: usize, t: &mut Vec<Tok>| {
            let text = &body[s..e];
            let (kind, lex, cap) = classify(text, table, &mut buf);
            t.push(Tok {
                s,
                e,
                kind,
                lex,
                cap,
                para: 0,
                sent: 0,
                region: 0,
                claim: 0,
            });
        };
        for sp in tokens {
            let (mut s, mut e) = (sp.start, sp.end);
            if s >= e
                || e > body.len()
                || s < last_end
                || !body.is_char_boundary(s)
                || !body.is_char_boundary(e)
            {
                continue;
            }
            last_end = e;
            // Split glued double quotation marks (a tokenizer that left `“It` whole).
            let mut tail: Option<(usize, usize)> = None;
            if e - s > 1 {
                if let Some(c) = body[s..e].chars().next()
                    && is_quote_char(c)
                {
                    push(s, s + c.len_utf8(), &mut t);
                    s += c.len_utf8();
                }
                if e > s + 1
                    && let Some(c) = body[s..e].chars().next_back()
                    && is_quote_char(c)
                {
                    tail = Some((e - c.len_utf8(), e));
                    e -= c.len_utf8();
                }
            }
            // Two touching `'` tokens are one `''` mark (the NYT's double quote).
            if s < e
                && &body[s..e] == "'"
                && let Some(prev) = t.last_mut()
                && prev.e == s
                && &body[prev.s..prev.e] == "'"
            {
                prev.e = e;
                prev.kind = Kind::Mark {
                    double: true,
                    dir: Dir::Ambig,
                };
                continue;
            }
            if s < e {
                push(s, e, &mut t);
            }
            if let Some((a, b)) = tail {
                push(a, b, &mut t);
            }
        }
        let mut u = Units {
            t,
            ..Units::default()
        };
        u.assign(sentences, paragraphs);
        u
    }

    /// Assigns sentence and paragraph ids: a new sentence starts at every sentence or
    /// paragraph boundary of the input layers.
    fn assign(&mut self, sentences: &[Span], paragraphs: &[Span]) {
        let (mut si, mut pi) = (0usize, 0usize);
        let (mut cur_s, mut cur_p) = (usize::MAX, usize::MAX);
        let mut sid: u32 = 0;
        let mut pid: u32 = 0;
        for (i, tok) in self.t.iter_mut().enumerate() {
            while si < sentences.len() && sentences[si].end <= tok.s {
                si += 1;
            }
            while pi < paragraphs.len() && paragraphs[pi].end <= tok.s {
                pi += 1;
            }
            let new_p = i == 0 || pi != cur_p;
            let new_s = new_p || si != cur_s;
            if new_p && i > 0 {
                pid += 1;
            }
            if new_s && i > 0 {
                sid += 1;
            }
            if new_p {
                self.para_first.push(i);
                if i > 0 {
                    self.para_last.push(i - 1);
                }
            }
            if new_s {
                self.sent_first.push(i);
                if i > 0 {
                    self.sent_last.push(i - 1);
                }
            }
            cur_s = si;
            cur_p = pi;
            tok.sent = sid;
            tok.para = pid;
        }
        if !self.t.is_empty() {
            self.sent_last.push(self.t.len() - 1);
            self.para_last.push(self.t.len() - 1);
        }
    }

    pub fn len(&self) -> usize {
        self.t.len()
    }

    pub fn sent_first_of(&self, i: usize) -> usize {
        self.sent_first[self.t[i].sent as usize]
    }

    pub fn sent_last_of(&self, i: usize) -> usize {
        self.sent_last[self.t[i].sent as usize]
    }

    pub fn para_first_of(&self, i: usize) -> usize {
        self.para_first[self.t[i].para as usize]
    }

    pub fn same_sent(&self, a: usize, b: usize) -> bool {
        self.t[a].sent == self.t[b].sent
    }
}

fn classify(text: &str, table: &Table, buf: &mut [u8; lexicon::MAX_KEY]) -> (Kind, Lex, bool) {
    let b0 = text.as_bytes().first().copied().unwrap_or(b' ');
    if matches!(b0, b'"' | b'\'' | b'`' | 0xC2 | 0xE2 | 0xEF)
        && let Some((double, dir)) = mark_of(text)
    {
        return (Kind::Mark { double, dir }, 0, false);
    }
    if b0.is_ascii_alphabetic() {
        let cap = b0.is_ascii_uppercase();
        let lex = lexicon::key(text, buf)
            .and_then(|k| table.get(k))
            .unwrap_or(0);
        return (Kind::Word, lex, cap);
    }
    let first = text.chars().next().unwrap_or(' ');
    let is_word = if text.is_ascii() {
        text.bytes().any(|b| b.is_ascii_alphanumeric())
    } else {
        text.chars().any(char::is_alphanumeric)
    };
    if !is_word {
        return (punct_kind(text), 0, false);
    }
    let cap = first.is_uppercase();
    let lex = lexicon::key(text, buf)
        .and_then(|k| table.get(k))
        .unwrap_or(0);
    (Kind::Word, lex, cap)
}
