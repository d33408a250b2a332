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

/// Whether some line of `text` is blank (empty or only whitespace) between two non-blank lines.
fn has_blank_line(text: &str) -> bool {
    let mut seen_text = false;
    let mut line_blank = true;
    let mut blank_after_text = false;
    for c in text.chars() {
        if c == '\n' {
            if line_blank && seen_text {
                blank_after_text = true;
            }
            line_blank = true;
        } else if !is_space(c) {
            if blank_after_text {
                return true;
            }
            seen_text = true;
            line_blank = false;
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
    let mut start: Option<usize> = None; // first non-space byte of the current paragraph
    let mut end = 0; // one past its last non-space byte
    let mut line_blank = true;
    for (i, c) in text.char_indices() {
        if c == '\n' {
            let close = if blank { line_blank } else { true };
            if close {
                if let Some(s) = start.take() {
                    out.push(Span::new(s, end));
                }
            }
            line_blank = true;
        } else if !is_space(c) {
            if start.is_none() {
                start = Some(i);
            }
            end = i + c.len_utf8();
            line_blank = false;
        }
    }
    if let Some(s) = start {
        out.push(Span::new(s, end));
    }
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
