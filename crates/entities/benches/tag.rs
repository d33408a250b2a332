//! Throughput of the `tag_entities` stage alone (tokens already split), in tokens/s, on
//! generated news-like text; and the time to decode the embedded model.

use copydesk_core::{Configure, Document, Span, Stage};
use copydesk_entities::{Model, TagEntities, TagEntitiesOptions};
use divan::counter::ItemsCount;

fn main() {
    divan::main();
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

/// A news-like article of about `sentences` sentences, tokenized at spaces.
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

#[divan::bench(sample_count = 20)]
fn tag_entities(bencher: divan::Bencher) {
    let stage = TagEntities::configure(TagEntitiesOptions::default()).expect("embedded model");
    let docs: Vec<Document> = (0..200).map(|i| article(i, 30)).collect();
    let n: usize = docs
        .iter()
        .map(|d| d.tokens.as_ref().map_or(0, Vec::len))
        .sum();
    bencher
        .counter(ItemsCount::new(n))
        .with_inputs(|| docs.clone())
        .bench_local_values(|mut docs| {
            for d in &mut docs {
                stage.process(d).expect("tagging works");
            }
            docs
        });
}

#[divan::bench(sample_count = 10)]
fn load_embedded_model() -> Model {
    Model::embedded().expect("embedded model")
}
