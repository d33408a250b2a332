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
    File {
        /// The file.
        path: PathBuf,
        /// Its document id (see [`file_id`] and [`relative_id`]).
        id: String,
    },
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
        /// The stream's name (a path or `-`).
        stream: Arc<str>,
        /// 1-based line number in the stream.
        line: u64,
        /// The line, without its line break.
        bytes: Vec<u8>,
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
        /// Whether a whole input (a file, a stream, a folder) could not be read.
        unreadable: bool,
    },
    /// Something met in a folder that is deliberately not read (a symlink, a FIFO): not a
    /// document, reported as a warning.
    Skipped {
        /// The path.
        source: String,
        /// Why, lowercase.
        reason: String,
    },
}

/// Where a document came from, compactly: what duplicate-id messages name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Line `line` of the JSONL stream `stream`.
    Line(Arc<str>, u64),
    /// A file or stdin.
    Source(String),
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Line(stream, line) => write!(f, "{stream}:{line}"),
            Origin::Source(s) => f.write_str(s),
        }
    }
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
            Job::File { path, .. } => fs::metadata(path).map_or(0, |m| m.len()),
            Job::Bytes { bytes, .. } => bytes.len() as u64,
            Job::Record { bytes, .. } => bytes.len() as u64,
            Job::Html(h) => h.len_hint(),
            Job::Failed { .. } | Job::Skipped { .. } => 0,
        }
    }

    /// Where the job comes from.
    pub fn origin(&self) -> Origin {
        match self {
            Job::File { path, .. } => Origin::Source(path.display().to_string()),
            Job::Bytes { source, .. }
            | Job::Failed { source, .. }
            | Job::Skipped { source, .. } => Origin::Source(source.clone()),
            Job::Record { stream, line, .. } => Origin::Line(Arc::clone(stream), *line),
            Job::Html(h) => Origin::Source(h.source()),
        }
    }

    /// Reads, decodes and parses the job into a document.
    pub fn load(self, max_bytes: u64) -> Result<Document, LoadError> {
        match self {
            Job::File { path, id } => {
                let source = path.display().to_string();
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
                        error: too_large(None, max_bytes),
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
            Job::Record {
                stream,
                line,
                bytes,
            } => record_document(&format!("{stream}:{line}"), &bytes),
            Job::Html(h) => h.load(max_bytes),
            Job::Failed {
                id,
                source,
                error,
                unreadable,
            } => Err(LoadError {
                unreadable,
                id,
                source,
                error,
            }),
            Job::Skipped { source, reason } => Err(LoadError {
                id: source.clone(),
                source,
                error: reason,
                unreadable: false,
            }),
        }
    }
}

/// The message for an input over `--max-bytes`; `len` when it is known (a regular file).
fn too_large(len: Option<u64>, max: u64) -> String {
    match len {
        Some(len) => format!(
            "input is {len} bytes, over the limit of {max} bytes (raise it with --max-bytes)"
        ),
        None => {
            format!("input is more than {max} bytes, over the limit (raise it with --max-bytes)")
        }
    }
}

fn read_limited(path: &Path, max_bytes: u64) -> Result<Vec<u8>, String> {
    let file = fs::File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    let mut bytes = Vec::new();
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() as u64 > max_bytes {
        // Devices and pipes report no length: say "more than" rather than a wrong number.
        let len = fs::metadata(path)
            .ok()
            .filter(|m| m.is_file() && m.len() > max_bytes)
            .map(|m| m.len());
        return Err(too_large(len, max_bytes));
    }
    Ok(bytes)
}

/// The id of a file named on the command line: its name without its last extension.
pub fn file_id(path: &Path) -> String {
    let name = path
        .file_name()
        .map_or_else(|| escape_os(path.as_os_str()), escape_os);
    strip_extension(name)
}

/// The id of a file found in a folder walk: its path relative to the folder, `/`-separated,
/// without the file's last extension (`2023/story` for `in/2023/story.txt`), so files of the
/// same name in different sub-folders keep apart.
pub fn relative_id(relative: &Path) -> String {
    let parts: Vec<String> = relative
        .components()
        .map(|c| escape_os(c.as_os_str()))
        .collect();
    strip_extension(parts.join("/"))
}

fn strip_extension(name: String) -> String {
    let base = name.rfind('/').map_or(0, |p| p + 1);
    match name[base..].rfind('.') {
        Some(dot) if dot > 0 => name[..base + dot].to_owned(),
        _ => name,
    }
}

