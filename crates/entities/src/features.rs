//! Feature templates. Every feature is a 64-bit hash; the model maps it to a bucket of
//! `NL` weights (one per label).
//!
//! Two kinds of features:
//! - *static* features of a word type (word, lower case, shape, affixes, flags), emitted for
//!   the current token and, for some templates, for neighbours up to two tokens away; the
//!   tagger caches their summed weights per word type;
//! - *context* features of a position: previous labels, sentence position, gazetteer matches
//!   around the token, the document's casing of the word, and how the same word was tagged
//!   earlier in the document.

use hashbrown::HashMap;

use crate::gazetteer::Gazetteer;
use crate::hash::{combine, hash_str};
use crate::label;

// Namespaces of the templates.
const NS_WORD: u64 = 1;
const NS_LOWER: u64 = 2;
const NS_SHAPE: u64 = 3;
const NS_SSHAPE: u64 = 4;
const NS_PREFIX: u64 = 5;
const NS_SUFFIX: u64 = 9;
const NS_FLAGS: u64 = 13;
const NS_CAPSMODE: u64 = 14;
const NS_NORM: u64 = 15;
const NS_BIAS: u64 = 20;
const NS_PREV1: u64 = 21;
const NS_PREV2: u64 = 22;
const NS_PREV1_SHAPE: u64 = 23;
const NS_PREV1_LOWER: u64 = 24;
const NS_FIRST: u64 = 25;
const NS_FIRST_LOWER: u64 = 26;
const NS_PAD: u64 = 27;
const NS_GAZ: u64 = 28;
const NS_DCASE: u64 = 29;
const NS_HIST_LAST: u64 = 30;
const NS_HIST_MAJ: u64 = 31;
const NS_GAZ_SHAPE: u64 = 32;
const NS_BIGRAM: u64 = 33;
const NS_AGG: u64 = 35;
const NS_GAZ_PREV: u64 = 37;
const NS_TOPIC: u64 = 38;
const NS_CTX_AGG: u64 = 40;
const CTX_AGG: bool = true;
/// Occurrences of a word whose contexts are aggregated.
const CTX_OCCURRENCES: u8 = 8;
const NS_AGG_MAJ: u64 = 36;

/// Window of static features: offsets `-WINDOW..=WINDOW`.
pub(crate) const WINDOW: usize = 2;
/// Number of window offsets.
pub(crate) const OFFSETS: usize = 2 * WINDOW + 1;

/// A static feature: its hash and the largest neighbour distance at which it is emitted.
pub(crate) type StaticFeature = (u64, u8);

/// The static features of a word type; `caps`: the word is in an all-capitals sentence,
/// where case says nothing, so case-bearing templates get their own namespace.
pub(crate) fn static_features(caps: bool, word: &str, lower: &str, out: &mut Vec<StaticFeature>) {
    out.clear();
    let cns = if caps { 100 } else { 0 };
    out.push((hash_str(NS_WORD + cns, word), 1));
    out.push((hash_str(NS_LOWER, lower), 2));
    let (shape, short) = shapes(word);
    out.push((hash_str(NS_SHAPE + cns, &shape), 0));
    out.push((hash_str(NS_SSHAPE + cns, &short), 2));
    if word.bytes().any(|b| b.is_ascii_digit()) {
        let norm: String = lower
            .chars()
            .map(|c| if c.is_ascii_digit() { '0' } else { c })
            .collect();
        out.push((hash_str(NS_NORM, &norm), 1));
    }
    let chars: Vec<(usize, char)> = lower.char_indices().collect();
    let n = chars.len();
    for len in 1..=4usize {
        if len > n {
            break;
        }
        let end = chars.get(len).map_or(lower.len(), |&(b, _)| b);
        out.push((hash_str(NS_PREFIX + len as u64 - 1, &lower[..end]), 0));
        let start = chars[n - len].0;
        let reach = if len == 3 { 1 } else { 0 };
        out.push((hash_str(NS_SUFFIX + len as u64 - 1, &lower[start..]), reach));
    }
    out.push((combine(NS_FLAGS + cns, word_flags(word)), 1));
    if caps {
        out.push((combine(NS_CAPSMODE, 0), 0));
    }
}

