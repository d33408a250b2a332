//! The shipped abbreviation list and its lookup.
//!
//! Every entry keeps its final period as part of the token (`Sen.`, `Jan.`, `etc.`). The kind
//! decides what the sentence splitter does after it.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a: a fast hash for the short keys of the abbreviation table.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
        }
    }
}

type Map = HashMap<Box<str>, Kind, BuildHasherDefault<Fnv>>;

/// How an abbreviation behaves at a possible sentence end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Precedes a name (`Sen.`, `Dr.`, `St.`): a sentence ends after it only when a typical
    /// sentence opener (`The`, `He`, `But` …) follows.
    Title,
    /// Often ends a sentence (`Inc.`, `Jr.`, `etc.`, `Jan.`, `Calif.`): a sentence ends after it
    /// when the next word is capitalised.
    Other,
    /// Never ends a sentence (`e.g.`, `i.e.`, `vs.`, `cf.`).
    Inner,
    /// An abbreviation only before a number (`No. 5`, `Art. 3`); otherwise an ordinary word
    /// followed by a period.
    BeforeNumber,
}

/// Titles and honorifics: precede names.
const TITLES: &[&str] = &[
    "Mr.", "Mrs.", "Ms.", "Messrs.", "Mmes.", "Mme.", "Mlle.", "Dr.", "Drs.", "Prof.", "Profs.",
    "Sen.", "Sens.", "Rep.", "Reps.", "Gov.", "Govs.", "Lt.", "Gen.", "Col.", "Maj.", "Capt.",
    "Cpt.", "Sgt.", "Cpl.", "Pvt.", "Spc.", "Adm.", "Cmdr.", "Cdr.", "Brig.", "Rev.", "Hon.",
    "Pres.", "Supt.", "Det.", "Insp.", "Amb.", "Atty.", "Sec.", "Fr.", "Sr.", "St.", "Ste.", "Mt.",
    "Ft.", "Rt.", "Msgr.", "Sra.", "Sr.", "Dra.", "Pfc.", "Ens.", "Cmdt.", "Supt.", "Gens.", "Mx.",
];

/// Abbreviations that commonly end a sentence too.
const OTHERS: &[&str] = &[
    // companies and organisations
    "Inc.", "Corp.", "Co.", "Cos.", "Ltd.", "Bros.", "Mfg.", "Assn.", "Assoc.", "Dept.", "Univ.",
    "Inst.", "Natl.", "Intl.", "Int'l.", "Govt.", "Est.", "Esq.", "Jr.", "Jrs.", "Plc.", "Cie.",
    "Ave.", "Blvd.", "Rd.", "Hwy.", "Pl.", "Sq.", "Ln.", "Pkwy.", "Ct.", "Cir.", "Terr.",
    // months (May, June and July are not abbreviated in news style)
    "Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep.", "Sept.", "Oct.", "Nov.",
    "Dec.", // weekdays
    "Mon.", "Tue.", "Tues.", "Wed.", "Thu.", "Thur.", "Thurs.", "Fri.", "Sat.",
    // U.S. states (AP style)
    "Ala.", "Ariz.", "Ark.", "Calif.", "Colo.", "Conn.", "Del.", "Fla.", "Ga.", "Ill.", "Ind.",
    "Kan.", "Kans.", "Ky.", "La.", "Md.", "Mass.", "Mich.", "Minn.", "Miss.", "Mo.", "Mont.",
    "Neb.", "Nev.", "Okla.", "Ore.", "Pa.", "Penn.", "Tenn.", "Tex.", "Va.", "Vt.", "Wash.",
    "Wis.", "Wisc.", "Wyo.", "Alta.", "Ont.", "Que.", "Sask.", // general
    "etc.", "al.", "approx.", "Approx.", "ca.", "cca.", "ed.", "eds.", "Ed.", "Eds.", "Vol.",
    "Vols.", "vol.", "vols.", "Fig.", "Figs.", "fig.", "figs.", "Eq.", "Eqs.", "pp.", "Ch.", "ch.",
    "Chap.", "Pt.", "ibid.", "Ibid.", "op.", "cit.", "Op.", "esp.", "incl.", "excl.", "dept.",
    "est.", "Ph.", "Bros.", "Ltd.", "mos.", "yrs.", "hrs.", "mins.", "lbs.", "oz.", "ft.", "sq.",
    "mi.", "mph.", "Corp.", "Mex.", "Sgts.", "Univ.", "Dist.", "Div.", "Gov't.", "Cong.", "Rs.",
    "Messrs.", "Mssrs.",
];

/// Abbreviations that never end a sentence.
const INNER: &[&str] = &[
    "e.g.", "i.e.", "E.g.", "I.e.", "vs.", "Vs.", "v.", "cf.", "Cf.", "viz.", "approx.", "resp.",
    "nr.", "a.k.a.",
];

/// Abbreviations only when a number follows.
const BEFORE_NUMBER: &[&str] = &[
    "No.", "Nos.", "no.", "nos.", "Art.", "art.", "Arts.", "sec.", "secs.", "Sec.", "Nr.", "Para.",
    "para.", "Ps.", "Mk.", "Rev.", "Ex.", "Gen.", "p.", "Op.", "Fig.", "Tab.", "tab.", "Ref.",
    "ref.", "Rom.", "Isa.", "Jer.", "Matt.", "Prov.", "Deut.", "Lev.", "Num.", "Heb.",
];

/// The abbreviation table: the shipped lists plus the user's.
#[derive(Debug, Clone)]
pub(crate) struct Abbreviations {
    map: Map,
    /// The longest entry in bytes (longer tokens are not looked up).
    max_len: usize,
}