/// A file name as text; bytes that are not UTF-8 become `%XX`, so two such names keep two
/// different ids.
fn escape_os(name: &std::ffi::OsStr) -> String {
    #[cfg(unix)]
    {
        use std::fmt::Write;
        use std::os::unix::ffi::OsStrExt;
        let mut out = String::new();
        for chunk in name.as_bytes().utf8_chunks() {
            out.push_str(chunk.valid());
            for b in chunk.invalid() {
                let _ = write!(out, "%{b:02X}");
            }
        }
        out
    }
    #[cfg(not(unix))]
    {
        name.to_string_lossy().into_owned()
    }
}

/// Decodes raw bytes: a UTF-8 BOM is dropped; UTF-16 with a BOM is decoded, and so is UTF-16
/// without one when its zero bytes give it away (with a warning); other NUL bytes mean a binary
/// file; bytes that are not UTF-8 are read as Windows-1252 (with a warning).
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
        if let Some(encoding) = utf16_without_bom(&bytes) {
            let (text, _) = encoding.decode_without_bom_handling(&bytes);
            if !text.contains('\0') {
                return Ok((
                    text.into_owned(),
                    Some(format!(
                        "input has no byte order mark; decoded as {}",
                        encoding.name()
                    )),
                ));
            }
        }
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

