//! A page as lines with shallow text statistics, and the feature vector of each line.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use crate::dates::find_date;
use crate::lang::{FxMap, LangCounts, NLANG, Script, is_cjk_particle, script, stop_mask};

/// Number of features per line (without the bias).
pub const NFEAT: usize = 49;

/// Feature names, for the training report and the weights file.
pub const FEATURE_NAMES: [&str; NFEAT] = [
    "ln_chars",
    "ln_words",
    "stop_density",
    "stop_high",
    "short_lt30",
    "medium_30_80",
    "long_gt150",
    "ends_terminal",
    "ends_ellipsis",
    "read_more",
    "cap_word_ratio",
    "upper_ratio",
    "digit_ratio",
    "punct_ratio",
    "comma_density",
    "ln_sentences",
    "date_line",
    "byline",
    "separators",
    "link_like",
    "ln_chrome_words",
    "ln_repeats",
    "prefix_repeated",
    "rel_line_pos",
    "rel_char_pos",
    "prev3_text",
    "next3_text",
    "ctx_stop_density",
    "ln_short_run",
    "blank_before",
    "rel_to_longest",
    "starts_quote",
    "starts_lower",
    "all_caps",
    "ends_colon",
    "cjk_page",
    "prev_long",
    "next_long",
    "ln_words_x_stop",
    "credit_like",
    "glued_words",
    "tag_end",
    "time_ago",
    "end_cue",
    "tab_table",
    "since_end_cue",
    "ln_legal_words",
    "ln_headline_run",
    "comment_meta",
];

/// Lines of at least this many words count as prose for the page's own stop words.
const OWN_STOP_MIN_WORDS: u32 = 8;
/// How many of the page's most frequent prose words stand in for a stop list.
const OWN_STOP_WORDS: usize = 30;

/// Lines longer than this are not searched for chrome words.
const CHROME_MAX_CHARS: u32 = 200;

/// Words and phrases typical of page chrome (matched case-insensitively anywhere in a line).
const CHROME: &[&str] = &[
    "cookie",
    "subscribe",
    "subscription",
    "newsletter",
    "sign in",
    "sign up",
    "log in",
    "login",
    "log out",
    "advertisement",
    "advertising",
    "sponsored",
    "copyright",
    "©",
    "all rights reserved",
    "privacy",
    "terms of use",
    "terms of service",
    "follow us",
    "share this",
    "share on",
    "facebook",
    "twitter",
    "instagram",
    "linkedin",
    "whatsapp",
    "pinterest",
    "youtube",
    "e-mail",
    "email",
    "comments",
    "comment",
    "reply",
    "read more",
    "read next",
    "related",
    "recommended",
    "trending",
    "most popular",
    "most read",
    "click here",
    "javascript",
    "skip to",
    "menu",
    "search",
    "contact us",
    "about us",
    "homepage",
    "download",
    "watch",
    "podcast",
    "sitemap",
    "rss",
    "see all",
    "view all",
    "load more",
    "show more",
    "tags",
    "print",
    "permalink",
    "see more",
    "don't miss",
    "also read",
    "read also",
    "shares",
    "rating",
    "tweet",
    "continue reading",
    "explore further",
    "click to tweet",
    "inbox",
    "sign up",
    "follow",
    "forum",
    "newsletters",
];

/// Words of legal footers, searched in every line.
const LEGAL: &[&str] = &[
    "©",
    "copyright",
    "all rights reserved",
    "trademark",
    "terms of use",
    "terms of service",
    "terms and conditions",
    "privacy policy",
    "cookie",
    "disclaimer",
    "may not be reproduced",
    "written permission",
];

/// Short lines that typically follow the article: related links, comments, author boxes
/// (compared lowercased, without digits, brackets and trailing punctuation).
const END_CUES: &[&str] = &[
    "related articles",
    "related stories",
    "related posts",
    "related content",
    "related",
    "you may also like",
    "you might also like",
    "more from",
    "more stories",
    "more news",
    "recommended",
    "recommended for you",
    "read next",
    "explore further",
    "about the author",
    "about this article",
    "about this statement",
    "sources",
    "share this",
    "share this article",
    "share this story",
    "comments",
    "comment",
    "leave a comment",
    "leave a reply",
    "post a comment",
    "add a comment",
    "join the discussion",
    "join the conversation",
    "show comments",
    "view comments",
    "reader comments",
    "responses",
    "previous post",
    "next post",
    "previous article",
    "next article",
    "tags",
    "filed under",
    "most popular",
    "most read",
    "trending now",
    "kommentare",
    "comentários",
    "commenti",
    "комментарии",
    "artikel terkait",
    "leia também",
    "veja também",
    "reply",
];

