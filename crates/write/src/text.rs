//! `text`: the clean article as plain text.

use std::io::Write;

use copydesk_core::{
    BuildError, Configure, Document, OptionDoc, Options, Output, WriteError, Writer,
};
use serde::{Deserialize, Serialize};

/// The line that separates documents on a stream: a lone form feed.
pub const DOCUMENT_SEPARATOR: &str = "\x0c\n";

/// Options of the `text` writer.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TextOptions {
    /// Put the title (`meta.title`), then a blank line, before the body (default `true`).
    pub title: bool,
}

impl Default for TextOptions {
    fn default() -> Self {
        TextOptions { title: true }
    }
}

impl Options for TextOptions {
    const DOCS: &'static [OptionDoc] = &[OptionDoc {
        key: "title",
        ty: "boolean",
        doc: "put the title and a blank line before the body",
    }];
}

/// The `text` writer. A document is its title (when `meta.title` is set and the `title`
/// option is on), a blank line, and the body, ending with one newline. Into a directory:
/// `<id>.txt` per document. On a stream: the documents one after another, separated by a
/// line holding a single form feed (`\f`, U+000C); a form feed inside a document is written
/// as a newline there, so splitting the stream at `"\f\n"` gives the documents back.
#[derive(Debug)]
pub struct Text {
    options: TextOptions,
    written: usize,
}

impl Configure for Text {
    type Options = TextOptions;

    fn configure(options: TextOptions) -> Result<Self, BuildError> {
        Ok(Text {
            options,
            written: 0,
        })
    }
}

fn io(e: std::io::Error) -> WriteError {
    WriteError::io("writing text", e)
}

/// The plain text of a document: optional title line, blank line, body, final newline.
pub(crate) fn render(doc: &Document, with_title: bool) -> String {
    let mut s = String::with_capacity(doc.body.len() + 128);
    if with_title
        && let Some(title) = doc.meta.title.as_deref().map(str::trim)
        && !title.is_empty()
    {
        // The title is one line.
        for (i, word) in title.split_whitespace().enumerate() {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(word);
        }
        s.push_str("\n\n");
    }
    s.push_str(&doc.body);
    if !s.is_empty() && !s.ends_with('\n') {
        s.push('\n');
    }
    s
}

impl Writer for Text {
    fn write(&mut self, doc: &Document, out: &mut dyn Output) -> Result<(), WriteError> {
        let text = render(doc, self.options.title);
        if out.is_dir() {
            let mut file = out.create(&crate::file_name(&doc.id, "txt"))?;
            file.write_all(text.as_bytes()).map_err(io)?;
            return file.commit();
        }
        let w = out.stream()?;
        if self.written > 0 {
            w.write_all(DOCUMENT_SEPARATOR.as_bytes()).map_err(io)?;
        }
        self.written += 1;
        if text.contains('\x0c') {
            w.write_all(text.replace('\x0c', "\n").as_bytes())
                .map_err(io)
        } else {
            w.write_all(text.as_bytes()).map_err(io)
        }
    }

    fn finish(&mut self, out: &mut dyn Output) -> Result<(), WriteError> {
        if !out.is_dir() {
            out.stream()?.flush().map_err(io)?;
        }
        Ok(())
    }
}

copydesk_core::register_writer!(Text {
    name: "text",
    summary: "plain text (title, blank line, body): <id>.txt per document, or a stream split by form feeds",
    requires: [],
});

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MemoryOutput;
    use crate::testutil::sample;

    fn check(doc: &Document, with_title: bool, expected: &str) {
        assert_eq!(render(doc, with_title), expected);
    }

    #[test]
    fn title_blank_line_body() {
        let mut doc = Document::new("a", "a.txt", "First para.\n\nSecond.");
        check(&doc, true, "First para.\n\nSecond.\n");
        doc.meta.title = Some("  A\nlong   title ".into());
        check(&doc, true, "A long title\n\nFirst para.\n\nSecond.\n");
        check(&doc, false, "First para.\n\nSecond.\n");
        check(&Document::new("e", "e", ""), true, "");
    }

    #[test]
    fn stream_splits_back_into_documents() {
        let mut out = MemoryOutput::default();
        let mut w = Text::configure(TextOptions::default()).unwrap();
        let mut odd = Document::new("b", "b", "page\x0cbreak");
        odd.meta.title = Some("B".into());
        w.begin(&mut out).unwrap();
        for d in [sample(), odd] {
            w.write(&d, &mut out).unwrap();
        }
        w.finish(&mut out).unwrap();
        let text = String::from_utf8(out.stream).unwrap();
        let docs: Vec<&str> = text.split(DOCUMENT_SEPARATOR).collect();
        assert_eq!(docs.len(), 2);
        assert!(docs[0].starts_with("Mayor Vows <Fast> Repairs\n\nLösberg (AP)"));
        assert_eq!(docs[1], "B\n\npage\nbreak\n");
    }

    #[test]
    fn directory_gets_one_file_per_document() {
        let mut out = MemoryOutput {
            dir: true,
            ..MemoryOutput::default()
        };
        let mut w = Text::configure(TextOptions { title: false }).unwrap();
        w.write(&sample(), &mut out).unwrap();
        let files = out.files.lock().unwrap();
        let got = String::from_utf8(files["n1.txt"].clone()).unwrap();
        assert_eq!(got, format!("{}\n", sample().body));
    }
}
