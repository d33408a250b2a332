//! `markdown`: title, metadata block, body, and the quotes as block quotes.

use std::io::Write;

use copydesk_core::{
    BuildError, Configure, Document, OptionDoc, Options, Output, WriteError, Writer,
};
use serde::{Deserialize, Serialize};

use crate::spans;

/// Options of the `markdown` writer.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MarkdownOptions {
    /// After the body, a `## Quotes` section with each quote as a block quote ending in
    /// `— speaker` (default `true`).
    pub quotes_as_blockquotes: bool,
    /// The metadata list under the title: date, authors, publisher, dateline, source
    /// (default `true`).
    pub metadata: bool,
}

impl Default for MarkdownOptions {
    fn default() -> Self {
        MarkdownOptions {
            quotes_as_blockquotes: true,
            metadata: true,
        }
    }
}

impl Options for MarkdownOptions {
    const DOCS: &'static [OptionDoc] = &[
        OptionDoc {
            key: "quotes_as_blockquotes",
            ty: "boolean",
            doc: "add a \"Quotes\" section: each quote as a block quote ending in — speaker",
        },
        OptionDoc {
            key: "metadata",
            ty: "boolean",
            doc: "list date, authors, publisher, dateline and source under the title",
        },
    ];
}

/// The `markdown` writer (CommonMark). Each document is `# title` (the id when there is no
/// title), a metadata list, the body paragraphs and, optionally, a `## Quotes` section.
/// Text is escaped so that it renders as written: inline markup characters get a backslash,
/// and so do line starts that would begin a heading, list, block quote or setext underline.
/// Into a directory: `<id>.md` per document; on a stream: documents separated by a `---`
/// thematic break.
#[derive(Debug)]
pub struct Markdown {
    options: MarkdownOptions,
    written: usize,
}

impl Configure for Markdown {
    type Options = MarkdownOptions;

    fn configure(options: MarkdownOptions) -> Result<Self, BuildError> {
        Ok(Markdown {
            options,
            written: 0,
        })
    }
}

fn io(e: std::io::Error) -> WriteError {
    WriteError::io("writing markdown", e)
}

/// Escapes inline Markdown: backslash, emphasis, code, links, raw HTML, tables,
/// strikethrough, and `&` when it would start a character reference.
pub(crate) fn escape_inline(text: &str, out: &mut String) {
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '&' if starts_reference(&bytes[i + 1..]) => out.push_str("\\&"),
            // Control characters other than tab would be invisible or break lines.
            c if c.is_control() && c != '\t' => out.push(' '),
            c => out.push(c),
        }
    }
}

/// Whether `rest` (the bytes after an `&`) is `#?[A-Za-z0-9]+;`.
fn starts_reference(rest: &[u8]) -> bool {
    let rest = rest.strip_prefix(b"#").unwrap_or(rest);
    let n = rest
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    n > 0 && rest.get(n) == Some(&b';')
}

/// Appends one line of text: leading and trailing whitespace dropped, inline markup escaped,
/// and a backslash before a line start that would make a block (`#`, `-`, `+`, `=`, `1.`).
pub(crate) fn escape_line(line: &str, out: &mut String) {
    let line = line.trim();
    let start = out.len();
    escape_inline(line, out);
    let escaped = &out[start..];
    let first = escaped.chars().next();
    if matches!(first, Some('#' | '-' | '+' | '=')) {
        out.insert(start, '\\');
        return;
    }
    // An ordered list marker: up to 9 digits and `.` or `)`.
    let digits = escaped.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=9).contains(&digits) && matches!(escaped.as_bytes().get(digits), Some(b'.' | b')')) {
        out.insert(start + digits, '\\');
    }
}

/// Appends `text` as lines, each prefixed by `prefix`; blank lines are dropped.
fn block(text: &str, prefix: &str, out: &mut String) {
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        out.push_str(prefix);
        escape_line(line, out);
        out.push('\n');
    }
}

/// One metadata row, `- **Key:** value`.
fn meta_row(key: &str, value: &str, out: &mut String) {
    let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
    if value.is_empty() {
        return;
    }
    out.push_str("- **");
    out.push_str(key);
    out.push_str(":** ");
    escape_inline(&value, out);
    out.push('\n');
}

/// The Markdown of one document.
pub(crate) fn render(doc: &Document, options: &MarkdownOptions) -> String {
    let mut s = String::with_capacity(doc.body.len() * 5 / 4 + 256);
    let title = doc
        .meta
        .title
        .as_deref()
        .filter(|t| !t.trim().is_empty())
        .unwrap_or(&doc.id);
    s.push_str("# ");
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    let at = s.len();
    escape_inline(&title, &mut s);
    // A `#` in a heading could close it; escape every one.
    let escaped = s.split_off(at).replace('#', "\\#");
    s.push_str(&escaped);
    s.push_str("\n\n");

    if options.metadata {
        let m = &doc.meta;
        let start = s.len();
        meta_row("Date", m.date.as_deref().unwrap_or(""), &mut s);
        meta_row("Authors", &m.authors.join(", "), &mut s);
        meta_row("Publisher", m.publisher.as_deref().unwrap_or(""), &mut s);
        if let Some(d) = &m.dateline {
            let dateline = match &d.agency {
                Some(a) => format!("{} ({a})", d.place),
                None => d.place.clone(),
            };
            meta_row("Dateline", &dateline, &mut s);
        }
        meta_row("Source", &doc.source, &mut s);
        if s.len() > start {
            s.push('\n');
        }
    }

    for p in spans::paragraphs(doc) {
        if let Some(text) = spans::text(&doc.body, p) {
            let before = s.len();
            block(text, "", &mut s);
            if s.len() > before {
                s.push('\n');
            }
        }
    }

    if options.quotes_as_blockquotes {
        let quotes: Vec<_> = doc
            .quotes
            .iter()
            .flatten()
            .filter_map(|q| Some((q, spans::quote_text(doc, q)?)))
            .filter(|(_, t)| !t.trim().is_empty())
            .collect();
        if !quotes.is_empty() {
            s.push_str("## Quotes\n\n");
        }
        for (q, text) in quotes {
            block(&text, "> ", &mut s);
            // `> text — speaker` on the quote's last line.
            if s.ends_with('\n') {
                s.pop();
            }
            s.push_str(" — ");
            match spans::speaker(doc, q) {
                Some(who) => {
                    s.push_str("**");
                    escape_inline(who, &mut s);
                    s.push_str("**");
                }
                None => s.push_str("*unattributed*"),
            }
            if q.kind != copydesk_core::QuoteKind::Direct {
                s.push_str(" *(");
                s.push_str(q.kind.name());
                s.push_str(")*");
            }
            s.push_str("\n\n");
        }
    }
    while s.ends_with("\n\n") {
        s.pop();
    }
    s
}

