//! Metadata from page text: datelines, bylines, contributor lines, titles.

use copydesk_core::Dateline;

/// Whether a character can appear in an all-caps place name.
fn place_char(c: char) -> bool {
    c.is_uppercase() || matches!(c, ' ' | '.' | '-' | '\'' | '’' | ',')
}

/// The dash after a dateline and the byte offset just past it.
fn dateline_dash(text: &str) -> Option<(usize, usize)> {
    let head_end = {
        let mut e = text.len().min(90);
        while !text.is_char_boundary(e) {
            e -= 1;
        }
        e
    };
    let head = &text[..head_end];
    for dash in [" — ", " – ", " - ", " —", "— ", " -- "] {
        if let Some(at) = head.find(dash) {
            return Some((at, at + dash.len()));
        }
    }
    None
}

/// Parses a dateline at the start of a paragraph: `GENEVA (AP) —`, `THE HAGUE, Netherlands —`,
/// `(Reuters) —`, `WASHINGTON —`. Returns the dateline and the byte length of the prefix.
pub(crate) fn parse_dateline(text: &str) -> Option<(Dateline, usize)> {
    // Cheap test first: a dateline starts with `(` or two capitals.
    let mut chars = text.chars();
    let (a, b) = (chars.next()?, chars.next()?);
    if a != '(' && !(a.is_uppercase() && b.is_uppercase()) {
        return None;
    }
    let (at, after) = dateline_dash(text)?;
    let prefix = text[..at].trim();
    if prefix.is_empty() || prefix.len() > 70 {
        return None;
    }
    let (place_part, agency) = match (prefix.rfind('('), prefix.ends_with(')')) {
        (Some(open), true) => {
            let agency = prefix[open + 1..prefix.len() - 1].trim();
            if agency.is_empty()
                || agency.len() > 30
                || !agency.chars().next().is_some_and(char::is_uppercase)
            {
                return None;
            }
            (prefix[..open].trim(), Some(agency.to_owned()))
        }
        (None, false) => (prefix, None),
        _ => return None,
    };
    let place_part = place_part.trim_end_matches([',', ' ']);
    if place_part.is_empty() {
        agency.as_ref()?;
    } else {
        // The first comma-separated part is all caps (GENEVA, THE HAGUE); a region may follow.
        let mut parts = place_part.splitn(2, ',');
        let city = parts.next().unwrap_or("").trim();
        let letters = city.chars().filter(|c| c.is_alphabetic()).count();
        // Two letters without an agency is rather a "PS —" or "US —" than a place.
        let min_letters = if agency.is_some() { 2 } else { 3 };
        if letters < min_letters || !city.chars().all(place_char) {
            return None;
        }
        if let Some(region) = parts.next() {
            let region = region.trim();
            if region.len() > 30 || !region.chars().next().is_some_and(char::is_uppercase) {
                return None;
            }
        }
    }
    Some((
        Dateline {
            place: place_part.to_owned(),
            agency,
        },
        after,
    ))
}

/// Whether a line is a contributors line: `Ann Lee in Oslo contributed.`, `… contributed to
/// this report.`
pub(crate) fn is_contributors(text: &str) -> bool {
    if text.len() > 400 || text.len() < 12 || !text.contains("ontribut") {
        return false;
    }
    let lower = text.to_lowercase();
    let lower = lower.trim_end_matches([' ', '.', ')']);
    lower.ends_with(" contributed")
        || lower.ends_with("contributed to this report")
        || lower.ends_with("contributed to this story")
        || lower.ends_with("contributed to this article")
        || lower.contains(" contributed reporting")
        || lower.contains(" contributed research")
}

/// Whether a line is a rule that ends a wire story: `___` (three or more underscores).
pub(crate) fn is_rule(text: &str) -> bool {
    text.len() >= 3 && text.bytes().all(|b| b == b'_')
}

/// Words that make a byline part a publication or an organisation (ASCII case-insensitive,
/// whole words): `Associated Press`, `Lakeside Courier`, `Reuters`.
const ORG_WORDS: &[&str] = &[
    "press",
    "news",
    "reuters",
    "afp",
    "agency",
    "agence",
    "times",
    "post",
    "journal",
    "media",
    "network",
    "service",
    "wire",
    "magazine",
    "daily",
    "weekly",
    "herald",
    "tribune",
    "courier",
    "gazette",
    "chronicle",
    "observer",
    "telegraph",
    "examiner",
    "inquirer",
    "enquirer",
    "dispatch",
    "sentinel",
    "bulletin",
    "monitor",
    "bloomberg",
    "cnn",
    "bbc",
    "upi",
    "dpa",
    "associated",
    "newsroom",
    "radio",
    "tv",
    "television",
    "broadcasting",
];

