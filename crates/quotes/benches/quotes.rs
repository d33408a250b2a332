//! Throughput of `extract_quotes` alone (tokens, sentences and paragraphs given), on
//! generated news-like text.

#[path = "../src/testutil.rs"]
mod testutil;

use copydesk_core::{Configure, Document, Stage};
use copydesk_quotes::{ExtractQuotes, ExtractQuotesOptions};
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
