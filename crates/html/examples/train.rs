//! Trains the HTML body model and reports cross-validated body F1.
//!
//! ```text
//! cargo run --release -p copydesk-html --example train            # cross-validate only
//! cargo run --release -p copydesk-html --example train -- --write # and write src/weights.rs
//! ```
//!
//! Data: `../shared/data/pages/dev` and `../shared/data/pages2/dev` (each page's `html.gz`,
//! `body.txt` and `meta.json`). A block is labelled body when at least half of its token
//! 4-gram shingles are in the gold body. Cross-validation: 5 folds grouped by web site (the
//! URL's host, else the page id), so no site is in both the training and the test part.
//! Dragnet pages (AGPL) are scored in cross-validation but never fitted on, neither in the
//! folds nor for the shipped weights (pages2's README); Zyte, Fundus and Readability pages are.
//! The threshold is chosen on the pooled cross-validated F1 of both sets.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use copydesk_html::model::{CONTEXT_NAMES, Lr, context, feature_names};

struct PageData {
    id: String,
    set: String,
    source: String,
    site: String,
    blocks: Vec<String>,
    rows: Vec<Vec<f32>>,
    labels: Vec<f32>,
    weights: Vec<f32>,
    gold: String,
}

fn tokens(s: &str) -> Vec<&str> {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| regex::Regex::new(r"\w+").unwrap());
    re.find_iter(s).map(|m| m.as_str()).collect()
}

fn shingles(s: &str) -> HashMap<String, i32> {
    let t = tokens(s);
    let mut m = HashMap::new();
    if t.is_empty() {
        return m;
    }
    if t.len() < 4 {
        *m.entry(t.join(" ")).or_insert(0) += 1;
        return m;
    }
    for w in t.windows(4) {
        *m.entry(w.join(" ")).or_insert(0) += 1;
    }
    m
}

/// A page's precision (`None` for an empty prediction) and recall.
type Pr = (Option<f64>, f64);

/// The benchmark metric of one page.
fn score(pred: &str, gold: &str) -> Pr {
    let (p, g) = (shingles(pred), shingles(gold));
    let tp: i32 = p
        .iter()
        .map(|(k, v)| (*v).min(*g.get(k).unwrap_or(&0)))
        .sum();
    let np: i32 = p.values().sum();
    let ng: i32 = g.values().sum();
    let prec = (np > 0).then(|| f64::from(tp) / f64::from(np));
    let rec = if ng > 0 {
        f64::from(tp) / f64::from(ng)
    } else {
        1.0
    };
    (prec, rec)
}

fn f1(rows: &[Pr]) -> f64 {
    let ps: Vec<f64> = rows.iter().filter_map(|r| r.0).collect();
    let p = ps.iter().sum::<f64>() / ps.len().max(1) as f64;
    let r = rows.iter().map(|r| r.1).sum::<f64>() / rows.len().max(1) as f64;
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

fn load(dir: &Path, set: &str) -> Vec<PageData> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".html.gz"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy();
            let id = name.trim_end_matches(".html.gz").to_owned();
            let mut html = String::new();
            flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap())
                .read_to_string(&mut html)
                .unwrap();
            let gold = std::fs::read_to_string(dir.join(format!("{id}.body.txt"))).unwrap();
            let meta: serde_json::Value = serde_json::from_str(
                &std::fs::read_to_string(dir.join(format!("{id}.meta.json"))).unwrap(),
            )
            .unwrap();
            let source = meta["source_dataset"]
                .as_str()
                .unwrap_or("scrapinghub")
                .to_owned();
            let site = meta["url"]
                .as_str()
                .and_then(|u| u.split('/').nth(2))
                .map(|h| h.trim_start_matches("www.").to_owned())
                .unwrap_or_else(|| id.clone());
            let a = copydesk_html::analyze(&html);
            let gold_set = shingles(&gold);
            let mut labels = Vec::new();
            let mut weights = Vec::new();
            for b in &a.blocks {
                let s = shingles(&b.text);
                let n: i32 = s.values().sum();
                let hit: i32 = s
                    .iter()
                    .map(|(k, v)| (*v).min(*gold_set.get(k).unwrap_or(&0)))
                    .sum();
                labels.push(f32::from(u8::from(n > 0 && hit * 2 >= n)));
                weights.push((1.0 + tokens(&b.text).len() as f32).sqrt());
            }
            PageData {
                id,
                set: set.to_owned(),
                source,
                site,
                blocks: a.blocks.into_iter().map(|b| b.text).collect(),
                rows: a.rows,
                labels,
                weights,
                gold,
            }
        })
        .collect()
}

