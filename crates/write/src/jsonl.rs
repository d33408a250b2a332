//! `jsonl`: one JSON document per line, flushed as it goes.

use std::io::{BufWriter, Write};

use copydesk_core::{BuildError, Configure, Document, Options, Output, WriteError, Writer};
use serde::{Deserialize, Serialize};

/// Options of the `jsonl` writer.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct JsonlOptions {
    /// Leave `body` out of each record (default `false`): smaller output when only the layers
    /// matter. Offsets still point into the body the other fields describe.
    pub omit_body: bool,
}

impl Options for JsonlOptions {
    const DOCS: &'static [copydesk_core::OptionDoc] = &[copydesk_core::OptionDoc {
        key: "omit_body",
        ty: "boolean",
        doc: "leave `body` out of each record",
    }];
}

/// The `jsonl` writer: the streaming contract. One line per input document, in input order;
/// a failed document gives `{"id", "source", "error"}` on its line so no record is lost or
/// shifted. Into a directory it writes `documents.jsonl`.
#[derive(Debug)]
pub struct Jsonl {
    options: JsonlOptions,
    file: Option<Box<dyn copydesk_core::OutputFile>>,
}

impl Configure for Jsonl {
    type Options = JsonlOptions;

    fn configure(options: JsonlOptions) -> Result<Self, BuildError> {
        Ok(Jsonl {
            options,
            file: None,
        })
    }
}

impl Jsonl {
    fn line(&mut self, out: &mut dyn Output, record: &impl Serialize) -> Result<(), WriteError> {
        let w: &mut dyn Write = match &mut self.file {
            Some(file) => file,
            None => out.stream()?,
        };
        // serde_json writes a record in many small pieces (each bracket, key and number): a
        // local buffer takes them without a dynamic call each and hands on whole blocks.
        let mut w = BufWriter::with_capacity(1 << 16, w);
        serde_json::to_writer(&mut w, record)
            .map_err(|e| WriteError::io("writing a jsonl record", e.into()))?;
        w.write_all(b"\n")
            .and_then(|()| w.flush())
            .map_err(|e| WriteError::io("writing a jsonl record", e))
    }
}

/// The record the streaming contract writes for a document that failed.
pub fn error_record(id: &str, source: &str, error: &str) -> serde_json::Value {
    serde_json::json!({ "id": id, "source": source, "error": error })
}

impl Writer for Jsonl {
    fn begin(&mut self, out: &mut dyn Output) -> Result<(), WriteError> {
        if out.is_dir() {
            self.file = Some(out.create("documents.jsonl")?);
        }
        Ok(())
    }

    fn write(&mut self, doc: &Document, out: &mut dyn Output) -> Result<(), WriteError> {
        if self.options.omit_body {
            let mut value = serde_json::to_value(doc)
                .map_err(|e| WriteError::io("serializing a document", e.into()))?;
            if let Some(map) = value.as_object_mut() {
                map.remove("body");
            }
            self.line(out, &value)
        } else {
            self.line(out, doc)
        }
    }

    fn write_error(
        &mut self,
        id: &str,
        source: &str,
        error: &str,
        out: &mut dyn Output,
    ) -> Result<(), WriteError> {
        self.line(out, &error_record(id, source, error))
    }

    fn finish(&mut self, _out: &mut dyn Output) -> Result<(), WriteError> {
        match self.file.take() {
            Some(file) => file.commit(),
            None => Ok(()),
        }
    }
}

copydesk_core::register_writer!(Jsonl {
    name: "jsonl",
    summary: "one JSON document per line, in input order; failed inputs as error records",
    requires: [],
});

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MemoryOutput;

    #[test]
    fn one_line_per_document_and_error() {
        let mut out = MemoryOutput::default();
        let mut w = Jsonl::configure(JsonlOptions::default()).unwrap();
        w.begin(&mut out).unwrap();
        w.write(&Document::new("a", "a.txt", "x\ny"), &mut out)
            .unwrap();
        w.write_error("b", "b.txt", "binary file", &mut out)
            .unwrap();
        w.finish(&mut out).unwrap();
        let text = String::from_utf8(out.stream).unwrap();
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["body"], "x\ny");
        assert_eq!(lines[1]["error"], "binary file");
    }

    #[test]
    fn omit_body() {
        let mut out = MemoryOutput::default();
        let mut w = Jsonl::configure(JsonlOptions { omit_body: true }).unwrap();
        w.write(&Document::new("a", "a.txt", "x"), &mut out)
            .unwrap();
        assert!(!String::from_utf8(out.stream).unwrap().contains("body"));
    }
}
