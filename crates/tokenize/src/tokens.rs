//! The token scanner: whitespace split, then prefix, suffix, clitic and infix rules.
//!
//! Every step looks at a bounded number of characters or at facts computed once per chunk, so
//! the scanner is linear in the input, whatever the input.

use copydesk_core::Span;

use crate::abbrev::{Abbreviations, Kind};

/// The tokenizer's rules, built once from the options.
#[derive(Debug, Clone)]
pub(crate) struct Rules {
    pub(crate) abbreviations: Abbreviations,
    pub(crate) split_clitics: bool,
    pub(crate) split_hyphens: bool,
}

/// ASCII letters and digits.
const fn alnum_table() -> [bool; 256] {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = b.is_ascii_alphanumeric();
        i += 1;
    }
    t
}

/// ASCII whitespace (as Python's `str.isspace`, which the scorers use).
const fn space_table() -> [bool; 256] {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 128 {
        t[i] = matches!(i, 9..=13 | 28..=32);
        i += 1;
    }
    t
}

static ALNUM: [bool; 256] = alnum_table();
static SPACE: [bool; 256] = space_table();

/// A character that belongs inside a word: letters, digits, combining marks and modifier
/// letters (`ʻ`).
#[inline]
pub(crate) fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return ALNUM[c as usize];
    }
    match c {
        // General punctuation (quotes, dashes, spaces), except the zero-width joiners.
        '\u{2000}'..='\u{206f}' => matches!(c, '\u{200c}' | '\u{200d}'),
        // Letters of the blocks real text is full of (basic Cyrillic, kana, Han, Hangul
        // syllables), without a Unicode table lookup (a test checks they are all letters).
        'А'..='я'
        | '\u{3041}'..='\u{3096}'
        | '\u{30a1}'..='\u{30fa}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{ac00}'..='\u{d7a3}' => true,
        _ => c.is_alphanumeric() || is_mark(c),
    }
}

/// Combining marks common in Latin, Greek and Cyrillic text, and the zero-width joiners.
#[inline]
fn is_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}' | '\u{483}'..='\u{489}' | '\u{200c}' | '\u{200d}')
        || matches!(c, '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}' | '\u{20d0}'..='\u{20ff}')
        || matches!(c, '\u{fe00}'..='\u{fe0f}' | '\u{1f3fb}'..='\u{1f3ff}' | '\u{e0020}'..='\u{e007f}')
}

/// The length of the symbol starting at byte `i` of `s` (itself `len` bytes) with the marks,
/// variation selectors, skin tones and zero-width-joined symbols that belong to it (one emoji).
fn symbol_len(s: &str, i: usize, len: usize) -> usize {
    let mut end = i + len;
    let mut joined = false;
    while let Some((c, l)) = char_at(s, end) {
        if is_mark(c) || joined {
            joined = c == '\u{200d}';
            end += l;
        } else {
            break;
        }
    }
    end - i
}

/// Whitespace as Python's `str.isspace` sees it.
#[inline]
pub(crate) fn is_space(c: char) -> bool {
    if c.is_ascii() {
        SPACE[c as usize]
    } else {
        c.is_whitespace()
    }
}

/// The character starting at byte `i` (which must be a char boundary) and its length.
#[inline]
fn char_at(t: &str, i: usize) -> Option<(char, usize)> {
    let b = *t.as_bytes().get(i)?;
    if b < 0x80 {
        return Some((b as char, 1));
    }
    t.get(i..)?.chars().next().map(|c| (c, c.len_utf8()))
}

/// The character ending at byte `i` and its length.
#[inline]
fn char_before(t: &str, i: usize) -> Option<(char, usize)> {
    if i == 0 {
        return None;
    }
    let b = *t.as_bytes().get(i - 1)?;
    if b < 0x80 {
        return Some((b as char, 1));
    }
    t.get(..i)?.chars().next_back().map(|c| (c, c.len_utf8()))
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’')
}

fn is_dash(c: char) -> bool {
    matches!(c, '—' | '–' | '―' | '‒' | '⸺' | '⸻')
}

/// Word-internal hyphenated prefixes that the UD English data keeps whole (`non-avian`,
/// `re-elected`, `co-star`, `e-mail`).
fn is_kept_prefix(word: &str) -> bool {
    if word.len() > 7 {
        return false;
    }
    let mut buf = [0u8; 7];
    for (d, s) in buf.iter_mut().zip(word.bytes()) {
        *d = s.to_ascii_lowercase();
    }
    matches!(
        &buf[..word.len()],
        b"non"
            | b"pro"
            | b"anti"
            | b"co"
            | b"re"
            | b"pre"
            | b"post"
            | b"mid"
            | b"semi"
            | b"sub"
            | b"ex"
            | b"super"
            | b"mini"
            | b"counter"
            | b"inter"
            | b"proto"
            | b"socio"
            | b"cross"
            | b"e"
            | b"u"
            | b"multi"
            | b"neo"
            | b"pseudo"
            | b"ultra"
            | b"intra"
            | b"extra"
            | b"micro"
            | b"macro"
    )
}

