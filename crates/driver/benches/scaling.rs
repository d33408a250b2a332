//! Linear-time check of every stage of the default pipeline (issue 8): each stage runs on a
//! document of 1×, 2×, 4× and 8× a base size, for ordinary news text and for adversarial text
//! (a million-quote-mark style flood, unbalanced marks, punctuation runs, one huge line).
//! Doubling the size should roughly double the time; `scripts/bench-scaling.sh` turns divan's
//! table into ratios.
//!
//! Each stage gets the document as the stages before it left it, so its required layers exist.

use copydesk::config::{self, DEFAULT_PIPELINE};
use copydesk_core::Document;

fn main() {
    divan::main();
}

const BASE_BYTES: usize = 64 * 1024;

fn ordinary(times: usize) -> String {
    let para = "GENEVA (AP) — Senior U.S. and Russian officials met on Monday, Jan. 10, for talks. \
        “It’s very hard to see that happening,” Antony Blinken said on ABC’s “This Week.” \
        NATO Secretary-General Jens Stoltenberg said the alliance would not compromise, and \
        Russia’s Sergei Ryabkov told reporters that 100,000 troops were “not a threat.”\n\n";
    para.repeat(BASE_BYTES * times / para.len() + 1)
}

fn adversarial(times: usize) -> String {
    let unit = "“a” “ ‘b “c ’ \"d\" '' `` «e» „f“ ... !!! ??? —— said he said, ";
    let mut s = unit.repeat(BASE_BYTES * times / unit.len() + 1);
    s.push_str(&"x".repeat(1000));
    s
}

/// The document stage `stage` receives: the text as body, with the layers of the stages before
/// it, except boilerplate stripping (so every stage sees the whole text, adversarial or not).
fn prepared(pipeline: &config::Pipeline, stage: usize, text: String) -> Document {
    let mut doc = Document::new("bench", "bench", text);
    for entry in &pipeline.stages[..stage] {
        if entry.kind.name != "strip_boilerplate" {
            entry.stage.process(&mut doc).expect("stage runs");
        }
    }
    doc
}

fn bench_stage(bencher: divan::Bencher, stage: usize, text: String) {
    let pipeline = config::load("default.toml", DEFAULT_PIPELINE, None).expect("default pipeline");
    let doc = prepared(&pipeline, stage, text);
    let bytes = doc.body.len();
    bencher
        .counter(divan::counter::BytesCount::new(bytes))
        .with_inputs(|| doc.clone())
        .bench_local_values(|mut d| {
            pipeline.stages[stage]
                .stage
                .process(&mut d)
                .expect("stage runs");
            d
        });
}

macro_rules! stage_benches {
    ($($name:ident = $index:expr),* $(,)?) => {$(
        mod $name {
            #[divan::bench(args = [1, 2, 4, 8], sample_count = 10)]
            fn ordinary(bencher: divan::Bencher, times: usize) {
                super::bench_stage(bencher, $index, super::ordinary(times));
            }

            #[divan::bench(args = [1, 2, 4, 8], sample_count = 10)]
            fn adversarial(bencher: divan::Bencher, times: usize) {
                super::bench_stage(bencher, $index, super::adversarial(times));
            }
        }
    )*};
}

// The order of config/default.toml.
stage_benches!(
    s1_strip_boilerplate = 0,
    s2_tokenize = 1,
    s3_tag_entities = 2,
    s4_extract_quotes = 3,
);
