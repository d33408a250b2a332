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
//! | `csv` | `spreadsheet_safe` | boolean | `false` | prefix `'` to cells starting with `=`, `+`, `-`, `@` |
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

/// The longest file name made from an id, in bytes (file systems allow 255).
pub const MAX_FILE_NAME: usize = 240;

/// A file name made from a document id: path separators, `%`, control characters and a leading
/// dot are percent-escaped, so an id can never write outside the output directory and two ids
/// never share a file. A name that would be longer than [`MAX_FILE_NAME`] bytes keeps its
/// first part and ends with `~` and a 16-digit hash of the whole id.
pub fn file_name(id: &str, extension: &str) -> String {
    let name = escaped_name(id, extension);
    if name.len() <= MAX_FILE_NAME {
        return name;
    }
    use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
    let hash = BuildHasherDefault::<DefaultHasher>::default().hash_one(id);
    let mut keep = MAX_FILE_NAME - extension.len() - 18;
    while !name.is_char_boundary(keep) {
        keep -= 1;
    }
    // Never cut inside a `%XX` escape.
    let from = keep.saturating_sub(2);
    if let Some(p) = name.as_bytes()[from..keep].iter().position(|&b| b == b'%') {
        keep = from + p;
    }
    format!("{}~{hash:016x}.{extension}", &name[..keep])
}

fn escaped_name(id: &str, extension: &str) -> String {
    use std::fmt::Write;
    let mut name = String::with_capacity(id.len() + extension.len() + 1);
    for (i, c) in id.chars().enumerate() {
        // `%` escapes itself, so distinct ids always give distinct names ("a/b" ≠ "a_b").
        if matches!(c, '/' | '\\' | ':' | '%' | '\0'..='\u{1f}' | '\u{7f}') || (i == 0 && c == '.')
        {
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                let _ = write!(name, "%{b:02X}");
            }
        } else {
            name.push(c);
        }
    }
    if name.is_empty() {
        name.push('%');
    }
    name.push('.');
    name.push_str(extension);
    name
}

#[cfg(test)]
mod tests {
    use copydesk_core::{
        Configure, Document, Entity, EntityLabel, Output, Quote, QuoteKind, Span, Writer,
    };