/// Bit flags of a word's form.
fn word_flags(word: &str) -> u64 {
    let mut upper = 0usize;
    let mut lower = 0usize;
    let mut digit = 0usize;
    let mut other = 0usize;
    let mut hyphen = false;
    let mut period = false;
    let mut first_upper = false;
    for (i, c) in word.chars().enumerate() {
        if c.is_uppercase() {
            upper += 1;
            if i == 0 {
                first_upper = true;
            }
        } else if c.is_lowercase() {
            lower += 1;
        } else if c.is_numeric() {
            digit += 1;
        } else {
            other += 1;
            hyphen |= c == '-';
            period |= c == '.';
        }
    }
    let letters = upper + lower;
    let len_bucket = match letters + digit + other {
        0..=1 => 0,
        2..=3 => 1,
        4..=6 => 2,
        _ => 3,
    };
    u64::from(first_upper)
        | u64::from(upper > 0 && lower == 0) << 1
        | u64::from(digit > 0) << 2
        | u64::from(hyphen) << 3
        | u64::from(period) << 4
        | u64::from(letters == 0 && digit == 0) << 5
        | u64::from(upper > 1 && lower > 0) << 6
        | (len_bucket as u64) << 7
}

/// The word's shape (`Xxxx.`, `dd-dd`), capped at 12 characters, and its short form with
/// runs collapsed (`Xx.`).
pub(crate) fn shapes(word: &str) -> (String, String) {
    let mut long = String::new();
    let mut short = String::new();
    let mut last = '\0';
    for (i, c) in word.chars().enumerate() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if i < 12 {
            long.push(s);
        }
        if s != last {
            short.push(s);
            last = s;
        }
    }
    (long, short)
}

/// Whether a sentence is written in capitals only (a headline): no lower-case letter and
/// at least one token with two or more letters.
pub(crate) fn is_caps_sentence(tokens: &[&str]) -> bool {
    let mut long_word = false;
    for t in tokens {
        let mut letters = 0;
        for c in t.chars() {
            if c.is_lowercase() {
                return false;
            }
            if c.is_alphabetic() {
                letters += 1;
            }
        }
        long_word |= letters >= 2;
    }
    long_word
}

/// A document prepared for tagging: word types, lower-case forms, gazetteer matches and
/// document-level casing, shared by training and tagging.
#[derive(Debug, Default)]
pub(crate) struct Prepared<'a> {
    /// Sentences as token ranges into the flat token arrays.
    pub(crate) sentences: Vec<(usize, usize)>,
    /// Whether each sentence is all capitals.
    pub(crate) caps: Vec<bool>,
    /// Per token: index into `types`.
    pub(crate) type_of: Vec<u32>,
    /// Per token: index into `lowers`.
    pub(crate) lower_of: Vec<u32>,
    /// Per token: gazetteer bits.
    pub(crate) gaz: Vec<u64>,
    /// Per token: starts with an upper-case letter.
    pub(crate) capital: Vec<bool>,
    /// Word types: (caps sentence, word, lower index).
    pub(crate) types: Vec<(bool, &'a str, u32)>,
    /// Lower-case forms.
    pub(crate) lowers: Vec<String>,
    /// Hash of each lower-case form.
    pub(crate) lower_hash: Vec<u64>,
    /// Per lower form: bit 0 seen in lower case, bit 1 seen capitalised inside a mixed-case
    /// sentence (not first).
    pub(crate) casing: Vec<u8>,
    /// The document's topic word: the lower-case first word of an all-capitals first
    /// sentence (a headline such as `SOCCER - …`), hashed; 0 without one.
    pub(crate) topic: u64,
    /// Per lower form: the contexts of its first capitalised occurrences, as
    /// `(token, offset feature hash)` pairs (context aggregation, Ratinov & Roth 2009).
    pub(crate) contexts: Vec<Vec<(u32, u64)>>,
}