impl Abbreviations {
    /// The shipped list, extended by `extra` (kind [`Kind::Other`]) and `titles` (kind
    /// [`Kind::Title`]). Entries without a final period get one.
    pub(crate) fn new(extra: &[String], titles: &[String]) -> Abbreviations {
        let mut map = Map::default();
        // Later lists win: BEFORE_NUMBER only fills gaps, the user's entries override.
        for &w in BEFORE_NUMBER {
            map.insert(w.into(), Kind::BeforeNumber);
        }
        for (list, kind) in [
            (OTHERS, Kind::Other),
            (TITLES, Kind::Title),
            (INNER, Kind::Inner),
        ] {
            for &w in list {
                map.insert(w.into(), kind);
            }
        }
        for (list, kind) in [(extra, Kind::Other), (titles, Kind::Title)] {
            for w in list {
                let w = w.trim();
                if w.is_empty() {
                    continue;
                }
                let key: Box<str> = if w.ends_with('.') {
                    w.into()
                } else {
                    format!("{w}.").into()
                };
                map.insert(key, kind);
            }
        }
        let max_len = map.keys().map(|k| k.len()).max().unwrap_or(0);
        Abbreviations { map, max_len }
    }

    /// The kind of `word` (which ends in a period), if it is an abbreviation. A capitalised
    /// form of a lowercase entry counts too (`Etc.` for `etc.`).
    pub(crate) fn get(&self, word: &str) -> Option<Kind> {
        if word.len() > self.max_len {
            return None;
        }
        if let Some(&k) = self.map.get(word) {
            return Some(k);
        }
        let b = word.as_bytes();
        if !b.first().is_some_and(u8::is_ascii_uppercase) || b.len() > 64 {
            return None;
        }
        let mut buf = [0u8; 64];
        let n = b.len();
        buf[..n].copy_from_slice(b);
        // `GOV.` (a headline in capitals) as `Gov.`
        if n > 2 && b.iter().all(|&c| c.is_ascii_uppercase() || c == b'.') {
            buf[1..n].make_ascii_lowercase();
            if let Some(&k) = std::str::from_utf8(&buf[..n])
                .ok()
                .and_then(|w| self.map.get(w))
            {
                return Some(k);
            }
        }
        // `Etc.` (a sentence start) as `etc.`
        buf[0] = buf[0].to_ascii_lowercase();
        std::str::from_utf8(&buf[..n])
            .ok()
            .and_then(|w| self.map.get(w))
            .copied()
    }
}

/// Capitalised words that typically open a sentence: after an initial or a title-like
/// abbreviation (`U.S.`, `St.`), one of these makes the period a sentence end too.
pub(crate) fn is_sentence_starter(word: &str) -> bool {
    matches!(
        word,
        "The"
            | "A"
            | "An"
            | "In"
            | "On"
            | "At"
            | "For"
            | "From"
            | "To"
            | "By"
            | "With"
            | "As"
            | "If"
            | "When"
            | "While"
            | "After"
            | "Before"
            | "Since"
            | "Although"
            | "Though"
            | "But"
            | "And"
            | "Or"
            | "So"
            | "Yet"
            | "Still"
            | "However"
            | "Meanwhile"
            | "Also"
            | "Then"
            | "Thus"
            | "Therefore"
            | "He"
            | "She"
            | "It"
            | "They"
            | "We"
            | "I"
            | "You"
            | "His"
            | "Her"
            | "Its"
            | "Their"
            | "Our"
            | "My"
            | "Your"
            | "This"
            | "That"
            | "These"
            | "Those"
            | "There"
            | "Here"
            | "Some"
            | "Many"
            | "Most"
            | "Several"
            | "Both"
            | "Each"
            | "Every"
            | "All"
            | "No"
            | "None"
            | "What"
            | "Who"
            | "Why"
            | "How"
            | "Where"
            | "Which"
            | "Now"
            | "Today"
            | "Yesterday"
            | "Instead"
            | "Officials"
            | "According"
            | "During"
            | "Under"
            | "Over"
            | "Despite"
            | "Last"
            | "Earlier"
            | "Later"
            | "Because"
            | "Such"
            | "Another"
            | "Even"
            | "Only"
            | "Not"
            | "Nor"
            | "Neither"
            | "Either"
            | "Once"
            | "Until"
            | "Unless"
            | "Whether"
            | "Among"
            | "Between"
            | "Through"
            | "Without"
            | "Within"
            | "Against"
            | "Amid"
            | "Following"
            | "Asked"
            | "Speaking"
            | "About"
            | "Indeed"
            | "Moreover"
            | "Furthermore"
            | "Nevertheless"
            | "Nonetheless"
            | "Otherwise"
            | "Finally"
            | "Yes"
            | "Just"
            | "Nearly"
            | "Almost"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup() {
        let a = Abbreviations::new(&["Supt".into()], &["Insp.".into()]);
        assert_eq!(a.get("Sen."), Some(Kind::Title));
        assert_eq!(a.get("etc."), Some(Kind::Other));
        assert_eq!(a.get("Etc."), Some(Kind::Other));
        assert_eq!(a.get("e.g."), Some(Kind::Inner));
        assert_eq!(a.get("No."), Some(Kind::BeforeNumber));
        assert_eq!(a.get("Supt."), Some(Kind::Other));
        assert_eq!(a.get("Insp."), Some(Kind::Title));
        assert_eq!(a.get("said."), None);
        assert_eq!(a.get("GOV."), Some(Kind::Title));
        assert_eq!(a.get("MRS."), Some(Kind::Title));
        assert_eq!(a.get("ETC."), Some(Kind::Other));
        assert_eq!(a.get("SAID."), None);
        assert_eq!(a.get("ill."), None);
    }
}
