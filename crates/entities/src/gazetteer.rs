//! Gazetteers: lists of place names, demonyms, organisations and personal names, matched on
//! token sequences case-insensitively.

use hashbrown::HashMap;

use crate::hash::{combine, hash_bytes, hash_str};

/// The gazetteer shipped with the crate (see `gazetteer/generate.py` for its sources).
pub(crate) const EMBEDDED: &str = include_str!("../gazetteer/gazetteer.tsv");

/// Category names, in bit order.
pub(crate) const CATEGORIES: [&str; 10] = [
    "country",
    "capital",
    "city",
    "state",
    "continent",
    "region",
    "demonym",
    "org",
    "first",
    "last",
];

/// Category index of countries (used for linking variants).
pub(crate) const COUNTRY: usize = 0;
/// Category bits of places.
const PLACES: u16 = 0b11_1111;
/// Category index of first names.
const FIRST: usize = 8;
/// Categories below this index (places, organisations) give canonical names.
const NAMED_LIMIT: usize = 8;

const NS_TOKEN: u64 = 0x6761_7a00;
/// Longest phrase matched, in tokens.
const MAX_TOKENS: usize = 8;

#[derive(Debug, Clone, Copy, Default)]
struct Entry {
    /// Bit per category for a complete phrase; 0 for a prefix only.
    cats: u16,
    /// Whether a longer phrase starts with this one.
    prefix: bool,
    /// Index into `canonical` + 1; 0 for none.
    canonical: u32,
}

/// A compiled gazetteer.
#[derive(Debug, Clone)]
pub(crate) struct Gazetteer {
    map: HashMap<u64, Entry>,
    canonical: Vec<String>,
    checksum: u64,
}

impl Gazetteer {
    /// The embedded gazetteer.
    pub(crate) fn embedded() -> Gazetteer {
        Gazetteer::parse(EMBEDDED)
    }

    /// Parses `CATEGORY<TAB>phrase[<TAB>canonical]` lines; `#` lines and unknown categories are
    /// skipped.
    pub(crate) fn parse(text: &str) -> Gazetteer {
        let mut map: HashMap<u64, Entry> = HashMap::new();
        let mut canonical = Vec::new();
        let mut canon_ix: HashMap<&str, u32> = HashMap::new();
        for line in text.lines() {
            if line.starts_with('#') {
                continue;
            }
            let mut cols = line.split('\t');
            let (Some(cat), Some(phrase)) = (cols.next(), cols.next()) else {
                continue;
            };
            let Some(bit) = CATEGORIES.iter().position(|c| *c == cat) else {
                continue;
            };
            let canon = cols.next().filter(|c| !c.is_empty());
            let words: Vec<String> = phrase.split_whitespace().map(str::to_lowercase).collect();
            if words.is_empty() || words.len() > MAX_TOKENS {
                continue;
            }
            let mut h = 0;
            for (i, w) in words.iter().enumerate() {
                h = step(h, w);
                let e = map.entry(h).or_default();
                if i + 1 < words.len() {
                    e.prefix = true;
                }
            }
            let e = map.entry(h).or_default();
            e.cats |= 1 << bit;
            // Places and organisations have a written form to link to ("LISBON" → "Lisbon");
            // a country's name wins over a city's.
            if bit < NAMED_LIMIT && (e.canonical == 0 || bit == COUNTRY) {
                let target = canon.unwrap_or(phrase);
                let ix = *canon_ix.entry(target).or_insert_with(|| {
                    canonical.push(target.to_owned());
                    canonical.len() as u32
                });
                e.canonical = ix;
            }
        }
        Gazetteer {
            map,
            canonical,
            checksum: hash_bytes(1, text.as_bytes()),
        }
    }

    /// A fingerprint of the source text (stored in models trained with it).
    pub(crate) fn checksum(&self) -> u64 {
        self.checksum
    }

