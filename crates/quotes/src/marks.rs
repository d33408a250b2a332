//! Pairing quotation marks into quoted regions, paragraph by paragraph.
//!
//! Double marks (`“ ”`, `"`, `„`, `« »`, ``` `` '' ```) open and close outer regions; single
//! marks (`‘ ’`, `'`) make an outer region only when they close within the paragraph (so
//! apostrophes never run away), and are ignored inside a double region (nesting). An opening
//! mark left open at the end of a paragraph quotes the rest of that paragraph; when the next
//! paragraph opens with a mark, the two regions are linked as one continued quote. A second
//! opening mark inside an open region closes the first one there: recovery stays local.

use crate::units::{Dir, Kind, Units};

/// A quoted region.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Region {
    /// Token index of the opening mark.
    pub open: usize,
    /// Token index of the closing mark, or `None` when the paragraph ended first.
    pub close: Option<usize>,
    /// One past the last token of the region (the closing mark included).
    pub end: usize,
    /// The continuation in the next paragraph, as a region index.
    pub next: Option<usize>,
    /// The region this one continues.
    pub prev: Option<usize>,
}

impl Region {
    /// A region closed by the mark at token `close`.
    fn closed(open: usize, close: usize) -> Region {
        Region {
            open,
            close: Some(close),
            end: close + 1,
            next: None,
            prev: None,
        }
    }

    /// A region left open, running up to (not including) token `end`.
    fn unclosed(open: usize, end: usize) -> Region {
        Region {
            open,
            close: None,
            end,
            next: None,
            prev: None,
        }
    }

    /// Token range of the content (without the marks).
    #[cfg(test)]
    fn content(&self) -> (usize, usize) {
        (self.open + 1, self.close.unwrap_or(self.end))
    }
}

fn prev_char(body: &str, at: usize) -> Option<char> {
    body.get(..at).and_then(|s| s.chars().next_back())
}

fn next_char(body: &str, at: usize) -> Option<char> {
    body.get(at..).and_then(|s| s.chars().next())
}

fn opens_before(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || matches!(
                    c,
                    '(' | '[' | '{' | '—' | '–' | '-' | '/' | ':' | ';' | '“' | '‘' | '"'
                )
        }
    }
}

/// Whether the mark at token `i` looks like an opening mark from the characters around it.
fn open_context(body: &str, s: usize, e: usize) -> bool {
    opens_before(prev_char(body, s)) && next_char(body, e).is_some_and(|c| !c.is_whitespace())
}

/// Whether the mark looks like a closing one.
fn close_context(body: &str, s: usize, e: usize) -> bool {
    prev_char(body, s).is_some_and(|c| !c.is_whitespace())
        && next_char(body, e).is_none_or(|c| !c.is_alphanumeric())
}

