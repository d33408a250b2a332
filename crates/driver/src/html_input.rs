//! HTML and WARC inputs: which files are HTML, their ids, and the jobs that turn a page (from
//! a file, a JSONL record's `"html"` field or a WARC `response` record) into a document whose
//! body is the article ([`copydesk_html`]).

use std::fs;
use std::io::{self, BufRead, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use copydesk_core::Document;
use copydesk_html::warc::{self, WarcReader};

use crate::input::{Job, LoadError};

/// What a file holds, by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Copied page text.
    Text,
    /// An HTML page (`.html`, `.htm`, `.xhtml`, or one of those `.gz`).
    Html,
    /// A WARC archive (`.warc`, `.warc.gz`).
    Warc,
}

/// The kind of a file from its name.
pub fn kind(path: &Path) -> Kind {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    if name.ends_with(".warc") {
        Kind::Warc
    } else if [".html", ".htm", ".xhtml"]
        .iter()
        .any(|e| name.ends_with(e))
    {
        Kind::Html
    } else {
        Kind::Text
    }
}

/// The id of an HTML file from the id the input rules give a file (its name, or its path in
/// the folder, without the last extension): a page extension left under `.gz` goes too
/// (`a.html.gz` → `a.html` → `a`).
pub fn page_id(id: String) -> String {
    for ext in [".html", ".htm", ".xhtml"] {
        if let Some(stem) = id.strip_suffix(ext)
            && !stem.is_empty()
            && !stem.ends_with('/')
        {
            return stem.to_owned();
        }
    }
    id
}

/// An HTML page to extract, on a worker thread.
#[derive(Debug)]
pub enum HtmlJob {
    /// An HTML file (gzip if it starts with the gzip magic).
    File {
        /// The file.
        path: PathBuf,
        /// Its document id (see [`page_id`]).
        id: String,
    },
    /// A page from a WARC record or a JSONL record.
    Page {
        /// Document id.
        id: String,
        /// Where from.
        source: String,
        /// The raw page.
        bytes: Vec<u8>,
        /// The HTTP `Content-Type`, for the charset.
        content_type: Option<String>,
        /// Extra `meta` fields (`url`, `fetched`, a JSONL record's other keys).
        extra: serde_json::Map<String, serde_json::Value>,
    },
}

impl HtmlJob {
    /// Input size in bytes, as far as known without reading.
    pub fn len_hint(&self) -> u64 {
        match self {
            HtmlJob::File { path, .. } => fs::metadata(path).map_or(0, |m| m.len()),
            HtmlJob::Page { bytes, .. } => bytes.len() as u64,
        }
    }

    /// Where the page comes from (a path, or a WARC/JSONL source).
    pub fn source(&self) -> String {
        match self {
            HtmlJob::File { path, .. } => path.display().to_string(),
            HtmlJob::Page { source, .. } => source.clone(),
        }
    }

    /// Reads, decodes and extracts the page.
    pub fn load(self, max_bytes: u64) -> Result<Document, LoadError> {
        let (id, source, bytes, content_type, extra) = match self {
            HtmlJob::File { path, id } => {
                let source = path.display().to_string();
                match read_maybe_gz(&path, max_bytes) {
                    Ok(b) => (id, source, b, None, serde_json::Map::new()),
                    Err(error) => {
                        return Err(LoadError {
                            id,
                            source,
                            error,
                            unreadable: false,
                        });
                    }
                }
            }
            HtmlJob::Page {
                id,
                source,
                bytes,
                content_type,
                extra,
            } => (id, source, bytes, content_type, extra),
        };
        Ok(page_document(
            id,
            source,
            &bytes,
            content_type.as_deref(),
            extra,
        ))
    }
}

/// The document of one HTML page.
pub fn page_document(
    id: String,
    source: String,
    bytes: &[u8],
    content_type: Option<&str>,
    extra: serde_json::Map<String, serde_json::Value>,
) -> Document {
    let (html, warning) = copydesk_html::decode_html(bytes, content_type);
    let article = copydesk_html::extract(&html);
    let mut doc = article.into_document(id, source, html);
    for (k, v) in extra {
        doc.meta.extra.insert(k, v);
    }
    if let Some(w) = warning {
        doc.warn("input", w);
    }
    doc
}

