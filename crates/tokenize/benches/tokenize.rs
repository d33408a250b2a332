//! Throughput of the tokenizer, next to `unicode-segmentation`'s plain `split_word_bounds` over
//! the same text in the same run (the baseline: compare ratios, not MB/s, across days). First on
//! real text: the gold article bodies of `../shared/data/pages/dev` (`*.body.txt`, read at run
//! time from beside the checkout, never copied); then, as a second, labelled case, generated
//! news-like text (module `generated`).
//!
//! `cargo bench -p copydesk-tokenize` — divan prints MB/s per benchmark (bytes counter).

use std::path::Path;

use copydesk_tokenize::Tokenize;
use divan::counter::BytesCount;
use unicode_segmentation::UnicodeSegmentation;

fn main() {
    divan::main();
}

/// The dev gold bodies (`*.body.txt`), in sorted order.
fn dev_bodies() -> &'static [String] {
    use std::sync::OnceLock;
    static BODIES: OnceLock<Vec<String>> = OnceLock::new();
    BODIES.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/pages/dev");
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("the real-text benchmarks read {}: {e}", dir.display()))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.to_string_lossy().ends_with(".body.txt"))
            .collect();
        paths.sort();
        paths
            .iter()
            .map(|p| std::fs::read_to_string(p).expect("bodies are UTF-8"))
            .collect()
    })
}

fn bytes(texts: &[String]) -> BytesCount {
    BytesCount::new(texts.iter().map(String::len).sum::<usize>())
}

/// Real text: every dev body once per iteration, as the pipeline sees them (one per document).
mod dev_bodies {
    use super::*;

    #[divan::bench]
    fn tokens_and_sentences(bencher: divan::Bencher) {
        let stage = Tokenize::default();
        let bodies = dev_bodies();
        bencher.counter(bytes(bodies)).bench(|| {
            for b in bodies {
                divan::black_box(stage.segment(divan::black_box(b)));
            }
        });
    }

    #[divan::bench]
    fn tokens_only(bencher: divan::Bencher) {
        let stage = Tokenize::default();
        let bodies = dev_bodies();
        bencher.counter(bytes(bodies)).bench(|| {
            for b in bodies {
                divan::black_box(stage.tokens(divan::black_box(b)));
            }
        });
    }

    /// The baseline: Unicode word boundaries over the same bytes.
    #[divan::bench]
    fn baseline_split_word_bounds(bencher: divan::Bencher) {
        let bodies = dev_bodies();
        bencher.counter(bytes(bodies)).bench(|| {
            bodies
                .iter()
                .map(|b| divan::black_box(b).split_word_bounds().count())
                .sum::<usize>()
        });
    }
}

/// Generated news-like text (the second case): 4 MB of templated paragraphs.
mod generated {
    use super::*;

    /// Sentence templates written for this benchmark; `{N}` are filled with names, places, numbers.
    const TEMPLATES: &[&str] = &[
        "{P} said Monday that the {O} would not seek a new deal with the U.S. before Jan. 15.",
        "“It’s hard to say what happens next,” {P} told reporters in {C}. “We’re not there yet.”",
        "The {O} reported revenue of ${N} million, up 3.5% from a year earlier, and 100,000 new users.",
        "Sen. {P} and Gov. {P} met at 10:30 a.m. on 2022-01-10 to discuss the budget — again.",
        "Officials didn't confirm the figures; they're expected to publish them by Friday…",
        "Critics of the well-known plan (including Dr. {P} of {C}) called it “a non-starter.”",
        "“Really?” she asked. He shrugged: the numbers hadn’t changed since the 1990s.",
        "Read more at https://news.example.com/world/2022/talks or write to desk@example.org.",
        "The company's shares fell 2.1 percent to $37.25 in New York, where trading was thin.",
        "{C} (AP) — Talks between the two sides resumed Tuesday after a three-week pause.",
        "Follow @newsdesk and #Geneva2022 for updates from the U.N. meeting in {C}.",
        "J.R.R. Tolkien's books, she said, were “the reason I became a writer.”",
    ];
    const PEOPLE: &[&str] = &[
        "Wendy Sherman",
        "Sergei Ryabkov",
        "Ana Lopez",
        "Chen Wei",
        "Olu Ade",
    ];
    const ORGS: &[&str] = &[
        "ministry",
        "Acme Corp.",
        "central bank",
        "United Nations",
        "council",
    ];
    const CITIES: &[&str] = &[
        "GENEVA",
        "Brussels",
        "Vienna",
        "São Paulo",
        "Kraków",
        "Nairobi",
    ];

    /// About `size` bytes of paragraphs made from the templates.
    fn news_text(size: usize) -> String {
        let mut out = String::with_capacity(size + 1024);
        let mut k: u64 = 0;
        while out.len() < size {
            out.push_str("Headline About Talks In Geneva\n\n");
            for _ in 0..5 {
                for _ in 0..4 {
                    k = k
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    let t = TEMPLATES[(k >> 33) as usize % TEMPLATES.len()];
                    let mut s = t.to_owned();
                    for (tag, list) in [("{P}", PEOPLE), ("{O}", ORGS), ("{C}", CITIES)] {
                        while let Some(at) = s.find(tag) {
                            let pick = list[(k >> 40) as usize % list.len()];
                            s.replace_range(at..at + tag.len(), pick);
                        }
                    }
                    s = s.replace("{N}", &((k >> 50) % 900 + 10).to_string());
                    out.push_str(&s);
                    out.push(' ');
                }
                out.pop();
                out.push_str("\n\n");
            }
        }
        out
    }

    fn text() -> &'static str {
        use std::sync::OnceLock;
        static TEXT: OnceLock<String> = OnceLock::new();
        TEXT.get_or_init(|| news_text(4 << 20))
    }

    #[divan::bench]
    fn tokens_and_sentences(bencher: divan::Bencher) {
        let stage = Tokenize::default();
        let text = text();
        bencher
            .counter(BytesCount::of_str(text))
            .bench(|| stage.segment(divan::black_box(text)));
    }

    #[divan::bench]
    fn tokens_only(bencher: divan::Bencher) {
        let stage = Tokenize::default();
        let text = text();
        bencher
            .counter(BytesCount::of_str(text))
            .bench(|| stage.tokens(divan::black_box(text)));
    }

    #[divan::bench]
    fn baseline_split_word_bounds(bencher: divan::Bencher) {
        let text = text();
        bencher
            .counter(BytesCount::of_str(text))
            .bench(|| divan::black_box(text).split_word_bounds().count());
    }

    #[divan::bench]
    fn sentences_only(bencher: divan::Bencher) {
        let stage = Tokenize::default();
        let text = text();
        let paragraphs = stage.paragraphs(text);
        let tokens = stage.tokens(text);
        bencher
            .counter(BytesCount::of_str(text))
            .bench(|| stage.sentences(divan::black_box(text), &paragraphs, &tokens));
    }

    #[divan::bench]
    fn paragraphs_only(bencher: divan::Bencher) {
        let stage = Tokenize::default();
        let text = text();
        bencher
            .counter(BytesCount::of_str(text))
            .bench(|| stage.paragraphs(divan::black_box(text)));
    }
}