impl<'a> Prepared<'a> {
    /// Prepares sentences of token texts.
    pub(crate) fn new(sentences: &[Vec<&'a str>], gazetteer: Option<&Gazetteer>) -> Self {
        let total: usize = sentences.iter().map(Vec::len).sum();
        let mut p = Prepared {
            type_of: Vec::with_capacity(total),
            lower_of: Vec::with_capacity(total),
            gaz: vec![0; total],
            capital: Vec::with_capacity(total),
            ..Prepared::default()
        };
        let mut type_ix: HashMap<(bool, &'a str), u32> = HashMap::new();
        let mut lower_ix: HashMap<String, u32> = HashMap::new();
        for sent in sentences {
            let caps = is_caps_sentence(sent);
            let start = p.type_of.len();
            for (j, &w) in sent.iter().enumerate() {
                let t = match type_ix.get(&(caps, w)) {
                    Some(&t) => t,
                    None => {
                        let lower = w.to_lowercase();
                        let l = match lower_ix.get(&lower) {
                            Some(&l) => l,
                            None => {
                                let l = p.lowers.len() as u32;
                                p.lower_hash.push(hash_str(NS_LOWER, &lower));
                                p.lowers.push(lower.clone());
                                p.casing.push(0);
                                lower_ix.insert(lower, l);
                                l
                            }
                        };
                        let t = p.types.len() as u32;
                        p.types.push((caps, w, l));
                        type_ix.insert((caps, w), t);
                        t
                    }
                };
                let l = p.types[t as usize].2;
                let first_upper = w.chars().next().is_some_and(char::is_uppercase);
                p.type_of.push(t);
                p.lower_of.push(l);
                p.capital.push(first_upper);
                if !caps {
                    let all_lower =
                        w.chars().any(char::is_lowercase) && !w.chars().any(char::is_uppercase);
                    let c = &mut p.casing[l as usize];
                    if all_lower {
                        *c |= 1;
                    } else if first_upper && j > 0 {
                        *c |= 2;
                    }
                }
            }
            let end = p.type_of.len();
            p.sentences.push((start, end));
            p.caps.push(caps);
        }
        if CTX_AGG {
            p.contexts = vec![Vec::new(); p.lowers.len()];
            let mut seen = vec![0u8; p.lowers.len()];
            for (sent, &(s, e)) in p.sentences.iter().enumerate() {
                for i in s..e {
                    if !(p.capital[i] || p.caps[sent]) {
                        continue;
                    }
                    let l = p.lower_of[i] as usize;
                    if seen[l] >= CTX_OCCURRENCES {
                        continue;
                    }
                    seen[l] += 1;
                    for (k, j) in [
                        (0u64, i.checked_sub(2)),
                        (1, i.checked_sub(1)),
                        (2, Some(i + 1)),
                        (3, Some(i + 2)),
                    ] {
                        if let Some(j) = j.filter(|&j| j >= s && j < e) {
                            let h = combine(NS_CTX_AGG + k, p.lower_hash[p.lower_of[j] as usize]);
                            p.contexts[l].push((i as u32, h));
                        }
                    }
                }
            }
        }
        if p.caps.first() == Some(&true) {
            if let Some(&l) = p.lower_of.first() {
                p.topic = p.lower_hash[l as usize];
            }
        }
        if let Some(g) = gazetteer {
            let mut lower_refs: Vec<&str> = Vec::new();
            for &(start, end) in &p.sentences {
                lower_refs.clear();
                lower_refs.extend(
                    p.lower_of[start..end]
                        .iter()
                        .map(|&l| p.lowers[l as usize].as_str()),
                );
                g.annotate(&lower_refs, &mut p.gaz[start..end]);
            }
        }
        p
    }
}

/// What the tagger knows about earlier occurrences of a word in the document.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct History {
    /// Entity type + 1 of the latest capitalised occurrence (0: tagged O), if any.
    pub(crate) last: Option<u8>,
    /// Counts per type + 1 (0: O).
    pub(crate) counts: [u16; 5],
}

impl History {
    pub(crate) fn record(&mut self, label: u8) {
        let t = label::ty(label).map_or(0, |t| t + 1) as u8;
        self.last = Some(t);
        if let Some(c) = self.counts.get_mut(t as usize) {
            *c = c.saturating_add(1);
        }
    }

