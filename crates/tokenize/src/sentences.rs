//! Sentence boundaries over the token layer: abbreviation-aware, quote-aware, never across a
//! paragraph, and a line without final punctuation inside a paragraph (a headline, a dateline)
//! ends at its line break.

use copydesk_core::Span;

use crate::abbrev::{Kind, is_sentence_starter};
use crate::tokens::{Rules, is_word_char};

/// What a token can do at a sentence end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    /// `.`
    Period,
    /// `?`, `!` (and runs of them)
    Exclaim,
    /// `...`, `…`
    Ellipsis,
    /// A word that keeps its period (`Inc.`, `U.S.`, `J.`), with how it behaves.
    Abbrev(Kind),
    /// An initial or an initialism not in the list (`J.`, `U.S.`): like a title.
    Initial,
    /// Nothing.
    No,
}

fn end_kind(rules: &Rules, tok: &str) -> End {
    let bytes = tok.as_bytes();
    let Some(&last) = bytes.last() else {
        return End::No;
    };
    if last < 0x80 && !matches!(last, b'.' | b'?' | b'!') {
        return End::No;
    }
    match last {
        b'.' | b'?' | b'!' => {}
        _ => {
            return if tok.ends_with('…') && tok.chars().all(|c| c == '…') {
                End::Ellipsis
            } else if tok
                .chars()
                .all(|c| matches!(c, '?' | '!' | '‽' | '？' | '！'))
            {
                End::Exclaim
            } else {
                End::No
            };
        }
    }
    if bytes.iter().all(|&b| b == b'.') {
        return if bytes.len() == 1 {
            End::Period
        } else {
            End::Ellipsis
        };
    }
    if bytes.iter().all(|&b| matches!(b, b'?' | b'!' | b'.')) {
        return End::Exclaim;
    }
    if last == b'.' && tok.chars().any(is_word_char) {
        return match rules.abbreviations.get(tok) {
            Some(Kind::BeforeNumber) => End::Abbrev(Kind::Other),
            Some(kind) => End::Abbrev(kind),
            None if tok.bytes().all(|b| b.is_ascii_digit() || b == b'.') => {
                // A list number (`1.`, `2.1.`) opens its line.
                End::Abbrev(Kind::Inner)
            }
            None => End::Initial,
        };
    }
    End::No
}

fn is_closing(tok: &str) -> bool {
    matches!(
        tok,
        "”" | "’" | "»" | "›" | ")" | "]" | "}" | "\"" | "'" | "''" | "'''"
    )
}

fn is_opening(tok: &str) -> bool {
    matches!(
        tok,
        "“" | "‘"
            | "«"
            | "‹"
            | "("
            | "["
            | "{"
            | "\""
            | "'"
            | "``"
            | "„"
            | "—"
            | "–"
            | "-"
            | "--"
    )
}

fn first_char(s: &str) -> Option<char> {
    s.chars().next()
}

/// Lowercase function words that do not end a headline line.
fn is_continuing_word(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "a"
            | "an"
            | "of"
            | "and"
            | "or"
            | "to"
            | "in"
            | "on"
            | "for"
            | "with"
            | "by"
            | "at"
            | "from"
            | "that"
            | "as"
            | "but"
            | "is"
            | "was"
            | "are"
            | "were"
            | "his"
            | "her"
            | "their"
            | "its"
    )
}

/// Splits every paragraph's tokens into sentences.
pub(crate) fn sentences(
    rules: &Rules,
    text: &str,
    paragraphs: &[Span],
    tokens: &[Span],
    out: &mut Vec<Span>,
) {
    let mut p = 0;
    let mut k = 0;
    while k < tokens.len() {
        // The group of tokens in one paragraph (or between paragraphs).
        while p < paragraphs.len() && paragraphs[p].end <= tokens[k].start {
            p += 1;
        }
        let inside = p < paragraphs.len() && paragraphs[p].start <= tokens[k].start;
        let limit = if inside {
            paragraphs[p].end
        } else {
            paragraphs.get(p).map_or(usize::MAX, |x| x.start)
        };
        // Galloping search for the group's end: cheap and cache-friendly for short groups.
        let rest = &tokens[k + 1..];
        let mut step = 1;
        while step <= rest.len() && rest[step - 1].start < limit {
            step *= 2;
        }
        let lo = step / 2;
        let hi = step.min(rest.len());
        let end = k + 1 + lo + rest[lo..hi].partition_point(|t| t.start < limit);
        split_group(rules, text, &tokens[k..end], out);
        k = end;
    }
}

