//! Linking mentions within one document: each entity gets the name it stands for.
//!
//! - A person's short form points to the fullest mention of the same person: "Blinken" and
//!   "Antony Blinken" → "Antony Blinken" (the short form's words, in order, inside a longer
//!   PER mention with the same last word; or a lone first name with exactly one match).
//! - A country variant points to one name from the gazetteer: "U.S.", "US", "United States"
//!   → "United States"; other listed places and organisations to their listed spelling
//!   ("LISBON" → "Lisbon").
//! - A name written in capitals only ("VALMORA" in a dateline, a headline in capitals) points
//!   to the same words written in mixed case elsewhere in the article ("Valmora").
//! - An acronym points to its expansion when the article names it: "OSCE" →
//!   "Organization for Security and Cooperation in Europe" (the initials of the capitalised
//!   words of another mention).
//! - Anything else is its own text with white space collapsed.

use copydesk_core::EntityLabel;

use crate::gazetteer::Gazetteer;

/// One mention to link: its label, its words and its text as written.
#[derive(Debug, Clone)]
pub(crate) struct Mention<'a> {
    pub(crate) label: EntityLabel,
    pub(crate) words: Vec<&'a str>,
    /// The mention's text in the document (white space is collapsed on output).
    pub(crate) text: &'a str,
}

impl Mention<'_> {
    /// The text with runs of white space collapsed to one space.
    fn text(&self) -> String {
        let mut out = String::with_capacity(self.text.len());
        for w in self.text.split_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(w);
        }
        out
    }

    fn has_lowercase(&self) -> bool {
        self.words.iter().any(|w| w.chars().any(char::is_lowercase))
    }
}

/// Distinct full names compared with one short form, at most.
const MAX_CANDIDATES: usize = 256;

/// Words that acronyms skip ("Organization *for* Security *and* Cooperation *in* Europe").
const SKIP: &[&str] = &[
    "of", "for", "and", "the", "in", "on", "at", "to", "de", "du", "des", "la", "le", "&",
];