    fn majority(&self) -> usize {
        let mut best = 0;
        for t in 1..5 {
            if self.counts[t] > self.counts[best] {
                best = t;
            }
        }
        best
    }
}

/// What the context features of a position depend on besides the document.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ctx<'h> {
    /// The previous label (or `START`).
    pub(crate) prev1: u8,
    /// The label before that.
    pub(crate) prev2: u8,
    /// Earlier decisions on the same word in this pass (tracked tokens only).
    pub(crate) hist: Option<&'h History>,
    /// Second pass: how the first pass tagged the word's other occurrences, per type + 1
    /// (0: O); `None` in the first pass.
    pub(crate) agg: Option<[u16; 5]>,
    /// Short-shape hash of the token's word type.
    pub(crate) short_shape: u64,
}

/// The previous-label-only features: `prev1`, and `prev2` with `prev1`. They open the list
/// [`label_features`] writes, so the tagger can take them from dense tables instead.
pub(crate) fn transition_features(prev1: u8, prev2: u8) -> [u64; 2] {
    [
        combine(NS_PREV1, u64::from(prev1)),
        combine(combine(NS_PREV2, u64::from(prev2)), u64::from(prev1)),
    ]
}

/// Number of features at the start of [`label_features`]' output that
/// [`transition_features`] gives.
pub(crate) const TRANSITIONS: usize = 2;

/// Features of token `i` that depend on earlier decisions: previous labels (first the
/// [`TRANSITIONS`] transition features), the document history of the word, the first pass.
pub(crate) fn label_features(
    p: &Prepared<'_>,
    sent: usize,
    i: usize,
    ctx: &Ctx<'_>,
    out: &mut Vec<u64>,
) {
    out.clear();
    let Ctx {
        prev1,
        prev2,
        hist,
        agg,
        short_shape,
    } = *ctx;
    out.extend(transition_features(prev1, prev2));
    let lower = p.lower_hash[p.lower_of[i] as usize];
    out.push(combine(
        combine(NS_PREV1_SHAPE, u64::from(prev1)),
        short_shape,
    ));
    out.push(combine(combine(NS_PREV1_LOWER, u64::from(prev1)), lower));
    let mut bits = p.gaz[i];
    while bits != 0 {
        let b = u64::from(bits.trailing_zeros());
        bits &= bits - 1;
        out.push(combine(combine(NS_GAZ_PREV, b), u64::from(prev1)));
    }
    if p.capital[i] || p.caps[sent] {
        if let Some(h) = hist {
            if let Some(last) = h.last {
                out.push(combine(NS_HIST_LAST, u64::from(last)));
                out.push(combine(NS_HIST_MAJ, h.majority() as u64));
            }
        }
    }
    match agg {
        None => out.push(combine(NS_AGG, 99)),
        Some(counts) => {
            let mut best = None;
            for (t, &c) in counts.iter().enumerate() {
                if c > 0 {
                    out.push(combine(NS_AGG, t as u64));
                    if best.is_none_or(|(_, bc)| c > bc) {
                        best = Some((t, c));
                    }
                }
            }
            match best {
                Some((t, _)) => {
                    out.push(combine(NS_AGG_MAJ, t as u64));
                    out.push(combine(combine(NS_AGG_MAJ, t as u64 + 10), short_shape));
                }
                None => out.push(combine(NS_AGG, 98)),
            }
        }
    }
}