/// Contractions written without an apostrophe, split into two words (`gon|na`).
#[inline]
fn fused_contraction(word: &str) -> Option<usize> {
    if word.len() > 6 || word.len() < 5 {
        return None;
    }
    let mut buf = [0u8; 6];
    for (d, s) in buf.iter_mut().zip(word.bytes()) {
        *d = s.to_ascii_lowercase();
    }
    match &buf[..word.len()] {
        b"cannot" => Some(3),
        b"gonna" | b"wanna" | b"gotta" | b"gimme" | b"lemme" | b"lotta" | b"outta" => Some(2),
        _ => None,
    }
}

/// The clitic forms that follow an apostrophe: `'s`, `'re`, `'ve`, `'ll`, `'d`, `'m`.
fn is_clitic_tail(tail: &str) -> bool {
    tail.len() <= 2 && {
        let mut buf = [0u8; 2];
        for (d, s) in buf.iter_mut().zip(tail.bytes()) {
            *d = s.to_ascii_lowercase();
        }
        matches!(
            &buf[..tail.len()],
            b"s" | b"re" | b"ve" | b"ll" | b"d" | b"m"
        )
    }
}

/// Words an apostrophe opens (`'em`, `'cause`, `'til`) rather than a quotation.
fn is_elided_word(word: &str) -> bool {
    word.len() <= 5 && {
        let mut buf = [0u8; 5];
        for (d, s) in buf.iter_mut().zip(word.bytes()) {
            *d = s.to_ascii_lowercase();
        }
        matches!(
            &buf[..word.len()],
            b"em" | b"cause" | b"cuz" | b"til" | b"tis" | b"twas" | b"n" | b"bout" | b"round"
        )
    }
}

fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

/// Whether `s` starts a URL.
fn is_url_start(s: &str) -> bool {
    starts_with_ignore_case(s, "http://")
        || starts_with_ignore_case(s, "https://")
        || starts_with_ignore_case(s, "ftp://")
        || starts_with_ignore_case(s, "www.")
        || is_bare_url(s)
}

/// A URL without a scheme: a dotted host name ending in a lowercase top-level domain, then a
/// path (`cra.org/resources/survey`, `bit.ly/3xYz`).
fn is_bare_url(s: &str) -> bool {
    let Some(slash) = s.find('/') else {
        return false;
    };
    let host = &s[..slash];
    let Some(dot) = host.rfind('.') else {
        return false;
    };
    let tld = &host[dot + 1..];
    let name = &host[..dot];
    (2..=6).contains(&tld.len())
        && tld.bytes().all(|b| b.is_ascii_lowercase())
        && name.len() >= 2
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-'))
        && name
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphanumeric())
}

/// Facts about one whitespace-separated chunk, computed once.
struct Chunk {
    /// Byte where the chunk starts.
    start: usize,
    /// Whether the chunk is the first on its line.
    line_start: bool,
    /// Whether the next chunk starts with a digit.
    next_is_digit: bool,
    /// Position of the first `(` that follows a word character (a word-internal parenthesis:
    /// `friend(s)`), if any.
    inner_paren: Option<usize>,
    /// Whether the chunk's core is a URL.
    url: bool,
    /// Whether that URL contains a `(` (so a final `)` belongs to it).
    url_paren: bool,
    /// Whether the chunk contains an `@`.
    has_at: bool,
}

/// Splits `text` into tokens, appending byte spans to `out`.
pub(crate) fn tokenize(rules: &Rules, text: &str, out: &mut Vec<Span>) {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut stack: Vec<Span> = Vec::new();
    let mut i = 0;
    let mut line_start = true;
    while i < n {
        let b = bytes[i];
        if b < 0x80 {
            if SPACE[b as usize] {
                if b == b'\n' {
                    line_start = true;
                }
                i += 1;
                continue;
            }
        } else if let Some((c, len)) = char_at(text, i) {
            if c.is_whitespace() {
                if matches!(c, '\u{2028}' | '\u{2029}' | '\u{85}') {
                    line_start = true;
                }
                i += len;
                continue;
            }
        }
        // A chunk: up to the next whitespace.
        let start = i;
        // Where the first character that is not a plain letter or digit starts.
        let mut first_odd = usize::MAX;
        while i < n {
            let b = bytes[i];
            if b < 0x80 {
                if SPACE[b as usize] {
                    break;
                }
                if !ALNUM[b as usize] && first_odd == usize::MAX {
                    first_odd = i;
                }
                i += 1;
            } else {
                let Some((c, len)) = char_at(text, i) else {
                    break;
                };
                if c.is_whitespace() {
                    break;
                }
                if first_odd == usize::MAX && (is_mark(c) || !is_word_char(c)) {
                    first_odd = i;
                }
                i += len;
            }
        }
        if first_odd == usize::MAX {
            plain_word(rules, text, start, i, out);
        } else if first_odd + 1 == i && first_odd > start && bytes[first_odd] == b'.' {
            // The common `word.` case.
            if word_keeps_period(rules, text, start, i, line_start) {
                out.push(Span::new(start, i));
            } else {
                plain_word(rules, text, start, first_odd, out);
                out.push(Span::new(first_odd, i));
            }
        } else if first_odd + 1 == i
            && first_odd > start
            && matches!(bytes[first_odd], b',' | b';' | b':' | b'!' | b'?')
        {
            // The common `word,` case: a plain word and one punctuation mark.
            plain_word(rules, text, start, first_odd, out);
            out.push(Span::new(first_odd, i));
        } else {
            split_chunk(rules, text, start, i, line_start, out, &mut stack);
        }
        line_start = false;
    }
}

