//! `json`: pretty JSON, one file per document into a directory, or an array on a stream.

use std::io::{BufWriter, Write};

use copydesk_core::{BuildError, Configure, Document, Options, Output, WriteError, Writer};
use serde::{Deserialize, Serialize};

/// Options of the `json` writer.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct JsonOptions {}

impl Options for JsonOptions {
    const DOCS: &'static [copydesk_core::OptionDoc] = &[];
}

/// The `json` writer. Into a directory: `<id>.json` per document, each written atomically.
/// On a stream (stdout or a file): one pretty JSON array of documents, written element by
/// element.
#[derive(Debug)]
pub struct Json {
    written: usize,
}

impl Configure for Json {
    type Options = JsonOptions;

    fn configure(_: JsonOptions) -> Result<Self, BuildError> {
        Ok(Json { written: 0 })
    }
}

fn io(e: std::io::Error) -> WriteError {
    WriteError::io("writing json", e)
}

impl Writer for Json {
    fn begin(&mut self, out: &mut dyn Output) -> Result<(), WriteError> {
        if !out.is_dir() {
            out.stream()?.write_all(b"[").map_err(io)?;
        }
        Ok(())
    }

    fn write(&mut self, doc: &Document, out: &mut dyn Output) -> Result<(), WriteError> {
        if out.is_dir() {
            let mut file = out.create(&crate::file_name(&doc.id, "json"))?;
            pretty(&mut file, doc)?;
            file.write_all(b"\n").map_err(io)?;
            return file.commit();
        }
        let w = out.stream()?;
        w.write_all(if self.written == 0 { b"\n" } else { b",\n" })
            .map_err(io)?;
        pretty(w, doc)?;
        self.written += 1;
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Output) -> Result<(), WriteError> {
        if !out.is_dir() {
            let w = out.stream()?;
            w.write_all(b"\n]\n").and_then(|()| w.flush()).map_err(io)?;
        }
        Ok(())
    }
}

/// Pretty-prints `doc` into `w`. serde_json writes in many small pieces (each bracket, indent,
/// key and number): a local buffer takes them without a dynamic call each.
fn pretty(w: impl Write, doc: &Document) -> Result<(), WriteError> {
    let mut buf = BufWriter::with_capacity(1 << 16, w);
    serde_json::to_writer_pretty(&mut buf, doc).map_err(|e| io(e.into()))?;
    buf.into_inner().map_err(|e| io(e.into_error()))?;
    Ok(())
}

copydesk_core::register_writer!(Json {
    name: "json",
    summary: "pretty JSON: <id>.json per document into a directory, or one array on a stream",
    requires: [],
});

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MemoryOutput;

    fn run(out: &mut MemoryOutput, docs: &[Document]) {
        let mut w = Json::configure(JsonOptions::default()).unwrap();
        w.begin(out).unwrap();
        for d in docs {
            w.write(d, out).unwrap();
        }
        w.finish(out).unwrap();
    }

    #[test]
    fn stream_is_one_array() {
        let mut out = MemoryOutput::default();
        run(
            &mut out,
            &[Document::new("a", "a", "1"), Document::new("b", "b", "2")],
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stream).unwrap();
        assert_eq!(v[1]["id"], "b");
        let mut empty = MemoryOutput::default();
        run(&mut empty, &[]);
        let v: serde_json::Value = serde_json::from_slice(&empty.stream).unwrap();
        assert_eq!(v, serde_json::json!([]));
    }

    #[test]
    fn directory_gets_one_file_per_document() {
        let mut out = MemoryOutput {
            dir: true,
            ..MemoryOutput::default()
        };
        run(&mut out, &[Document::new("a/b", "x", "1")]);
        let files = out.files.lock().unwrap();
        let v: serde_json::Value = serde_json::from_slice(&files["a%2Fb.json"]).unwrap();
        assert_eq!(v["id"], "a/b");
    }
}