    /// A deterministic xorshift generator.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n.max(1) as u64) as usize
        }

        fn span(&mut self, len: usize) -> Span {
            let a = self.next(len + 3);
            let b = if self.next(4) == 0 {
                self.next(len + 3)
            } else {
                a + self.next(12)
            };
            Span::new(a, b)
        }
    }

    /// A random document with multi-byte text, markup and spans that are often invalid (out
    /// of bounds, reversed, inside a character).
    fn random_document(rng: &mut Rng, n: usize) -> Document {
        let pieces = [
            "word ",
            "“",
            "”",
            "\n",
            "\n\n",
            "é",
            "日本",
            "<i onload=x>",
            "&amp;",
            "# ",
            "- ",
            "1. ",
            "\t",
            "\u{a0}",
            "\x0c",
            "\0",
            "*",
            "_",
            "|",
            "\"",
            "'",
            " said ",
            "Ann Lee",
        ];
        let body: String = (0..rng.next(80))
            .map(|_| pieces[rng.next(pieces.len())])
            .collect();
        let len = body.len();
        let mut doc = Document::new(format!("doc{n}/../x"), "-", body);
        if rng.next(2) == 0 {
            doc.meta.title = Some(pieces[rng.next(pieces.len())].repeat(3));
        }
        let spans = |rng: &mut Rng| (0..rng.next(12)).map(|_| rng.span(len)).collect();
        doc.paragraphs = (rng.next(3) > 0).then(|| spans(rng));
        doc.tokens = Some(spans(rng));
        doc.sentences = Some(spans(rng));
        doc.quotes = Some(
            (0..rng.next(6))
                .map(|_| Quote {
                    span: rng.span(len),
                    spans: (0..rng.next(3)).map(|_| rng.span(len)).collect(),
                    quoted: (0..rng.next(3)).map(|_| rng.span(len)).collect(),
                    speaker_type: Default::default(),
                    kind: [QuoteKind::Direct, QuoteKind::Partial, QuoteKind::Indirect][rng.next(3)],
                    speaker: (rng.next(2) == 0).then(|| "Ann <Lee>".to_owned()),
                    speaker_span: (rng.next(2) == 0).then(|| rng.span(len)),
                    cue: (rng.next(2) == 0).then(|| rng.span(len)),
                })
                .collect(),
        );
        doc.entities = Some(
            (0..rng.next(8))
                .map(|_| Entity {
                    span: rng.span(len),
                    label: EntityLabel::ALL[rng.next(4)],
                    canonical: "Ann & Lee".to_owned(),
                })
                .collect(),
        );
        doc
    }

    fn run_all(docs: &[Document], out: &mut crate::MemoryOutput) {
        let mut writers: Vec<Box<dyn Writer>> = vec![
            Box::new(crate::Json::configure(Default::default()).unwrap()),
            Box::new(crate::Jsonl::configure(Default::default()).unwrap()),
            Box::new(crate::Text::configure(Default::default()).unwrap()),
            Box::new(crate::Markdown::configure(Default::default()).unwrap()),
            Box::new(crate::Conll::configure(Default::default()).unwrap()),
            Box::new(crate::Html::configure(Default::default()).unwrap()),
            Box::new(
                crate::Csv::configure(crate::CsvOptions {
                    tables: vec![crate::CsvTable::Quotes],
                    ..Default::default()
                })
                .unwrap(),
            ),
        ];
        if out.is_dir() {
            writers.push(Box::new(crate::Csv::configure(Default::default()).unwrap()));
        }
        for w in &mut writers {
            w.begin(out).unwrap();
            for d in docs {
                w.write(d, out).unwrap();
            }
            w.write_error("bad", "bad.txt", "<failed>", out).unwrap();
            w.finish(out).unwrap();
        }
    }

    /// The writers but `json`/`jsonl` take any spans; those two use core's serializer, which
    /// expects valid spans, so they get documents whose spans were checked.
    #[test]
    fn random_documents_never_panic() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let docs: Vec<Document> = (0..400).map(|n| random_document(&mut rng, n)).collect();
        for dir in [false, true] {
            let mut out = crate::MemoryOutput {
                dir,
                ..Default::default()
            };
            let mut writers: Vec<Box<dyn Writer>> = vec![
                Box::new(crate::Text::configure(Default::default()).unwrap()),
                Box::new(crate::Markdown::configure(Default::default()).unwrap()),
                Box::new(crate::Conll::configure(Default::default()).unwrap()),
                Box::new(crate::Html::configure(Default::default()).unwrap()),
                Box::new(crate::Csv::configure(Default::default()).unwrap()),
            ];
            for w in &mut writers {
                w.begin(&mut out).unwrap();
                for d in &docs {
                    w.write(d, &mut out).unwrap();
                }
                w.finish(&mut out).unwrap();
            }
            let files = out.files.lock().unwrap();
            for (name, bytes) in files.iter().filter(|(n, _)| n.ends_with(".html")) {
                let page = String::from_utf8_lossy(bytes);
                assert_eq!(
                    page.matches("<span").count(),
                    page.matches("</span>").count(),
                    "{name}"
                );
                assert!(!page.contains("<i onload"), "{name}");
            }
        }
        // Every writer, including JSON, on documents whose spans are all valid.
        let valid: Vec<Document> = (0..100)
            .map(|n| {
                let mut d = random_document(&mut rng, n);
                let body = d.body.clone();
                let keep = |s: &Span| crate::spans::valid(&body, *s);
                for v in [&mut d.paragraphs, &mut d.tokens, &mut d.sentences]
                    .into_iter()
                    .flatten()
                {
                    v.retain(keep);
                }
                if let Some(q) = &mut d.quotes {
                    q.retain(|q| {
                        keep(&q.span)
                            && q.spans.iter().all(keep)
                            && q.quoted.iter().all(keep)
                            && q.speaker_span.iter().all(keep)
                            && q.cue.iter().all(keep)
                    });
                }
                if let Some(e) = &mut d.entities {
                    e.retain(|e| keep(&e.span));
                }
                d
            })
            .collect();
        run_all(&valid, &mut crate::MemoryOutput::default());
        run_all(
            &valid,
            &mut crate::MemoryOutput {
                dir: true,
                ..Default::default()
            },
        );
    }

    #[test]
    fn file_names_stay_inside() {
        assert_eq!(
            super::file_name("../etc/passwd", "json"),
            "%2E.%2Fetc%2Fpasswd.json"
        );
        assert_eq!(super::file_name("", "json"), "%.json");
        assert_ne!(
            super::file_name("a/b", "json"),
            super::file_name("a_b", "json")
        );
        assert_ne!(
            super::file_name("a/b", "json"),
            super::file_name("a%2Fb", "json")
        );
        assert_eq!(super::file_name("seed-000", "json"), "seed-000.json");
        let long = "é/".repeat(200);
        let name = super::file_name(&long, "json");
        assert!(
            name.len() <= super::MAX_FILE_NAME && name.ends_with(".json"),
            "{name}"
        );
        assert_ne!(name, super::file_name(&"é/".repeat(201), "json"));
    }
}