/// Words that make a byline part a job title, neither author nor publisher: `Staff Writer`,
/// `Senior Correspondent`.
const ROLE_WORDS: &[&str] = &[
    "staff",
    "writer",
    "writers",
    "reporter",
    "reporters",
    "correspondent",
    "editor",
    "editors",
    "columnist",
    "contributor",
    "contributing",
    "photographer",
    "producer",
    "analyst",
    "team",
    "desk",
    "editorial",
    "special",
];

fn has_word(part: &str, list: &[&str]) -> bool {
    part.split(|c: char| !c.is_alphanumeric())
        .any(|w| list.iter().any(|o| w.eq_ignore_ascii_case(o)))
}

fn is_name(part: &str) -> bool {
    let words: Vec<&str> = part.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 5
        && words[0].chars().next().is_some_and(char::is_uppercase)
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(|c| c.is_uppercase()) || w.len() <= 3)
        && !part.chars().any(|c| c.is_ascii_digit() || c == '@')
}

/// The names of one byline part: `Ann Lee and Bo Chan` gives both.
fn names_of(part: &str) -> impl Iterator<Item = &str> {
    part.split(" and ")
        .flat_map(|p| p.split(" & "))
        .map(str::trim)
        .map(|n| n.strip_prefix("and ").unwrap_or(n))
        .filter(|n| is_name(n))
}