/// A run of letters and digits: one token, unless it is a fused contraction (`gonna`) or a
/// clock time with `am`/`pm` (`10pm`).
#[inline]
fn plain_word(rules: &Rules, text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let len = end - start;
    let tail = if (5..=6).contains(&len) && rules.split_clitics {
        fused_contraction(&text[start..end])
    } else {
        None
    };
    let tail = tail.or_else(|| {
        if text.as_bytes()[start].is_ascii_digit() {
            clock_suffix(&text[start..end])
        } else {
            None
        }
    });
    match tail {
        Some(tail) => {
            out.push(Span::new(start, end - tail));
            out.push(Span::new(end - tail, end));
        }
        None => out.push(Span::new(start, end)),
    }
}

/// Whether `text[start..end]`, letters and digits followed by one period, keeps its period:
/// the same decision as [`keeps_final_period`] for a chunk without inner punctuation.
fn word_keeps_period(
    rules: &Rules,
    text: &str,
    start: usize,
    end: usize,
    line_start: bool,
) -> bool {
    let s = &text[start..end];
    match rules.abbreviations.get(s) {
        Some(Kind::BeforeNumber) if next_chunk_is_digit(text, end) => return true,
        Some(Kind::BeforeNumber) => {}
        Some(_) => return true,
        None => {}
    }
    let word = &s[..s.len() - 1];
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if c.is_alphabetic() {
            return true;
        }
    }
    line_start && word.len() <= 3 && word.bytes().all(|b| b.is_ascii_digit())
}

/// Whether the first non-space character at or after `i` is an ASCII digit.
fn next_chunk_is_digit(t: &str, mut i: usize) -> bool {
    let b = t.as_bytes();
    while i < b.len() && b[i] < 0x80 && SPACE[b[i] as usize] {
        i += 1;
    }
    b.get(i).is_some_and(u8::is_ascii_digit)
}

fn split_chunk(
    rules: &Rules,
    t: &str,
    mut a: usize,
    mut b: usize,
    line_start: bool,
    out: &mut Vec<Span>,
    stack: &mut Vec<Span>,
) {
    stack.clear();
    let chunk_bytes = &t.as_bytes()[a..b];
    let mut inner_paren = None;
    let mut has_at = false;
    for (k, &c) in chunk_bytes.iter().enumerate() {
        if c == b'(' && k > 0 && inner_paren.is_none() && ALNUM[chunk_bytes[k - 1] as usize] {
            inner_paren = Some(a + k);
        }
        has_at |= c == b'@';
    }
    let mut chunk = Chunk {
        start: a,
        line_start,
        next_is_digit: false,
        inner_paren,
        url: false,
        url_paren: false,
        has_at,
    };
    chunk.next_is_digit = next_chunk_is_digit(t, b);

    // `a)`, `12)` opening a line: a list marker.
    if line_start && is_line_list_marker(&t[a..b]) {
        out.push(Span::new(a, b));
        return;
    }
    // Prefixes.
    while a < b {
        match prefix_len(t, a, b) {
            Some(len) => {
                out.push(Span::new(a, a + len));
                a += len;
            }
            None => break,
        }
    }
    chunk.url = a < b && is_url_start(&t[a..b]);
    chunk.url_paren = chunk.url && t[a..b].contains('(');
    // Suffixes.
    while a < b {
        match suffix_len(rules, t, a, b, &chunk) {
            Some(len) => {
                stack.push(Span::new(b - len, b));
                b -= len;
            }
            None => break,
        }
    }
    // `6:00am`
    if a < b {
        if let Some(len) = clock_suffix(&t[a..b]) {
            stack.push(Span::new(b - len, b));
            b -= len;
        }
    }
    // Clitics.
    if rules.split_clitics && a < b && !chunk.url {
        if let Some(len) = clitic_len(&t[a..b]) {
            stack.push(Span::new(b - len, b));
            b -= len;
        }
    }
    if a < b {
        infix(rules, t, a, b, &chunk, out);
    }
    out.extend(stack.drain(..).rev());
}

