//! copydesk's output writers, one module per format, each registered with
//! [`copydesk_core::register_writer!`] so a pipeline names it in TOML (`type = "jsonl"`) or the
//! driver picks it with `--format`.
//!
//! Writers stream: they see one [`Document`](copydesk_core::Document) at a time, in input
//! order, and never buffer a batch. Where they write (stdout, a file, a directory; atomically)
//! is the driver's [`Output`](copydesk_core::Output); this crate does no path handling.
//!
//! Writers never trust a stage's offsets: a span outside the body or off a character
//! boundary is skipped, never a panic. This crate does not parse its own output back, and
//! does no layout that needs the whole batch (the HTML index is written row by row).
//!
//! | writer | output | into a directory | on a stream (stdout or `--output FILE`) |
//! |---|---|---|---|
//! | `jsonl` | one JSON document per line; a failed input gives `{"id", "source", "error"}` | `documents.jsonl` | the lines |
//! | `json` | pretty JSON | `<id>.json` per document | one array |
//! | `csv` | tables of quotes and of entities, code point offsets | `quotes.csv`, `entities.csv` | the one selected table (`--output run.csv` with both: `run.quotes.csv`, `run.entities.csv`) |
//! | `text` | title, blank line, body | `<id>.txt` per document | documents split by a `\f` line |
//! | `markdown` | `# title`, metadata list, body, `## Quotes` block quotes | `<id>.md` per document | documents split by `---` |
//! | `conll` | `token<TAB>BIO-tag`, blank line per sentence, `-DOCSTART- -X- O O` per document (needs tokens, sentences) | `documents.conll` | the lines |
//! | `html` | readable page: highlighted quotes with speakers, coloured entities, "who said what" | `<id>.html` per document + `index.html` | one page, a section per document |
//!
//! Options (`[stage.options]` of the writer):
//!
//! | writer | key | type | default | meaning |
//! |---|---|---|---|---|
//! | `jsonl` | `omit_body` | boolean | `false` | leave `body` out of each record |
//! | `csv` | `tables` | array of strings | `["quotes", "entities"]` | which tables to write |
//! | `text` | `title` | boolean | `true` | title and a blank line before the body |
//! | `markdown` | `quotes_as_blockquotes` | boolean | `true` | a `## Quotes` section, `> text — speaker` |
//! | `markdown` | `metadata` | boolean | `true` | date, authors, publisher, dateline, source list |
//! | `conll` | `docstart` | boolean | `true` | a `-DOCSTART- -X- O O` line before each document |
//! | `html` | `index` | boolean | `true` | `index.html` in a directory |
//! | `html` | `collection_title` | string | `"copydesk"` | heading of the index and of a stream page |
//!
//! ```
//! use copydesk_core::{Configure, Document, Writer};
//! use copydesk_write::{Jsonl, JsonlOptions, Text, TextOptions};
//!
//! let mut out = copydesk_write::MemoryOutput::default();
//! let mut writer = Jsonl::configure(JsonlOptions::default())?;
//! writer.write(&Document::new("a", "a.txt", "Hello."), &mut out)?;
//! assert!(String::from_utf8(out.stream)?.starts_with(r#"{"id":"a","source":"a.txt""#));
//!
//! let mut doc = Document::new("b", "b.txt", "Body text.");
//! doc.meta.title = Some("Headline".into());
//! let mut out = copydesk_write::MemoryOutput::default();
//! Text::configure(TextOptions::default())?.write(&doc, &mut out)?;
//! assert_eq!(String::from_utf8(out.stream)?, "Headline\n\nBody text.\n");
//! Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod conll;
mod csv;
mod html;
mod json;
mod jsonl;
mod markdown;
mod memory;
mod spans;
#[cfg(test)]
mod testutil;
mod text;

pub use conll::{Conll, ConllOptions, DOCSTART};
pub use csv::{Csv, CsvOptions, CsvTable};
pub use html::{Html, HtmlOptions};
pub use json::{Json, JsonOptions};
pub use jsonl::{Jsonl, JsonlOptions, error_record};
pub use markdown::{Markdown, MarkdownOptions};
pub use memory::MemoryOutput;
pub use text::{DOCUMENT_SEPARATOR, Text, TextOptions};

/// A file name made from a document id: path separators and control characters replaced, so
/// that an id can never write outside the output directory.
pub fn file_name(id: &str, extension: &str) -> String {
    let mut name: String = id
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '\0'..='\u{1f}' => '_',
            c => c,
        })
        .collect();
    if name.is_empty() || name.starts_with('.') {
        name.insert(0, '_');
    }
    format!("{name}.{extension}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn file_names_stay_inside() {
        assert_eq!(
            super::file_name("../etc/passwd", "json"),
            "_.._etc_passwd.json"
        );
        assert_eq!(super::file_name("", "json"), "_.json");
        assert_eq!(super::file_name("seed-000", "json"), "seed-000.json");
    }
}