/// Authors and publisher from a byline's text after `by `: `Ann Lee and Bo Chan, Wire
/// Service` gives `[Ann Lee, Bo Chan]` and `Wire Service`.
///
/// A comma list is a list of authors only when it is an enumeration (`Ann Lee, Bo Chan and
/// Cy Diaz`, or three or more plain names). Otherwise what follows the first comma is the
/// authors' affiliation, never an author: a publication (a part with a publication word, or
/// one that `on_page` says stands elsewhere on the page, as in a title or copyright line) is
/// the publisher; a job title (`Staff Writer`) or anything else (a place) is dropped.
pub(crate) fn parse_byline(
    rest: &str,
    on_page: &dyn Fn(&str) -> bool,
) -> (Vec<String>, Option<String>) {
    let mut rest = rest;
    if let Some(d) = crate::dates::find_date(rest) {
        rest = rest.get(..d.start).unwrap_or(rest);
    }
    for stop in [" | ", "•", " - ", " — ", " – ", "\t", " on "] {
        if let Some(at) = rest.find(stop) {
            rest = &rest[..at];
        }
    }
    // "Ann Lee Updated 3:05 PM": cut at the first of these words (ASCII case-insensitively).
    for word in [" updated", " published", " posted"] {
        let found = rest
            .as_bytes()
            .windows(word.len())
            .position(|w| w.eq_ignore_ascii_case(word.as_bytes()));
        if let Some(at) = found {
            rest = &rest[..at];
        }
    }
    let rest = rest.trim().trim_end_matches([',', '.', ' ', '|']);
    let parts: Vec<&str> = rest
        .split([',', ';'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    // A publication: a publication word in a short, capitalised phrase (not the sentence
    // "By signing up you consent to … Postmedia Network").
    let org = |p: &str| {
        has_word(p, ORG_WORDS)
            && p.split_whitespace().count() <= 6
            && (p.starts_with(char::is_uppercase) || p.starts_with("the "))
    };
    let role = |p: &str| has_word(p, ROLE_WORDS);
    // Every part of an enumeration names people of two or more words each.
    let people = |p: &str| {
        !org(p)
            && !role(p)
            && names_of(p).next().is_some()
            && names_of(p).all(|n| n.split_whitespace().count() >= 2)
    };
    let enumeration = parts.len() >= 2
        && parts.iter().all(|p| people(p))
        && (parts.len() >= 3
            || parts.last().is_some_and(|l| {
                l.contains(" and ")
                    || l.contains(" & ")
                    || l.starts_with("and ")
                    || l.starts_with("& ")
            }));
    let mut authors = Vec::new();
    let mut publisher = None;
    for (k, part) in parts.iter().enumerate() {
        if org(part) {
            if publisher.is_none() {
                publisher = Some((*part).to_owned());
            }
        } else if role(part) {
            continue;
        } else if k == 0 || enumeration {
            authors.extend(names_of(part).map(str::to_owned));
        } else if publisher.is_none() && is_name(part) && on_page(part) {
            publisher = Some((*part).to_owned());
        }
    }
    (authors, publisher)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: Option<(&str, Option<&str>, &str)>) {
        let got = parse_dateline(input);
        match (got, expected) {
            (None, None) => {}
            (Some((d, len)), Some((place, agency, rest))) => {
                assert_eq!(d.place, place, "{input}");
                assert_eq!(d.agency.as_deref(), agency, "{input}");
                assert_eq!(&input[len..], rest, "{input}");
            }
            (got, want) => panic!("{input}: got {got:?}, want {want:?}"),
        }
    }

    #[test]
    fn datelines() {
        check(
            "OSLO (Wire) — The council met.",
            Some(("OSLO", Some("Wire"), "The council met.")),
        );
        check(
            "THE HAGUE, Netherlands — Judges met.",
            Some(("THE HAGUE, Netherlands", None, "Judges met.")),
        );
        check(
            "(Reuters) — A company said.",
            Some(("", Some("Reuters"), "A company said.")),
        );
        check(
            "ST. PAUL, Minn. (AP) - Snow fell.",
            Some(("ST. PAUL, Minn.", Some("AP"), "Snow fell.")),
        );
        check("The mayor — who was late — spoke.", None);
        check("Home — News", None);
        check("", None);
        check("—", None);
        check("PS — Colorado has no hurricanes.", None);
        check(
            "NY (AP) — Snow fell.",
            Some(("NY", Some("AP"), "Snow fell.")),
        );
    }

    #[test]
    fn bylines() {
        let nowhere = |_: &str| false;
        let (a, p) = parse_byline("Ann Lee and Bo Chan, Wire Service", &nowhere);
        assert_eq!(a, vec!["Ann Lee", "Bo Chan"]);
        assert_eq!(p.as_deref(), Some("Wire Service"));
        let (a, p) = parse_byline("Carla Mendes Nov. 19, 2019 8:03 am ET", &nowhere);
        assert_eq!(a, vec!["Carla Mendes"]);
        assert_eq!(p, None);
        let (a, _) = parse_byline("the way, nothing here", &nowhere);
        assert!(a.is_empty());
    }

    #[test]
    fn an_affiliation_after_the_comma_is_no_author() {
        let nowhere = |_: &str| false;
        // A publication word makes it the publisher.
        let (a, p) = parse_byline("Dana Whitfield, Lakeside Courier", &nowhere);
        assert_eq!(a, vec!["Dana Whitfield"]);
        assert_eq!(p.as_deref(), Some("Lakeside Courier"));
        // A name the page shows elsewhere (its title or copyright line) is the publisher.
        let (a, p) = parse_byline("Dana Whitfield, Northfield Ledger", &|n: &str| {
            n == "Northfield Ledger"
        });
        assert_eq!(a, vec!["Dana Whitfield"]);
        assert_eq!(p.as_deref(), Some("Northfield Ledger"));
        // Otherwise (a place, an unknown name) it is dropped, and a job title is dropped too.
        let (a, p) = parse_byline("Dana Whitfield, Northfield Ledger", &nowhere);
        assert_eq!(a, vec!["Dana Whitfield"]);
        assert_eq!(p, None);
        let (a, p) = parse_byline("Dana Whitfield, Senior Correspondent", &nowhere);
        assert_eq!(a, vec!["Dana Whitfield"]);
        assert_eq!(p, None);
        let (a, p) = parse_byline(
            "Dana Whitfield and Ola Brandt, Staff Writers, Lakeside Courier",
            &nowhere,
        );
        assert_eq!(a, vec!["Dana Whitfield", "Ola Brandt"]);
        assert_eq!(p.as_deref(), Some("Lakeside Courier"));
    }

    #[test]
    fn enumerations_are_authors() {
        let nowhere = |_: &str| false;
        let (a, p) = parse_byline("Ann Lee, Bo Chan and Cy Diaz", &nowhere);
        assert_eq!(a, vec!["Ann Lee", "Bo Chan", "Cy Diaz"]);
        assert_eq!(p, None);
        let (a, _) = parse_byline("Ann Lee, Bo Chan, and Cy Diaz", &nowhere);
        assert_eq!(a, vec!["Ann Lee", "Bo Chan", "Cy Diaz"]);
        let (a, _) = parse_byline("Ann Lee, Bo Chan, Cy Diaz", &nowhere);
        assert_eq!(a, vec!["Ann Lee", "Bo Chan", "Cy Diaz"]);
        // Not people: an institution's name with a one-word part.
        let (a, _) = parse_byline(
            "Ann Lee, Center for Speech, Privacy, and Technology",
            &nowhere,
        );
        assert_eq!(a, vec!["Ann Lee"]);
        let (a, p) = parse_byline(
            "signing up you consent to mail from Media Network",
            &nowhere,
        );
        assert!(a.is_empty());
        assert_eq!(p, None);
        let (a, p) = parse_byline("Reuters", &nowhere);
        assert!(a.is_empty());
        assert_eq!(p.as_deref(), Some("Reuters"));
    }

    #[test]
    fn contributors_and_rules() {
        assert!(is_contributors(
            "Ann Lee in Oslo and Bo Chan in Lima contributed."
        ));
        assert!(is_contributors(
            "Staff writer Ann Lee contributed to this report."
        ));
        assert!(!is_contributors("The rain contributed to the delay."));
        assert!(is_rule("___"));
        assert!(!is_rule("__"));
        assert!(!is_rule("_a_"));
    }
}
