//! Dates written in page text: `January 10, 2022`, `Jan. 10, 2022`, `10 January 2022`,
//! `Nov 18, 2019 at 9:24 pm`, `2019-11-18`, `11/18/2019`, and day-month-year in a few other
//! languages (`18. November 2019`, `18 de novembro de 2019`).

/// A date found in a text: ISO 8601 (`2022-01-10`) and its byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FoundDate {
    pub iso: String,
    pub start: usize,
    pub end: usize,
}

/// A word-ish token: a run of letters or a run of digits (a digit/letter change splits, so
/// `2022by` is `2022`, `by`).
#[derive(Debug, Clone, Copy)]
struct Tok<'a> {
    text: &'a str,
    start: usize,
    end: usize,
}

fn tokens(s: &str, limit: usize) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut cur: Option<(usize, bool)> = None;
    for (i, c) in s.char_indices() {
        let kind = if c.is_ascii_digit() {
            Some(true)
        } else if c.is_alphabetic() {
            Some(false)
        } else {
            None
        };
        match (cur, kind) {
            (Some((_, d)), Some(k)) if d == k => {}
            (Some((st, _)), k) => {
                out.push(Tok {
                    text: &s[st..i],
                    start: st,
                    end: i,
                });
                if out.len() >= limit {
                    return out;
                }
                cur = k.map(|k| (i, k));
            }
            (None, k) => cur = k.map(|k| (i, k)),
        }
    }
    if let Some((st, _)) = cur {
        out.push(Tok {
            text: &s[st..],
            start: st,
            end: s.len(),
        });
    }
    out
}

const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
    // German
    ("januar", 1),
    ("februar", 2),
    ("märz", 3),
    ("mai", 5),
    ("juni", 6),
    ("juli", 7),
    ("oktober", 10),
    ("dezember", 12),
    // French
    ("janvier", 1),
    ("février", 2),
    ("mars", 3),
    ("avril", 4),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    // Spanish / Portuguese / Italian
    ("enero", 1),
    ("febrero", 2),
    ("marzo", 3),
    ("abril", 4),
    ("mayo", 5),
    ("junio", 6),
    ("julio", 7),
    ("agosto", 8),
    ("septiembre", 9),
    ("octubre", 10),
    ("noviembre", 11),
    ("diciembre", 12),
    ("janeiro", 1),
    ("fevereiro", 2),
    ("março", 3),
    ("maio", 5),
    ("junho", 6),
    ("julho", 7),
    ("setembro", 9),
    ("outubro", 10),
    ("novembro", 11),
    ("dezembro", 12),
    ("gennaio", 1),
    ("febbraio", 2),
    ("aprile", 4),
    ("maggio", 5),
    ("giugno", 6),
    ("luglio", 7),
    ("settembre", 9),
    ("ottobre", 10),
    ("dicembre", 12),
];

fn month(word: &str) -> Option<u32> {
    if word.len() < 3 || word.len() > 10 {
        return None;
    }
    if word.is_ascii() {
        let mut key = 0u128;
        for (i, b) in word.bytes().enumerate() {
            key |= u128::from(b.to_ascii_lowercase()) << (8 * i);
        }
        return month_table().get(&key).copied();
    }
    let lower = word.to_lowercase();
    MONTHS
        .iter()
        .find(|(name, _)| *name == lower)
        .map(|&(_, m)| m)
}

/// ASCII month names packed into integers (see [`month`]).
fn month_table() -> &'static crate::lang::FxMap<u128, u32> {
    static TABLE: std::sync::OnceLock<crate::lang::FxMap<u128, u32>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut map = crate::lang::FxMap::default();
        for &(name, m) in MONTHS.iter().filter(|(name, _)| name.is_ascii()) {
            let mut key = 0u128;
            for (i, b) in name.bytes().enumerate() {
                key |= u128::from(b) << (8 * i);
            }
            map.insert(key, m);
        }
        map
    })
}

fn day(word: &str) -> Option<u32> {
    if word.len() > 2 || !word.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    word.parse().ok().filter(|d| (1..=31).contains(d))
}

fn year(word: &str) -> Option<u32> {
    if word.len() != 4 || !word.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    word.parse().ok().filter(|y| (1900..=2100).contains(y))
}