    /// Marks every match in a sentence of lower-case tokens: bit `category * 4 + position`
    /// (B, I, L, U) of `out[i]` for each match covering token `i`.
    pub(crate) fn annotate(&self, lower: &[&str], out: &mut [u64]) {
        let n = lower.len().min(out.len());
        for start in 0..n {
            let mut h = 0;
            for end in start..n.min(start + MAX_TOKENS) {
                h = step(h, lower[end]);
                let Some(e) = self.map.get(&h) else { break };
                if e.cats != 0 {
                    for cat in 0..CATEGORIES.len() {
                        if e.cats & (1 << cat) == 0 {
                            continue;
                        }
                        let base = cat * 4;
                        if end == start {
                            out[start] |= 1 << (base + 3);
                        } else {
                            out[start] |= 1 << base;
                            for o in &mut out[start + 1..end] {
                                *o |= 1 << (base + 1);
                            }
                            out[end] |= 1 << (base + 2);
                        }
                    }
                }
                if !e.prefix {
                    break;
                }
            }
        }
    }

    /// Whether a lower-case word is a listed first name.
    pub(crate) fn is_first_name(&self, lower: &str) -> bool {
        self.categories(&[lower]) & (1 << FIRST) != 0
    }

    /// Whether a phrase (lower-case tokens) is a listed country, capital, city, state,
    /// continent or region.
    pub(crate) fn is_place(&self, lower: &[&str]) -> bool {
        self.categories(lower) & PLACES != 0
    }

    /// Category bits of a whole phrase (lower-case tokens), 0 if not listed.
    pub(crate) fn categories(&self, lower: &[&str]) -> u16 {
        self.lookup(lower).map_or(0, |e| e.cats)
    }

    /// The canonical name of a listed variant (`u.s.` → `United States`).
    pub(crate) fn canonical(&self, lower: &[&str]) -> Option<&str> {
        let e = self.lookup(lower)?;
        let ix = (e.canonical as usize).checked_sub(1)?;
        self.canonical.get(ix).map(String::as_str)
    }

    fn lookup(&self, lower: &[&str]) -> Option<&Entry> {
        if lower.is_empty() || lower.len() > MAX_TOKENS {
            return None;
        }
        let h = lower.iter().fold(0, |h, w| step(h, w));
        self.map.get(&h)
    }
}

fn step(h: u64, lower_word: &str) -> u64 {
    combine(h, hash_str(NS_TOKEN, lower_word))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TINY: &str = "# test\ncountry\tUnited States\ncountry\tU.S.\tUnited States\n\
        city\tNew York\ncity\tYork\nstate\tNew York\nlast\tPrice\n";

    fn check(sentence: &str, expected: &[&[&str]]) {
        let g = Gazetteer::parse(TINY);
        let lower: Vec<String> = sentence.split(' ').map(str::to_lowercase).collect();
        let refs: Vec<&str> = lower.iter().map(String::as_str).collect();
        let mut out = vec![0u64; refs.len()];
        g.annotate(&refs, &mut out);
        let pos = ["B", "I", "L", "U"];
        let got: Vec<Vec<String>> = out
            .iter()
            .map(|&bits| {
                (0..40)
                    .filter(|b| bits & (1 << b) != 0)
                    .map(|b| format!("{}-{}", pos[b % 4], CATEGORIES[b / 4]))
                    .collect()
            })
            .collect();
        let expected: Vec<Vec<String>> = expected
            .iter()
            .map(|v| v.iter().map(|s| s.to_string()).collect())
            .collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn matches() {
        check(
            "the U.S. and new york",
            &[
                &[],
                &["U-country"],
                &[],
                &["B-city", "B-state"],
                &["L-city", "U-city", "L-state"],
            ],
        );
        check("united", &[&[]]);
    }

    #[test]
    fn canonical_names() {
        let g = Gazetteer::parse(TINY);
        assert_eq!(g.canonical(&["u.s."]), Some("United States"));
        assert_eq!(g.canonical(&["united", "states"]), Some("United States"));
        assert_eq!(g.canonical(&["york"]), Some("York"));
        assert_eq!(g.canonical(&["price"]), None);
        assert_eq!(g.categories(&["price"]), 1 << 9);
        let full = Gazetteer::embedded();
        assert_eq!(full.canonical(&["us"]), Some("United States"));
        assert_ne!(full.categories(&["geneva"]), 0);
    }
}
