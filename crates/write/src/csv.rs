//! `csv`: two RFC 4180 tables, one row per quote and one row per entity.

use std::io::Write;

use copydesk_core::{
    BuildError, Configure, Document, OptionDoc, Options, Output, OutputFile, WriteError, Writer,
};
use serde::{Deserialize, Serialize};

use crate::spans;

/// A table of the `csv` writer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CsvTable {
    /// One row per quote: `quotes.csv`.
    Quotes,
    /// One row per entity mention: `entities.csv`.
    Entities,
}

impl CsvTable {
    /// `quotes` or `entities`.
    pub const fn name(self) -> &'static str {
        match self {
            CsvTable::Quotes => "quotes",
            CsvTable::Entities => "entities",
        }
    }

    /// The header row.
    pub const fn header(self) -> &'static [&'static str] {
        match self {
            CsvTable::Quotes => &[
                "doc_id",
                "speaker",
                "kind",
                "cue",
                "text",
                "start",
                "end",
                "speaker_mention",
                "title",
                "date",
            ],
            CsvTable::Entities => &["doc_id", "text", "label", "canonical", "start", "end"],
        }
    }
}

/// Options of the `csv` writer.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CsvOptions {
    /// Which tables to write (default `["quotes", "entities"]`). With one table and a stream
    /// output (stdout or `--output FILE`) the table goes to the stream; otherwise each table
    /// is its own file, `quotes.csv` and `entities.csv`.
    pub tables: Vec<CsvTable>,
    /// Prefix a `'` to text cells that start with `=`, `+`, `-`, `@`, tab or carriage return,
    /// so that spreadsheet programs show them as text instead of running them as formulas
    /// (default `false`: cells are the exact text, as pandas and R expect).
    pub spreadsheet_safe: bool,
}

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions {
            tables: vec![CsvTable::Quotes, CsvTable::Entities],
            spreadsheet_safe: false,
        }
    }
}

impl Options for CsvOptions {
    const DOCS: &'static [OptionDoc] = &[
        OptionDoc {
            key: "tables",
            ty: "array of strings (\"quotes\", \"entities\")",
            doc: "which tables to write; one table on a stream output goes to the stream, \
                  otherwise each is a file (quotes.csv, entities.csv)",
        },
        OptionDoc {
            key: "spreadsheet_safe",
            ty: "boolean",
            doc: "prefix ' to text cells starting with = + - @ so spreadsheets do not run them \
                  as formulas",
        },
    ];
}

/// Where one table goes.
#[derive(Debug)]
enum Sink {
    /// A named file, committed at the end.
    File(Box<dyn OutputFile>),
    /// The output stream.
    Stream,
}

/// The `csv` writer: a `quotes` table (doc id, speaker, kind, cue, text, start, end,
/// speaker mention, title, date) and an `entities` table (doc id, text, label, canonical,
/// start, end), with a header row each. Offsets are `[start, end)` code points into the
/// body, as in the JSON output. Rows are written as documents arrive.
#[derive(Debug)]
pub struct Csv {
    tables: Vec<CsvTable>,
    spreadsheet_safe: bool,
    sinks: Vec<(CsvTable, Sink)>,
}

impl Configure for Csv {
    type Options = CsvOptions;

    fn configure(options: CsvOptions) -> Result<Self, BuildError> {
        let mut tables = Vec::new();
        for t in options.tables {
            if tables.contains(&t) {
                return Err(BuildError::new(format!(
                    "`tables` names '{}' twice",
                    t.name()
                )));
            }
            tables.push(t);
        }
        if tables.is_empty() {
            return Err(BuildError::new(
                "`tables` is empty; give \"quotes\", \"entities\" or both",
            ));
        }
        Ok(Csv {
            tables,
            spreadsheet_safe: options.spreadsheet_safe,
            sinks: Vec::new(),
        })
    }
}

fn io(e: std::io::Error) -> WriteError {
    WriteError::io("writing csv", e)
}

/// Makes a cell that a spreadsheet would read as a formula read as text.
fn defuse(cell: &mut String) {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        cell.insert(0, '\'');
    }
}

fn csv_error(e: ::csv::Error) -> WriteError {
    match e.into_kind() {
        ::csv::ErrorKind::Io(e) => io(e),
        other => WriteError::new(format!("writing csv: {other:?}")),
    }
}