/// Features of token `i` of sentence `sent` that depend on the document only (not on any
/// decision): bias, sentence position, bigrams, topic, gazetteer matches, document casing.
pub(crate) fn position_features(
    p: &Prepared<'_>,
    sent: usize,
    i: usize,
    short_shape: u64,
    out: &mut Vec<u64>,
) {
    out.clear();
    let (s, e) = p.sentences[sent];
    let caps = p.caps[sent];
    let lh = |j: usize| p.lower_hash[p.lower_of[j] as usize];
    let lower = lh(i);
    out.push(combine(NS_BIAS, 0));
    if i == s {
        out.push(combine(combine(NS_FIRST, u64::from(caps)), short_shape));
        out.push(combine(NS_FIRST_LOWER, lower));
    }
    for k in 1..=WINDOW {
        if i < s + k {
            out.push(combine(NS_PAD, k as u64));
        }
        if i + k >= e {
            out.push(combine(NS_PAD, 100 + k as u64));
        }
    }
    let before = if i > s { lh(i - 1) } else { 0 };
    let after = if i + 1 < e { lh(i + 1) } else { 0 };
    out.push(combine(combine(NS_BIGRAM, before), lower));
    out.push(combine(combine(NS_BIGRAM + 1, lower), after));
    if p.topic != 0 && (p.capital[i] || caps) {
        out.push(combine(combine(NS_TOPIC, p.topic), short_shape));
        let gaz_any = p.gaz[i] != 0;
        out.push(combine(combine(NS_TOPIC + 1, p.topic), u64::from(gaz_any)));
    }
    // Gazetteer matches at -1, 0, +1.
    for (k, j) in [(0u64, i.checked_sub(1)), (1, Some(i)), (2, Some(i + 1))] {
        let Some(j) = j.filter(|&j| j >= s && j < e) else {
            continue;
        };
        let mut bits = p.gaz[j];
        while bits != 0 {
            let b = u64::from(bits.trailing_zeros());
            bits &= bits - 1;
            out.push(combine(combine(NS_GAZ, k), b));
            if k == 1 {
                out.push(combine(combine(NS_GAZ_SHAPE, b), short_shape));
            }
        }
    }
    if p.capital[i] || caps {
        let first = i == s || caps;
        let casing = p.casing[p.lower_of[i] as usize];
        out.push(combine(
            combine(NS_DCASE, u64::from(casing)),
            u64::from(first),
        ));
    }
}

/// Context aggregation features of token `i` of sentence `sent`: the contexts of the other
/// occurrences of its word (for tracked tokens). Listed apart from [`position_features`] so
/// that the tagger can sum them once per word and subtract the token's own.
pub(crate) fn aggregated_contexts<'p>(
    p: &'p Prepared<'_>,
    sent: usize,
    i: usize,
) -> impl Iterator<Item = u64> + 'p {
    let tracked = p.capital[i] || p.caps[sent];
    p.contexts
        .get(p.lower_of[i] as usize)
        .filter(|_| tracked)
        .into_iter()
        .flatten()
        .filter(move |c| c.0 as usize != i)
        .map(|c| c.1)
}

/// The short-shape hash of a word type (for context conjunctions).
pub(crate) fn short_shape_hash(caps: bool, word: &str) -> u64 {
    let (_, short) = shapes(word);
    hash_str(NS_SSHAPE + if caps { 100 } else { 0 }, &short)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(word: &str, expected: (&str, &str)) {
        let (a, b) = shapes(word);
        assert_eq!((a.as_str(), b.as_str()), expected);
    }

    #[test]
    fn word_shapes() {
        check("Blinken", ("Xxxxxxx", "Xx"));
        check("U.S.", ("X.X.", "X.X."));
        check("1996-08-22", ("dddd-dd-dd", "d-d-d"));
        check("naïve", ("xxxxx", "x"));
    }

    #[test]
    fn caps_sentences() {
        assert!(is_caps_sentence(&[
            "SOCCER", "-", "JAPAN", "GET", "LUCKY", "WIN", "."
        ]));
        assert!(!is_caps_sentence(&["EU", "rejects", "German", "call"]));
        assert!(!is_caps_sentence(&["1996-08-22"]));
    }

    #[test]
    fn static_features_do_not_panic_on_odd_words() {
        let mut out = Vec::new();
        for w in ["", "é", "日本語", "a-b", "’s"] {
            static_features(false, w, &w.to_lowercase(), &mut out);
            assert!(!out.is_empty());
        }
    }

    #[test]
    fn prepared_casing() {
        let s1 = vec!["The", "Bank", "said", "bank", "rates", "rose"];
        let s2 = vec!["BANK", "NEWS"];
        let p = Prepared::new(&[s1, s2], None);
        assert_eq!(p.caps, vec![false, true]);
        let bank = p.lower_of[1] as usize;
        assert_eq!(p.casing[bank], 3);
        assert_eq!(p.lower_of[6] as usize, bank);
    }
}
