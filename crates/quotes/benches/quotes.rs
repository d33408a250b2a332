//! Throughput of `extract_quotes` alone (tokens, sentences and paragraphs given).
//!
//! - `real_bodies`: the article bodies of `../shared/data/pages/dev` (`*.body.txt`, tokenized
//!   once by `copydesk-tokenize` before timing), one document each, as a batch;
//! - `baseline_char_scan`: the same bodies scanned once for quotation-mark characters, a
//!   floor measured in the same run so that days on a shared machine compare as ratios;
//! - `extract_quotes` (second, labelled case): generated news-like text of 64 KiB and 1 MiB.

#[path = "../src/testutil.rs"]
mod testutil;

use copydesk_core::{Configure, Document, Stage};
use copydesk_quotes::{ExtractQuotes, ExtractQuotesOptions};
use copydesk_tokenize::{Tokenize, TokenizeOptions};
use divan::counter::BytesCount;

fn main() {
    divan::main();
}

const PARAGRAPHS: &[&str] = &[
    "WELLINGTON (Wire) — Officials from both countries met Monday for talks on fishing rights, the first such meeting in three years.",
    "“We came here with a clear position and we expect progress,” Deputy Minister Karl Jensen told reporters after the session. “Nobody wants another summer of disputes.”",
    "Jensen said the two delegations would meet again in March, and that a draft agreement could be ready by the autumn.",
    "The ministry said in a statement that it “welcomed the constructive tone” of the talks, according to the state broadcaster.",
    "Trade Secretary Helen Moss, who leads the other delegation, was more cautious. “It’s far too early to talk about a deal,” she said.",
    "Analysts say the fleet’s catch has fallen by a third since the ’90s, and many boats don’t leave port in winter.",
    "The meeting is part of the “Blue Waters” dialogue launched two years ago, the newspaper reported.",
];

fn document(target_bytes: usize) -> Document {
    let mut text = String::new();
    let mut i = 0;
    while text.len() < target_bytes {
        text.push_str(PARAGRAPHS[i % PARAGRAPHS.len()]);
        text.push_str("\n\n");
        i += 1;
    }
    testutil::doc(&text)
}

#[divan::bench(args = [64 * 1024, 1024 * 1024])]
fn extract_quotes(bencher: divan::Bencher, size: usize) {
    let stage = ExtractQuotes::configure(ExtractQuotesOptions::default()).expect("defaults");
    let doc = document(size);
    let bytes = doc.body.len();
    bencher
        .counter(BytesCount::new(bytes))
        .with_inputs(|| doc.clone())
        .bench_local_refs(|d| {
            stage.process(d).expect("process");
        });
}

/// The tokenized bodies of `../shared/data/pages/dev` (empty when `../shared` is missing).
fn real_bodies() -> Vec<Document> {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/pages/dev");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("no {}: real-text benches skipped", dir.display());
        return Vec::new();
    };
    let mut paths: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".body.txt"))
        .collect();
    paths.sort();
    let tokenize = Tokenize::configure(TokenizeOptions::default()).expect("tokenize");
    paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .map(|text| {
            let mut doc = Document::new("bench", "-", text);
            tokenize.process(&mut doc).expect("tokenize");
            doc
        })
        .collect()
}

#[divan::bench]
fn real_bodies_extract_quotes(bencher: divan::Bencher) {
    let stage = ExtractQuotes::configure(ExtractQuotesOptions::default()).expect("defaults");
    let docs = real_bodies();
    let bytes: usize = docs.iter().map(|d| d.body.len()).sum();
    bencher
        .counter(BytesCount::new(bytes))
        .with_inputs(|| docs.clone())
        .bench_local_refs(|docs| {
            for d in docs.iter_mut() {
                stage.process(d).expect("process");
            }
        });
}

#[divan::bench]
fn real_bodies_baseline_char_scan(bencher: divan::Bencher) {
    let docs = real_bodies();
    let bytes: usize = docs.iter().map(|d| d.body.len()).sum();
    bencher.counter(BytesCount::new(bytes)).bench_local(|| {
        docs.iter()
            .map(|d| {
                d.body
                    .chars()
                    .filter(|c| matches!(c, '"' | '“' | '”' | '‘' | '’' | '\'' | '«' | '»'))
                    .count()
            })
            .sum::<usize>()
    });
}
