//! Throughput of the `tag_entities` stage alone, in tokens per second (divan's item counter).
//!
//! `cargo bench -p copydesk-entities`. Cases:
//! - `real_bodies`: the gold article bodies of `../shared/data/pages/dev` (`*.body.txt`),
//!   segmented by the default `tokenize` stage before timing; the figure to report;
//! - `real_bodies_baseline`: a word count over the same tokens (lower-case each token, count it
//!   in a hash map), measured in the same run as a yardstick for the machine's speed that day:
//!   report the tagger as a ratio to it;
//! - `generated`: generated news-like text (a 50-word vocabulary), a second, labelled case;
//! - `load_embedded_model`: decoding the embedded model.

use std::path::PathBuf;

use copydesk_core::{Configure, Document, Span, Stage};
use copydesk_entities::{Model, TagEntities, TagEntitiesOptions};
use copydesk_tokenize::Tokenize;
use divan::counter::ItemsCount;

fn main() {
    divan::main();
}

/// The dev pages' gold bodies, tokenized; panics (with the folder) when they are missing.
fn real_bodies() -> Vec<Document> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/pages/dev");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".body.txt"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no *.body.txt in {}", dir.display());
    let tokenize = Tokenize::default();
    paths
        .iter()
        .map(|p| {
            let text =
                std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let mut doc = Document::new(p.display().to_string(), "bench", text);
            tokenize.process(&mut doc).expect("tokenize");
            doc
        })
        .collect()
}

fn token_count(docs: &[Document]) -> usize {
    docs.iter()
        .map(|d| d.tokens.as_ref().map_or(0, Vec::len))
        .sum()
}

fn bench_tagging(bencher: divan::Bencher, docs: Vec<Document>) {
    let stage = TagEntities::configure(TagEntitiesOptions::default()).expect("embedded model");
    bencher
        .counter(ItemsCount::new(token_count(&docs)))
        .with_inputs(|| docs.clone())
        .bench_local_values(|mut docs| {
            for d in &mut docs {
                stage.process(d).expect("tagging works");
            }
            docs
        });
}

#[divan::bench(sample_count = 20)]
fn real_bodies_tag_entities(bencher: divan::Bencher) {
    bench_tagging(bencher, real_bodies());
}

#[divan::bench(sample_count = 20)]
fn real_bodies_baseline_word_count(bencher: divan::Bencher) {
    let docs = real_bodies();
    bencher
        .counter(ItemsCount::new(token_count(&docs)))
        .bench_local(|| {
            let mut counts: hashbrown::HashMap<String, u32> = hashbrown::HashMap::new();
            for d in &docs {
                for t in d.tokens.as_deref().unwrap_or(&[]) {
                    *counts.entry(d.span_text(*t).to_lowercase()).or_default() += 1;
                }
            }
            counts.len()
        });
}

#[divan::bench(sample_count = 20)]
fn generated_tag_entities(bencher: divan::Bencher) {
    bench_tagging(bencher, (0..200).map(|i| article(i, 30)).collect());
}

#[divan::bench(sample_count = 10)]
fn load_embedded_model() -> Model {
    Model::embedded().expect("embedded model")
}

const FIRST: &[&str] = &[
    "Maria", "Tomas", "Lena", "Omar", "Keiko", "Pavel", "Grace", "Diego",
];
const LAST: &[&str] = &[
    "Lindqvist",
    "Okafor",
    "Brandt",
    "Haddad",
    "Sato",
    "Novak",
    "Mensah",
];
const PLACES: &[&str] = &[
    "Geneva", "Lagos", "Warsaw", "Osaka", "Quito", "Brussels", "Perth",
];
const ORGS: &[&str] = &[
    "Acme Shipping",
    "the Nordic Council",
    "Union Bank",
    "NATO",
    "Reuters",
];
const VERBS: &[&str] = &[
    "said",
    "told reporters",
    "warned",
    "added",
    "argued",
    "noted",
];
const FILL: &[&str] = &[
    "the talks would resume next week after a long pause",
    "prices rose 3.5 percent in the first quarter of 2024",
    "officials had not yet decided whether to extend the deal",
    "the decision was a setback for the government",
    "more than 1,200 people attended the meeting on Tuesday",
];

/// A generated news-like article of about `sentences` sentences, tokenized at spaces.
fn article(seed: usize, sentences: usize) -> Document {
    let mut text = String::new();
    let mut tokens = Vec::new();
    let mut spans = Vec::new();
    let pick = |xs: &[&'static str], n: usize| xs[n % xs.len()];
    for i in 0..sentences {
        let k = seed * 31 + i * 7;
        let sentence = match i % 4 {
            0 => format!(
                "{} {} , a spokesman for {} in {} , {} that {} .",
                pick(FIRST, k),
                pick(LAST, k / 3),
                pick(ORGS, k / 5),
                pick(PLACES, k / 2),
                pick(VERBS, k),
                pick(FILL, k / 7)
            ),
            1 => format!(
                "{} {} on Monday that {} .",
                pick(LAST, k / 3),
                pick(VERBS, k / 2),
                pick(FILL, k)
            ),
            2 => format!(
                "In {} , {} and {} officials met as {} .",
                pick(PLACES, k),
                pick(ORGS, k / 2),
                pick(PLACES, k / 3),
                pick(FILL, k / 5)
            ),
            _ => format!(
                "“ {} , ” {} {} {} .",
                pick(FILL, k),
                pick(VERBS, k),
                pick(FIRST, k / 2),
                pick(LAST, k)
            ),
        };
        let start = text.len();
        for w in sentence.split(' ') {
            if !text.is_empty() && text.len() != start {
                text.push(' ');
            }
            let s = text.len();
            text.push_str(w);
            tokens.push(Span::new(s, text.len()));
        }
        spans.push(Span::new(start, text.len()));
        text.push('\n');
    }
    let mut doc = Document::new(format!("a{seed}"), "bench", text);
    doc.tokens = Some(tokens);
    doc.sentences = Some(spans);
    doc
}