impl Writer for Markdown {
    fn write(&mut self, doc: &Document, out: &mut dyn Output) -> Result<(), WriteError> {
        let md = render(doc, &self.options);
        if out.is_dir() {
            let mut file = out.create(&crate::file_name(&doc.id, "md"))?;
            file.write_all(md.as_bytes()).map_err(io)?;
            return file.commit();
        }
        let w = out.stream()?;
        if self.written > 0 {
            w.write_all(b"\n---\n\n").map_err(io)?;
        }
        self.written += 1;
        w.write_all(md.as_bytes()).map_err(io)
    }

    fn finish(&mut self, out: &mut dyn Output) -> Result<(), WriteError> {
        if !out.is_dir() {
            out.stream()?.flush().map_err(io)?;
        }
        Ok(())
    }
}

copydesk_core::register_writer!(Markdown {
    name: "markdown",
    summary: "Markdown: # title, metadata list, body, quotes as block quotes with their speaker",
    requires: [],
});

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MemoryOutput;
    use crate::testutil::sample;

    fn check(line: &str, expected: &str) {
        let mut s = String::new();
        escape_line(line, &mut s);
        assert_eq!(s, expected);
    }

    #[test]
    fn escapes_line_starts_and_inline_markup() {
        check("# not a heading", "\\# not a heading");
        check("  - not a list", "\\- not a list");
        check("+1 for that", "\\+1 for that");
        check("===", "\\===");
        check("2024. A year", "2024\\. A year");
        check("1) first", "1\\) first");
        check("> not quoted", "\\> not quoted");
        check(
            "*bold* _em_ `code` [link](x)",
            "\\*bold\\* \\_em\\_ \\`code\\` \\[link\\](x)",
        );
        check(
            "<script>alert(1)</script>",
            "\\<script\\>alert(1)\\</script\\>",
        );
        check("AT&T &amp; &#35;", "AT&T \\&amp; \\&#35;");
        check("Price: $5 — 10% off.", "Price: $5 — 10% off.");
        check("1234567890. not a list", "1234567890. not a list");
    }

    #[test]
    fn document_layout() {
        let md = render(&sample(), &MarkdownOptions::default());
        let expected = "# Mayor Vows \\<Fast\\> Repairs\n\n\
            - **Date:** 2024-03-05\n\
            - **Authors:** Ana Pérez, Tom Ek\n\
            - **Publisher:** Associated Press\n\
            - **Dateline:** LÖSBERG (AP)\n\
            - **Source:** n1.txt\n\n\
            Lösberg (AP) — “We will rebuild, \"brick by brick\",” Ruiz said on Tuesday.\n\n\
            Officials said the bridge would reopen in May. \\<script\\>alert(1)\\</script\\>\n\n\
            ## Quotes\n\n\
            > We will rebuild, \"brick by brick\" — **Maria Ruiz**\n\n\
            > the bridge would reopen in May — *unattributed* *(indirect)*\n";
        assert_eq!(md, expected);
        let bare = MarkdownOptions {
            quotes_as_blockquotes: false,
            metadata: false,
        };
        let md = render(&sample(), &bare);
        assert!(md.starts_with("# Mayor Vows \\<Fast\\> Repairs\n\nLösberg"));
        assert!(!md.contains("## Quotes"));
    }

    #[test]
    fn untitled_and_hostile_headings() {
        let mut doc = Document::new("doc-7", "-", "Body.");
        assert_eq!(
            render(&doc, &MarkdownOptions::default()),
            "# doc-7\n\n- **Source:** -\n\nBody.\n"
        );
        doc.meta.title = Some("Vote #2 ##".into());
        assert!(render(&doc, &MarkdownOptions::default()).starts_with("# Vote \\#2 \\#\\#\n"));
    }

    #[test]
    fn stream_separates_documents() {
        let mut out = MemoryOutput::default();
        let mut w = Markdown::configure(MarkdownOptions::default()).unwrap();
        w.write(&Document::new("a", "a", "A."), &mut out).unwrap();
        w.write(&Document::new("b", "b", "B."), &mut out).unwrap();
        w.finish(&mut out).unwrap();
        let text = String::from_utf8(out.stream).unwrap();
        assert_eq!(
            text,
            "# a\n\n- **Source:** a\n\nA.\n\n---\n\n# b\n\n- **Source:** b\n\nB.\n"
        );
    }
}