/// One automaton for [`CHROME`] and [`LEGAL`]; pattern ids below `CHROME.len()` are chrome
/// words, the rest legal words (which count as chrome too).
fn chrome_matcher() -> &'static AhoCorasick {
    static AC: OnceLock<AhoCorasick> = OnceLock::new();
    AC.get_or_init(|| {
        AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(CHROME.iter().chain(LEGAL))
            .expect("static chrome patterns compile")
    })
}

/// One line of the page with its statistics. `start..end` is the trimmed text.
#[derive(Debug, Clone, Default)]
pub struct Line {
    /// Byte offset of the trimmed text in the page.
    pub start: usize,
    /// End byte offset of the trimmed text.
    pub end: usize,
    pub(crate) chars: u32,
    pub(crate) words: u32,
    pub(crate) stop: [u16; NLANG],
    /// Words among the page's own most frequent prose words (see [`Page::own_stop_words`]).
    pub(crate) own_stop: u16,
    pub(crate) cjk: u32,
    pub(crate) particles: u32,
    pub(crate) letters: u32,
    pub(crate) upper: u32,
    pub(crate) digits: u32,
    pub(crate) punct: u32,
    pub(crate) commas: u32,
    pub(crate) cap_words: u32,
    pub(crate) sentences: u32,
    pub(crate) chrome: u32,
    pub(crate) glued: u32,
    pub(crate) legal: u32,
    pub(crate) repeats: u32,
    pub(crate) blank_before: bool,
    pub(crate) flags: u32,
}

pub(crate) const F_TERMINAL: u32 = 1;
pub(crate) const F_ELLIPSIS: u32 = 1 << 1;
pub(crate) const F_READ_MORE: u32 = 1 << 2;
pub(crate) const F_DATE: u32 = 1 << 3;
pub(crate) const F_BYLINE: u32 = 1 << 4;
pub(crate) const F_SEPARATOR: u32 = 1 << 5;
pub(crate) const F_LINK: u32 = 1 << 6;
pub(crate) const F_QUOTE_START: u32 = 1 << 7;
pub(crate) const F_LOWER_START: u32 = 1 << 8;
pub(crate) const F_COLON_END: u32 = 1 << 9;
pub(crate) const F_REPEATED: u32 = 1 << 10;
pub(crate) const F_PREFIX_REPEATED: u32 = 1 << 11;
pub(crate) const F_CREDIT: u32 = 1 << 12;
pub(crate) const F_TAG_END: u32 = 1 << 13;
pub(crate) const F_AGO: u32 = 1 << 14;
pub(crate) const F_END_CUE: u32 = 1 << 15;
pub(crate) const F_TAB: u32 = 1 << 16;
pub(crate) const F_COMMENT_META: u32 = 1 << 17;

/// Whether a short line is one of [`END_CUES`].
pub(crate) fn is_end_cue(text: &str) -> bool {
    if text.len() > 200 {
        return false;
    }
    let core = text.trim_matches(|c: char| !c.is_alphabetic());
    for lead in [
        "thoughts on ",
        "responses to ",
        "comments on ",
        "replies to ",
    ] {
        if starts_with_ci(core, lead) && text.starts_with(|c: char| c.is_ascii_digit()) {
            return true;
        }
    }
    if text.len() > 48 {
        return false;
    }
    if core.is_ascii() {
        let mut buf = [0u8; 48];
        let n = core.len().min(48);
        buf[..n].copy_from_slice(&core.as_bytes()[..n]);
        buf[..n].make_ascii_lowercase();
        return END_CUES.iter().any(|c| c.as_bytes() == &buf[..n]);
    }
    let lower = core.to_lowercase();
    END_CUES.contains(&lower.as_str())
}

impl Line {
    /// The line's text in `page`.
    pub fn text<'a>(&self, page: &'a str) -> &'a str {
        page.get(self.start..self.end).unwrap_or("")
    }

    pub(crate) fn has(&self, flag: u32) -> bool {
        self.flags & flag != 0
    }
}

