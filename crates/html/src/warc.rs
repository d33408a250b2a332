//! A streaming WARC 1.0/1.1 reader.
//!
//! Why our own rather than the `warc` crate (0.4): that crate decompresses with `libflate`
//! (we already use `flate2`), keeps no bound on a record's size, and its iterator cannot go on
//! past a bad record. This one is small, reads any `BufRead` (a `MultiGzDecoder` for
//! `.warc.gz`, one gzip member per record as Common Crawl writes them), holds one record at a
//! time, skips records over a size limit without reading them into memory, reports a bad
//! header as an error for that record and resynchronises on the next `WARC/` line, and ends
//! with an error when the input stops inside a record. It is fuzzed (`fuzz/fuzz_targets/warc.rs`).

use std::fmt;
use std::io::{self, BufRead, Read};

/// Longest header line read; a longer one is a corrupt record.
const MAX_LINE: u64 = 64 * 1024;
/// Most header lines per record.
const MAX_HEADERS: usize = 256;

/// One WARC record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Record {
    /// `WARC-Type` (`response`, `request`, `metadata` …), lowercase.
    pub warc_type: String,
    /// `WARC-Record-ID` without its angle brackets.
    pub record_id: Option<String>,
    /// `WARC-Target-URI`.
    pub target_uri: Option<String>,
    /// `WARC-Date`.
    pub date: Option<String>,
    /// The record's `Content-Type` (for a response: `application/http; msgtype=response`).
    pub content_type: Option<String>,
    /// The content block (for a response: the HTTP status line, headers and payload).
    pub block: Vec<u8>,
    /// Byte offset of the record in the (decompressed) stream.
    pub offset: u64,
}

/// A record that could not be read.
#[derive(Debug)]
pub enum WarcError {
    /// The header is not a WARC header (no `WARC/` version line, no `Content-Length` …).
    Corrupt {
        /// Offset in the (decompressed) stream.
        offset: u64,
        /// What is wrong.
        reason: String,
    },
    /// The stream ended inside the record.
    Truncated {
        /// Offset of the record.
        offset: u64,
        /// Best-known record id.
        record_id: Option<String>,
    },
    /// The record is larger than the limit; it was skipped.
    TooLarge {
        /// Offset of the record.
        offset: u64,
        /// Best-known record id.
        record_id: Option<String>,
        /// Its `Content-Length`.
        len: u64,
    },
    /// Reading (or decompressing) failed; the rest of the stream is lost.
    Io(io::Error),
}

impl WarcError {
    /// The record id, if the header got that far.
    pub fn record_id(&self) -> Option<&str> {
        match self {
            WarcError::Truncated { record_id, .. } | WarcError::TooLarge { record_id, .. } => {
                record_id.as_deref()
            }
            _ => None,
        }
    }
}

impl fmt::Display for WarcError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WarcError::Corrupt { offset, reason } => {
                write!(f, "corrupt WARC record at byte {offset}: {reason}")
            }
            WarcError::Truncated { offset, .. } => write!(
                f,
                "truncated WARC record at byte {offset}: the file ends inside it"
            ),
            WarcError::TooLarge { offset, len, .. } => write!(
                f,
                "WARC record at byte {offset} is {len} bytes, over the limit (raise it with --max-bytes); skipped"
            ),
            WarcError::Io(e) => write!(f, "cannot read WARC stream: {e}"),
        }
    }
}

impl std::error::Error for WarcError {}

/// Reads records one by one from a decompressed WARC stream.
#[derive(Debug)]
pub struct WarcReader<R> {
    r: R,
    pos: u64,
    max_record: u64,
    /// A `WARC/` line found while resynchronising, to be used as the next version line.
    pending: Option<Vec<u8>>,
    done: bool,
}

impl<R: BufRead> WarcReader<R> {
    /// A reader; records whose content is over `max_record` bytes are skipped with an error.
    pub fn new(r: R, max_record: u64) -> Self {
        WarcReader {
            r,
            pos: 0,
            max_record,
            pending: None,
            done: false,
        }
    }

    fn line(&mut self, buf: &mut Vec<u8>) -> io::Result<usize> {
        buf.clear();
        let n = self.r.by_ref().take(MAX_LINE).read_until(b'\n', buf)?;
        self.pos += n as u64;
        Ok(n)
    }

