//! copydesk's output writers, one module per format, each registered with
//! [`copydesk_core::register_writer!`] so a pipeline names it in TOML (`type = "jsonl"`) or the
//! driver picks it with `--format`.
//!
//! Writers stream: they see one [`Document`](copydesk_core::Document) at a time, in input
//! order, and never buffer a batch. Where they write (stdout, a file, a directory; atomically)
//! is the driver's [`Output`](copydesk_core::Output); this crate does no path handling.
//!
//! | writer | output |
//! |---|---|
//! | `jsonl` | one JSON document per line; a failed input gives `{"id", "source", "error"}` on its line |
//! | `json` | pretty JSON: one `<id>.json` per document into a directory, or one array on a stream |
//!
//! ```
//! use copydesk_core::{Configure, Document, Writer};
//! use copydesk_write::{Jsonl, JsonlOptions};
//!
//! let mut out = copydesk_write::MemoryOutput::default();
//! let mut writer = Jsonl::configure(JsonlOptions::default())?;
//! writer.write(&Document::new("a", "a.txt", "Hello."), &mut out)?;
//! assert!(String::from_utf8(out.stream)?.starts_with(r#"{"id":"a","source":"a.txt""#));
//! Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod json;
mod jsonl;
mod memory;

pub use json::{Json, JsonOptions};
pub use jsonl::{Jsonl, JsonlOptions, error_record};
pub use memory::MemoryOutput;

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