/// A page split into non-empty lines.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// The non-empty lines, in order.
    pub lines: Vec<Line>,
    pub(crate) lang: LangCounts,
    pub(crate) stop_list: usize,
    /// Whether no stop list fits the page and its own frequent words stand in for one.
    pub(crate) own_stop: bool,
    pub(crate) total_chars: u64,
    pub(crate) longest: u32,
    /// Whether the page had more than [`MAX_LINES`] non-empty lines (the rest is ignored).
    pub(crate) truncated: bool,
}

/// Pages are read up to this many non-empty lines (a bound on memory for hostile input; a
/// news page has a few hundred).
pub(crate) const MAX_LINES: usize = 100_000;

/// `(is_uppercase, is_lowercase, is_alphanumeric)` of a non-ASCII char, except that General
/// Punctuation (curly quotes, dashes, "…", spaces) counts as none. The blocks real pages are
/// full of (basic Cyrillic, kana, Han, Hangul syllables) are answered without Unicode table
/// lookups, with the same answers as `char`'s methods (a test checks every char).
fn char_class(c: char) -> (bool, bool, bool) {
    match c {
        'А'..='Я' => (true, false, true),
        'а'..='я' => (false, true, true),
        '\u{2000}'..='\u{206f}' => (false, false, false),
        '\u{3041}'..='\u{3096}'
        | '\u{30a1}'..='\u{30fa}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{ac00}'..='\u{d7a3}' => (false, false, true),
        _ => (c.is_uppercase(), c.is_lowercase(), c.is_alphanumeric()),
    }
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}'
}

