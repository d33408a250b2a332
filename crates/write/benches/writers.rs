//! Throughput of every writer, in body bytes per second. First on real documents: the 61 copied
//! pages of `../shared/data/pages/dev` (read at run time from beside the checkout, never copied)
//! through the default stages (strip, tokenize, tag_entities, extract_quotes), beside a baseline
//! measured in the same run: `serde_json` escaping each body as one JSON string, the least any
//! JSON writer does (compare ratios, not MB/s, across days). Then, as a second, labelled case, a
//! generated news-like document with every layer filled (about 1 MB of body text).
//! Run: `cargo bench -p copydesk-write`.

use std::path::Path;

use copydesk_core::{
    Configure, Document, Entity, EntityLabel, Quote, QuoteKind, Span, Stage, Writer,
};
use copydesk_write::{
    Conll, ConllOptions, Csv, CsvOptions, Html, HtmlOptions, Json, JsonOptions, Jsonl,
    JsonlOptions, Markdown, MarkdownOptions, MemoryOutput, Text, TextOptions,
};
use divan::counter::BytesCount;

fn main() {
    divan::main();
}

/// One bench per writer, each calling the `bench` function of the module it is expanded in
/// (real documents or the generated one), so both cases measure the same writers.
macro_rules! writer_benches {
    () => {
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
    };
}

/// The dev pages through the default stages, as the writers receive them in a run.
fn dev_documents() -> &'static [Document] {
    use std::sync::OnceLock;
    static DOCS: OnceLock<Vec<Document>> = OnceLock::new();
    DOCS.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/pages/dev");
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("the real-text benchmarks read {}: {e}", dir.display()))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.to_string_lossy().ends_with(".page.txt"))
            .collect();
        paths.sort();
        let stages: Vec<Box<dyn Stage>> = vec![
            Box::new(copydesk_strip::Strip::configure(Default::default()).unwrap()),
            Box::new(copydesk_tokenize::Tokenize::default()),
            Box::new(copydesk_entities::TagEntities::configure(Default::default()).unwrap()),
            Box::new(copydesk_quotes::ExtractQuotes::configure(Default::default()).unwrap()),
        ];
        paths
            .iter()
            .map(|p| {
                let text = std::fs::read_to_string(p).expect("page texts are UTF-8");
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                let mut doc = Document::new(&name, &name, text);
                for stage in &stages {
                    stage.process(&mut doc).expect("the default stages run");
                }
                doc
            })
            .collect()
    })
}

/// Real documents: every dev document once per iteration, one writer for the whole run.
mod dev_documents {
    use super::*;

    fn bench<W: Writer>(bencher: divan::Bencher, writer: impl Fn() -> W) {
        let docs = dev_documents();
        let bytes: usize = docs.iter().map(|d| d.body.len()).sum();
        bencher.counter(BytesCount::new(bytes)).bench_local(|| {
            let mut out = MemoryOutput::default();
            let mut w = writer();
            w.begin(&mut out).ok();
            for doc in docs {
                w.write(doc, &mut out).ok();
            }
            w.finish(&mut out).ok();
            out.stream.len()
        });
    }

    /// The baseline: each body escaped as one JSON string.
    #[divan::bench]
    fn baseline_body_as_json_string(bencher: divan::Bencher) {
        let docs = dev_documents();
        let bytes: usize = docs.iter().map(|d| d.body.len()).sum();
        bencher.counter(BytesCount::new(bytes)).bench_local(|| {
            let mut out = Vec::new();
            for doc in docs {
                serde_json::to_writer(&mut out, &doc.body).ok();
                out.push(b'\n');
            }
            out.len()
        });
    }

    writer_benches!();
}

/// Generated: one news-like document of 6,000 paragraphs (the second case).
mod generated {
    use super::*;

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

    writer_benches!();
}