/// The length of the prefix token at `a`, or `None` when `t[a..b]` starts with a word.
fn prefix_len(t: &str, a: usize, b: usize) -> Option<usize> {
    let s = &t[a..b];
    let (c, len) = char_at(s, 0)?;
    if is_word_char(c) {
        return None;
    }
    let next = char_at(s, len).map(|x| x.0);
    let next_word = next.is_some_and(is_word_char);
    let next_digit = next.is_some_and(|c| c.is_ascii_digit());
    match c {
        '\'' | '’' => {
            if s.len() == len {
                return Some(len);
            }
            let rest = &s[len..];
            let word_end = rest
                .char_indices()
                .find(|&(_, c)| !is_word_char(c))
                .map_or(rest.len(), |(k, _)| k);
            let word = &rest[..word_end];
            let after = rest[word_end..].chars().next();
            // `'s` standing alone (text already split), `'70s`, `'em`, `'cause`.
            let ends = after.is_none_or(|c| !is_apostrophe(c) && c != '-');
            if ends && (is_clitic_tail(word) || is_elided_word(word)) {
                return None;
            }
            let digits = word.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 2 && (word.len() == 2 || &word[2..] == "s") {
                return None;
            }
            Some(len)
        }
        '-' => {
            if next == Some('-') {
                Some(s.bytes().take_while(|&x| x == b'-').count())
            } else if next_digit {
                None
            } else {
                Some(1)
            }
        }
        '.' => {
            if next == Some('.') {
                Some(s.bytes().take_while(|&x| x == b'.').count())
            } else if next_digit {
                None
            } else {
                Some(1)
            }
        }
        '+' if next_digit => None,
        '#' if next_digit => Some(1),
        '#' | '@' if next_word || next == Some('_') => None,
        '(' => {
            // `(a)` list markers stay whole.
            if is_list_marker(s) { None } else { Some(1) }
        }
        '`' => Some(if next == Some('`') { 2 } else { 1 }),
        '…' => Some(run_len(s, 0, '…')),
        c if is_dash(c) => Some(run_len(s, 0, c)),
        _ if !c.is_ascii() => Some(symbol_len(s, 0, len)),
        _ => Some(len),
    }
}

/// `a)`, `12)`: a list marker at the start of a line.
fn is_line_list_marker(s: &str) -> bool {
    let bytes = s.as_bytes();
    let n = bytes.len();
    (2..=3).contains(&n)
        && bytes[n - 1] == b')'
        && bytes[..n - 1].iter().all(u8::is_ascii_alphanumeric)
        && (bytes[..n - 1].iter().all(u8::is_ascii_digit) || n == 2)
}

/// `6:00am`, `10pm`: the length of a trailing `am`/`pm` after a clock time.
fn clock_suffix(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let n = bytes.len();
    if !(3..=7).contains(&n) || !bytes[n - 1].eq_ignore_ascii_case(&b'm') {
        return None;
    }
    if !matches!(bytes[n - 2].to_ascii_lowercase(), b'a' | b'p') {
        return None;
    }
    let time = &bytes[..n - 2];
    let digits = time.iter().filter(|x| x.is_ascii_digit()).count();
    let ok = match time {
        [d @ .., b':', m1, m2] => {
            (1..=2).contains(&d.len())
                && d.iter().all(u8::is_ascii_digit)
                && m1.is_ascii_digit()
                && m2.is_ascii_digit()
        }
        _ => digits == time.len() && (1..=2).contains(&digits),
    };
    ok.then_some(2)
}

/// Whether `word` (ASCII letters) looks like one syllable of a romanised Chinese or Korean
/// given name (`Chi`, `wai`, `Min`, `Woo`, `keung`): the hyphen inside such names stays.
fn is_cjk_syllable(word: &str) -> bool {
    let w = word.as_bytes();
    if !(2..=5).contains(&w.len()) || !w.iter().all(u8::is_ascii_alphabetic) {
        return false;
    }
    let mut buf = [0u8; 5];
    for (d, s) in buf.iter_mut().zip(w) {
        *d = s.to_ascii_lowercase();
    }
    let w = &buf[..w.len()];
    let vowel = |c: u8| matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y');
    // Initial: one consonant or a known pair.
    let mut i = 0;
    if w.len() >= 2
        && matches!(
            &w[..2],
            b"ch" | b"sh" | b"zh" | b"ts" | b"kw" | b"ky" | b"hy"
        )
    {
        i = 2;
    } else if !vowel(w[0]) {
        i = 1;
    }
    let v = w[i..].iter().take_while(|&&c| vowel(c)).count();
    if v == 0 || v > 3 {
        return false;
    }
    matches!(&w[i + v..], b"" | b"n" | b"ng" | b"k" | b"p" | b"t" | b"m")
}

/// `(a)`, `(b)`: a list marker that stays one token.
fn is_list_marker(s: &str) -> bool {
    let bytes = s.as_bytes();
    bytes.len() == 3 && bytes[0] == b'(' && bytes[1].is_ascii_lowercase() && bytes[2] == b')'
}

/// Bytes in the run of `c` starting at byte `i` of `s`.
fn run_len(s: &str, i: usize, c: char) -> usize {
    s[i..]
        .chars()
        .take_while(|&x| x == c)
        .map(char::len_utf8)
        .sum()
}

/// Bytes in the run of `c` ending at byte `i` of `s`.
fn run_len_back(s: &str, i: usize, c: char) -> usize {
    s[..i]
        .chars()
        .rev()
        .take_while(|&x| x == c)
        .map(char::len_utf8)
        .sum()
}