/// Writes `rows` as CSV records (no header) to `w`.
fn write_rows(w: &mut dyn Write, rows: &[Vec<String>]) -> Result<(), WriteError> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut csv = ::csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(&mut *w);
    for row in rows {
        csv.write_record(row).map_err(csv_error)?;
    }
    csv.flush().map_err(io)
}

/// The rows of `table` for `doc`. Quotes or entities with offsets that do not fit the body
/// are left out.
pub(crate) fn rows(table: CsvTable, doc: &Document) -> Vec<Vec<String>> {
    let body = doc.body.as_str();
    let index = doc.char_index();
    let mut rows = Vec::new();
    match table {
        CsvTable::Quotes => {
            for q in doc.quotes.iter().flatten() {
                let Some(text) = spans::quote_text(doc, q) else {
                    continue;
                };
                let [start, end] = index.span(q.span);
                let opt = |s: Option<copydesk_core::Span>| {
                    s.and_then(|s| spans::text(body, s))
                        .unwrap_or_default()
                        .to_owned()
                };
                rows.push(vec![
                    doc.id.clone(),
                    q.speaker.clone().unwrap_or_default(),
                    q.kind.name().to_owned(),
                    opt(q.cue),
                    text,
                    start.to_string(),
                    end.to_string(),
                    opt(q.speaker_span),
                    doc.meta.title.clone().unwrap_or_default(),
                    doc.meta.date.clone().unwrap_or_default(),
                ]);
            }
        }
        CsvTable::Entities => {
            for e in doc.entities.iter().flatten() {
                let Some(text) = spans::text(body, e.span) else {
                    continue;
                };
                let [start, end] = index.span(e.span);
                rows.push(vec![
                    doc.id.clone(),
                    text.to_owned(),
                    e.label.name().to_owned(),
                    e.canonical.clone(),
                    start.to_string(),
                    end.to_string(),
                ]);
            }
        }
    }
    rows
}

fn header(table: CsvTable) -> Vec<String> {
    table.header().iter().map(|&s| s.to_owned()).collect()
}

impl Writer for Csv {
    fn begin(&mut self, out: &mut dyn Output) -> Result<(), WriteError> {
        self.sinks.clear();
        if let [table] = self.tables[..]
            && !out.is_dir()
        {
            write_rows(out.stream()?, &[header(table)])?;
            self.sinks.push((table, Sink::Stream));
            return Ok(());
        }
        for &table in &self.tables {
            let name = format!("{}.csv", table.name());
            let mut file = out.create(&name).map_err(|e| {
                if out.is_dir() || !matches!(self.tables[..], [_, _, ..]) {
                    e
                } else {
                    WriteError::new(
                        "the csv format writes two tables, which cannot share stdout: give \
                         --output DIR/ (or FILE.csv), or pick one with --table quotes|entities \
                         (`tables = [\"quotes\"]` in a pipeline)",
                    )
                }
            })?;
            write_rows(&mut file, &[header(table)])?;
            self.sinks.push((table, Sink::File(file)));
        }
        Ok(())
    }

    fn write(&mut self, doc: &Document, out: &mut dyn Output) -> Result<(), WriteError> {
        for (table, sink) in &mut self.sinks {
            let mut rows = rows(*table, doc);
            if self.spreadsheet_safe {
                for cell in rows.iter_mut().flatten() {
                    defuse(cell);
                }
            }
            match sink {
                Sink::File(file) => write_rows(file, &rows)?,
                Sink::Stream => write_rows(out.stream()?, &rows)?,
            }
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Output) -> Result<(), WriteError> {
        for (_, sink) in self.sinks.drain(..) {
            match sink {
                Sink::File(file) => file.commit()?,
                Sink::Stream => out.stream()?.flush().map_err(io)?,
            }
        }
        Ok(())
    }
}

copydesk_core::register_writer!(Csv {
    name: "csv",
    summary: "CSV tables quotes.csv and entities.csv (RFC 4180, header row, code point offsets)",
    requires: [],
});

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MemoryOutput;
    use crate::testutil::sample;

    fn run(
        options: CsvOptions,
        out: &mut MemoryOutput,
        docs: &[Document],
    ) -> Result<(), WriteError> {
        let mut w = Csv::configure(options).map_err(|e| WriteError::new(e.to_string()))?;
        w.begin(out)?;
        for d in docs {
            w.write(d, out)?;
        }
        w.finish(out)
    }

    fn parse(bytes: &[u8]) -> Vec<Vec<String>> {
        ::csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(bytes)
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect()
    }