    fn read_record(&mut self) -> Option<Result<Record, WarcError>> {
        let mut line = Vec::new();
        // The version line, after any blank lines between records.
        let start = loop {
            if let Some(p) = self.pending.take() {
                line = p;
                break self.pos - line.len() as u64;
            }
            match self.line(&mut line) {
                Ok(0) => return None,
                Ok(n) if trim(&line).is_empty() => {
                    let _ = n;
                    continue;
                }
                Ok(n) => break self.pos - n as u64,
                Err(e) => return Some(Err(self.fail(e))),
            }
        };
        if !line.starts_with(b"WARC/") {
            let err = WarcError::Corrupt {
                offset: start,
                reason: "no WARC version line".into(),
            };
            return Some(self.resync(err));
        }
        let mut rec = Record {
            offset: start,
            ..Record::default()
        };
        let mut len = None;
        let mut headers = 0;
        loop {
            match self.line(&mut line) {
                Ok(0) => {
                    self.done = true;
                    return Some(Err(WarcError::Truncated {
                        offset: start,
                        record_id: rec.record_id,
                    }));
                }
                Ok(_) => {}
                Err(e) => return Some(Err(self.fail(e))),
            }
            let l = trim(&line);
            if l.is_empty() {
                break;
            }
            headers += 1;
            if headers > MAX_HEADERS || line.last() != Some(&b'\n') {
                let err = WarcError::Corrupt {
                    offset: start,
                    reason: "header too long".into(),
                };
                return Some(self.resync(err));
            }
            let Some(colon) = l.iter().position(|&b| b == b':') else {
                continue; // a continuation or junk line: ignored
            };
            let name = String::from_utf8_lossy(&l[..colon]).to_ascii_lowercase();
            let value = String::from_utf8_lossy(trim(&l[colon + 1..])).into_owned();
            match name.as_str() {
                "warc-type" => rec.warc_type = value.to_ascii_lowercase(),
                "warc-record-id" => {
                    rec.record_id = Some(value.trim_matches(['<', '>']).to_owned());
                }
                "warc-target-uri" => rec.target_uri = Some(value.trim_matches(['<', '>']).into()),
                "warc-date" => rec.date = Some(value),
                "content-type" => rec.content_type = Some(value),
                "content-length" => len = value.parse::<u64>().ok(),
                _ => {}
            }
        }
        let Some(len) = len else {
            let err = WarcError::Corrupt {
                offset: start,
                reason: "no valid Content-Length".into(),
            };
            return Some(self.resync(err));
        };
        if len > self.max_record {
            return Some(
                match io::copy(&mut self.r.by_ref().take(len), &mut io::sink()) {
                    Ok(n) if n == len => {
                        self.pos += n;
                        Err(WarcError::TooLarge {
                            offset: start,
                            record_id: rec.record_id,
                            len,
                        })
                    }
                    Ok(_) => {
                        self.done = true;
                        Err(WarcError::Truncated {
                            offset: start,
                            record_id: rec.record_id,
                        })
                    }
                    Err(e) => Err(self.fail(e)),
                },
            );
        }
        let mut block = Vec::with_capacity(len.min(1 << 20) as usize);
        match self.r.by_ref().take(len).read_to_end(&mut block) {
            Ok(n) if n as u64 == len => {}
            Ok(_) => {
                self.done = true;
                return Some(Err(WarcError::Truncated {
                    offset: start,
                    record_id: rec.record_id,
                }));
            }
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => {
                // A gzip member cut short.
                self.done = true;
                return Some(Err(WarcError::Truncated {
                    offset: start,
                    record_id: rec.record_id,
                }));
            }
            Err(e) => return Some(Err(self.fail(e))),
        }
        self.pos += len;
        rec.block = block;
        Some(Ok(rec))
    }

    fn fail(&mut self, e: io::Error) -> WarcError {
        self.done = true;
        WarcError::Io(e)
    }

    /// Skips to the next line that starts with `WARC/`, keeping it for the next record.
    fn resync(&mut self, err: WarcError) -> Result<Record, WarcError> {
        let mut line = Vec::new();
        loop {
            match self.line(&mut line) {
                Ok(0) => {
                    self.done = true;
                    break;
                }
                Ok(_) if line.starts_with(b"WARC/") => {
                    self.pending = Some(line);
                    break;
                }
                Ok(_) => {}
                Err(_) => {
                    self.done = true;
                    break;
                }
            }
        }
        Err(err)
    }
}

impl<R: BufRead> Iterator for WarcReader<R> {
    type Item = Result<Record, WarcError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let r = self.read_record();
        if r.is_none() {
            self.done = true;
        }
        r
    }
}

fn trim(b: &[u8]) -> &[u8] {
    let s = b
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(b.len());
    let e = b
        .iter()
        .rposition(|c| !c.is_ascii_whitespace())
        .map_or(s, |e| e + 1);
    &b[s..e.max(s)]
}

/// An HTTP response split into what the HTML path needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// The status code (0 when the status line does not parse).
    pub status: u16,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// The payload, de-chunked and decompressed when the headers say so.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// Whether the payload is an HTML page.
    pub fn is_html(&self) -> bool {
        self.content_type.as_deref().is_some_and(|t| {
            let t = t.trim_start().to_ascii_lowercase();
            t.starts_with("text/html") || t.starts_with("application/xhtml")
        })
    }
}

