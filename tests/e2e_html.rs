//! HTML and WARC input through the real binary (issue 15): HTML files and their `.gz` forms,
//! JSONL records with `"html"`, and a WARC archive with HTML, non-HTML and a truncated record.
//! Every input is generated here.

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output};

fn copydesk(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(args)
        .output()
        .expect("copydesk runs")
}

fn config() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../config/strip.toml")
        .display()
        .to_string()
}

fn docs(o: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect()
}

fn page(title: &str, town: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title>\
         <meta property=\"og:site_name\" content=\"County Ledger\"></head><body>\
         <nav><a href=\"/\">Home</a> <a href=\"/news\">News</a> <a href=\"/sport\">Sport</a></nav>\
         <article><h1>{title}</h1>\
         <p>The council of {town} voted on Wednesday to rebuild the old market hall, which has stood \
         empty since a fire damaged its roof two winters ago, and to open it again next summer.</p>\
         <p>Traders in {town} said the decision came as a relief, because the temporary stalls in the \
         car park had cost them customers on rainy days throughout the year.</p>\
         <p>The work will be paid for from the town's reserves and a grant from the regional \
         government, the council's treasurer told the meeting.</p></article>\
         <footer><a href=\"/about\">About</a> <a href=\"/privacy\">Privacy policy</a></footer>\
         </body></html>"
    )
}

fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn record(kind: &str, id: &str, uri: &str, block: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{id}>\r\n\
         WARC-Target-URI: {uri}\r\nWARC-Date: 2025-03-01T10:00:00Z\r\n\
         Content-Type: application/http; msgtype={kind}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    r.extend_from_slice(block);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

fn response(content_type: &str, body: &str) -> Vec<u8> {
    format!("HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n{body}", body.len())
        .into_bytes()
}

#[test]
fn warc_with_html_non_html_and_a_truncated_record() {
    let dir = tempfile::tempdir().unwrap();
    let mut warc = Vec::new();
    // One gzip member per record, as Common Crawl writes them.
    for r in [
        record("warcinfo", "info", "", b"software: test"),
        record("request", "req1", "https://ledger.example/a", b"GET /a HTTP/1.1\r\n\r\n"),
        record(
            "response",
            "a1",
            "https://ledger.example/a",
            &response("text/html; charset=utf-8", &page("Market hall to reopen", "Brookfield")),
        ),
        record("response", "img", "https://ledger.example/x.png", &response("image/png", "PNG")),
        record(
            "response",
            "b2",
            "https://ledger.example/b",
            &response("text/html", &page("Hall plan approved", "Eastmoor")),
        ),
    ] {
        warc.extend(gz(&r));
    }
    let last = gz(&record(
        "response",
        "cut",
        "https://ledger.example/c",
        &response("text/html", &page("Cut short", "Westvale")),
    ));
    warc.extend_from_slice(&last[..last.len() / 2]);
    let path = dir.path().join("crawl.warc.gz");
    fs::write(&path, &warc).unwrap();

    let o = copydesk(&["run", "--config", &config(), path.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr);
    // A failed record makes the exit code 1 (README), after every other record is written.
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("3 WARC records skipped"), "{err}");
    assert!(err.contains("truncated WARC record") || err.contains("cannot read WARC"), "{err}");
    let out = docs(&o);
    assert_eq!(out.len(), 3, "{out:?}");
    assert_eq!(out[0]["id"], "urn:uuid:a1");
    assert_eq!(out[0]["meta"]["url"], "https://ledger.example/a");
    assert_eq!(out[0]["meta"]["fetched"], "2025-03-01T10:00:00Z");
    assert_eq!(out[0]["meta"]["title"], "Market hall to reopen");
    assert_eq!(out[0]["meta"]["publisher"], "County Ledger");
    let body = out[0]["body"].as_str().unwrap();
    assert!(body.starts_with("The council of Brookfield voted"), "{body}");
    assert!(!body.contains("Privacy"), "{body}");
    assert_eq!(out[1]["meta"]["url"], "https://ledger.example/b");
    assert!(out[1]["body"].as_str().unwrap().contains("Eastmoor"));
    assert!(out[2]["error"].is_string(), "{:?}", out[2]);
}

#[test]
fn html_files_and_jsonl_records() {
    let dir = tempfile::tempdir().unwrap();
    let html = page("Market hall to reopen", "Brookfield");
    fs::write(dir.path().join("a.html.gz"), gz(html.as_bytes())).unwrap();
    fs::write(dir.path().join("b.htm"), &html).unwrap();
    let o = copydesk(&["run", "--config", &config(), "--glob", "*.htm,*.html.gz", dir.path().to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = docs(&o);
    assert_eq!(out.len(), 2);
    assert_eq!(out[0]["id"], "a");
    assert_eq!(out[1]["id"], "b");
    for d in &out {
        assert!(d["body"].as_str().unwrap().starts_with("The council of Brookfield"), "{d}");
        assert_eq!(d["meta"]["language"], "en");
    }

    let rec = serde_json::json!({"id": "r1", "html": html, "url": "https://ledger.example/a"});
    let jl = dir.path().join("pages.jsonl");
    fs::write(&jl, format!("{rec}\n")).unwrap();
    let o = copydesk(&["run", "--config", &config(), "--input-format", "jsonl", jl.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = docs(&o);
    assert_eq!(out[0]["id"], "r1");
    assert_eq!(out[0]["meta"]["url"], "https://ledger.example/a");
    assert!(out[0]["body"].as_str().unwrap().contains("market hall"));

    // --input-format html forces a file with another name to be read as HTML.
    let odd = dir.path().join("page.dat");
    fs::write(&odd, &html).unwrap();
    let o = copydesk(&["run", "--config", &config(), "--input-format", "html", odd.to_str().unwrap()]);
    assert!(docs(&o)[0]["body"].as_str().unwrap().starts_with("The council"));
}
