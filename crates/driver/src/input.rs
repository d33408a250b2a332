//! Inputs: files, directories, stdin and JSONL streams, decoded into documents.
//!
//! Reading is split in two: [`Inputs`] enumerates work lazily on the reading thread (walking
//! directories, reading JSONL lines), and [`Job::load`] turns one job into a [`Document`] on a
//! worker thread (reading the file, decoding, parsing the JSON record).

use std::collections::VecDeque;
use std::fs;
use std::io::{self, BufRead, Read};
use std::path::{Path, PathBuf};

use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use copydesk_core::Document;

use crate::html_input::{self, HtmlJob, Kind, WarcStream};

/// How inputs are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum InputFormat {
    /// Each file (or stdin) is one document.
    #[default]
    Text,
    /// Each line is one document: `{"id": …, "text": …}` or `{"id": …, "html": …}`; other
    /// fields go to `meta`.
    Jsonl,
    /// Each file (or stdin) is one HTML page, gzip or not.
    Html,
    /// Each file (or stdin) is a WARC archive; every HTML `response` record is a document.
    Warc,
}

/// One unit of work, cheap to create on the reading thread.
#[derive(Debug)]
pub enum Job {
    /// A file to read and decode.
    File(PathBuf),
    /// Bytes already read (stdin).
    Bytes {
        /// Document id.
        id: String,
        /// Where from.
        source: String,
        /// The raw bytes.
        bytes: Vec<u8>,
    },
    /// One JSONL record.
    Record {
        /// `path:line`.
        source: String,
        /// The line.
        line: Vec<u8>,
    },
    /// An HTML page (a file, or a WARC record's payload).
    Html(HtmlJob),
    /// Something that failed before it became a document (an unreadable directory, a line too
    /// long); reported in its place.
    Failed {
        /// Best-known id.
        id: String,
        /// Where from.
        source: String,
        /// Why.
        error: String,
    },
}

/// A document that could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// Best-known id.
    pub id: String,
    /// Where from.
    pub source: String,
    /// Why, lowercase.
    pub error: String,
    /// Whether an input stream itself could not be read (rather than one record being bad).
    pub unreadable: bool,
}

impl Job {
    /// The size in bytes of the input, as far as known without reading it.
    pub fn len_hint(&self) -> u64 {
        match self {
            Job::File(p) => fs::metadata(p).map_or(0, |m| m.len()),
            Job::Bytes { bytes, .. } => bytes.len() as u64,
            Job::Record { line, .. } => line.len() as u64,
            Job::Html(h) => h.len_hint(),
            Job::Failed { .. } => 0,
        }
    }

    /// Reads, decodes and parses the job into a document.
    pub fn load(self, max_bytes: u64) -> Result<Document, LoadError> {
        match self {
            Job::File(path) => {
                let source = path.display().to_string();
                let id = file_id(&path);
                let fail = |error: String| LoadError {
                    id: id.clone(),
                    source: source.clone(),
                    error,
                    unreadable: false,
                };
                let bytes = read_limited(&path, max_bytes).map_err(fail)?;
                text_document(id.clone(), source.clone(), bytes).map_err(fail)
            }
            Job::Bytes { id, source, bytes } => {
                if bytes.len() as u64 > max_bytes {
                    return Err(LoadError {
                        error: too_large(bytes.len() as u64, max_bytes),
                        id,
                        source,
                        unreadable: false,
                    });
                }
                text_document(id.clone(), source.clone(), bytes).map_err(|error| LoadError {
                    id,
                    source,
                    error,
                    unreadable: false,
                })
            }
            Job::Record { source, line } => record_document(&source, &line),
            Job::Html(h) => h.load(max_bytes),
            Job::Failed { id, source, error } => Err(LoadError {
                unreadable: error.starts_with("cannot read"),
                id,
                source,
                error,
            }),
        }
    }
}

fn too_large(len: u64, max: u64) -> String {
    format!("input is {len} bytes, over the limit of {max} bytes (raise it with --max-bytes)")
}