/// Parses the content block of a `response` record. Payloads that do not decompress are an
/// error; `max` bounds a decompressed payload.
pub fn parse_http(block: &[u8], max: u64) -> Result<HttpResponse, String> {
    let end = find(block, b"\r\n\r\n")
        .map(|i| (i, i + 4))
        .or_else(|| find(block, b"\n\n").map(|i| (i, i + 2)))
        .ok_or("HTTP header without an end")?;
    let head = String::from_utf8_lossy(&block[..end.0]);
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let (mut content_type, mut chunked, mut encoding) = (None, false, None);
    for l in lines {
        let Some((name, value)) = l.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "content-type" => content_type = Some(value.to_owned()),
            "transfer-encoding" => chunked = value.to_ascii_lowercase().contains("chunked"),
            "content-encoding" => encoding = Some(value.to_ascii_lowercase()),
            _ => {}
        }
    }
    let mut body = block[end.1..].to_vec();
    if chunked {
        // Crawlers often store the payload already de-chunked but keep the header.
        if let Some(b) = dechunk(&body) {
            body = b;
        }
    }
    match encoding.as_deref() {
        Some("gzip" | "x-gzip") => {
            body = inflate(flate2::read::MultiGzDecoder::new(&body[..]), max)?
        }
        Some("deflate") => body = inflate(flate2::read::ZlibDecoder::new(&body[..]), max)?,
        _ => {}
    }
    Ok(HttpResponse {
        status,
        content_type,
        body,
    })
}

fn inflate(r: impl Read, max: u64) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    r.take(max + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("cannot decompress the HTTP payload: {e}"))?;
    if out.len() as u64 > max {
        return Err("decompressed HTTP payload is over the limit".into());
    }
    Ok(out)
}

fn dechunk(mut b: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(b.len());
    loop {
        let nl = find(b, b"\r\n")?;
        let size = std::str::from_utf8(&b[..nl]).ok()?;
        let size = usize::from_str_radix(size.split(';').next()?.trim(), 16).ok()?;
        b = &b[nl + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(b.get(..size)?);
        b = b.get(size..)?;
        b = b.strip_prefix(b"\r\n").unwrap_or(b);
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: &str, id: &str, block: &str) -> String {
        format!(
            "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{id}>\r\n\
             WARC-Target-URI: https://example.org/{id}\r\nWARC-Date: 2024-01-02T03:04:05Z\r\n\
             Content-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{block}\r\n\r\n",
            block.len()
        )
    }

    #[test]
    fn reads_records_and_survives_bad_ones() {
        let http = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>hi</p>";
        let mut s = record("warcinfo", "0", "software: x");
        s += &record("response", "1", http);
        s += "garbage line\r\n\r\n";
        s += &record("response", "2", http);
        let cut = record("response", "3", http);
        s += &cut[..cut.len() - 12];
        let got: Vec<_> = WarcReader::new(s.as_bytes(), 1 << 20).collect();
        assert_eq!(got.len(), 5);
        let r1 = got[1].as_ref().unwrap();
        assert_eq!(r1.record_id.as_deref(), Some("urn:uuid:1"));
        assert_eq!(r1.target_uri.as_deref(), Some("https://example.org/1"));
        let h = parse_http(&r1.block, 1 << 20).unwrap();
        assert!(h.is_html());
        assert_eq!(h.body, b"<p>hi</p>");
        assert!(matches!(got[2], Err(WarcError::Corrupt { .. })));
        assert!(got[3].is_ok());
        assert!(matches!(got[4], Err(WarcError::Truncated { .. })));
    }

    #[test]
    fn large_records_are_skipped() {
        let mut s = record("response", "1", &"x".repeat(100));
        s += &record("response", "2", "HTTP/1.1 200 OK\r\n\r\n");
        let got: Vec<_> = WarcReader::new(s.as_bytes(), 50).collect();
        assert!(matches!(got[0], Err(WarcError::TooLarge { len: 100, .. })));
        assert_eq!(
            got[1].as_ref().unwrap().record_id.as_deref(),
            Some("urn:uuid:2")
        );
    }

    #[test]
    fn chunked_and_gzip_payloads() {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(b"<p>zipped</p>").unwrap();
        let mut block =
            b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Type: text/html\r\n\r\n"
                .to_vec();
        block.extend(gz.finish().unwrap());
        assert_eq!(parse_http(&block, 1000).unwrap().body, b"<p>zipped</p>");
        let chunked = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n";
        assert_eq!(parse_http(chunked, 1000).unwrap().body, b"abcde");
        assert!(parse_http(b"no header end", 10).is_err());
    }
}