fn split_group(rules: &Rules, text: &str, toks: &[Span], out: &mut Vec<Span>) {
    let tok = |i: usize| -> &str { text.get(toks[i].range()).unwrap_or("") };
    let attached = |i: usize| i > 0 && toks[i - 1].end == toks[i].start;
    let newline_before = |i: usize| {
        i > 0
            && text
                .as_bytes()
                .get(toks[i - 1].end..toks[i].start)
                .is_some_and(|gap| gap.contains(&b'\n'))
    };
    let n = toks.len();
    let mut first = 0;
    let mut i = 0;
    let bytes = text.as_bytes();
    // The longest line of the group (bytes): lines much shorter than it are not wrapped.
    let (group_start, group_end) = match (toks.first(), toks.last()) {
        (Some(a), Some(z)) => (a.start, z.end),
        _ => return,
    };
    let block = bytes.get(group_start..group_end).unwrap_or_default();
    let mut max_line = 0;
    let mut line_from = 0;
    for nl in memchr::memchr_iter(b'\n', block) {
        max_line = max_line.max(nl - line_from);
        line_from = nl + 1;
    }
    if line_from > 0 {
        max_line = max_line.max(block.len() - line_from);
    }
    while i < n {
        // Fast path: a token that cannot end a sentence (no final `.?!`, no digits for the
        // dateline and figure rules), no line break after it, and a next token that opens no
        // caption credit.
        if i + 1 < n {
            let (t, next) = (toks[i], toks[i + 1]);
            let last = bytes.get(t.end.wrapping_sub(1)).copied().unwrap_or(0);
            let head = bytes.get(t.start).copied().unwrap_or(0);
            let next_head = bytes.get(next.start).copied().unwrap_or(0);
            let gap_ok =
                next.start == t.end || (next.start == t.end + 1 && bytes.get(t.end) == Some(&b' '));
            if last.is_ascii()
                && !matches!(last, b'.' | b'?' | b'!' | b']')
                && !head.is_ascii_digit()
                && gap_ok
                && !matches!(next_head, b'I' | b'P' | b'C' | b'S')
            {
                i += 1;
                continue;
            }
        }
        let kind = end_kind(rules, tok(i));
        let mut j = i + 1;
        let mut brk = false;
        if kind != End::No {
            let mut quoted = false;
            // Further terminals and closing quotes or brackets belong to this sentence.
            while j < n {
                let t = tok(j);
                let straight = matches!(t, "\"" | "'" | "''");
                let closes = is_closing(t) && (!straight || attached(j)) && !newline_before(j);
                quoted |= closes && !matches!(t, ")" | "]" | "}");
                let more = matches!(
                    end_kind(rules, t),
                    End::Period | End::Exclaim | End::Ellipsis
                ) && attached(j);
                if closes || more {
                    j += 1;
                } else if t == "["
                    && j + 2 < n
                    && matches!(tok(j + 1), "..." | "…")
                    && tok(j + 2) == "]"
                {
                    // An omission mark after the end: `… the same? [...]`.
                    j += 3;
                } else if t == "[" && !newline_before(j) {
                    // Reference marks: `… sentence. [13] Next`.
                    let mut m = j + 1;
                    while m < n
                        && m < j + 8
                        && tok(m).bytes().all(|b| b.is_ascii_digit() || b == b',')
                    {
                        m += 1;
                    }
                    if m > j + 1 && m < n && tok(m) == "]" {
                        j = m + 1;
                    } else {
                        break;
                    }
                } else {
                    break;
                }
            }
            // A footnote number after the period belongs to the sentence: `… fee. 8 Yet …`.
            if j + 1 < n
                && matches!(kind, End::Period | End::Exclaim)
                && i > 0
                && !first_char(tok(i - 1)).is_some_and(|c| c.is_ascii_digit())
                && !newline_before(j)
                && (1..=2).contains(&tok(j).len())
                && tok(j).bytes().all(|b| b.is_ascii_digit())
                && first_char(tok(j + 1)).is_some_and(char::is_uppercase)
            {
                j += 1;
            }
            if j < n {
                // The next word, past opening quotes and brackets.
                let mut w = j;
                while w < n && w < j + 3 && is_opening(tok(w)) {
                    w += 1;
                }
                let word = if w < n { tok(w) } else { "" };
                let c = first_char(word);
                let lower = c.is_some_and(char::is_lowercase);
                let upper = c.is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
                // An opening quote or bracket (not a dash) before the next word.
                let opens = (j..w).any(|m| !matches!(tok(m), "—" | "–" | "-" | "--"));
                // `“Sorry!” Pete said.`: a speech verb right after a quoted question or
                // exclamation continues the sentence.
                let speech = quoted
                    && kind == End::Exclaim
                    && (j..n.min(j + 3)).any(|m| is_speech_verb(tok(m)));
                let punct_next = matches!(tok(j), "," | ";" | ":" | ")" | "]" | "%");
                let credit = is_credit(tok(j)) && j + 1 < n && tok(j + 1) == ":";
                brk = match kind {
                    _ if credit => true,
                    _ if punct_next || speech => false,
                    End::Period => !lower,
                    End::Exclaim => !lower,
                    End::Ellipsis => upper,
                    End::Abbrev(Kind::Title) | End::Initial => is_sentence_starter(word),
                    End::Abbrev(Kind::Other | Kind::BeforeNumber) => {
                        // `Inc. Shares fell` ends; `Del. Stacey Plaskett` (a name: two
                        // capitalised words) does not, unless the first opens sentences.
                        let mut a = w + 1;
                        if a + 1 < n && matches!(tok(a), "\"" | "“" | "'" | "‘") {
                            a += 1;
                        }
                        let after = if a < n { tok(a) } else { "" };
                        let name = first_char(after).is_some_and(char::is_uppercase)
                            && !is_sentence_starter(word);
                        opens || (c.is_some_and(char::is_uppercase) && !name)
                    }
                    End::Abbrev(Kind::Inner) => false,
                    End::No => false,
                };
            }
        } else if j >= n {
        } else if newline_before(j) {
            // A line without final punctuation inside a paragraph: a headline or dateline
            // ends at its line break unless the text clearly runs on.
            let this = tok(i);
            let next = tok(j);
            let runs_on = matches!(this, "," | ";" | ":" | "-" | "–" | "—" | "(" | "&" | "/")
                || is_continuing_word(this);
            let c = first_char(next);
            let starts =
                c.is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()) || is_opening(next);
            // In a hard-wrapped paragraph a line as long as the longest one is wrapped, not a
            // headline.
            let end = toks[i].end;
            let from = memchr::memrchr(b'\n', &bytes[group_start..end]).map_or(0, |p| p + 1);
            let line_len = end - group_start - from;
            let wrapped = max_line >= 40 && line_len * 4 >= max_line * 3;
            brk = !runs_on && starts && !wrapped;
        } else if j + 1 < n {
            let next = tok(j);
            // A caption credit after a caption: `… as The Fawn Image: Nick Moreau.`
            let credit = is_credit(next)
                && tok(j + 1) == ":"
                && !is_opening(tok(i))
                && !matches!(tok(i), ":" | "," | ";");
            // A dateline sharing its line with the text: `Thursday, March 15, 2012 Wikinews …`.
            let dateline = i >= 5
                && tok(i).len() == 4
                && tok(i).bytes().all(|b| b.is_ascii_digit())
                && tok(i - 1) == ","
                && tok(i - 2).bytes().all(|b| b.is_ascii_digit())
                && is_month(tok(i - 3))
                && tok(i - 4) == ","
                && is_weekday(tok(i - 5))
                && first_char(next).is_some_and(char::is_uppercase);
            // A figure label opening its line: `Figure 1.4 This map shows …`.
            let figure = i >= 1
                && matches!(tok(i - 1), "Figure" | "Table" | "Fig." | "Map" | "Chart")
                && (i == 1 || newline_before(i - 1))
                && first_char(tok(i)).is_some_and(|c| c.is_ascii_digit())
                && first_char(next).is_some_and(char::is_uppercase);
            // An omission mark before a capitalised word: `… crop yields [...] Ozone is …`.
            let omission = i >= 2
                && tok(i) == "]"
                && matches!(tok(i - 1), "..." | "…")
                && tok(i - 2) == "["
                && first_char(next).is_some_and(char::is_uppercase);
            brk = credit || dateline || figure || omission;
        }
        if brk || j >= n {
            let last = j.min(n) - 1;
            out.push(Span::new(toks[first].start, toks[last].end));
            first = j;
        }
        i = j;
    }
    if first < n {
        out.push(Span::new(toks[first].start, toks[n - 1].end));
    }
}