fn read_limited(path: &Path, max_bytes: u64) -> Result<Vec<u8>, String> {
    let file = fs::File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    let mut bytes = Vec::new();
    file.take(max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() as u64 > max_bytes {
        let len = fs::metadata(path).map_or(bytes.len() as u64, |m| m.len());
        return Err(too_large(len, max_bytes));
    }
    Ok(bytes)
}

/// The id of a file: its name without its last extension.
pub fn file_id(path: &Path) -> String {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    match name.rfind('.') {
        Some(dot) if dot > 0 => name[..dot].to_owned(),
        _ => name,
    }
}

/// Decodes raw bytes: a UTF-8 BOM is dropped; UTF-16 with a BOM is decoded; NUL bytes mean a
/// binary file; bytes that are not UTF-8 are read as Windows-1252 (with a warning).
pub fn decode(bytes: Vec<u8>) -> Result<(String, Option<String>), String> {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(&bytes)
        && encoding != encoding_rs::UTF_8
    {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom..]);
        let warning = had_errors.then(|| format!("invalid {} replaced", encoding.name()));
        return Ok((text.into_owned(), warning));
    }
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    if memchr_nul(&bytes) {
        return Err("binary file (contains NUL bytes), skipped".into());
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok((text, None)),
        Err(e) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(e.as_bytes());
            Ok((
                text.into_owned(),
                Some("input is not valid UTF-8; decoded as Windows-1252".into()),
            ))
        }
    }
}

fn memchr_nul(bytes: &[u8]) -> bool {
    bytes.contains(&0)
}

fn text_document(id: String, source: String, bytes: Vec<u8>) -> Result<Document, String> {
    let (text, warning) = decode(bytes)?;
    let mut doc = Document::new(id, source, text);
    if let Some(w) = warning {
        doc.warn("input", w);
    }
    if doc.body.trim().is_empty() {
        doc.warn("input", "empty input");
    }
    Ok(doc)
}

fn record_document(source: &str, line: &[u8]) -> Result<Document, LoadError> {
    let fail = |id: String, error: String| LoadError {
        id,
        source: source.to_owned(),
        error,
        unreadable: false,
    };
    let value: serde_json::Value = serde_json::from_slice(line)
        .map_err(|e| fail(source.to_owned(), format!("invalid JSON record: {e}")))?;
    let serde_json::Value::Object(mut map) = value else {
        return Err(fail(
            source.to_owned(),
            "a JSONL record must be an object".into(),
        ));
    };
    let id = match map.remove("id") {
        Some(serde_json::Value::String(s)) => s,
        Some(serde_json::Value::Number(n)) => n.to_string(),
        None | Some(serde_json::Value::Null) => source.to_owned(),
        Some(_) => {
            return Err(fail(
                source.to_owned(),
                "`id` must be a string or a number".into(),
            ));
        }
    };
    if !map.contains_key("text")
        && let Some(serde_json::Value::String(html)) = map.remove("html")
    {
        let doc = html_input::page_document(id, source.to_owned(), html.as_bytes(), None, map);
        return Ok(doc);
    }
    let text = match map.remove("text") {
        Some(serde_json::Value::String(s)) => s,
        Some(_) => return Err(fail(id, "`text` must be a string".into())),
        None => return Err(fail(id, "record has no `text` or `html` field".into())),
    };
    if text.contains('\0') {
        return Err(fail(id, "`text` contains NUL characters".into()));
    }
    let mut doc = Document::new(id, source, text);
    doc.meta.extra = map;
    if doc.body.trim().is_empty() {
        doc.warn("input", "empty input");
    }
    Ok(doc)
}

/// A glob over file names: `*` any run, `?` one character; several patterns separated by `,`.
#[derive(Debug, Clone)]
pub struct Glob(Vec<String>);

impl Glob {
    /// Parses `*.txt` or `*.txt,*.text`.
    pub fn new(pattern: &str) -> Glob {
        Glob(pattern.split(',').map(|p| p.trim().to_owned()).collect())
    }

    /// Whether a file name matches.
    pub fn matches(&self, name: &str) -> bool {
        self.0
            .iter()
            .any(|p| glob_match(p.as_bytes(), name.as_bytes()))
    }
}

fn glob_match(p: &[u8], s: &[u8]) -> bool {
    // Iterative wildcard matching with one backtrack point: linear-ish, no recursion.
    let (mut pi, mut si, mut star, mut mark) = (0, 0, None, 0);
    while si < s.len() {
        if pi < p.len() && (p[pi] == b'?' || p[pi] == s[si]) {
            pi += 1;
            si += 1;
        } else if pi < p.len() && p[pi] == b'*' {
            star = Some(pi);
            mark = si;
            pi += 1;
        } else if let Some(st) = star {
            pi = st + 1;
            mark += 1;
            si = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == b'*')
}

/// The inputs of a run, enumerated lazily in a stable order: arguments in order, directory
/// entries sorted by name, recursively.
#[derive(Debug)]
pub struct Inputs {
    args: VecDeque<String>,
    glob: Glob,
    format: InputFormat,
    max_bytes: u64,
    /// Pending directory entries (already sorted), depth first.
    stack: Vec<VecDeque<PathBuf>>,
    lines: Option<Lines>,
    warc: Option<WarcStream>,
    skipped: Arc<AtomicU64>,
    pending: VecDeque<Job>,
}

/// An open JSONL stream: its name, reader and the number of lines read.
struct Lines(String, Box<dyn BufRead>, usize);

impl std::fmt::Debug for Lines {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Lines({}, line {})", self.0, self.2)
    }
}

