//! Throughput of `strip_boilerplate`. First on real text: the 61 copied pages of
//! `../shared/data/pages/dev` (read at run time from beside the checkout, never copied), next to
//! `unicode-segmentation`'s `split_word_bounds` over the same bytes in the same run as the
//! baseline (compare the ratio, not MB/s, across days). Then, as a second, labelled case, pages
//! written or generated for the project.
//!
//! ```text
//! cargo bench -p copydesk-strip
//! ```

use std::path::Path;

use copydesk_core::Configure;
use copydesk_strip::{Strip, StripOptions};
use divan::Bencher;
use divan::counter::BytesCount;
use unicode_segmentation::UnicodeSegmentation;

fn main() {
    divan::main();
}

/// The dev page texts (`*.page.txt`), in sorted order.
fn dev_pages() -> &'static [String] {
    use std::sync::OnceLock;
    static PAGES: OnceLock<Vec<String>> = OnceLock::new();
    PAGES.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/pages/dev");
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("the real-text benchmarks read {}: {e}", dir.display()))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.to_string_lossy().ends_with(".page.txt"))
            .collect();
        paths.sort();
        paths
            .iter()
            .map(|p| std::fs::read_to_string(p).expect("page texts are UTF-8"))
            .collect()
    })
}

/// Real pages: every dev page once per iteration.
mod dev_pages {
    use super::*;

    #[divan::bench]
    fn strip(b: Bencher) {
        let pages = dev_pages();
        let s = super::strip();
        b.counter(BytesCount::new(
            pages.iter().map(String::len).sum::<usize>(),
        ))
        .bench(|| {
            for p in pages {
                divan::black_box(s.extract(divan::black_box(p)));
            }
        });
    }

    /// The baseline: Unicode word boundaries over the same bytes.
    #[divan::bench]
    fn baseline_split_word_bounds(b: Bencher) {
        let pages = dev_pages();
        b.counter(BytesCount::new(
            pages.iter().map(String::len).sum::<usize>(),
        ))
        .bench(|| {
            pages
                .iter()
                .map(|p| divan::black_box(p).split_word_bounds().count())
                .sum::<usize>()
        });
    }
}

const WORDS: &[&str] = &[
    "the",
    "council",
    "said",
    "on",
    "Monday",
    "that",
    "its",
    "plan",
    "for",
    "the",
    "harbour",
    "would",
    "cost",
    "more",
    "than",
    "expected",
    "and",
    "officials",
    "from",
    "both",
    "parties",
    "met",
    "in",
    "Oslo",
    "to",
    "discuss",
    "a",
    "new",
    "budget",
    "while",
    "fishermen",
    "waited",
    "outside",
    "with",
    "banners",
    "asking",
    "about",
    "quotas",
    "prices",
    "weather",
    "talks",
];

/// A deterministic news-like page of about `paragraphs` paragraphs with menus, teasers and a
/// footer around the article.
fn generated(paragraphs: usize, seed: u64) -> String {
    let mut state = seed;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut page = String::new();
    for item in [
        "Home",
        "World",
        "Business",
        "Sport",
        "Weather",
        "Opinion",
        "Subscribe",
    ] {
        page.push_str(item);
        page.push('\n');
    }
    page.push_str(
        "\nHarbour Plan Costs Rise as Talks Continue\n\nMarch 3, 2024by Ann Lee, Wire Service\n\n",
    );
    for p in 0..paragraphs {
        if p == 0 {
            page.push_str("OSLO (Wire) — ");
        }
        let words = 25 + (next() % 50) as usize;
        for w in 0..words {
            let word = WORDS[(next() % WORDS.len() as u64) as usize];
            if w == 0 {
                let mut c = word.chars();
                if let Some(f) = c.next() {
                    page.extend(f.to_uppercase());
                    page.push_str(c.as_str());
                }
            } else {
                page.push(' ');
                page.push_str(word);
            }
            if w + 1 < words && next() % 11 == 0 {
                page.push(',');
            }
        }
        page.push_str(".\n\n");
    }
    page.push_str("___\n\nBo Chan in Oslo contributed.\n\nA+\na-\n\nRelated\n");
    for t in 0..6 {
        page.push_str(&format!(
            "Teaser number {t} about the harbour and the council budget talks... Read More\n\n"
        ));
    }
    page.push_str("Privacy Policy\nTerms of Use\n© 2024 Example News\nscroll top\n");
    page
}

fn strip() -> Strip {
    Strip::configure(StripOptions::default()).expect("default options build")
}

#[divan::bench]
fn wire_page(b: Bencher) {
    let page = include_str!("../../../tests/fixtures/pages/wire-talks.txt");
    let s = strip();
    b.counter(BytesCount::of_str(page))
        .bench(|| s.extract(divan::black_box(page)));
}

#[divan::bench]
fn generated_page_40_paragraphs(b: Bencher) {
    let page = generated(40, 7);
    let s = strip();
    b.counter(BytesCount::of_str(&page))
        .bench(|| s.extract(divan::black_box(&page)));
}

#[divan::bench]
fn generated_pages_1mb(b: Bencher) {
    let pages: Vec<String> = (1..=60).map(|i| generated(20 + i % 30, i as u64)).collect();
    let total: usize = pages.iter().map(String::len).sum();
    let s = strip();
    b.counter(BytesCount::new(total)).bench(|| {
        for p in &pages {
            divan::black_box(s.extract(divan::black_box(p)));
        }
    });
}

#[divan::bench(sample_count = 10)]
fn hostile_one_line_4mb(b: Bencher) {
    let page = "“Quote” and more words, ".repeat(160_000);
    let s = strip();
    b.counter(BytesCount::of_str(&page))
        .bench(|| s.extract(divan::black_box(&page)));
}

#[divan::bench(sample_count = 10)]
fn hostile_short_lines_4mb(b: Bencher) {
    let page = "Menu\nA+\n\n“\n".repeat(400_000);
    let s = strip();
    b.counter(BytesCount::of_str(&page))
        .bench(|| s.extract(divan::black_box(&page)));
}
