//! Throughput of every writer on a generated news-like document with tokens, sentences,
//! quotes and entities (about 1 MB of body text). Run: `cargo bench -p copydesk-write`.

use copydesk_core::{Configure, Document, Entity, EntityLabel, Quote, QuoteKind, Span, Writer};
use copydesk_write::{
    Conll, ConllOptions, Csv, CsvOptions, Html, HtmlOptions, Json, JsonOptions, Jsonl,
    JsonlOptions, Markdown, MarkdownOptions, MemoryOutput, Text, TextOptions,
};
use divan::counter::BytesCount;

fn main() {
    divan::main();
}

/// A body of `paragraphs` paragraphs, each with a direct quote, a speaker, a cue and a few
/// names, and every layer filled.
fn document(paragraphs: usize) -> Document {
    let names = ["Ana Pérez", "Omar Haddad", "Petra Novak", "Li Wei"];
    let places = ["Lisbon", "Nairobi", "Osaka", "Quito"];
    let mut body = String::new();
    let mut quotes = Vec::new();
    let mut entities = Vec::new();
    let mut paras = Vec::new();
    for i in 0..paragraphs {
        let start = body.len();
        let name = names[i % 4];
        let place = places[(i / 4) % 4];
        body.push_str("Officials in ");
        let p = body.len();
        body.push_str(place);
        entities.push((Span::new(p, body.len()), EntityLabel::Loc, place));
        body.push_str(" met on Tuesday to discuss the budget & the <new> harbour plan. “");
        let q = body.len();
        body.push_str("We don’t expect a deal before the summer, and we will not rush it");
        let q_end = body.len();
        body.push_str(",” ");
        let n = body.len();
        body.push_str(name);
        let n_end = body.len();
        entities.push((Span::new(n, n_end), EntityLabel::Per, name));
        body.push(' ');
        let c = body.len();
        body.push_str("said");
        quotes.push(Quote {
            span: Span::new(q, q_end),
            spans: vec![],
            quoted: vec![],
            speaker_type: Default::default(),
            kind: QuoteKind::Direct,
            speaker: Some(name.to_owned()),
            speaker_span: Some(Span::new(n, n_end)),
            cue: Some(Span::new(c, c + 4)),
        });
        body.push_str(". About 1,200 people attended the meeting.");
        paras.push(Span::new(start, body.len()));
        body.push_str("\n\n");
    }
    let mut tokens = Vec::new();
    let mut pos = 0;
    for word in body.split_inclusive(char::is_whitespace) {
        let w = word.trim_end();
        if !w.is_empty() {
            tokens.push(Span::new(pos, pos + w.len()));
        }
        pos += word.len();
    }
    let mut doc = Document::new("bench", "bench.txt", body);
    doc.meta.title = Some("Council Debates the Harbour Budget".into());
    doc.meta.date = Some("2024-03-05".into());
    doc.sentences = Some(paras.clone());
    doc.paragraphs = Some(paras);
    doc.tokens = Some(tokens);
    doc.quotes = Some(quotes);
    doc.entities = Some(
        entities
            .into_iter()
            .map(|(span, label, name)| Entity {
                span,
                label,
                canonical: name.to_owned(),
            })
            .collect(),
    );
    doc
}

fn bench<W: Writer>(bencher: divan::Bencher, writer: impl Fn() -> W) {
    let doc = document(6_000);
    bencher
        .counter(BytesCount::new(doc.body.len()))
        .bench_local(|| {
            let mut out = MemoryOutput::default();
            let mut w = writer();
            w.begin(&mut out).ok();
            w.write(&doc, &mut out).ok();
            w.finish(&mut out).ok();
            out.stream.len()
        });
}

#[divan::bench]
fn jsonl(b: divan::Bencher) {
    bench(b, || Jsonl::configure(JsonlOptions::default()).unwrap());
}

#[divan::bench]
fn json(b: divan::Bencher) {
    bench(b, || Json::configure(JsonOptions::default()).unwrap());
}

#[divan::bench]
fn csv_quotes(b: divan::Bencher) {
    let tables = vec![copydesk_write::CsvTable::Quotes];
    bench(b, || {
        Csv::configure(CsvOptions {
            tables: tables.clone(),
            ..CsvOptions::default()
        })
        .unwrap()
    });
}

#[divan::bench]
fn text(b: divan::Bencher) {
    bench(b, || Text::configure(TextOptions::default()).unwrap());
}

#[divan::bench]
fn markdown(b: divan::Bencher) {
    bench(b, || {
        Markdown::configure(MarkdownOptions::default()).unwrap()
    });
}

#[divan::bench]
fn conll(b: divan::Bencher) {
    bench(b, || Conll::configure(ConllOptions::default()).unwrap());
}

#[divan::bench]
fn html(b: divan::Bencher) {
    bench(b, || Html::configure(HtmlOptions::default()).unwrap());
}