impl Inputs {
    /// Inputs from command line arguments (`-` is stdin).
    pub fn new(args: Vec<String>, glob: Glob, format: InputFormat, max_bytes: u64) -> Self {
        Inputs {
            args: args.into(),
            glob,
            format,
            max_bytes,
            stack: Vec::new(),
            lines: None,
            warc: None,
            skipped: Arc::default(),
            pending: VecDeque::new(),
        }
    }

    /// The count of WARC records skipped because they are not HTML responses (it grows as
    /// the inputs are read).
    pub fn skipped(&self) -> Arc<AtomicU64> {
        Arc::clone(&self.skipped)
    }

    fn open_file(&mut self, path: PathBuf) {
        let format = match (self.format, html_input::kind(&path)) {
            (InputFormat::Text, Kind::Html) => InputFormat::Html,
            (InputFormat::Text, Kind::Warc) => InputFormat::Warc,
            (f, _) => f,
        };
        match format {
            InputFormat::Text => self.pending.push_back(Job::File(path)),
            InputFormat::Html => self.pending.push_back(Job::Html(HtmlJob::File(path))),
            InputFormat::Warc => match WarcStream::open(&path, self.max_bytes, self.skipped()) {
                Ok(w) => self.warc = Some(w),
                Err(e) => self.pending.push_back(Job::Failed {
                    id: file_id(&path),
                    source: path.display().to_string(),
                    error: format!("cannot read: {e}"),
                }),
            },
            InputFormat::Jsonl => match fs::File::open(&path) {
                Ok(f) => {
                    self.lines = Some(Lines(
                        path.display().to_string(),
                        Box::new(io::BufReader::with_capacity(1 << 16, f)),
                        0,
                    ))
                }
                Err(e) => self.pending.push_back(Job::Failed {
                    id: file_id(&path),
                    source: path.display().to_string(),
                    error: format!("cannot read: {e}"),
                }),
            },
        }
    }

    fn next_line(&mut self) -> Option<Job> {
        let Lines(source, reader, n) = self.lines.as_mut()?;
        let mut line = Vec::new();
        // Read at most the limit (+ a newline) so a huge line cannot exhaust memory.
        let read = reader
            .by_ref()
            .take(self.max_bytes + 2)
            .read_until(b'\n', &mut line);
        match read {
            Ok(0) => {
                self.lines = None;
                None
            }
            Ok(_) => {
                *n += 1;
                let src = format!("{source}:{n}");
                if line.last() != Some(&b'\n') && line.len() as u64 > self.max_bytes {
                    // Skip the rest of the overlong line.
                    let mut sink = Vec::new();
                    loop {
                        sink.clear();
                        match reader.by_ref().take(1 << 20).read_until(b'\n', &mut sink) {
                            Ok(0) | Err(_) => break,
                            Ok(_) if sink.last() == Some(&b'\n') => break,
                            Ok(_) => {}
                        }
                    }
                    return Some(Job::Failed {
                        id: src.clone(),
                        source: src,
                        error: format!(
                            "record is over the limit of {} bytes (raise it with --max-bytes)",
                            self.max_bytes
                        ),
                    });
                }
                while matches!(line.last(), Some(b'\n' | b'\r')) {
                    line.pop();
                }
                Some(Job::Record { source: src, line })
            }
            Err(e) => {
                let source = source.clone();
                self.lines = None;
                Some(Job::Failed {
                    id: source.clone(),
                    source,
                    error: format!("cannot read: {e}"),
                })
            }
        }
    }

    fn push_dir(&mut self, dir: &Path) -> Result<(), String> {
        let mut entries: Vec<PathBuf> = fs::read_dir(dir)
            .map_err(|e| format!("cannot read directory: {e}"))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        self.stack.push(entries.into());
        Ok(())
    }
}

impl Iterator for Inputs {
    type Item = Job;