/// Canonical names for the mentions of one document, in order.
pub(crate) fn link(mentions: &[Mention<'_>], gazetteer: Option<&Gazetteer>) -> Vec<String> {
    let lower: Vec<Vec<String>> = mentions
        .iter()
        .map(|m| m.words.iter().map(|w| w.to_lowercase()).collect())
        .collect();
    // People: index by last word, so each lookup scans only same-surname mentions.
    let mut by_last: hashbrown::HashMap<&str, Vec<usize>> = Default::default();
    let mut by_first: hashbrown::HashMap<&str, Vec<usize>> = Default::default();
    // One representative per distinct name (the first written in mixed case, else the first).
    let mut distinct: hashbrown::HashMap<&[String], usize> = Default::default();
    for (i, m) in mentions.iter().enumerate() {
        if m.label == EntityLabel::Per && m.words.len() >= 2 {
            match distinct.entry(&lower[i]) {
                hashbrown::hash_map::Entry::Occupied(mut e) => {
                    if !mentions[*e.get()].has_lowercase() && m.has_lowercase() {
                        e.insert(i);
                    }
                }
                hashbrown::hash_map::Entry::Vacant(e) => {
                    e.insert(i);
                }
            }
        }
    }
    let mut reps: Vec<usize> = distinct.into_values().collect();
    reps.sort_unstable();
    for &i in &reps {
        if let (Some(last), Some(first)) = (lower[i].last(), lower[i].first()) {
            by_last.entry(last.as_str()).or_default().push(i);
            by_first.entry(first.as_str()).or_default().push(i);
        }
    }
    // Acronym expansions: initials → first mention with them.
    let mut expansions: hashbrown::HashMap<String, usize> = Default::default();
    for (i, m) in mentions.iter().enumerate() {
        if m.words.len() >= 2 && m.label != EntityLabel::Per {
            if let Some(ini) = initials(&m.words) {
                expansions.entry(ini).or_insert(i);
            }
        }
    }
    // Mixed-case spellings: lower-cased words → first mention written with lower case.
    let mut cased: hashbrown::HashMap<&[String], usize> = Default::default();
    for (i, m) in mentions.iter().enumerate() {
        if m.has_lowercase() {
            cased.entry(&lower[i]).or_insert(i);
        }
    }
    let mut out = Vec::with_capacity(mentions.len());
    for (i, m) in mentions.iter().enumerate() {
        let mut own = m.text();
        if !m.has_lowercase() {
            if let Some(&c) = cased.get(lower[i].as_slice()) {
                own = mentions[c].text();
            }
        }
        let canonical = match m.label {
            EntityLabel::Per => {
                let l = &lower[i];
                let fuller = |cands: Option<&Vec<usize>>| -> Option<usize> {
                    let mut best: Option<usize> = None;
                    // Bounded: hostile text with thousands of same-surname names stays linear.
                    for &c in cands?.iter().take(MAX_CANDIDATES) {
                        if lower[c].len() <= l.len() || !subsequence(l, &lower[c]) {
                            continue;
                        }
                        let better = best.is_none_or(|b| {
                            let (cb, cc) = (&mentions[b], &mentions[c]);
                            (cc.words.len(), cc.has_lowercase())
                                > (cb.words.len(), cb.has_lowercase())
                        });
                        if better {
                            best = Some(c);
                        }
                    }
                    best
                };
                let last = l.last().map(String::as_str).unwrap_or("");
                let mut target = fuller(by_last.get(last));
                if target.is_none() && l.len() == 1 {
                    // A lone first name links only when one person has it.
                    let firsts = by_first.get(last);
                    if let Some([only]) = firsts.map(Vec::as_slice) {
                        target = Some(*only);
                    }
                }
                target.map_or(own, |t| mentions[t].text())
            }
            _ => {
                let refs: Vec<&str> = lower[i].iter().map(String::as_str).collect();
                let listed = gazetteer.and_then(|g| g.canonical(&refs));
                match acronym(&m.words).and_then(|a| expansions.get(&a)) {
                    Some(&t) if t != i && m.label != EntityLabel::Loc => mentions[t].text(),
                    _ => listed.map_or(own, str::to_owned),
                }
            }
        };
        out.push(canonical);
    }
    out
}

/// Whether `short` occurs in order inside `long`, sharing its last word.
fn subsequence(short: &[String], long: &[String]) -> bool {
    if short.last() != long.last() {
        return false;
    }
    let mut it = long.iter();
    short.iter().all(|w| it.any(|x| x == w))
}

/// The letters of an acronym mention ("OSCE", "U.N."), if it is one.
fn acronym(words: &[&str]) -> Option<String> {
    let [w] = words else { return None };
    let letters: String = w.chars().filter(|c| *c != '.').collect();
    let n = letters.chars().count();
    ((2..=8).contains(&n) && letters.chars().all(|c| c.is_uppercase())).then_some(letters)
}

/// The initials of a multi-word name's capitalised words, skipping function words.
fn initials(words: &[&str]) -> Option<String> {
    let mut out = String::new();
    for w in words {
        if SKIP.contains(&w.to_lowercase().as_str()) {
            continue;
        }
        for part in w.split('-') {
            let c = part.chars().next()?;
            if !c.is_uppercase() {
                return None;
            }
            out.push(c);
        }
    }
    (out.chars().count() >= 2).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &[(&str, EntityLabel)], expected: &[&str]) {
        let mentions: Vec<Mention<'_>> = input
            .iter()
            .map(|(t, l)| Mention {
                label: *l,
                words: t.split([' ', '\n']).filter(|w| !w.is_empty()).collect(),
                text: t,
            })
            .collect();
        let g = Gazetteer::embedded();
        assert_eq!(link(&mentions, Some(&g)), expected);
    }

    use EntityLabel::{Loc, Misc, Org, Per};

    #[test]
    fn people() {
        check(
            &[
                ("Blinken", Per),
                ("Antony Blinken", Per),
                ("BLINKEN", Per),
                ("Marta Ruiz", Per),
                ("Ruiz", Per),
                ("Marta", Per),
                ("Ortega", Per),
            ],
            &[
                "Antony Blinken",
                "Antony Blinken",
                "Antony Blinken",
                "Marta Ruiz",
                "Marta Ruiz",
                "Marta Ruiz",
                "Ortega",
            ],
        );
    }

    #[test]
    fn fullest_mention_wins() {
        check(
            &[
                ("George Walker Bush", Per),
                ("George Bush", Per),
                ("Bush", Per),
            ],
            &[
                "George Walker Bush",
                "George Walker Bush",
                "George Walker Bush",
            ],
        );
        // Two people who share a first name: a lone first name stays as it is.
        check(
            &[("Anna Berg", Per), ("Anna Holm", Per), ("Anna", Per)],
            &["Anna Berg", "Anna Holm", "Anna"],
        );
    }

    #[test]
    fn countries() {
        check(
            &[
                ("U.S.", Loc),
                ("US", Loc),
                ("United States", Loc),
                ("GENEVA", Loc),
                ("Xyzzy", Loc),
            ],
            &[
                "United States",
                "United States",
                "United States",
                "Geneva",
                "Xyzzy",
            ],
        );
    }

    #[test]
    fn capitals_take_the_mixed_case_spelling() {
        check(
            &[
                ("BRELLANDE", Loc),
                ("Brellande", Loc),
                ("HARBOUR BOARD", Org),
                ("Harbour Board", Org),
                ("QUIXBY", Org),
            ],
            &[
                "Brellande",
                "Brellande",
                "Harbour Board",
                "Harbour Board",
                "QUIXBY",
            ],
        );
    }

    #[test]
    fn acronyms() {
        check(
            &[
                ("Organization for Security and Cooperation in Europe", Org),
                ("OSCE", Org),
                ("U.N.", Org),
                ("Strategic Security Dialogue", Misc),
                ("SSD", Misc),
            ],
            &[
                "Organization for Security and Cooperation in Europe",
                "Organization for Security and Cooperation in Europe",
                "U.N.",
                "Strategic Security Dialogue",
                "Strategic Security Dialogue",
            ],
        );
    }
}