/// UTF-16 without a byte order mark: text in Latin script has a zero byte in most code units,
/// always on the same side (odd offsets: little endian), and almost never on the other.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    if bytes.len() < 4 || bytes.len() % 2 != 0 {
        return None;
    }
    let units = bytes.len() / 2;
    let zeros = |side: usize| {
        bytes
            .iter()
            .skip(side)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (zeros(0), zeros(1));
    let mostly = |n: usize| n * 10 >= units * 3;
    let hardly = |n: usize| n * 50 <= units;
    if mostly(odd) && hardly(even) {
        Some(encoding_rs::UTF_16LE)
    } else if mostly(even) && hardly(odd) {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
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

/// The document of one JSONL record (`{"id", "text", …}`; other fields go to `meta`), read
/// from `source` (`path:line`). Embedders (the Python module) feed their records through here
/// too, so they get exactly the CLI's documents and errors.
pub fn record_document(source: &str, line: &[u8]) -> Result<Document, LoadError> {
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
        // Whole numbers only: a larger one was already rounded by the JSON parser.
        Some(serde_json::Value::Number(n)) if n.is_u64() || n.is_i64() => n.to_string(),
        Some(serde_json::Value::Number(_)) => {
            return Err(fail(
                source.to_owned(),
                "`id` is a number that cannot be kept exactly (not a whole number, or beyond 64 \
                 bits); give it as a string"
                    .into(),
            ));
        }
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
    // A field named like a `meta` field fills it (and stages keep what the input set), so the
    // output never has two keys of the same name.
    let mut known = serde_json::Map::new();
    for key in META_FIELDS {
        if let Some(v) = map.remove(key).filter(|v| !v.is_null()) {
            known.insert(key.to_owned(), v);
        }
    }
    if !known.is_empty() {
        let mut meta = serde_json::to_value(&doc.meta).unwrap_or_default();
        if let Some(m) = meta.as_object_mut() {
            m.extend(known.clone());
        }
        doc.meta = serde_json::from_value(meta).map_err(|_| {
            let names: Vec<_> = known.keys().map(|k| format!("`{k}`")).collect();
            fail(
                doc.id.clone(),
                format!(
                    "{} must have the type of the meta field of that name (title, date, \
                     publisher, contributors_line, language: a string; authors, captions: an \
                     array of strings; dateline: {{\"place\", \"agency\"}})",
                    names.join(", ")
                ),
            )
        })?;
    }
    doc.meta.extra = map;
    if doc.body.trim().is_empty() {
        doc.warn("input", "empty input");
    }
    Ok(doc)
}

/// The typed fields of `meta` a JSONL record may set.
const META_FIELDS: [&str; 8] = [
    "title",
    "date",
    "authors",
    "publisher",
    "dateline",
    "captions",
    "contributors_line",
    "language",
];

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
///
/// A folder walk takes regular files whose name matches the glob; it does not follow
/// symlinks (to files or folders: they could lead out of the tree) and skips FIFOs, sockets
/// and devices (reading one could block forever), reporting each as [`Job::Skipped`]. A file
/// or stream named on the command line is read whatever it is.
#[derive(Debug)]
pub struct Inputs {
    args: VecDeque<String>,
    glob: Glob,
    format: InputFormat,
    max_bytes: u64,
    /// Open folder walks, innermost last: (the argument's root, entries left, sorted).
    stack: Vec<(Arc<Path>, VecDeque<fs::DirEntry>)>,
    lines: Option<Lines>,
    warc: Option<WarcStream>,
    skipped: Arc<AtomicU64>,
    pending: VecDeque<Job>,
}

/// An open JSONL stream: its name, reader and the number of lines read.
struct Lines(Arc<str>, Box<dyn BufRead>, u64);

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

    /// The records of one JSONL stream read from `reader` (named `name` in sources), as
    /// `--input-format jsonl` reads a file: for embedding (a binding, a fuzzer).
    pub fn jsonl_stream(name: &str, reader: Box<dyn BufRead>, max_bytes: u64) -> Self {
        let mut inputs = Inputs::new(Vec::new(), Glob::new("*"), InputFormat::Jsonl, max_bytes);
        inputs.lines = Some(Lines(name.into(), reader, 0));
        inputs
    }

    /// The count of WARC records skipped because they are not HTML responses (it grows as
    /// the inputs are read).
    pub fn skipped(&self) -> Arc<AtomicU64> {
        Arc::clone(&self.skipped)
    }

    /// Starts one input file with the document id `id`, as the input format reads it (HTML
    /// and WARC files are known by their names when the format is `text`). A new input format
    /// adds its arm here (and a variant to [`InputFormat`]).
    fn open_file(&mut self, path: PathBuf, id: String) {
        let format = match (self.format, html_input::kind(&path)) {
            (InputFormat::Text, Kind::Html) => InputFormat::Html,
            (InputFormat::Text, Kind::Warc) => InputFormat::Warc,
            (f, _) => f,
        };
        match format {
            InputFormat::Text => self.pending.push_back(Job::File { path, id }),
            InputFormat::Html => self.pending.push_back(Job::Html(HtmlJob::File {
                id: html_input::page_id(id),
                path,
            })),
            InputFormat::Warc => match WarcStream::open(&path, self.max_bytes, self.skipped()) {
                Ok(w) => self.warc = Some(w),
                Err(e) => self.pending.push_back(unreadable(&path, id, e)),
            },
            InputFormat::Jsonl => match fs::File::open(&path) {
                Ok(f) => {
                    self.lines = Some(Lines(
                        path.display().to_string().into(),
                        Box::new(io::BufReader::with_capacity(1 << 16, f)),
                        0,
                    ))
                }
                Err(e) => self.pending.push_back(unreadable(&path, id, e)),
            },
        }
    }

    /// The next record of the open JSONL stream; blank lines are skipped (their numbers
    /// still count).
    fn next_line(&mut self) -> Option<Job> {
        let max = self.max_bytes;
        let Lines(stream, reader, n) = self.lines.as_mut()?;
        loop {
            let mut line = Vec::new();
            // Read at most the limit (+ a line break) so a huge line cannot exhaust memory.
            let read = reader
                .by_ref()
                .take(max.saturating_add(2))
                .read_until(b'\n', &mut line);
            match read {
                Ok(0) => {
                    self.lines = None;
                    return None;
                }
                Ok(_) => {
                    *n += 1;
                    let ended = line.last() == Some(&b'\n');
                    while matches!(line.last(), Some(b'\n' | b'\r')) {
                        line.pop();
                    }
                    if !ended && line.len() as u64 > max {
                        skip_line(reader);
                    }
                    let source = format!("{stream}:{n}");
                    if line.len() as u64 > max {
                        return Some(Job::Failed {
                            id: source.clone(),
                            source,
                            error: format!(
                                "record is over the limit of {max} bytes (raise it with --max-bytes)"
                            ),
                            unreadable: false,
                        });
                    }
                    if line.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    return Some(Job::Record {
                        stream: Arc::clone(stream),
                        line: *n,
                        bytes: line,
                    });
                }
                Err(e) => {
                    let source = stream.to_string();
                    self.lines = None;
                    return Some(Job::Failed {
                        id: source.clone(),
                        source,
                        error: format!("cannot read: {e}"),
                        unreadable: true,
                    });
                }
            }
        }
    }

    /// Opens a folder of the walk that started at `root`.
    fn push_dir(&mut self, root: Arc<Path>, dir: &Path) -> Result<(), String> {
        let mut entries = Vec::new();
        for entry in fs::read_dir(dir).map_err(|e| format!("cannot read folder: {e}"))? {
            entries.push(entry.map_err(|e| format!("cannot read folder: {e}"))?);
        }
        entries.sort_by_key(fs::DirEntry::file_name);
        self.stack.push((root, entries.into()));
        Ok(())
    }

    /// One entry of a folder walk.
    fn walk_entry(&mut self, root: Arc<Path>, entry: fs::DirEntry) -> Option<Job> {
        let path = entry.path();
        let source = path.display().to_string();
        let relative = path.strip_prefix(&root).unwrap_or(&path).to_owned();
        let kind = match entry.file_type() {
            Ok(k) => k,
            Err(e) => return Some(unreadable(&path, relative_id(&relative), e)),
        };
        if kind.is_dir() {
            return self.push_dir(root, &path).err().map(|error| Job::Failed {
                id: relative_id(&relative),
                source,
                error,
                unreadable: true,
            });
        }
        let matches = self.glob.matches(&escape_os(&entry.file_name()));
        if kind.is_symlink() {
            let to_dir = fs::metadata(&path).is_ok_and(|m| m.is_dir());
            return (matches || to_dir).then(|| Job::Skipped {
                source,
                reason: "a symlink; not followed inside a folder (name it as an input to read it)"
                    .into(),
            });
        }
        if !matches {
            return None;
        }
        if !kind.is_file() {
            return Some(Job::Skipped {
                source,
                reason: "not a regular file (a FIFO, socket or device); skipped".into(),
            });
        }
        self.open_file(path, relative_id(&relative));
        None
    }

    /// One command-line argument.
    fn start_arg(&mut self, arg: String) -> Option<Job> {
        if arg == "-" {
            return match self.format {
                InputFormat::Jsonl => {
                    self.lines = Some(Lines("-".into(), Box::new(io::stdin().lock()), 0));
                    None
                }
                InputFormat::Warc => {
                    match WarcStream::from_reader(
                        "-".into(),
                        io::stdin(),
                        self.max_bytes,
                        self.skipped(),
                    ) {
                        Ok(w) => {
                            self.warc = Some(w);
                            None
                        }
                        Err(e) => Some(Job::Failed {
                            id: "stdin".into(),
                            source: "-".into(),
                            error: format!("cannot read stdin: {e}"),
                            unreadable: true,
                        }),
                    }
                }
                InputFormat::Text | InputFormat::Html => {
                    let html = self.format == InputFormat::Html;
                    let mut bytes = Vec::new();
                    let read = io::stdin()
                        .lock()
                        .take(self.max_bytes.saturating_add(1))
                        .read_to_end(&mut bytes);
                    Some(match read {
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
                            unreadable: true,
                        },
                    })
                }
            };
        }
        let path = PathBuf::from(&arg);
        match fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => {
                let root: Arc<Path> = path.clone().into();
                self.push_dir(root, &path).err().map(|error| Job::Failed {
                    id: file_id(&path),
                    source: arg,
                    error,
                    unreadable: true,
                })
            }
            Ok(_) => {
                let id = file_id(&path);
                self.open_file(path, id);
                None
            }
            Err(e) => Some(Job::Failed {
                id: file_id(&path),
                source: arg,
                error: if e.kind() == io::ErrorKind::NotFound {
                    "no such file or folder".into()
                } else {
                    format!("cannot read: {e}")
                },
                unreadable: true,
            }),
        }
    }
}

fn unreadable(path: &Path, id: String, e: io::Error) -> Job {
    Job::Failed {
        id,
        source: path.display().to_string(),
        error: format!("cannot read: {e}"),
        unreadable: true,
    }
}

/// Skips the rest of an overlong line, reading at most 1 MiB at a time.
fn skip_line(reader: &mut Box<dyn BufRead>) {
    let mut sink = Vec::new();
    loop {
        sink.clear();
        match reader.by_ref().take(1 << 20).read_until(b'\n', &mut sink) {
            Ok(0) | Err(_) => break,
            Ok(_) if sink.last() == Some(&b'\n') => break,
            Ok(_) => {}
        }
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
            if let Some((root, entries)) = self.stack.last_mut() {
                let root = Arc::clone(root);
                let Some(entry) = entries.pop_front() else {
                    self.stack.pop();
                    continue;
                };
                if let Some(job) = self.walk_entry(root, entry) {
                    return Some(job);
                }
                continue;
            }
            let arg = self.args.pop_front()?;
            if let Some(job) = self.start_arg(arg) {
                return Some(job);
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
        assert_eq!(relative_id(Path::new("2023/story.txt")), "2023/story");
        assert_eq!(relative_id(Path::new("a.b/story")), "a.b/story");
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