    fn check(table: CsvTable, doc: &Document, expected: &[&[&str]]) {
        let mut out = MemoryOutput::default();
        run(
            CsvOptions {
                tables: vec![table],
                ..CsvOptions::default()
            },
            &mut out,
            std::slice::from_ref(doc),
        )
        .unwrap();
        let got = parse(&out.stream);
        let expected: Vec<Vec<String>> = expected
            .iter()
            .map(|r| r.iter().map(|&s| s.to_owned()).collect())
            .collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn quotes_table() {
        check(
            CsvTable::Quotes,
            &sample(),
            &[
                CsvTable::Quotes.header(),
                &[
                    "n1",
                    "Maria Ruiz",
                    "direct",
                    "said",
                    "We will rebuild, \"brick by brick\"",
                    "16",
                    "49",
                    "Ruiz",
                    "Mayor Vows <Fast> Repairs",
                    "2024-03-05",
                ],
                &[
                    "n1",
                    "",
                    "indirect",
                    "",
                    "the bridge would reopen in May",
                    "90",
                    "120",
                    "",
                    "Mayor Vows <Fast> Repairs",
                    "2024-03-05",
                ],
            ],
        );
    }

    #[test]
    fn entities_table() {
        check(
            CsvTable::Entities,
            &sample(),
            &[
                CsvTable::Entities.header(),
                &["n1", "Ruiz", "PER", "Maria Ruiz", "52", "56"],
                &["n1", "Lösberg", "LOC", "Lösberg", "0", "7"],
            ],
        );
    }

    #[test]
    fn both_tables_go_to_files() {
        let mut out = MemoryOutput {
            dir: true,
            ..MemoryOutput::default()
        };
        run(CsvOptions::default(), &mut out, &[sample(), sample()]).unwrap();
        let files = out.files.lock().unwrap();
        assert_eq!(parse(&files["quotes.csv"]).len(), 5);
        assert_eq!(parse(&files["entities.csv"]).len(), 5);
        assert!(out.stream.is_empty());
    }

    #[test]
    fn both_tables_on_stdout_fail_clearly() {
        #[derive(Debug, Default)]
        struct Stdout(Vec<u8>);
        impl Output for Stdout {
            fn is_dir(&self) -> bool {
                false
            }
            fn stream(&mut self) -> Result<&mut dyn Write, WriteError> {
                Ok(&mut self.0)
            }
            fn create(&mut self, name: &str) -> Result<Box<dyn OutputFile>, WriteError> {
                Err(WriteError::new(format!("cannot create {name} on stdout")))
            }
        }
        let mut w = Csv::configure(CsvOptions::default()).unwrap();
        let err = w.begin(&mut Stdout::default()).unwrap_err().to_string();
        assert!(err.contains("tables = [\\\"quotes\\\"]") || err.contains("tables = [\"quotes\"]"));
        assert!(err.contains("--output DIR/"), "{err}");
    }

    #[test]
    fn spreadsheet_safe_cells() {
        let mut doc = Document::new("=cmd", "-", "-5 degrees @noon");
        doc.entities = Some(vec![copydesk_core::Entity {
            span: copydesk_core::Span::new(0, 2),
            label: copydesk_core::EntityLabel::Misc,
            canonical: "+1".into(),
        }]);
        let mut out = MemoryOutput::default();
        let options = CsvOptions {
            tables: vec![CsvTable::Entities],
            spreadsheet_safe: true,
        };
        run(options, &mut out, &[doc]).unwrap();
        assert_eq!(
            parse(&out.stream)[1],
            ["'=cmd", "'-5", "MISC", "'+1", "0", "2"]
        );
    }

    #[test]
    fn bad_options_are_refused() {
        let none = CsvOptions {
            tables: vec![],
            ..CsvOptions::default()
        };
        assert!(Csv::configure(none).is_err());
        let twice = CsvOptions {
            tables: vec![CsvTable::Quotes, CsvTable::Quotes],
            ..CsvOptions::default()
        };
        assert!(Csv::configure(twice).is_err());
    }

    #[test]
    fn invalid_spans_are_skipped_and_layers_may_be_missing() {
        let mut doc = sample();
        if let Some(q) = doc.quotes.as_mut().and_then(|q| q.first_mut()) {
            q.span = copydesk_core::Span::new(1, 2); // inside "ö"
        }
        assert_eq!(rows(CsvTable::Quotes, &doc).len(), 1);
        assert!(rows(CsvTable::Entities, &Document::new("x", "-", "text")).is_empty());
    }
}