fn ends_with_ci(s: &str, suffix: &str) -> bool {
    s.len() >= suffix.len()
        && s.is_char_boundary(s.len() - suffix.len())
        && s[s.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
}

fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len()
        && s.is_char_boundary(prefix.len())
        && s[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// Whether a line reads as a byline: `By Ann Lee`, `by Ann Lee and Bo Chan, Wire`, or a date
/// glued to one (`January 10, 2022by …`).
pub(crate) fn byline_start(text: &str) -> Option<usize> {
    if text.len() > 160 {
        return None;
    }
    if starts_with_ci(text, "by ") {
        return Some(3);
    }
    if starts_with_ci(text, "by\u{a0}") {
        return Some(2 + '\u{a0}'.len_utf8());
    }
    for prefix in ["von ", "por ", "par ", "di ", "oleh "] {
        if starts_with_ci(text, prefix) && text.len() < 60 {
            return Some(prefix.len());
        }
    }
    // A date directly followed by "by".
    let bytes = text.as_bytes();
    let has_by = bytes
        .windows(3)
        .any(|w| w[0] | 0x20 == b'b' && w[1] | 0x20 == b'y' && w[2] == b' ');
    if !has_by || !bytes.iter().any(u8::is_ascii_digit) {
        return None;
    }
    let d = find_date(text)?;
    let rest = text.get(d.end..)?;
    let trimmed = rest.trim_start_matches(|c: char| c == ',' || c == '|' || is_space(c));
    if starts_with_ci(trimmed, "by ") {
        return Some(text.len() - trimmed.len() + 3);
    }
    None
}

/// Whether a line carries a photo credit: ends with a parenthesis naming a photographer or an
/// agency (`(Ann Lee/Pool via AP)`, `(Photo: Getty Images)`), or starts with `Photo:`/`Image
/// Credit:`.
pub(crate) fn is_credit_like(text: &str) -> bool {
    if text.len() > 400 {
        return false;
    }
    let t = text.trim_end_matches(['.', ' ']);
    if t.ends_with(')') {
        if let Some(open) = t.rfind('(') {
            let inner = &t[open + 1..t.len() - 1];
            if inner.len() < 120 && (open > 20 || open == 0) && credit_words(inner) {
                return true;
            }
        }
    }
    // "… equivalent. Credit: ESA", "… July 25.J. Scott Applewhite / AP file"
    let tail_start = {
        let mut k = t.len().saturating_sub(60);
        while !t.is_char_boundary(k) {
            k += 1;
        }
        k
    };
    let tail = &t[tail_start..];
    if contains_ci(tail, "credit:")
        || contains_ci(tail, "photo:")
        || contains_ci(tail, "image:")
        || tail.contains('©')
        || ends_with_ci(t, "/ ap")
        || ends_with_ci(t, "/ ap file")
        || ends_with_ci(t, "/ap")
        || ends_with_ci(t, "getty images")
        || ends_with_ci(t, "via reuters")
        || ends_with_ci(t, "/ reuters")
    {
        return true;
    }
    text.len() < 200
        && [
            "image credit",
            "photo credit",
            "photo:",
            "credit:",
            "image:",
            "photograph:",
        ]
        .iter()
        .any(|p| starts_with_ci(t, p))
}

/// Whether a short line may head one comment: who wrote it and when (`1 Melinda October 22,
/// 2012 at 1:57 pm`, `On May 3, 2012 at 9:53am, Rosa said...`, `Rosa says:`). A single one
/// may be the article's own time stamp; several in a row are a comment thread.
pub(crate) fn is_comment_meta(text: &str, has_digits: bool) -> bool {
    let t = text.trim_end();
    if ["said...", "said:", "says:", "wrote:", "said…"]
        .iter()
        .any(|e| ends_with_ci(t, e))
    {
        return true;
    }
    // A date with a clock time ("at 1:57 pm", "9:53am").
    has_digits
        && t.as_bytes().windows(4).any(|w| {
            w[0].is_ascii_digit() && w[1] == b':' && w[2].is_ascii_digit() && w[3].is_ascii_digit()
        })
        && find_date(t).is_some()
}

fn contains_ci(hay: &str, needle: &str) -> bool {
    hay.as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Whether a parenthesised text names a photo source: `Ann Lee/Pool via AP`, `Photo: X`.
fn credit_words(inner: &str) -> bool {
    inner.contains('/')
        || inner.contains('©')
        || contains_ci(inner, " via ")
        || starts_with_ci(inner, "via ")
        || contains_ci(inner, "photo")
        || contains_ci(inner, "getty")
        || contains_ci(inner, "credit")
        || contains_ci(inner, "image")
        || contains_ci(inner, "file")
        || inner.ends_with(" AP")
        || inner == "AP"
}

fn hash(s: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = crate::lang::FxHasher::default();
    h.write(s.as_bytes());
    h.write_u64(s.len() as u64);
    h.finish()
}

impl Page {
    /// Splits `text` into non-empty lines and computes their statistics.
    pub fn analyze(text: &str) -> Page {
        let mut page = Page::default();
        let mut blank = false;
        let mut pos = 0;
        for raw in text.split('\n') {
            let raw_start = pos;
            pos += raw.len() + 1;
            let trimmed_start = raw.trim_start_matches(is_space);
            let trimmed = trimmed_start.trim_end_matches(is_space);
            if trimmed.is_empty() {
                blank = true;
                continue;
            }
            if page.lines.len() >= MAX_LINES {
                page.truncated = true;
                break;
            }
            let start = raw_start + (raw.len() - trimmed_start.len());
            let mut line = Line {
                start,
                end: start + trimmed.len(),
                blank_before: blank,
                ..Line::default()
            };
            blank = false;
            page.stats(trimmed, &mut line);
            page.lines.push(line);
        }
        page.stop_list = page.lang.best_stop_list();
        page.own_stop_words(text);
        page.repeats(text);
        page.chrome(text);
        page
    }

    fn stats(&mut self, t: &str, line: &mut Line) {
        let mut chars = 0u32;
        let mut word_start: Option<usize> = None;
        let mut prev = ' ';
        let mut prev2 = ' ';
        let mut lower_run = 0u32;
        // Bytes that make the substring checks below worth doing.
        let (mut has_pipe, mut has_tab, mut has_at, mut has_colon, mut has_dot_w) =
            (false, false, false, false, false);
        let mut non_ascii = false;
        let bytes = t.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            let (c, len) = if b < 0x80 {
                (b as char, 1)
            } else {
                let c = t.get(i..).and_then(|r| r.chars().next()).unwrap_or(' ');
                (c, c.len_utf8())
            };
            chars += 1;
            if b < 0x80 {
                // ASCII fast path, same logic as below.
                if b.is_ascii_alphanumeric() {
                    let upper = b.is_ascii_uppercase();
                    if upper {
                        if (lower_run >= 4 && prev.is_lowercase())
                            || (matches!(prev, '.' | ')' | '!' | '?') && prev2.is_lowercase())
                        {
                            line.glued += 1;
                        }
                        lower_run = 0;
                    } else if b.is_ascii_lowercase() {
                        lower_run += 1;
                    } else {
                        lower_run = 0;
                    }
                    if word_start.is_none() {
                        word_start = Some(i);
                        if upper {
                            line.cap_words += 1;
                        }
                    }
                    if b.is_ascii_digit() {
                        line.digits += 1;
                    } else {
                        line.letters += 1;
                        self.lang.latin += 1;
                        if upper {
                            line.upper += 1;
                        }
                    }
                } else {
                    lower_run = 0;
                    if let Some(ws) = word_start.take() {
                        self.word(&t[ws..i], line);
                    }
                    match b {
                        b'|' => has_pipe = true,
                        b'\t' => has_tab = true,
                        b'@' => has_at = true,
                        b':' => has_colon = true,
                        b'.' if i >= 3 && &bytes[i - 3..i] == b"www" => has_dot_w = true,
                        _ => {}
                    }
                    if !b.is_ascii_whitespace() {
                        line.punct += 1;
                        match b {
                            b',' => line.commas += 1,
                            b'.' | b'!' | b'?' if prev.is_alphanumeric() => line.sentences += 1,
                            _ => {}
                        }
                    }
                }
                prev2 = prev;
                prev = c;
                i += len;
                continue;
            }
            non_ascii = true;
            let (upper, lower, alnum) = char_class(c);
            // Glued text of two page elements: "SteakhouseA party", "today.The", "SoonThe".
            if upper {
                if (lower_run >= 4 && prev.is_lowercase())
                    || (matches!(prev, '.' | ')' | '!' | '?') && prev2.is_lowercase())
                {
                    line.glued += 1;
                }
                lower_run = 0;
            } else if lower {
                lower_run += 1;
            } else {
                lower_run = 0;
            }
            if alnum {
                if word_start.is_none() {
                    word_start = Some(i);
                    if upper {
                        line.cap_words += 1;
                    }
                }
                if c.is_ascii_digit() {
                    line.digits += 1;
                } else {
                    line.letters += 1;
                    if upper {
                        line.upper += 1;
                    }
                    match script(c) {
                        Script::Hangul => {
                            line.cjk += 1;
                            self.lang.hangul += 1;
                        }
                        Script::Kana => {
                            line.cjk += 1;
                            self.lang.kana += 1;
                        }
                        Script::Han => {
                            line.cjk += 1;
                            self.lang.han += 1;
                        }
                        Script::Cyrillic => self.lang.cyrillic += 1,
                        Script::Latin => self.lang.latin += 1,
                        Script::Other => {}
                    }
                    if is_cjk_particle(c) {
                        line.particles += 1;
                    }
                }
            } else {
                if let Some(ws) = word_start.take() {
                    self.word(&t[ws..i], line);
                }
                if !is_space(c) {
                    line.punct += 1;
                    match c {
                        '、' | '，' => line.commas += 1,
                        '。' | '！' | '？' if prev.is_alphanumeric() => {
                            line.sentences += 1;
                        }
                        _ => {}
                    }
                }
            }
            prev2 = prev;
            prev = c;
            i += len;
        }
        if let Some(ws) = word_start {
            self.word(&t[ws..], line);
        }
        for (total, &n) in self.lang.stop.iter_mut().zip(&line.stop) {
            *total += u32::from(n);
        }
        line.chars = chars;
        self.total_chars += u64::from(chars);
        self.longest = self.longest.max(chars);

        let last = t.chars().next_back().unwrap_or(' ');
        let first = t.chars().next().unwrap_or(' ');
        if matches!(
            last,
            '.' | '!' | '?' | '"' | '”' | '’' | '\'' | ')' | '。' | '！' | '？' | '»' | ':' | ';'
        ) && !t.ends_with("...")
        {
            line.flags |= F_TERMINAL;
        }
        if last == ':' {
            line.flags |= F_COLON_END;
        }
        if t.ends_with("...") || t.ends_with('…') || t.ends_with("…]") || t.ends_with("...]") {
            line.flags |= F_ELLIPSIS;
        }
        if ends_with_ci(t, "read more")
            || ends_with_ci(t, "read more »")
            || ends_with_ci(t, "continue reading")
            || ends_with_ci(t, "more »")
            || ends_with_ci(t, "[…]")
        {
            line.flags |= F_READ_MORE | F_ELLIPSIS;
        }
        if matches!(first, '"' | '“' | '‘' | '«' | '„' | '\'') {
            line.flags |= F_QUOTE_START;
        }
        if first.is_lowercase() {
            line.flags |= F_LOWER_START;
        }
        if chars < 90 && line.digits > 0 && find_date(t).is_some() {
            line.flags |= F_DATE;
        }
        if byline_start(t).is_some() {
            line.flags |= F_BYLINE;
        }
        if (has_pipe && t.contains(" | "))
            || (non_ascii && (t.contains('•') || t.contains(" » ") || t.contains(" › ")))
        {
            line.flags |= F_SEPARATOR;
        }
        if (has_colon && (t.contains("http://") || t.contains("https://")))
            || has_dot_w
            || (has_at && chars < 60)
        {
            line.flags |= F_LINK;
        }
        if is_credit_like(t) {
            line.flags |= F_CREDIT;
        }
        if t.ends_with(']') && t.rfind('[').is_some_and(|o| t.len() - o <= 14) {
            line.flags |= F_TAG_END;
        }
        if chars < 40 && t.contains(" ago") && line.digits > 0 {
            line.flags |= F_AGO;
        }
        if is_end_cue(t) {
            line.flags |= F_END_CUE;
        }
        if has_tab {
            line.flags |= F_TAB;
        }
        if chars < 120 && line.letters >= 3 && is_comment_meta(t, line.digits > 0) {
            line.flags |= F_COMMENT_META;
        }
    }

    fn word(&mut self, w: &str, line: &mut Line) {
        line.words += 1;
        let mut mask = stop_mask(w);
        while mask != 0 {
            let i = mask.trailing_zeros() as usize;
            if let Some(n) = line.stop.get_mut(i) {
                *n = n.saturating_add(1);
            }
            mask &= mask - 1;
        }
    }

    fn repeats(&mut self, text: &str) {
        let mut full: FxMap<u64, u32> = FxMap::default();
        let mut prefix: FxMap<u64, u32> = FxMap::default();
        let keys: Vec<(u64, Option<u64>)> = self
            .lines
            .iter()
            .map(|l| {
                let t = l.text(text);
                let p = prefix_of(t, 48);
                (hash(t), (p.len() >= 40).then(|| hash(p)))
            })
            .collect();
        for &(f, p) in &keys {
            *full.entry(f).or_insert(0) += 1;
            if let Some(p) = p {
                *prefix.entry(p).or_insert(0) += 1;
            }
        }
        for (l, &(f, p)) in self.lines.iter_mut().zip(&keys) {
            let count = full.get(&f).copied().unwrap_or(0);
            l.repeats = count;
            if count > 1 {
                l.flags |= F_REPEATED;
            }
            if p.is_some_and(|p| prefix.get(&p).copied().unwrap_or(0) > 1) {
                l.flags |= F_PREFIX_REPEATED;
            }
        }
    }

    /// Counts chrome words in lines short enough to be page furniture (long lines are prose,
    /// where "comment" or "search" mean nothing).
    fn chrome(&mut self, text: &str) {
        if self.lines.is_empty() {
            return;
        }
        let mut li = 0;
        for m in chrome_matcher().find_iter(text) {
            while li < self.lines.len() && self.lines[li].end <= m.start() {
                li += 1;
            }
            let Some(line) = self.lines.get_mut(li) else {
                break;
            };
            if line.start > m.start() {
                continue;
            }
            if line.chars <= CHROME_MAX_CHARS {
                line.chrome += 1;
            }
            if m.pattern().as_usize() >= CHROME.len() {
                line.legal += 1;
            }
        }
    }

    /// A language-independent stand-in for a stop list, on pages whose prose no list fits
    /// (Swedish, Turkish, Vietnamese, ...): function words are the most frequent words of any
    /// language's running text, so the page's most frequent words in its longer lines are
    /// counted in every line instead.
    fn own_stop_words(&mut self, text: &str) {
        if self.lang.is_cjk() {
            return;
        }
        let prose = |l: &Line| l.words >= OWN_STOP_MIN_WORDS;
        let (words, stops) =
            self.lines
                .iter()
                .filter(|l| prose(l))
                .fold((0u64, 0u64), |(w, s), l| {
                    (
                        w + u64::from(l.words),
                        s + u64::from(l.stop[self.stop_list]),
                    )
                });
        // English prose has about 40% stop words; a list that covers under a tenth of the
        // page's prose words is not its language's.
        if words < 50 || stops * 10 >= words {
            return;
        }
        let lower = |w: &str| w.to_lowercase();
        let mut freq: FxMap<String, u32> = FxMap::default();
        for l in self.lines.iter().filter(|l| prose(l)) {
            for w in l.text(text).split(|c: char| !c.is_alphanumeric()) {
                if !w.is_empty() && w.chars().count() <= 6 {
                    *freq.entry(lower(w)).or_insert(0) += 1;
                }
            }
        }
        let mut top: Vec<(String, u32)> = freq.into_iter().collect();
        top.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        top.truncate(OWN_STOP_WORDS);
        let top: FxMap<String, ()> = top.into_iter().map(|(w, _)| (w, ())).collect();
        for l in &mut self.lines {
            let t = text.get(l.start..l.end).unwrap_or("");
            let n = t
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty() && top.contains_key(&lower(w)))
                .count();
            l.own_stop = u16::try_from(n).unwrap_or(u16::MAX);
        }
        self.own_stop = true;
    }

    /// Stop-word density of a line in the page's language (particles for CJK pages).
    pub(crate) fn stop_density(&self, l: &Line) -> f32 {
        if self.lang.is_cjk() {
            if l.cjk == 0 {
                return 0.0;
            }
            return (l.particles as f32 / (l.cjk as f32 / 2.0).max(1.0)).min(1.0);
        }
        if l.words == 0 {
            return 0.0;
        }
        let stop = if self.own_stop {
            l.own_stop
        } else {
            l.stop[self.stop_list]
        };
        (f32::from(stop) / l.words as f32).min(1.0)
    }

    /// The feature vectors of every line, `NFEAT` values each.
    pub fn features(&self) -> Vec<[f32; NFEAT]> {
        let n = self.lines.len();
        let mut out = Vec::with_capacity(n);
        let text_score: Vec<f32> = self
            .lines
            .iter()
            .map(|l| (l.chars.min(300) as f32) / 300.0)
            .collect();
        let dens: Vec<f32> = self.lines.iter().map(|l| self.stop_density(l)).collect();
        // Runs of short lines.
        let mut run = vec![0u32; n];
        let mut i = 0;
        while i < n {
            if self.lines[i].chars < 40 {
                let mut j = i;
                while j < n && self.lines[j].chars < 40 {
                    j += 1;
                }
                for r in &mut run[i..j] {
                    *r = (j - i) as u32;
                }
                i = j;
            } else {
                i += 1;
            }
        }
        // Runs of headline-shaped lines (teaser lists): capitalised words, no final stop.
        let headline = |l: &Line| {
            l.chars >= 15
                && l.chars < 160
                && !l.has(F_TERMINAL)
                && l.words >= 3
                && u64::from(l.cap_words) * 2 >= u64::from(l.words)
        };
        let mut hrun = vec![0u32; n];
        let mut i = 0;
        while i < n {
            if headline(&self.lines[i]) {
                let mut j = i;
                while j < n && headline(&self.lines[j]) {
                    j += 1;
                }
                for r in &mut hrun[i..j] {
                    *r = (j - i) as u32;
                }
                i = j;
            } else {
                i += 1;
            }
        }
        let cjk = self.lang.is_cjk();
        // Blank lines between paragraphs carry information only on pages that have them.
        let blanks = self.lines.iter().filter(|l| l.blank_before).count();
        let blank_informative = blanks * 20 >= n;
        let longest = self.longest.max(1) as f32;
        let total = self.total_chars.max(1) as f32;
        let mut before = 0u64;
        let mut last_cue: Option<usize> = None;
        let mean = |v: &[f32], a: usize, b: usize| -> f32 {
            if b <= a {
                0.0
            } else {
                v[a..b].iter().sum::<f32>() / (b - a) as f32
            }
        };
        for (i, l) in self.lines.iter().enumerate() {
            let chars = l.chars as f32;
            let words = l.words as f32;
            let letters = l.letters.max(1) as f32;
            let sd = dens[i];
            let b = |flag| if l.has(flag) { 1.0 } else { 0.0 };
            let fb = |x: bool| if x { 1.0 } else { 0.0 };
            let ctx_d = mean(&dens, i.saturating_sub(2), (i + 3).min(n));
            let f = [
                (1.0 + chars).ln(),
                (1.0 + words).ln(),
                sd,
                fb(sd >= 0.25),
                fb(l.chars < 30),
                fb((30..80).contains(&l.chars)),
                fb(l.chars > 150),
                b(F_TERMINAL),
                b(F_ELLIPSIS),
                b(F_READ_MORE),
                if l.words > 0 {
                    (l.cap_words as f32 / words).min(1.0)
                } else {
                    0.0
                },
                l.upper as f32 / letters,
                l.digits as f32 / chars.max(1.0),
                l.punct as f32 / chars.max(1.0),
                if l.words > 0 {
                    (l.commas as f32 / words).min(1.0)
                } else {
                    0.0
                },
                (1.0 + l.sentences as f32).ln(),
                b(F_DATE),
                b(F_BYLINE),
                b(F_SEPARATOR),
                b(F_LINK),
                (1.0 + l.chrome as f32).ln(),
                (l.repeats.max(1) as f32).ln(),
                b(F_PREFIX_REPEATED),
                i as f32 / n.max(1) as f32,
                before as f32 / total,
                mean(&text_score, i.saturating_sub(3), i),
                mean(&text_score, (i + 1).min(n), (i + 4).min(n)),
                ctx_d,
                (1.0 + run[i] as f32).ln(),
                if blank_informative {
                    fb(l.blank_before)
                } else {
                    0.5
                },
                chars / longest,
                b(F_QUOTE_START),
                b(F_LOWER_START),
                fb(l.letters > 3 && l.upper as f32 / letters > 0.8),
                b(F_COLON_END),
                fb(cjk),
                if i > 0 { text_score[i - 1] } else { 0.0 },
                if i + 1 < n { text_score[i + 1] } else { 0.0 },
                (1.0 + words).ln() * sd,
                b(F_CREDIT),
                (1.0 + l.glued as f32).ln(),
                b(F_TAG_END),
                b(F_AGO),
                b(F_END_CUE),
                b(F_TAB),
                last_cue.map_or(1.0, |c| ((i - c) as f32 / 20.0).min(1.0)),
                (1.0 + l.legal as f32).ln(),
                (1.0 + hrun[i] as f32).ln(),
                b(F_COMMENT_META),
            ];
            if l.has(F_END_CUE) {
                last_cue = Some(i);
            }
            before += u64::from(l.chars);
            out.push(f);
        }
        out
    }
}

fn prefix_of(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_class_agrees_with_char_methods() {
        for c in ('\u{80}'..=char::MAX).filter(|c| !('\u{2000}'..='\u{206f}').contains(c)) {
            let expected = (c.is_uppercase(), c.is_lowercase(), c.is_alphanumeric());
            assert_eq!(char_class(c), expected, "{c:?}");
        }
        assert_eq!(char_class('“'), (false, false, false));
    }

    fn check(input: &str, expected: &[&str]) {
        let page = Page::analyze(input);
        let got: Vec<&str> = page.lines.iter().map(|l| l.text(input)).collect();
        assert_eq!(got, expected);
        assert_eq!(page.features().len(), expected.len());
    }

    #[test]
    fn lines_are_trimmed_and_blank_lines_skipped() {
        check(
            "  Home \n\n\nNews\r\n\u{a0}\nA long line.",
            &["Home", "News", "A long line."],
        );
        check("", &[]);
        check("\n\n  \n", &[]);
        check("one line only", &["one line only"]);
    }

    #[test]
    fn flags() {
        let text = "March 4, 2021by Ann Lee, Wire\nSome teaser text that goes on and on for a while... Read More\nSome teaser text that goes on and on for a while and then ends.\nA photo of the river at dawn, taken from the old bridge. (Ann Lee/Wire via AP)";
        let page = Page::analyze(text);
        assert!(page.lines[0].has(F_BYLINE));
        assert!(page.lines[0].has(F_DATE));
        assert!(page.lines[1].has(F_READ_MORE));
        assert!(page.lines[1].has(F_PREFIX_REPEATED));
        assert!(page.lines[2].has(F_PREFIX_REPEATED));
        assert!(page.lines[3].has(F_CREDIT));
        assert!(!page.lines[2].has(F_CREDIT));
    }

    #[test]
    fn chrome_words_are_counted_per_line() {
        let text = "Subscribe to our newsletter\nThe river rose.\nShare on Facebook";
        let page = Page::analyze(text);
        let counts: Vec<u32> = page.lines.iter().map(|l| l.chrome).collect();
        assert_eq!(counts, vec![2, 0, 2]);
    }
}