fn read_maybe_gz(path: &Path, max_bytes: u64) -> Result<Vec<u8>, String> {
    let file = fs::File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    let mut r = io::BufReader::new(file);
    let gz = r
        .fill_buf()
        .map_err(|e| format!("cannot read: {e}"))?
        .starts_with(&[0x1f, 0x8b]);
    let mut bytes = Vec::new();
    let read = if gz {
        flate2::read::MultiGzDecoder::new(r)
            .take(max_bytes + 1)
            .read_to_end(&mut bytes)
    } else {
        r.take(max_bytes + 1).read_to_end(&mut bytes)
    };
    read.map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() as u64 > max_bytes {
        return Err(format!(
            "input is over the limit of {max_bytes} bytes (raise it with --max-bytes)"
        ));
    }
    Ok(bytes)
}

/// An open WARC file, read record by record on the reading thread.
pub struct WarcStream {
    source: String,
    reader: WarcReader<Box<dyn BufRead>>,
    max_bytes: u64,
    skipped: Arc<AtomicU64>,
}

impl std::fmt::Debug for WarcStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "WarcStream({})", self.source)
    }
}

impl WarcStream {
    /// Opens a WARC file (gzip or not, by its first bytes); non-HTML records are counted in
    /// `skipped`.
    pub fn open(path: &Path, max_bytes: u64, skipped: Arc<AtomicU64>) -> io::Result<WarcStream> {
        let file = fs::File::open(path)?;
        WarcStream::from_reader(path.display().to_string(), file, max_bytes, skipped)
    }

    /// A WARC stream from any reader (stdin).
    pub fn from_reader(
        source: String,
        r: impl Read + 'static,
        max_bytes: u64,
        skipped: Arc<AtomicU64>,
    ) -> io::Result<WarcStream> {
        let mut r = io::BufReader::with_capacity(1 << 16, r);
        let gz = r.fill_buf()?.starts_with(&[0x1f, 0x8b]);
        let reader: Box<dyn BufRead> = if gz {
            Box::new(io::BufReader::with_capacity(
                1 << 16,
                flate2::read::MultiGzDecoder::new(r),
            ))
        } else {
            Box::new(r)
        };
        Ok(WarcStream {
            source,
            reader: WarcReader::new(reader, max_bytes),
            max_bytes,
            skipped,
        })
    }

    /// The next HTML page or failed record; `None` at the end of the file.
    pub fn next_job(&mut self) -> Option<Job> {
        loop {
            let record = match self.reader.next()? {
                Ok(r) => r,
                Err(e) => {
                    let source = format!("{}@{}", self.source, offset_of(&e));
                    return Some(Job::Failed {
                        id: e.record_id().map_or_else(|| source.clone(), str::to_owned),
                        source,
                        error: e.to_string(),
                        unreadable: false,
                    });
                }
            };
            let source = format!("{}@{}", self.source, record.offset);
            let id = record.record_id.clone().unwrap_or_else(|| source.clone());
            if record.warc_type != "response" {
                self.skipped.fetch_add(1, Ordering::Relaxed);
                continue;
            }
            let http = match warc::parse_http(&record.block, self.max_bytes) {
                Ok(h) => h,
                Err(error) => {
                    return Some(Job::Failed {
                        id,
                        source,
                        error,
                        unreadable: false,
                    });
                }
            };
            if !http.is_html() {
                self.skipped.fetch_add(1, Ordering::Relaxed);
                continue;
            }
            let mut extra = serde_json::Map::new();
            if let Some(u) = record.target_uri {
                extra.insert("url".into(), u.into());
            }
            if let Some(d) = record.date {
                extra.insert("fetched".into(), d.into());
            }
            return Some(Job::Html(HtmlJob::Page {
                id,
                source,
                bytes: http.body,
                content_type: http.content_type,
                extra,
            }));
        }
    }
}

fn offset_of(e: &warc::WarcError) -> String {
    match e {
        warc::WarcError::Corrupt { offset, .. }
        | warc::WarcError::Truncated { offset, .. }
        | warc::WarcError::TooLarge { offset, .. } => offset.to_string(),
        warc::WarcError::Io(_) => "end".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_ids() {
        assert_eq!(kind(Path::new("a.html.gz")), Kind::Html);
        assert_eq!(kind(Path::new("A.HTM")), Kind::Html);
        assert_eq!(kind(Path::new("x.warc.gz")), Kind::Warc);
        assert_eq!(kind(Path::new("x.txt")), Kind::Text);
        assert_eq!(kind(Path::new("x.txt.gz")), Kind::Text);
        assert_eq!(
            page_id(crate::input::file_id(Path::new("d/a.html.gz"))),
            "a"
        );
        assert_eq!(
            page_id(crate::input::file_id(Path::new("d/a.b.htm"))),
            "a.b"
        );
        assert_eq!(page_id("2023/story.html".into()), "2023/story");
    }
}