/// The length of the suffix token ending at `b`, or `None` when `t[a..b]` ends with a word
/// (or is a token that keeps its final punctuation, such as `U.S.`).
fn suffix_len(rules: &Rules, t: &str, a: usize, b: usize, chunk: &Chunk) -> Option<usize> {
    let (c, len) = char_before(t, b)?;
    if is_word_char(c) {
        return None;
    }
    if b - a == len {
        // A single character: a prefix would have taken it; leave it to the infix step.
        return None;
    }
    let url_end = matches!(
        c,
        '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '"' | '”' | '’' | '»'
    );
    if chunk.url && !url_end && (c != ')' || chunk.url_paren) {
        return None;
    }
    match c {
        '.' => {
            let dots = run_len_back(t, b, '.');
            if dots >= 2 {
                return Some(dots.min(b - a));
            }
            if keeps_final_period(rules, &t[a..b], a, chunk) {
                None
            } else {
                Some(1)
            }
        }
        '-' => {
            let dashes = run_len_back(t, b, '-');
            if dashes >= 2 {
                return Some(dashes.min(b - a));
            }
            // A broken-off word (`th-`, `man-`) keeps its hyphen.
            match char_before(t, b - 1) {
                Some((p, _)) if p.is_alphabetic() => None,
                _ => Some(1),
            }
        }
        ')' => {
            if chunk.inner_paren.is_some_and(|p| a < p && p < b) || is_list_marker(&t[a..b]) {
                None
            } else {
                Some(1)
            }
        }
        '$' => {
            // Currency marks with a country prefix stay whole: `C$`, `US$`, `HK$`.
            let letters = t[a..b - 1].bytes().all(|x| x.is_ascii_uppercase());
            if letters && b - 1 - a <= 3 {
                None
            } else {
                Some(1)
            }
        }
        '…' => Some(run_len_back(t, b, '…').min(b - a)),
        c if is_dash(c) => Some(run_len_back(t, b, c).min(b - a)),
        _ => Some(len),
    }
}

/// Whether the word `s` (ending in `.`, starting at byte `a`) keeps its period: an
/// abbreviation, an initial, an initialism (`U.S.`, `Ph.D.`), or a list number at the start of
/// a line (`2.1.`).
fn keeps_final_period(rules: &Rules, s: &str, a: usize, chunk: &Chunk) -> bool {
    if s.len() > 24 {
        return false;
    }
    match rules.abbreviations.get(s) {
        Some(Kind::BeforeNumber) if chunk.next_is_digit => return true,
        Some(Kind::BeforeNumber) => {}
        Some(_) => return true,
        None => {}
    }
    if is_initialism(s) {
        return true;
    }
    // `(R-S.C.)`, `(D-Mont.)`: the part after a hyphen or slash decides.
    if let Some(cut) = s.rfind(['-', '/']) {
        let tail = &s[cut + 1..];
        let capitals = tail.bytes().all(|b| b.is_ascii_uppercase() || b == b'.');
        if (capitals && is_initialism(tail))
            || rules
                .abbreviations
                .get(tail)
                .is_some_and(|k| k != Kind::BeforeNumber)
        {
            return true;
        }
    }
    let body = &s[..s.len() - 1];
    // Numbered list items and section numbers at the start of a line.
    if a == chunk.start && chunk.line_start {
        let numeric = body
            .split('.')
            .all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|x| x.is_ascii_digit()));
        if numeric {
            return true;
        }
    }
    false
}

/// An initial (`J.`) or an initialism (`U.S.`, `Ph.D.`): groups of one or two letters, each
/// followed by a period.
fn is_initialism(s: &str) -> bool {
    let Some(body) = s.strip_suffix('.') else {
        return false;
    };
    let mut groups = 0;
    for part in body.split('.') {
        let letters = part.chars().count();
        if letters == 0 || letters > 2 || !part.chars().all(char::is_alphabetic) {
            return false;
        }
        groups += 1;
    }
    groups >= 2 || body.chars().count() == 1
}

/// The length of a clitic at the end of `s`: `n't`, `'s`, `'re`, `'ve`, `'ll`, `'d`, `'m`, or
/// the second half of `cannot`, `gonna` ….
fn clitic_len(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    if bytes.is_empty() {
        return None;
    }
    // n't / n’t
    for apos in ["'", "’"] {
        let tail_len = 1 + apos.len() + 1;
        if bytes.len() > tail_len {
            let Some(tail) = s.get(s.len() - tail_len..) else {
                continue;
            };
            let t_ok = tail.ends_with('t') || tail.ends_with('T');
            let n_ok = tail.starts_with('n') || tail.starts_with('N');
            if t_ok && n_ok && tail[1..].starts_with(apos) {
                let before = char_before(s, s.len() - tail_len);
                if before.is_some_and(|(c, _)| c.is_alphabetic()) {
                    return Some(tail_len);
                }
            }
        }
    }
    // 's 're 've 'll 'd 'm
    let last_apos = s
        .char_indices()
        .rev()
        .take(4)
        .find(|&(_, c)| is_apostrophe(c));
    if let Some((p, c)) = last_apos {
        let tail = &s[p + c.len_utf8()..];
        if p > 0 && is_clitic_tail(tail) && tail.bytes().all(|x| x.is_ascii_alphabetic()) {
            if let Some((before, _)) = char_before(s, p) {
                if before.is_alphabetic() {
                    return Some(s.len() - p);
                }
                // `2003's` (possessive) splits, `1990's` (plural) does not.
                if before.is_ascii_digit() && tail.eq_ignore_ascii_case("s") && before != '0' {
                    return Some(s.len() - p);
                }
            }
        }
    }
    fused_contraction(s)
}