/// Weighted logistic regression on standardised features, full-batch Adam with L2.
fn fit(rows: &[&[f32]], y: &[f32], w: &[f32]) -> Lr {
    let d = rows[0].len();
    let n = rows.len() as f32;
    let mut mean = vec![0f32; d];
    let mut sd = vec![0f32; d];
    for r in rows {
        for j in 0..d {
            mean[j] += r[j] / n;
        }
    }
    for r in rows {
        for j in 0..d {
            sd[j] += (r[j] - mean[j]).powi(2) / n;
        }
    }
    for s in &mut sd {
        *s = s.sqrt().max(1e-3);
    }
    let wsum: f32 = w.iter().sum();
    let (mut beta, mut b) = (vec![0f32; d], 0f32);
    let (mut m1, mut m2) = (vec![0f32; d + 1], vec![0f32; d + 1]);
    let (lr, l2) = (0.05f32, 1e-3f32);
    let mut x = vec![0f32; d];
    for t in 1..=300 {
        let mut g = vec![0f32; d + 1];
        for (i, r) in rows.iter().enumerate() {
            let mut z = b;
            for j in 0..d {
                x[j] = (r[j] - mean[j]) / sd[j];
                z += beta[j] * x[j];
            }
            let p = 1.0 / (1.0 + (-z).exp());
            let e = (p - y[i]) * w[i] / wsum;
            for j in 0..d {
                g[j] += e * x[j];
            }
            g[d] += e;
        }
        for j in 0..d {
            g[j] += l2 * beta[j];
        }
        for j in 0..=d {
            m1[j] = 0.9 * m1[j] + 0.1 * g[j];
            m2[j] = 0.999 * m2[j] + 0.001 * g[j] * g[j];
            let mh = m1[j] / (1.0 - 0.9f32.powi(t));
            let vh = m2[j] / (1.0 - 0.999f32.powi(t));
            let step = lr * mh / (vh.sqrt() + 1e-8);
            if j < d {
                beta[j] -= step;
            } else {
                b -= step;
            }
        }
    }
    let w: Vec<f32> = (0..d).map(|j| beta[j] / sd[j]).collect();
    let bias = b - (0..d).map(|j| beta[j] * mean[j] / sd[j]).sum::<f32>();
    Lr { bias, w }
}

fn with_context(p: &PageData, first: &Lr) -> Vec<Vec<f32>> {
    let p1: Vec<f32> = p.rows.iter().map(|r| first.prob(r)).collect();
    p.rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut x = r.clone();
            x.extend_from_slice(&context(&p1, i));
            x
        })
        .collect()
}

fn train(pages: &[&PageData]) -> (Lr, Lr) {
    let fit_on = |rows: Vec<&[f32]>, pages: &[&PageData]| {
        let y: Vec<f32> = pages
            .iter()
            .flat_map(|p| p.labels.iter().copied())
            .collect();
        let w: Vec<f32> = pages
            .iter()
            .flat_map(|p| p.weights.iter().copied())
            .collect();
        fit(&rows, &y, &w)
    };
    let rows: Vec<&[f32]> = pages
        .iter()
        .flat_map(|p| p.rows.iter().map(Vec::as_slice))
        .collect();
    let first = fit_on(rows, pages);
    let ctx: Vec<Vec<Vec<f32>>> = pages.iter().map(|p| with_context(p, &first)).collect();
    let rows2: Vec<&[f32]> = ctx.iter().flatten().map(Vec::as_slice).collect();
    let second = fit_on(rows2, pages);
    (first, second)
}

fn predict(p: &PageData, m: &(Lr, Lr)) -> Vec<f32> {
    with_context(p, &m.0).iter().map(|x| m.1.prob(x)).collect()
}

