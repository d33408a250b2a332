//! Block features and the two-pass logistic-regression body model.
//!
//! Pass one scores each block from its own features: the HTML ones (tag, ancestors, link
//! density, `class`/`id` words, container score, position) and the line features of the text
//! path (`copydesk_strip`'s page model: stop words, sentence shape, chrome words …), computed
//! on the blocks laid out as page text. Pass two adds the pass-one probabilities of the
//! neighbouring blocks. Weights are looked up by feature name, so a renamed or new text
//! feature counts as zero until the `train` example is run again.

use std::sync::OnceLock;

use copydesk_strip::{FEATURE_NAMES, NFEAT, Page};

use crate::dom::{Block, Tag, anc, word};
use crate::weights;

/// Names of the HTML features, in order.
pub fn html_feature_names() -> Vec<String> {
    let mut n: Vec<String> = [
        "tag_p",
        "tag_h1",
        "tag_h",
        "tag_li",
        "tag_td",
        "tag_quote",
        "tag_pre",
        "tag_caption",
        "tag_other",
        "after_br",
    ]
    .map(str::to_owned)
    .to_vec();
    let anc_names = [
        "article",
        "main",
        "nav",
        "aside",
        "footer",
        "header",
        "figure",
        "form",
        "list",
        "table",
        "articlebody",
        "section",
        "blockquote",
        "time",
    ];
    n.extend(anc_names.iter().map(|a| format!("in_{a}")));
    n.extend(word::NAMES.iter().map(|w| format!("near_{w}")));
    n.extend(word::NAMES.iter().map(|w| format!("far_{w}")));
    n.extend(
        [
            "link_density",
            "all_link",
            "ln_chars_html",
            "in_best",
            "container_ratio",
            "best_share",
            "rel_pos",
            "before_h1",
            "is_title",
            "ln_commas",
            "short_x_article",
        ]
        .map(str::to_owned),
    );
    n
}

/// Names of every pass-one feature: the HTML ones, then the text ones.
pub fn feature_names() -> Vec<String> {
    let mut n = html_feature_names();
    n.extend(FEATURE_NAMES.iter().map(|f| format!("text_{f}")));
    n
}

/// Names of the pass-two context features (appended to the pass-one features).
pub const CONTEXT_NAMES: [&str; 6] = [
    "p_self",
    "p_prev",
    "p_next",
    "p_mean3",
    "p_mean10",
    "p_max_prev",
];

/// Feature rows of a page's blocks.
pub fn features(blocks: &[Block], title: Option<&str>) -> Vec<Vec<f32>> {
    let nh = html_feature_names().len();
    // The blocks as page text, `<p>` and headings apart by a blank line as innerText does.
    let mut text = String::new();
    let mut starts = Vec::with_capacity(blocks.len());
    for b in blocks {
        if matches!(b.tag, Tag::P | Tag::H1 | Tag::H) && !text.is_empty() {
            text.push('\n');
        }
        starts.push(text.len());
        text.push_str(&b.text);
        text.push('\n');
    }
    let page = Page::analyze(&text);
    let line_feats = page.features();
    let mut line_of = vec![None; blocks.len()];
    let mut li = 0;
    for (bi, &s) in starts.iter().enumerate() {
        let end = s + blocks[bi].text.len();
        while li < page.lines.len() && page.lines[li].end <= s {
            li += 1;
        }
        if li < page.lines.len() && page.lines[li].start < end {
            line_of[bi] = Some(li);
        }
    }

    let containers = Containers::new(blocks);
    let total: f32 = blocks.iter().map(|b| b.chars as f32).sum::<f32>().max(1.0);
    let first_h1 = blocks.iter().position(|b| b.tag == Tag::H1);
    let mut before = 0f32;
    let mut rows = Vec::with_capacity(blocks.len());
    for (i, b) in blocks.iter().enumerate() {
        let mut f = Vec::with_capacity(nh + NFEAT);
        let tags = [
            Tag::P,
            Tag::H1,
            Tag::H,
            Tag::Li,
            Tag::Td,
            Tag::Quote,
            Tag::Pre,
            Tag::Caption,
            Tag::Other,
        ];
        f.extend(tags.iter().map(|&t| f32::from(u8::from(b.tag == t))));
        f.push(f32::from(u8::from(b.after_br)));
        f.extend((0..anc::N).map(|k| bit(b.anc, k)));
        f.extend((0..word::N).map(|k| bit(b.near, k)));
        f.extend((0..word::N).map(|k| bit(b.far, k)));
        let ld = b.link_chars as f32 / b.chars.max(1) as f32;
        f.push(ld);
        f.push(f32::from(u8::from(ld > 0.9)));
        let ln_chars = (1.0 + b.chars as f32).ln();
        f.push(ln_chars);
        let (in_best, ratio) = containers.of(b);
        f.push(in_best);
        f.push(ratio);
        f.push(containers.best_share);
        f.push(before / total);
        before += b.chars as f32;
        f.push(f32::from(u8::from(first_h1.is_some_and(|h| i < h))));
        f.push(f32::from(u8::from(
            title.is_some_and(|t| same_text(t, &b.text)),
        )));
        let commas = b.text.matches([',', '、', '，']).count() as f32;
        f.push((1.0 + commas).ln());
        f.push(f32::from(u8::from(
            b.chars < 40 && b.anc & anc::ARTICLE != 0,
        )));
        debug_assert_eq!(f.len(), nh);
        match line_of[i] {
            Some(l) => f.extend_from_slice(&line_feats[l]),
            None => f.extend(std::iter::repeat_n(0.0, NFEAT)),
        }
        rows.push(f);
    }
    rows
}