/// Splits the core of a chunk (no leading or trailing punctuation left, mostly) at its infixes.
fn infix(rules: &Rules, t: &str, a: usize, b: usize, chunk: &Chunk, out: &mut Vec<Span>) {
    let s = &t[a..b];
    if s.bytes().all(|x| ALNUM[x as usize]) {
        out.push(Span::new(a, b));
        return;
    }
    if chunk.url || s.starts_with('#') || s.starts_with('@') || (chunk.has_at && is_email(s)) {
        out.push(Span::new(a, b));
        return;
    }
    let bytes = s.as_bytes();
    let mut seg = 0; // start of the current token, relative to `a`
    let mut word_start = 0; // start of the current run of word characters
    let mut keep_until = 0; // hyphens before this offset stay (a date or phone number)
    let mut i = 0;
    let emit = |out: &mut Vec<Span>, from: usize, to: usize| {
        if from < to {
            out.push(Span::new(a + from, a + to));
        }
    };
    while i < bytes.len() {
        let Some((c, len)) = char_at(s, i) else {
            break;
        };
        if is_word_char(c) {
            if i == 0 || !char_before(s, i).is_some_and(|(p, _)| is_word_char(p)) {
                word_start = i;
            }
            i += len;
            continue;
        }
        if i == 0 || i + len == bytes.len() {
            // The prefix (suffix) step kept this character with the word (`'s`, `-5`, `U.S.`).
            i += len;
            continue;
        }
        let prev = char_before(s, i).map(|x| x.0);
        let next = char_at(s, i + len).map(|x| x.0);
        let prev_word = prev.is_some_and(is_word_char);
        let next_word = next.is_some_and(is_word_char);
        let prev_digit = prev.is_some_and(|c| c.is_ascii_digit());
        let next_digit = next.is_some_and(|c| c.is_ascii_digit());
        // Runs that are tokens of their own: ellipses and dashes.
        let run = match c {
            '.' if next == Some('.') => run_len(s, i, '.'),
            '-' if next == Some('-') => run_len(s, i, '-'),
            '…' => run_len(s, i, '…'),
            c if is_dash(c) => run_len(s, i, c),
            _ => 0,
        };
        if run > 0 {
            emit(out, seg, i);
            emit(out, i, i + run);
            i += run;
            seg = i;
            continue;
        }
        if c == '$' && prev_word && next_digit {
            // `C$5`, `US$37`: the currency mark, then the amount.
            emit(out, seg, i + len);
            i += len;
            seg = i;
            continue;
        }
        let split = match c {
            '.' => {
                let initialism = i + 1 - seg <= 24 && is_initialism(&s[seg..i + 1]);
                !(prev_word && (next_word || initialism))
            }
            '-' => {
                if i < keep_until {
                    false
                } else if !(prev_word && next_word) {
                    true
                } else if !rules.split_hyphens {
                    false
                } else if prev_digit && next_digit {
                    let (end, keep) = digit_compound(bytes, word_start);
                    if keep {
                        keep_until = end;
                    }
                    !keep
                } else {
                    let left = &s[word_start..i];
                    let right_len = s[i + 1..]
                        .bytes()
                        .take_while(u8::is_ascii_alphabetic)
                        .count()
                        .min(8);
                    let right = &s[i + 1..i + 1 + right_len];
                    let name = left.as_bytes()[0].is_ascii_uppercase()
                        && is_cjk_syllable(left)
                        && is_cjk_syllable(right)
                        && !s[i + 1 + right_len..].starts_with('-');
                    !(is_kept_prefix(left) || name)
                }
            }
            ',' => {
                // Thousands separators stay: `100,000`.
                let three = bytes
                    .get(i + 1..i + 4)
                    .is_some_and(|d| d.iter().all(u8::is_ascii_digit));
                let fourth = bytes.get(i + 4).is_some_and(u8::is_ascii_digit);
                !(prev_digit && three && !fourth)
            }
            ':' => !((prev_word || prev == Some(')')) && next_digit),
            '/' => {
                if prev_digit && next_digit {
                    false
                } else if prev_word && next_word {
                    let left = &s[word_start..i];
                    left.chars().count() >= 2
                        && left.chars().all(char::is_alphabetic)
                        && next.is_some_and(char::is_alphabetic)
                } else {
                    true
                }
            }
            '\'' | '’' => !(prev_word && next_word),
            '&' | '+' | '_' | '=' | '#' | '@' | '$' | '(' | ')' => !(prev_word || next_word),
            _ => true,
        };
        if split {
            let len = if c.is_ascii() {
                len
            } else {
                symbol_len(s, i, len)
            };
            emit(out, seg, i);
            emit(out, i, i + len);
            seg = i + len;
            i += len;
            continue;
        }
        i += len;
    }
    emit(out, seg, bytes.len());
}

