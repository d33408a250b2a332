//! Paragraphs: blank-line separated blocks, or lines.

use copydesk_core::Span;

use crate::tokens::is_space;

/// How the text is cut into paragraphs when no earlier stage did it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParagraphMode {
    /// Blank lines separate paragraphs when the text has any; otherwise every line is one.
    #[default]
    Auto,
    /// Paragraphs are separated by blank lines (lines with only whitespace).
    BlankLines,
    /// Every non-empty line is a paragraph.
    Lines,
}

/// The non-blank lines of `text` as trimmed spans, with `None` for each blank line.
fn lines(text: &str) -> impl Iterator<Item = Option<Span>> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let nl = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |k| at + k);
        let line = text.get(at..nl).unwrap_or("");
        let rest = line.trim_start_matches(is_space);
        let start = at + (line.len() - rest.len());
        let end = start + rest.trim_end_matches(is_space).len();
        if nl >= bytes.len() {
            done = true;
        }
        at = nl + 1;
        Some((end > start).then(|| Span::new(start, end)))
    })
}

/// Whether some blank line (empty or only whitespace) lies between two non-blank lines.
fn has_blank_line(text: &str) -> bool {
    let mut seen_text = false;
    let mut blank_after_text = false;
    for line in lines(text) {
        match line {
            Some(_) if blank_after_text => return true,
            Some(_) => seen_text = true,
            None => blank_after_text |= seen_text,
        }
    }
    false
}

/// The paragraph spans of `text` (trimmed of surrounding whitespace).
pub(crate) fn paragraphs(text: &str, mode: ParagraphMode) -> Vec<Span> {
    let blank = match mode {
        ParagraphMode::Auto => has_blank_line(text),
        ParagraphMode::BlankLines => true,
        ParagraphMode::Lines => false,
    };
    let mut out = Vec::new();
    let mut open: Option<Span> = None;
    for line in lines(text) {
        match line {
            Some(span) if blank => {
                open = Some(open.map_or(span, |o| Span::new(o.start, span.end)));
            }
            Some(span) => out.push(span),
            None => out.extend(open.take()),
        }
    }
    out.extend(open);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, mode: ParagraphMode, expected: &[&str]) {
        let got: Vec<&str> = paragraphs(input, mode)
            .iter()
            .map(|s| &input[s.range()])
            .collect();
        assert_eq!(got, expected, "input: {input:?}");
    }

    #[test]
    fn blank_lines() {
        let text = "Headline\n\nFirst para\ncontinues.\n \nSecond.\n";
        check(
            text,
            ParagraphMode::Auto,
            &["Headline", "First para\ncontinues.", "Second."],
        );
        check(
            text,
            ParagraphMode::BlankLines,
            &["Headline", "First para\ncontinues.", "Second."],
        );
    }

    #[test]
    fn lines() {
        let text = "Headline\nDateline\n  A paragraph.  \n";
        check(
            text,
            ParagraphMode::Auto,
            &["Headline", "Dateline", "A paragraph."],
        );
        check("a\n\nb", ParagraphMode::Lines, &["a", "b"]);
        check("", ParagraphMode::Auto, &[]);
        check("\n\n  \n", ParagraphMode::Auto, &[]);
        check("a\r\n\r\nb\r\n", ParagraphMode::Auto, &["a", "b"]);
    }
}