fn bit(flags: u32, k: usize) -> f32 {
    f32::from(u8::from(flags & (1 << k) != 0))
}

fn same_text(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    let (a, b) = (norm(a), norm(b));
    !a.is_empty() && (a == b || (b.len() > 20 && a.starts_with(&b)))
}

/// Readability-style container scores: every block of prose adds to its parent element's
/// score and half as much to its grandparent's; the best-scoring element is the likely
/// article container.
struct Containers {
    scores: std::collections::HashMap<u32, f32>,
    best: Option<u32>,
    best_score: f32,
    best_share: f32,
}

impl Containers {
    fn new(blocks: &[Block]) -> Containers {
        let mut scores = std::collections::HashMap::new();
        let mut all = 0.0;
        for b in blocks {
            if b.chars < 25 || b.link_chars * 2 > b.chars {
                continue;
            }
            let commas = b.text.matches([',', '、', '，']).count() as f32;
            let s = 1.0 + commas + (b.chars as f32 / 100.0).min(3.0);
            all += s;
            let n = b.path.len();
            if n >= 2 {
                *scores.entry(b.path[n - 2]).or_insert(0.0) += s;
            }
            if n >= 3 {
                *scores.entry(b.path[n - 3]).or_insert(0.0) += s / 2.0;
            }
        }
        let best = scores
            .iter()
            .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(&k, &v)| (k, v));
        Containers {
            best_share: best.map_or(0.0, |(_, v)| v / f32::max(all, 1.0)),
            best: best.map(|(k, _)| k),
            best_score: best.map_or(1.0, |(_, v)| v.max(1.0)),
            scores,
        }
    }

    /// Whether the block is inside the best container, and its nearest scored ancestor's score
    /// relative to the best.
    fn of(&self, b: &Block) -> (f32, f32) {
        let in_best = self.best.is_some_and(|best| b.path.contains(&best));
        let near = b
            .path
            .iter()
            .rev()
            .take(3)
            .find_map(|n| self.scores.get(n))
            .copied()
            .unwrap_or(0.0);
        (f32::from(u8::from(in_best)), near / self.best_score)
    }
}

/// Context features from pass-one probabilities.
pub fn context(p: &[f32], i: usize) -> [f32; 6] {
    let at = |j: isize| {
        if j < 0 || j as usize >= p.len() {
            0.0
        } else {
            p[j as usize]
        }
    };
    let i = i as isize;
    let mean = |r: isize| {
        let (mut s, mut n) = (0.0, 0.0);
        for j in i - r..=i + r {
            if j >= 0 && (j as usize) < p.len() && j != i {
                s += p[j as usize];
                n += 1.0;
            }
        }
        if n > 0.0 { s / n } else { 0.0 }
    };
    let max_prev = (0..i).map(&at).fold(0.0f32, f32::max);
    [at(i), at(i - 1), at(i + 1), mean(3), mean(10), max_prev]
}

/// A logistic-regression model: bias and weights over named features.
#[derive(Debug, Clone)]
pub struct Lr {
    /// Bias.
    pub bias: f32,
    /// One weight per feature, in feature order.
    pub w: Vec<f32>,
}

impl Lr {
    /// Builds the weight vector for `names` from `(name, weight)` pairs; unknown names weigh 0.
    pub fn from_named(bias: f32, pairs: &[(&str, f32)], names: &[String]) -> Lr {
        let w = names
            .iter()
            .map(|n| pairs.iter().find(|(k, _)| k == n).map_or(0.0, |&(_, v)| v))
            .collect();
        Lr { bias, w }
    }

    /// The probability of a row.
    pub fn prob(&self, x: &[f32]) -> f32 {
        let z = self.bias + self.w.iter().zip(x).map(|(w, x)| w * x).sum::<f32>();
        1.0 / (1.0 + (-z).exp())
    }
}

/// The shipped two-pass model.
#[derive(Debug)]
pub struct Model {
    /// Pass one.
    pub first: Lr,
    /// Pass two (pass-one features, then [`CONTEXT_NAMES`]).
    pub second: Lr,
    /// Blocks with a pass-two probability at least this are body.
    pub threshold: f32,
}

impl Model {
    /// The embedded model (trained by `examples/train.rs`).
    pub fn shipped() -> &'static Model {
        static M: OnceLock<Model> = OnceLock::new();
        M.get_or_init(|| {
            let names = feature_names();
            let mut names2 = names.clone();
            names2.extend(CONTEXT_NAMES.iter().map(|s| s.to_string()));
            Model {
                first: Lr::from_named(weights::BIAS1, weights::W1, &names),
                second: Lr::from_named(weights::BIAS2, weights::W2, &names2),
                threshold: weights::THRESHOLD,
            }
        })
    }

    /// Body probabilities of the blocks' feature rows.
    pub fn probabilities(&self, rows: &[Vec<f32>]) -> Vec<f32> {
        let p1: Vec<f32> = rows.iter().map(|r| self.first.prob(r)).collect();
        let mut x = Vec::new();
        rows.iter()
            .enumerate()
            .map(|(i, r)| {
                x.clear();
                x.extend_from_slice(r);
                x.extend_from_slice(&context(&p1, i));
                self.second.prob(&x)
            })
            .collect()
    }
}