/// For a run of digit groups joined by hyphens starting at `start`: where it ends, and whether
/// it stays one token (a date `2022-01-10`, a phone number `201-592-4699`, a ZIP+4 code) rather
/// than a range (`1990-95`, `3-5`).
fn digit_compound(bytes: &[u8], start: usize) -> (usize, bool) {
    let mut groups: [usize; 3] = [0; 3];
    let mut count = 0;
    let mut i = start;
    loop {
        let g = bytes[i.min(bytes.len())..]
            .iter()
            .take_while(|x| x.is_ascii_digit())
            .count();
        if g == 0 {
            break;
        }
        if count < 3 {
            groups[count] = g;
        }
        count += 1;
        i += g;
        if bytes.get(i) == Some(&b'-') && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
            i += 1;
        } else {
            break;
        }
    }
    // A letter right after the digits (`50-year`) is not a number compound.
    let keep = if count >= 3 {
        true
    } else {
        count == 2 && matches!((groups[0], groups[1]), (3, 4) | (5, 4) | (2, 3))
    };
    (i, keep)
}

/// Whether `s` is an e-mail address: word characters, `@`, and a dotted domain.
fn is_email(s: &str) -> bool {
    let Some(at) = s.find('@') else {
        return false;
    };
    at > 0
        && s[..at]
            .chars()
            .all(|c| is_word_char(c) || matches!(c, '.' | '-' | '_' | '+'))
        && s[at + 1..].contains('.')
        && s[at + 1..]
            .chars()
            .all(|c| is_word_char(c) || matches!(c, '.' | '-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_chars_fast_path_agrees_with_unicode() {
        for c in ('\u{80}'..=char::MAX).filter(|c| !('\u{2000}'..='\u{206f}').contains(c)) {
            assert_eq!(is_word_char(c), c.is_alphanumeric() || is_mark(c), "{c:?}");
        }
    }

    fn rules(split_clitics: bool, split_hyphens: bool) -> Rules {
        Rules {
            abbreviations: Abbreviations::new(&[], &[]),
            split_clitics,
            split_hyphens,
        }
    }

    fn toks(r: &Rules, input: &str) -> Vec<String> {
        let mut out = Vec::new();
        tokenize(r, input, &mut out);
        out.iter().map(|s| input[s.range()].to_owned()).collect()
    }

    /// `expected` lists the tokens separated by `|`.
    fn check(input: &str, expected: &str) {
        let got = toks(&rules(true, true), input).join("|");
        assert_eq!(got, expected, "input: {input:?}");
    }

    #[test]
    fn punctuation_splits_off() {
        check("Hello, world!", "Hello|,|world|!");
        check("(see above)", "(|see|above|)");
        check("[sic]; next:", "[|sic|]|;|next|:");
        check("yes?!", "yes|?|!");
    }

    #[test]
    fn clitics_split() {
        check("don't", "do|n't");
        check("I can’t", "I|ca|n’t");
        check("won't", "wo|n't");
        check("it's Russia's", "it|'s|Russia|'s");
        check(
            "they’re we've I'll she'd I'm",
            "they|’re|we|'ve|I|'ll|she|'d|I|'m",
        );
        check("DON'T", "DO|N'T");
        check("parents' cars", "parents|'|cars");
        check("cannot gonna wanna gotta", "can|not|gon|na|wan|na|got|ta");
        check("O'Neill's", "O'Neill|'s");
        check("the 1990's", "the|1990's");
        check("2003's budget", "2003|'s|budget");
        check("Russia 's", "Russia|'s");
        check("do n't", "do|n't");
    }

    #[test]
    fn clitics_kept_when_disabled() {
        let r = rules(false, true);
        assert_eq!(toks(&r, "don't it's").join("|"), "don't|it's");
    }

    #[test]
    fn abbreviations_and_initials() {
        check("U.S. officials", "U.S.|officials");
        check("the U.S.", "the|U.S.");
        check("Sen. Smith", "Sen.|Smith");
        check("Jan. 10", "Jan.|10");
        check("Gov. Dr. St. Mr.", "Gov.|Dr.|St.|Mr.");
        check("J.R.R. Tolkien", "J.R.R.|Tolkien");
        check("George W. Bush", "George|W.|Bush");
        check("a.m. p.m. Ph.D. e.g.", "a.m.|p.m.|Ph.D.|e.g.");
        check("(U.S.)", "(|U.S.|)");
        check("U.S.,", "U.S.|,");
        check("the end.", "the|end|.");
        check("No. 5 and no.", "No.|5|and|no|.");
        check("P. Smith, p. 5", "P.|Smith|,|p.|5");
    }

    #[test]
    fn numbers() {
        check("100,000 troops", "100,000|troops");
        check("3.5 percent", "3.5|percent");
        check("the 1990s", "the|1990s");
        check("$37 million", "$|37|million");
        check("C$5 and US$ 7", "C$|5|and|US$|7");
        check("£5.50", "£|5.50");
        check("at 10:30 a.m.", "at|10:30|a.m.");
        check("at 6:00am or 10pm.", "at|6:00|am|or|10|pm|.");
        check("at 10pm, or 9AM", "at|10|pm|,|or|9|AM");
        check("gonna, cannot;", "gon|na|,|can|not|;");
        check("on 2022-01-10", "on|2022-01-10");
        check("1996-08-30", "1996-08-30");
        check("call 201-592-4699", "call|201-592-4699");
        check("pages 3-5", "pages|3|-|5");
        check("50%", "50|%");
        check("1/2 cup", "1/2|cup");
        check("[13,14]", "[|13|,|14|]");
        check("+44 20", "+44|20");
        check("-5 degrees", "-5|degrees");
        check("'70s", "'70s");
    }

    #[test]
    fn web_things() {
        check(
            "see https://example.com/a-b_(c).",
            "see|https://example.com/a-b_(c)|.",
        );
        check("(www.example.org)", "(|www.example.org|)");
        check(
            "(cra.org/resources/taulbee-survey).",
            "(|cra.org/resources/taulbee-survey|)|.",
        );
        check(
            "see bit.ly/3xYz-a, and/or U.S./Mexico",
            "see|bit.ly/3xYz-a|,|and|/|or|U.S.|/|Mexico",
        );
        check(
            "mail jane.doe@example.co.uk.",
            "mail|jane.doe@example.co.uk|.",
        );
        check("@jdoe said #MeToo", "@jdoe|said|#MeToo");
        check("the #2 seed", "the|#|2|seed");
        check("example.com,", "example.com|,");
    }

    #[test]
    fn dashes_and_ellipses() {
        check("yes—no", "yes|—|no");
        check("1990–2000", "1990|–|2000");
        check("wait -- what", "wait|--|what");
        check("so--then", "so|--|then");
        check("well...", "well|...");
        check("well... so", "well|...|so");
        check("and…then", "and|…|then");
        check("…and", "…|and");
        check("th- the", "th-|the");
    }

    #[test]
    fn quotes() {
        check("“It’s hard,” he said.", "“|It|’s|hard|,|”|he|said|.");
        check("\"Really?\"", "\"|Really|?|\"");
        check("'anti-christ'", "'|anti-christ|'");
        check("‘Yes’", "‘|Yes|’");
        check("``Yes''", "``|Yes|'|'");
    }

    #[test]
    fn hyphens() {
        check(
            "a well-known adult-learned",
            "a|well|-|known|adult|-|learned",
        );
        check(
            "non-avian re-elected co-star e-mail",
            "non-avian|re-elected|co-star|e-mail",
        );
        check("U.S.-led", "U.S.|-|led");
        check(
            "Graham (R-S.C.) and Tester (D-Mont.)",
            "Graham|(|R|-|S.C.|)|and|Tester|(|D|-|Mont.|)",
        );
        check("50-year-old", "50|-|year|-|old");
        let r = rules(true, false);
        assert_eq!(
            toks(&r, "well-known U.S.-led").join("|"),
            "well-known|U.S.|-|led"
        );
    }

    #[test]
    fn slashes_and_others() {
        check("and/or", "and|/|or");
        check("s/he", "s/he");
        check("AT&T R&D", "AT&T|R&D");
        check("friend(s)", "friend(s)");
        check("(a) first", "(a)|first");
        check("a) first\n12) second b)", "a)|first|12)|second|b|)");
        check("omitted [...] here", "omitted|[|...|]|here");
    }

    #[test]
    fn unicode_words() {
        check("Łódź's café", "Łódź|'s|café");
        check("naïve, señor", "naïve|,|señor");
        check("Hawaiʻi", "Hawaiʻi");
        check(
            "love ❤️ it👍🏽! 👨\u{200d}👩\u{200d}👧 ok",
            "love|❤️|it|👍🏽|!|👨\u{200d}👩\u{200d}👧|ok",
        );
    }

    #[test]
    fn list_numbers_at_line_start() {
        check("1. First\n2.1. Second", "1.|First|2.1.|Second");
        check("in 2012.", "in|2012|.");
    }

    #[test]
    fn hostile_inputs_are_linear() {
        let quotes = "\"".repeat(200_000);
        assert_eq!(toks(&rules(true, true), &quotes).len(), 200_000);
        let parens = format!("a({}", ")".repeat(100_000));
        assert!(toks(&rules(true, true), &parens).len() > 1);
        let long = "ab-".repeat(100_000);
        assert!(toks(&rules(true, true), &long).len() > 100_000);
        let dots = "a.".repeat(100_000);
        assert!(!toks(&rules(true, true), &dots).is_empty());
    }

    #[test]
    fn spans_cover_text() {
        let r = rules(true, true);
        for input in ["“Hi,” she said—then left…", "x\u{a0}y\u{3000}z", "é'"] {
            let mut out = Vec::new();
            tokenize(&r, input, &mut out);
            let mut last = 0;
            for s in &out {
                assert!(s.start >= last && s.start < s.end);
                assert!(input.is_char_boundary(s.start) && input.is_char_boundary(s.end));
                last = s.end;
            }
        }
    }
}