fn is_ordinal(word: &str) -> bool {
    matches!(word, "st" | "nd" | "rd" | "th")
}

fn is_filler(word: &str) -> bool {
    matches!(word, "de" | "of" | "del")
}

fn iso(y: u32, m: u32, d: u32) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

/// The first date in `s` (only the first 400 tokens are looked at).
pub(crate) fn find_date(s: &str) -> Option<FoundDate> {
    let toks = tokens(s, 400);
    let get = |i: usize| toks.get(i).map(|t| t.text);
    for i in 0..toks.len() {
        let t = toks[i];
        // Month Day[st], Year
        if let Some(m) = month(t.text) {
            let mut j = i + 1;
            if let Some(d) = get(j).and_then(day) {
                j += 1;
                if get(j).is_some_and(is_ordinal) {
                    j += 1;
                }
                if let Some(y) = get(j).and_then(year) {
                    return Some(FoundDate {
                        iso: iso(y, m, d),
                        start: t.start,
                        end: toks[j].end,
                    });
                }
            }
        }
        // Day [th] [de|of] Month [de] Year
        if let Some(d) = day(t.text) {
            let mut j = i + 1;
            if get(j).is_some_and(is_ordinal) {
                j += 1;
            }
            if get(j).is_some_and(is_filler) {
                j += 1;
            }
            if let Some(m) = get(j).and_then(month) {
                j += 1;
                if get(j).is_some_and(is_filler) {
                    j += 1;
                }
                if let Some(y) = get(j).and_then(year) {
                    return Some(FoundDate {
                        iso: iso(y, m, d),
                        start: t.start,
                        end: toks[j].end,
                    });
                }
            }
        }
        // 2019-11-18, 2019/11/18, 11/18/2019, 18.11.2019
        if let Some(found) = numeric_date(s, &toks, i) {
            return Some(found);
        }
    }
    None
}

fn numeric_date(s: &str, toks: &[Tok<'_>], i: usize) -> Option<FoundDate> {
    let (a, b, c) = (toks.get(i)?, toks.get(i + 1)?, toks.get(i + 2)?);
    let sep1 = s.get(a.end..b.start)?;
    let sep2 = s.get(b.end..c.start)?;
    if sep1 != sep2 || !matches!(sep1, "-" | "/" | ".") {
        return None;
    }
    let digits = |t: &Tok<'_>| t.text.bytes().all(|b| b.is_ascii_digit());
    if !(digits(a) && digits(b) && digits(c)) {
        return None;
    }
    let n = |t: &Tok<'_>| t.text.parse::<u32>().ok();
    let (y, m, d) = if a.text.len() == 4 {
        (n(a)?, n(b)?, n(c)?)
    } else if c.text.len() == 4 && sep1 == "/" {
        (n(c)?, n(a)?, n(b)?)
    } else if c.text.len() == 4 && sep1 == "." {
        (n(c)?, n(b)?, n(a)?)
    } else {
        return None;
    };
    if !(1900..=2100).contains(&y) || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some(FoundDate {
        iso: iso(y, m, d),
        start: a.start,
        end: c.end,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: Option<&str>) {
        assert_eq!(
            find_date(input).map(|d| d.iso).as_deref(),
            expected,
            "{input}"
        );
    }

    #[test]
    fn dates() {
        check("March 3, 2021by Ana Ruiz, Wire Service", Some("2021-03-03"));
        check("Published Feb. 7, 2020 8:03 am ET", Some("2020-02-07"));
        check("Oct 21st, 2018 at 9:24 pm ET", Some("2018-10-21"));
        check("Updated 7 June 2019", Some("2019-06-07"));
        check("posted 2019-11-18T10:00", Some("2019-11-18"));
        check("on 11/18/2019", Some("2019-11-18"));
        check("18. November 2019", Some("2019-11-18"));
        check("18 de novembro de 2019", Some("2019-11-18"));
        check("May the best team win in 2020", None);
        check("", None);
        check("2019-13-40", None);
    }

    #[test]
    fn span_points_at_the_date() {
        let s = "by Ana, Dec 1, 2020.";
        let d = find_date(s).unwrap();
        assert_eq!(&s[d.start..d.end], "Dec 1, 2020");
    }
}