    fn next(&mut self) -> Option<Job> {
        loop {
            if let Some(job) = self.pending.pop_front() {
                return Some(job);
            }
            if self.lines.is_some() {
                if let Some(job) = self.next_line() {
                    return Some(job);
                }
                continue;
            }
            if let Some(w) = self.warc.as_mut() {
                match w.next_job() {
                    Some(job) => return Some(job),
                    None => self.warc = None,
                }
                continue;
            }
            if let Some(top) = self.stack.last_mut() {
                let Some(path) = top.pop_front() else {
                    self.stack.pop();
                    continue;
                };
                if path.is_dir() {
                    if !path.is_symlink()
                        && let Err(error) = self.push_dir(&path)
                    {
                        let source = path.display().to_string();
                        return Some(Job::Failed {
                            id: file_id(&path),
                            source,
                            error,
                        });
                    }
                } else if path
                    .file_name()
                    .is_some_and(|n| self.glob.matches(&n.to_string_lossy()))
                {
                    self.open_file(path);
                }
                continue;
            }
            let arg = self.args.pop_front()?;
            if arg == "-" {
                match self.format {
                    InputFormat::Jsonl => {
                        self.lines = Some(Lines("-".into(), Box::new(io::stdin().lock()), 0));
                    }
                    InputFormat::Warc => {
                        let source = "-".to_owned();
                        match WarcStream::from_reader(
                            source.clone(),
                            io::stdin(),
                            self.max_bytes,
                            self.skipped(),
                        ) {
                            Ok(w) => self.warc = Some(w),
                            Err(e) => {
                                return Some(Job::Failed {
                                    id: "stdin".into(),
                                    source,
                                    error: format!("cannot read stdin: {e}"),
                                });
                            }
                        }
                    }
                    InputFormat::Text | InputFormat::Html => {
                        let html = self.format == InputFormat::Html;
                        let mut bytes = Vec::new();
                        let read = io::stdin()
                            .lock()
                            .take(self.max_bytes + 1)
                            .read_to_end(&mut bytes);
                        return Some(match read {
                            Ok(_) if html && bytes.len() as u64 <= self.max_bytes => {
                                Job::Html(HtmlJob::Page {
                                    id: "stdin".into(),
                                    source: "-".into(),
                                    bytes,
                                    content_type: None,
                                    extra: serde_json::Map::new(),
                                })
                            }
                            Ok(_) => Job::Bytes {
                                id: "stdin".into(),
                                source: "-".into(),
                                bytes,
                            },
                            Err(e) => Job::Failed {
                                id: "stdin".into(),
                                source: "-".into(),
                                error: format!("cannot read stdin: {e}"),
                            },
                        });
                    }
                }
                continue;
            }
            let path = PathBuf::from(&arg);
            if path.is_dir() {
                if let Err(error) = self.push_dir(&path) {
                    return Some(Job::Failed {
                        id: file_id(&path),
                        source: arg,
                        error,
                    });
                }
            } else if path.exists() {
                self.open_file(path);
            } else {
                return Some(Job::Failed {
                    id: file_id(&path),
                    source: arg,
                    error: "no such file or directory".into(),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        let g = Glob::new("*.txt");
        assert!(g.matches("a.txt"));
        assert!(g.matches("x.page.txt"));
        assert!(!g.matches("a.txt.gz"));
        assert!(Glob::new("*.page.txt").matches("abc.page.txt"));
        assert!(!Glob::new("*.page.txt").matches("abc.body.txt"));
        assert!(Glob::new("a?c*,*.md").matches("README.md"));
        let long = format!("{}bc", "a".repeat(1000));
        assert!(Glob::new("*a*b*c").matches(&long));
        assert!(!Glob::new("*a*b*d").matches(&long));
    }

    #[test]
    fn ids() {
        assert_eq!(file_id(Path::new("dir/seed-000.txt")), "seed-000");
        assert_eq!(file_id(Path::new("x.page.txt")), "x.page");
        assert_eq!(file_id(Path::new(".hidden")), ".hidden");
    }

    #[test]
    fn decoding() {
        assert_eq!(decode(b"\xEF\xBB\xBFhi".to_vec()).unwrap().0, "hi");
        let (t, w) = decode(b"caf\xe9 \x93quoted\x94".to_vec()).unwrap();
        assert_eq!(t, "café “quoted”");
        assert!(w.unwrap().contains("Windows-1252"));
        assert!(decode(b"a\0b".to_vec()).unwrap_err().contains("binary"));
        let (t, _) = decode(b"\xFF\xFEh\0i\0".to_vec()).unwrap();
        assert_eq!(t, "hi");
    }

    #[test]
    fn records() {
        let d = record_document("s:1", br#"{"id": 7, "text": "x", "url": "u"}"#).unwrap();
        assert_eq!((d.id.as_str(), d.body.as_str()), ("7", "x"));
        assert_eq!(d.meta.extra["url"], "u");
        assert!(
            record_document("s:2", b"{")
                .unwrap_err()
                .error
                .contains("invalid JSON")
        );
        let e = record_document("s:3", br#"{"id": "a"}"#).unwrap_err();
        assert_eq!(e.id, "a");
    }
}