/// Finds the regions and marks their tokens in `u.t[..].region`.
pub(crate) fn pair(body: &str, u: &mut Units, single_quotes: bool) -> Vec<Region> {
    let mut regions: Vec<Region> = Vec::new();
    #[derive(Clone, Copy)]
    enum State {
        Out,
        Double(usize),
        Single(usize),
    }
    let mut state = State::Out;
    // Region left open at the end of the previous paragraph.
    let mut dangling: Option<usize> = None;
    // (dangling region, token of the opening mark that continues it)
    let mut link: Option<(usize, usize)> = None;
    let push = |regions: &mut Vec<Region>, mut r: Region, link: &mut Option<(usize, usize)>| {
        if let Some((d, o)) = *link
            && o == r.open
        {
            r.prev = Some(d);
            regions[d].next = Some(regions.len());
            *link = None;
        }
        regions.push(r);
    };
    let n = u.len();
    let mut para_start = 0usize;
    let mut i = 0usize;
    while i <= n {
        let new_para = i == n || (i > 0 && u.t[i].para != u.t[i - 1].para);
        if new_para && i > 0 {
            // Close whatever is open at the end of the paragraph.
            dangling = None;
            if let State::Double(o) = state {
                // Only a quote that opens its paragraph, or follows `:`/`,`, runs on into the
                // next paragraph; a stray mark elsewhere stays local.
                let opens_para = o == para_start
                    || o > para_start && matches!(u.t[o - 1].kind, Kind::Colon | Kind::Comma);
                push(&mut regions, Region::unclosed(o, i), &mut link);
                if opens_para {
                    dangling = Some(regions.len() - 1);
                }
            }
            state = State::Out;
            para_start = i;
        }
        if i == n {
            break;
        }
        let tok = u.t[i];
        let Kind::Mark { double, dir } = tok.kind else {
            i += 1;
            continue;
        };
        let open_ctx = open_context(body, tok.s, tok.e);
        let close_ctx = close_context(body, tok.s, tok.e);
        match state {
            State::Out | State::Single(_) if double => {
                let opens = match dir {
                    Dir::Open => true,
                    Dir::Ambig => !close_ctx || open_ctx,
                    Dir::Close => open_ctx && !close_ctx,
                };
                if opens {
                    state = State::Double(i);
                    if i == para_start
                        && let Some(d) = dangling.take()
                    {
                        link = Some((d, i));
                    }
                } else if let State::Single(_) = state {
                    // A stray closing double mark inside a single region: leave it.
                } else {
                    // Stray closing mark outside any quote: ignore.
                }
            }
            State::Out => {
                // A single mark outside quotes.
                if !single_quotes {
                    i += 1;
                    continue;
                }
                let next_letter = next_char(body, tok.e).is_some_and(char::is_alphabetic);
                let opens = match dir {
                    Dir::Open => next_letter,
                    Dir::Ambig | Dir::Close => next_letter && open_ctx,
                };
                if opens {
                    state = State::Single(i);
                }
            }
            State::Single(o) => {
                // Single mark inside a single region: maybe the close.
                if !double && matches!(dir, Dir::Close | Dir::Ambig) && close_ctx {
                    push(&mut regions, Region::closed(o, i), &mut link);
                    state = State::Out;
                }
            }
            State::Double(o) => {
                if !double {
                    // Nested single marks: ignored.
                    i += 1;
                    continue;
                }
                let closes = match dir {
                    Dir::Close => true,
                    Dir::Ambig => !open_ctx || close_ctx,
                    // German „…“: the high mark closes a low one; so does an opening mark
                    // typed in a closing place (`“Not yet,“ she said`).
                    Dir::Open => {
                        close_ctx
                            && (!open_ctx
                                || body[u.t[o].s..].starts_with('„')
                                    && body[tok.s..].starts_with('“'))
                    }
                };
                if closes {
                    push(&mut regions, Region::closed(o, i), &mut link);
                    state = State::Out;
                } else {
                    // An opening mark inside an open region: the first one was never closed.
                    // Close it here and open anew (local recovery).
                    push(&mut regions, Region::unclosed(o, i), &mut link);
                    state = State::Double(i);
                }
            }
        }
        i += 1;
    }
    for (r, reg) in regions.iter().enumerate() {
        let id = (r + 1) as u32;
        for tok in &mut u.t[reg.open..reg.end] {
            tok.region = id;
        }
    }
    regions
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon;
    use crate::testutil::tokenize;

    /// The regions' content texts, with `+` joining linked continuations.
    fn check(input: &str, expected: &[&str]) {
        let (t, s, p) = tokenize(input);
        let table = lexicon::build(&[]);
        let mut u = Units::new(input, &t, &s, &p, &table);
        let regions = pair(input, &mut u, true);
        let mut got = Vec::new();
        for r in &regions {
            if r.prev.is_some() {
                continue;
            }
            let mut parts = Vec::new();
            let mut cur = Some(*r);
            while let Some(reg) = cur {
                let (a, b) = reg.content();
                parts.push(if a < b {
                    &input[u.t[a].s..u.t[b - 1].e]
                } else {
                    ""
                });
                cur = reg.next.map(|n| regions[n]);
            }
            got.push(parts.join("+"));
        }
        assert_eq!(got, expected, "{input}");
    }

    #[test]
    fn curly_and_straight() {
        check("“A b,” he said. \"C d.\"", &["A b,", "C d."]);
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        check("Russia’s troops don’t leave in the ’90s, voters’ say.", &[]);
        check("He said ‘no way’ twice.", &["no way"]);
    }

    #[test]
    fn nested_single_inside_double() {
        check(
            "“He called it ‘a farce,’ and left,” she said.",
            &["He called it ‘a farce,’ and left,"],
        );
    }

    #[test]
    fn continued_across_paragraphs() {
        check(
            "“First part.\n\n“Second part,” he said.",
            &["First part.+Second part,"],
        );
    }

    #[test]
    fn unbalanced_recovers_locally() {
        check(
            "“Never closed here.\n\nPlain text. “New quote,” she said.",
            &["Never closed here.", "New quote,"],
        );
        check("“One “Two,” he said.", &["One", "Two,"]);
    }

    #[test]
    fn guillemets_and_low_marks() {
        check("Er sagte „ja“ und «non».", &["ja", "non"]);
    }
}