/// Words that open a caption credit (`Image: …`).
fn is_credit(w: &str) -> bool {
    matches!(w, "Image" | "Photo" | "Picture" | "Credit" | "Source")
}

fn is_month(w: &str) -> bool {
    matches!(
        w,
        "January"
            | "February"
            | "March"
            | "April"
            | "May"
            | "June"
            | "July"
            | "August"
            | "September"
            | "October"
            | "November"
            | "December"
    )
}

fn is_weekday(w: &str) -> bool {
    matches!(
        w,
        "Monday" | "Tuesday" | "Wednesday" | "Thursday" | "Friday" | "Saturday" | "Sunday"
    )
}

/// Verbs of saying that can follow a quotation and its speaker.
fn is_speech_verb(w: &str) -> bool {
    matches!(
        w,
        "said"
            | "says"
            | "say"
            | "asked"
            | "asks"
            | "ask"
            | "replied"
            | "replies"
            | "cried"
            | "called"
            | "shouted"
            | "yelled"
            | "howled"
            | "whispered"
            | "added"
            | "told"
            | "wrote"
            | "answered"
            | "started"
            | "exclaimed"
            | "screamed"
            | "muttered"
            | "demanded"
            | "insisted"
            | "continued"
            | "repeated"
            | "laughed"
            | "sighed"
            | "snapped"
            | "begged"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::abbrev::Abbreviations;
    use crate::paragraphs::{ParagraphMode, paragraphs};
    use crate::tokens::tokenize;

    fn check(input: &str, expected: &[&str]) {
        let rules = Rules {
            abbreviations: Abbreviations::new(&["approx".into()], &[]),
            split_clitics: true,
            split_hyphens: true,
        };
        let mut toks = Vec::new();
        tokenize(&rules, input, &mut toks);
        let paras = paragraphs(input, ParagraphMode::Auto);
        let mut out = Vec::new();
        sentences(&rules, input, &paras, &toks, &mut out);
        let got: Vec<&str> = out.iter().map(|s| &input[s.range()]).collect();
        assert_eq!(got, expected, "input: {input:?}");
    }

    #[test]
    fn plain() {
        check(
            "It rained. We stayed home! Did you? Yes.",
            &["It rained.", "We stayed home!", "Did you?", "Yes."],
        );
    }

    #[test]
    fn abbreviations() {
        check(
            "Sen. Smith met Dr. Jones at St. Mary's. They talked.",
            &["Sen. Smith met Dr. Jones at St. Mary's.", "They talked."],
        );
        check(
            "Talks with the U.S. The meeting ended.",
            &["Talks with the U.S.", "The meeting ended."],
        );
        check(
            "U.S. officials met U.S. Army leaders.",
            &["U.S. officials met U.S. Army leaders."],
        );
        check(
            "J.R.R. Tolkien wrote it. George W. Bush read it.",
            &["J.R.R. Tolkien wrote it.", "George W. Bush read it."],
        );
        check(
            "It was founded by Acme Inc. The firm grew. Acme Inc. said so.",
            &[
                "It was founded by Acme Inc.",
                "The firm grew.",
                "Acme Inc. said so.",
            ],
        );
        check(
            "It opened Jan. 10 in Springfield, Ill. Crowds came.",
            &["It opened Jan. 10 in Springfield, Ill.", "Crowds came."],
        );
        check(
            "Fruit, e.g. Apples, is good.",
            &["Fruit, e.g. Apples, is good."],
        );
        check(
            "He met Del. Stacey Plaskett in Wilmington, Del. Police said so.",
            &[
                "He met Del. Stacey Plaskett in Wilmington, Del.",
                "Police said so.",
            ],
        );
        check(
            "His niece, state Del. Marcia \"Cia\" Price, runs a pub in Roanoke, Va. - a big one.",
            &[
                "His niece, state Del. Marcia \"Cia\" Price, runs a pub in Roanoke, Va. - a big one.",
            ],
        );
        check("See No. 5 now.", &["See No. 5 now."]);
        check("It is approx. Ten.", &["It is approx.", "Ten."]);
    }

    #[test]
    fn quotes() {
        check(
            "“It’s hard,” Blinken said. He left.",
            &["“It’s hard,” Blinken said.", "He left."],
        );
        check("“Really?” he asked.", &["“Really?” he asked."]);
        check(
            "He said, “We are done.” Then he left.",
            &["He said, “We are done.”", "Then he left."],
        );
        check(
            "\"No.\" \"Yes!\" she said.",
            &["\"No.\"", "\"Yes!\" she said."],
        );
        check(
            "He left (finally.) Then rain.",
            &["He left (finally.)", "Then rain."],
        );
        check("It works.[4] Next one.", &["It works.[4]", "Next one."]);
        check(
            "It works. [4] [5] Next one.",
            &["It works. [4] [5]", "Next one."],
        );
    }

    #[test]
    fn omissions_and_credits() {
        check(
            "It works [...] Ozone is bad. Can we? [...]\nNext line [...] and more.",
            &[
                "It works [...]",
                "Ozone is bad.",
                "Can we? [...]",
                "Next line [...] and more.",
            ],
        );
        check(
            "Crowds in Washington D.C. Image: Jane Roe.",
            &["Crowds in Washington D.C.", "Image: Jane Roe."],
        );
        check(
            "Cosplay as The Fawn Photo: Jane Roe.",
            &["Cosplay as The Fawn", "Photo: Jane Roe."],
        );
    }

    #[test]
    fn speech_after_quoted_question() {
        check(
            "“Are you still there?” I called. “Sorry!” Pete said. “Go!” Then silence.",
            &[
                "“Are you still there?” I called.",
                "“Sorry!” Pete said.",
                "“Go!”",
                "Then silence.",
            ],
        );
    }

    #[test]
    fn datelines_figures_and_footnotes() {
        check(
            "Thursday, March 15, 2012 Wikinews spoke to him. It was fun.",
            &[
                "Thursday, March 15, 2012",
                "Wikinews spoke to him.",
                "It was fun.",
            ],
        );
        check(
            "Figure 1.4 This map shows the area.",
            &["Figure 1.4", "This map shows the area."],
        );
        check(
            "Authors pay a fee. 8 Yet some do not.",
            &["Authors pay a fee. 8", "Yet some do not."],
        );
        check(
            "He paid $5. 10 Days later he left.",
            &["He paid $5.", "10 Days later he left."],
        );
    }

    #[test]
    fn lowercase_continues() {
        check("Wait... what? no way.", &["Wait... what? no way."]);
        check("Wait... Then go.", &["Wait...", "Then go."]);
    }

    #[test]
    fn paragraphs_and_lines() {
        check(
            "Big News Today\nThursday, March 3, 2022\nIt rained. It poured.\n",
            &[
                "Big News Today",
                "Thursday, March 3, 2022",
                "It rained.",
                "It poured.",
            ],
        );
        check(
            "Headline Here\nGENEVA (AP) — Talks began.\n\nA second\nparagraph runs on. Done\n",
            &[
                "Headline Here",
                "GENEVA (AP) — Talks began.",
                "A second\nparagraph runs on.",
                "Done",
            ],
        );
        check(
            "The envoys met at the U.S. mission for talks with Wendy\nSherman, the deputy secretary of state, and her\nTeam. It was the first meeting.\n\nNext.",
            &[
                "The envoys met at the U.S. mission for talks with Wendy\nSherman, the deputy secretary of state, and her\nTeam.",
                "It was the first meeting.",
                "Next.",
            ],
        );
        check(
            "Talks Open in Geneva\nSenior officials of both countries met on Monday to discuss the border.\n\nNext.",
            &[
                "Talks Open in Geneva",
                "Senior officials of both countries met on Monday to discuss the border.",
                "Next.",
            ],
        );
        check(
            "The crowd then heard a long speech by George W.\nBush, and then one by the U.S.\nAmbassador to the United Nations. Then more.\n\nEnd.",
            &[
                "The crowd then heard a long speech by George W.\nBush, and then one by the U.S.\nAmbassador to the United Nations.",
                "Then more.",
                "End.",
            ],
        );
        check(
            "A sentence without end\n\nNew paragraph.",
            &["A sentence without end", "New paragraph."],
        );
    }

    #[test]
    fn hostile() {
        let text = "Mr. ".repeat(50_000);
        check(&text[..8], &["Mr. Mr."]);
        let mut toks = Vec::new();
        let rules = Rules {
            abbreviations: Abbreviations::new(&[], &[]),
            split_clitics: true,
            split_hyphens: true,
        };
        tokenize(&rules, &text, &mut toks);
        let mut out = Vec::new();
        sentences(
            &rules,
            &text,
            &paragraphs(&text, ParagraphMode::Auto),
            &toks,
            &mut out,
        );
        assert_eq!(out.len(), 1);
        let text = "?".repeat(100_000);
        toks.clear();
        tokenize(&rules, &text, &mut toks);
        out.clear();
        sentences(
            &rules,
            &text,
            &paragraphs(&text, ParagraphMode::Auto),
            &toks,
            &mut out,
        );
        assert_eq!(out.len(), 1);
    }
}