fn body(p: &PageData, probs: &[f32], t: f32) -> String {
    p.blocks
        .iter()
        .zip(probs)
        .filter(|(_, q)| **q >= t)
        .map(|(b, _)| b.as_str())
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn fold_of(site: &str) -> usize {
    // FNV-1a: stable across runs and platforms.
    let h = site.bytes().fold(0xcbf29ce484222325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100000001b3)
    });
    (h % 5) as usize
}

fn main() {
    let write = std::env::args().any(|a| a == "--write");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    let mut pages = load(&root.join("pages/dev"), "pages");
    pages.extend(load(&root.join("pages2/dev"), "pages2"));
    let fittable = |p: &PageData| p.source != "dragnet";
    eprintln!(
        "{} pages, {} blocks, {} features",
        pages.len(),
        pages.iter().map(|p| p.blocks.len()).sum::<usize>(),
        feature_names().len()
    );

    // Cross-validated probabilities of every page.
    let mut cv: Vec<Vec<f32>> = vec![Vec::new(); pages.len()];
    for k in 0..5 {
        let train_pages: Vec<&PageData> = pages
            .iter()
            .filter(|p| fold_of(&p.site) != k && fittable(p))
            .collect();
        let m = train(&train_pages);
        for (i, p) in pages.iter().enumerate() {
            if fold_of(&p.site) == k {
                cv[i] = predict(p, &m);
            }
        }
    }
    let report = |probs: &[Vec<f32>], t: f32, label: &str| {
        let mut groups: Vec<(&str, Vec<Pr>)> = Vec::new();
        for (i, p) in pages.iter().enumerate() {
            let s = score(&body(p, &probs[i], t), &p.gold);
            for g in [p.set.as_str(), p.source.as_str()] {
                match groups.iter_mut().find(|(n, _)| *n == g) {
                    Some((_, v)) => v.push(s),
                    None => groups.push((g, vec![s])),
                }
            }
        }
        let line: Vec<String> = groups
            .iter()
            .map(|(n, v)| format!("{n} {:.3}", f1(v)))
            .collect();
        println!("{label} threshold {t:.2}: {}", line.join(", "));
        groups
    };
    let mut best = (0.5f32, 0f64);
    for t in [0.3f32, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6] {
        let g = report(&cv, t, "cv");
        let pooled = (f1(&g[0].1) + f1(&g.iter().find(|x| x.0 == "pages2").unwrap().1)) / 2.0;
        if pooled > best.1 {
            best = (t, pooled);
        }
    }
    println!("chosen threshold {:.2}", best.0);

    let all: Vec<&PageData> = pages.iter().filter(|p| fittable(p)).collect();
    let m = train(&all);
    let fitted: Vec<Vec<f32>> = pages.iter().map(|p| predict(p, &m)).collect();
    report(&fitted, best.0, "dev (fitted on dev, dragnet excluded)");
    if std::env::var_os("VERBOSE").is_some() {
        for (i, p) in pages.iter().enumerate() {
            let s = score(&body(p, &cv[i], best.0), &p.gold);
            println!(
                "{} {} P {:.3} R {:.3}",
                p.id,
                p.source,
                s.0.unwrap_or(0.0),
                s.1
            );
        }
    }
    if write {
        let names = feature_names();
        let mut names2 = names.clone();
        names2.extend(CONTEXT_NAMES.iter().map(|s| s.to_string()));
        let list = |lr: &Lr, names: &[String]| {
            names
                .iter()
                .zip(&lr.w)
                .map(|(n, w)| format!("    ({n:?}, {w:e}),\n"))
                .collect::<String>()
        };
        let src = format!(
            "//! Generated by `cargo run --release -p copydesk-html --example train -- --write`: \
             do not edit.\n//! Fitted on pages/dev and the Fundus and Readability pages of \
             pages2/dev (not on Dragnet's, AGPL).\n\n\
             pub(crate) const BIAS1: f32 = {:e};\npub(crate) const W1: &[(&str, f32)] = &[\n{}];\n\
             pub(crate) const BIAS2: f32 = {:e};\npub(crate) const W2: &[(&str, f32)] = &[\n{}];\n\
             pub(crate) const THRESHOLD: f32 = {:?};\n",
            m.0.bias,
            list(&m.0, &names),
            m.1.bias,
            list(&m.1, &names2),
            best.0
        );
        let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/weights.rs");
        std::fs::write(&out, src).unwrap();
        eprintln!("wrote {}", out.display());
    }
}
