//! Trains the line classifier of `strip_boilerplate` on the dev pages, reports cross-validated
//! figures (folds grouped by site, per dev set and per source) and writes `src/weights.rs`.
//!
//! ```text
//! cargo run --release -p copydesk-strip --example train -- \
//!     ../shared/data/pages/dev ../shared/data/pages2/dev \
//!     [--folds 5] [--write crates/strip/src/weights.rs] [--dump DIR] [--explain ID-PREFIX]
//!     [--decoding THRESHOLD,EXPONENT,INNER,BARRIER]   # one decoding instead of the grid
//! ```
//!
//! Pages: every `*.page.txt` with its `*.body.txt` in the folders given (default: both dev
//! sets). Dragnet's pages (pages2, `source_dataset` `dragnet`, AGPL) are measured on and
//! cross-validated on but never fitted on, in the folds as in the shipped weights; the
//! Scrapinghub, Fundus and Readability pages are fitted on.
//!
//! Labels: a page line is article text when it occurs in the gold body (whitespace
//! normalised; short lines must equal a whole gold line). Stage one is L2-regularised logistic
//! regression on standardised line features, each line weighted by ln(1 + chars) times a
//! page factor (`STRIP_PAGE_WEIGHT`, below; `STRIP_L2` sets the L2 weight, default 0.03, both
//! chosen on CV); stage two is the same on context features of stage-one
//! scores computed out of fold (three inner folds). The decoding parameters (threshold, length
//! exponent, inner threshold, end-cue barrier) are picked from a small grid by the mean of the
//! two dev sets' cross-validated F1; the figures printed for that choice are the
//! cross-validated ones, and `--dump` writes the out-of-fold bodies (`<id>.txt`) for
//! `score_body.py`. `--explain` prints the out-of-fold line probabilities of one page.
//! Deterministic: the same data gives the same weights.

#![allow(clippy::needless_range_loop)] // dense numeric loops read better with indices

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use copydesk_strip::{
    CONTEXT_NAMES, Decoding, FEATURE_NAMES, Lr, Model, NFEAT, Page, Strip, StripOptions,
    context_features, sigmoid,
};
use regex::Regex;

struct Doc {
    id: String,
    site: String,
    /// `pages` (the Scrapinghub set) or pages2's `source_dataset` (dragnet, fundus, readability).
    source: String,
    /// Whether the page may be used to fit shipped weights (Dragnet's pages are AGPL: they are
    /// measured and cross-validated on, never fitted on).
    fit: bool,
    page: String,
    gold: String,
    x: Vec<[f32; NFEAT]>,
    y: Vec<f32>,
    w: Vec<f32>,
}

fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The page's site (registered domain of its URL; Fundus's publisher, else the page id when
/// no URL is known), for folds grouped by site.
fn site_of(v: &serde_json::Value, id: &str) -> String {
    let url = v["url"].as_str().unwrap_or("");
    if url.is_empty() {
        return v["publisher"].as_str().unwrap_or(id).to_owned();
    }
    let host = url.split('/').nth(2).unwrap_or(url);
    let host = host.strip_prefix("www.").unwrap_or(host);
    let parts: Vec<&str> = host.split('.').collect();
    // `bbc.co.uk`, `smh.com.au`: a country code after a short second level keeps three parts.
    let keep = match parts.as_slice() {
        [.., second, last] if last.len() == 2 && second.len() <= 3 && parts.len() >= 3 => 3,
        _ => 2,
    };
    if parts.len() >= keep {
        parts[parts.len() - keep..].join(".")
    } else {
        host.to_owned()
    }
}

fn load(dir: &Path) -> Vec<Doc> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read dev dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".page.txt"))
        .collect();
    names.sort();
    let mut docs = Vec::new();
    for path in names {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let id = name.trim_end_matches(".page.txt").to_owned();
        let page = std::fs::read_to_string(&path).expect("read page");
        let Ok(gold) = std::fs::read_to_string(dir.join(format!("{id}.body.txt"))) else {
            continue;
        };
        let meta = std::fs::read_to_string(dir.join(format!("{id}.meta.json"))).unwrap_or_default();
        let meta: serde_json::Value = serde_json::from_str(&meta).unwrap_or_default();
        let source = meta["source_dataset"]
            .as_str()
            .unwrap_or("pages")
            .to_owned();
        let gnorm = norm(&gold);
        let glines: std::collections::HashSet<String> =
            gold.lines().map(norm).filter(|l| !l.is_empty()).collect();
        let p = Page::analyze(&page);
        let x = p.features();
        let mut y = Vec::new();
        let mut w = Vec::new();
        for l in &p.lines {
            let t = norm(l.text(&page));
            let chars = t.chars().count();
            let pos = glines.contains(&t) || (chars >= 25 && gnorm.contains(&t));
            y.push(if pos { 1.0 } else { 0.0 });
            w.push((1.0 + chars as f32).ln());
        }
        // `STRIP_PAGE_WEIGHT=p`: each line's weight is scaled by (number of lines)^(p − 1), so
        // p = 0 gives every page the same total weight, p = 1 every line; 0.5 (default, chosen
        // on CV) lets long pages count more, but not in proportion.
        let power: f32 = std::env::var("STRIP_PAGE_WEIGHT")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(0.5);
        let scale = (w.len().max(1) as f32 / 200.0).powf(power - 1.0);
        for v in &mut w {
            *v *= scale;
        }
        docs.push(Doc {
            site: site_of(&meta, &id),
            id,
            fit: source != "dragnet",
            source,
            page,
            gold,
            x,
            y,
            w,
        });
    }
    docs
}

fn train_lr<const N: usize>(rows: &[([f32; N], f32, f32)]) -> Lr<N> {
    let n = rows.len().max(1) as f64;
    let mut mean = [0f64; N];
    let mut sq = [0f64; N];
    for (x, _, _) in rows {
        for k in 0..N {
            mean[k] += f64::from(x[k]);
            sq[k] += f64::from(x[k]) * f64::from(x[k]);
        }
    }
    let mut m = Lr {
        mean: [0.0; N],
        scale: [1.0; N],
        weights: [0.0; N],
        bias: 0.0,
    };
    for k in 0..N {
        let mu = mean[k] / n;
        let var = sq[k] / n - mu * mu;
        m.mean[k] = mu as f32;
        m.scale[k] = if var > 1e-9 { var.sqrt() as f32 } else { 1.0 };
    }
    let rows: Vec<([f32; N], f32, f32)> = rows
        .iter()
        .map(|(x, y, w)| {
            let mut z = [0f32; N];
            for k in 0..N {
                z[k] = (x[k] - m.mean[k]) / m.scale[k];
            }
            (z, *y, *w)
        })
        .collect();
    let wsum: f32 = rows.iter().map(|r| r.2).sum::<f32>().max(1e-6);
    let lambda: f32 = std::env::var("STRIP_L2")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.03);
    // Adam on the weighted log loss; index N is the bias.
    let mut mw = vec![0f32; N + 1];
    let mut vw = vec![0f32; N + 1];
    let (b1, b2, lr) = (0.9f32, 0.999f32, 0.05f32);
    for t in 1..=600 {
        let mut g = vec![0f32; N + 1];
        for (z, y, w) in &rows {
            let mut s = m.bias;
            for k in 0..N {
                s += m.weights[k] * z[k];
            }
            let err = (sigmoid(s) - y) * w;
            for k in 0..N {
                g[k] += err * z[k];
            }
            g[N] += err;
        }
        for k in 0..=N {
            g[k] /= wsum;
            if k < N {
                g[k] += lambda * m.weights[k];
            }
            mw[k] = b1 * mw[k] + (1.0 - b1) * g[k];
            vw[k] = b2 * vw[k] + (1.0 - b2) * g[k] * g[k];
            let mh = mw[k] / (1.0 - b1.powi(t));
            let vh = vw[k] / (1.0 - b2.powi(t));
            let step = lr * mh / (vh.sqrt() + 1e-8);
            if k < N {
                m.weights[k] -= step;
            } else {
                m.bias -= step;
            }
        }
    }
    // Un-standardized means stay in `m`; weights apply to standardized inputs.
    m
}

fn line_rows(docs: &[&Doc]) -> Vec<([f32; NFEAT], f32, f32)> {
    docs.iter()
        .flat_map(|d| {
            d.x.iter()
                .zip(&d.y)
                .zip(&d.w)
                .map(|((x, &y), &w)| (*x, y, w))
        })
        .collect()
}

/// Stage one on all training pages; stage two on stage-one scores computed out of fold
/// (three inner folds), so that it learns how far to trust unseen-page scores.
fn train(docs: &[&Doc]) -> Model {
    let line = train_lr(&line_rows(docs));
    let inner = 3;
    let mut ctx_rows = Vec::new();
    for f in 0..inner {
        let fit: Vec<&Doc> = docs
            .iter()
            .enumerate()
            .filter(|(i, _)| i % inner != f)
            .map(|(_, d)| *d)
            .collect();
        let m1 = train_lr(&line_rows(&fit));
        for (_, d) in docs.iter().enumerate().filter(|(i, _)| i % inner == f) {
            let z: Vec<f32> = d.x.iter().map(|x| m1.logit(x)).collect();
            for ((c, &y), &w) in context_features(&z, &d.x).iter().zip(&d.y).zip(&d.w) {
                ctx_rows.push((*c, y, w));
            }
        }
    }
    let context = train_lr(&ctx_rows);
    Model { line, context }
}

/// The shingle scorer of `score_body.py`: per-document TP/FP/FN of token 4-grams.
fn score(re: &Regex, gold: &str, pred: &str) -> (Option<f64>, Option<f64>) {
    fn shingles<'a>(re: &Regex, s: &'a str) -> HashMap<Vec<&'a str>, i64> {
        let toks: Vec<&str> = re.find_iter(s).map(|m| m.as_str()).collect();
        let mut out = HashMap::new();
        if toks.is_empty() {
            return out;
        }
        if toks.len() < 4 {
            out.insert(toks, 1);
            return out;
        }
        for w in toks.windows(4) {
            *out.entry(w.to_vec()).or_insert(0) += 1;
        }
        out
    }
    let g = shingles(re, gold);
    let p = shingles(re, pred);
    let (mut tp, mut fp, mut fnn) = (0i64, 0i64, 0i64);
    for (k, &gv) in &g {
        let pv = p.get(k).copied().unwrap_or(0);
        tp += gv.min(pv);
        fnn += (gv - pv).max(0);
    }
    for (k, &pv) in &p {
        let gv = g.get(k).copied().unwrap_or(0);
        fp += (pv - gv).max(0);
    }
    let prec = (tp + fp > 0).then(|| tp as f64 / (tp + fp) as f64);
    let rec = (tp + fnn > 0).then(|| tp as f64 / (tp + fnn) as f64);
    (prec, rec)
}

fn f1_of(rows: &[(Option<f64>, Option<f64>)]) -> (f64, f64, f64) {
    let mean = |v: Vec<f64>| {
        if v.is_empty() {
            0.0
        } else {
            v.iter().sum::<f64>() / v.len() as f64
        }
    };
    let p = mean(rows.iter().filter_map(|r| r.0).collect());
    let r = mean(rows.iter().filter_map(|r| r.1).collect());
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f)
}

fn grid() -> Vec<Decoding> {
    let mut out = Vec::new();
    for threshold in [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6] {
        for length_exponent in [0.25, 0.5, 0.75, 1.0] {
            for inner_threshold in [0.03, 0.15, 0.3] {
                for barrier in [0.0, 300.0] {
                    out.push(Decoding {
                        threshold,
                        length_exponent,
                        inner_threshold,
                        barrier,
                    });
                }
            }
        }
    }
    out
}

/// P, R, F1 of the pages of each group (`all`, each dev set, each source).
fn report(docs: &[Doc], rows: &[(Option<f64>, Option<f64>)]) -> Vec<(String, (f64, f64, f64))> {
    type Rows = Vec<(Option<f64>, Option<f64>)>;
    let mut groups: BTreeMap<String, Rows> = BTreeMap::new();
    for (d, r) in docs.iter().zip(rows) {
        groups.entry("all".into()).or_default().push(*r);
        let set = if d.source == "pages" {
            "pages"
        } else {
            "pages2"
        };
        groups.entry(format!("{set} (set)")).or_default().push(*r);
        if d.source != "pages" {
            groups.entry(d.source.clone()).or_default().push(*r);
        }
    }
    groups
        .into_iter()
        .map(|(k, v)| (format!("{k}, {} pages", v.len()), f1_of(&v)))
        .collect()
}

/// The figure the decoding is chosen by: the mean of the two dev sets' F1 (each set scored
/// as `score_body.py` scores it), so neither set's size decides.
fn objective(docs: &[Doc], rows: &[(Option<f64>, Option<f64>)]) -> f64 {
    let set = |two: bool| -> Vec<(Option<f64>, Option<f64>)> {
        docs.iter()
            .zip(rows)
            .filter(|(d, _)| (d.source != "pages") == two)
            .map(|(_, r)| *r)
            .collect()
    };
    let (a, b) = (set(false), set(true));
    match (a.is_empty(), b.is_empty()) {
        (false, false) => (f1_of(&a).2 + f1_of(&b).2) / 2.0,
        (false, true) => f1_of(&a).2,
        _ => f1_of(&b).2,
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut dirs: Vec<PathBuf> = Vec::new();
    let mut folds = 5usize;
    let mut write: Option<PathBuf> = None;
    let mut dump: Option<PathBuf> = None;
    let mut explain: Option<String> = None;
    let mut only: Option<Decoding> = None;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--folds" => {
                folds = args.get(i + 1).and_then(|s| s.parse().ok()).unwrap_or(5);
                i += 1;
            }
            "--explain" => {
                explain = args.get(i + 1).cloned();
                i += 1;
            }
            "--dump" => {
                dump = args.get(i + 1).map(PathBuf::from);
                i += 1;
            }
            "--decoding" => {
                // One grid point (`threshold,exponent,inner,barrier`) instead of the grid.
                let v: Vec<f32> = args
                    .get(i + 1)
                    .map(|s| s.split(',').filter_map(|x| x.parse().ok()).collect())
                    .unwrap_or_default();
                if let [threshold, length_exponent, inner_threshold, barrier] = v[..] {
                    only = Some(Decoding {
                        threshold,
                        length_exponent,
                        inner_threshold,
                        barrier,
                    });
                }
                i += 1;
            }
            "--write" => {
                write = args.get(i + 1).map(PathBuf::from);
                i += 1;
            }
            other => dirs.push(PathBuf::from(other)),
        }
        i += 1;
    }
    if dirs.is_empty() {
        dirs = vec![
            PathBuf::from("../shared/data/pages/dev"),
            PathBuf::from("../shared/data/pages2/dev"),
        ];
    }
    let docs: Vec<Doc> = dirs.iter().flat_map(|d| load(d)).collect();
    let re = Regex::new(r"\w+").expect("regex");
    let sites: BTreeMap<String, usize> = {
        let mut s: Vec<&String> = docs.iter().map(|d| &d.site).collect();
        s.sort();
        s.dedup();
        s.into_iter()
            .enumerate()
            .map(|(i, s)| (s.clone(), i))
            .collect()
    };
    let fold_of = |d: &Doc| sites[&d.site] % folds;
    eprintln!(
        "{} pages ({} fitted on), {} sites, {} lines, {} folds by site",
        docs.len(),
        docs.iter().filter(|d| d.fit).count(),
        sites.len(),
        docs.iter().map(|d| d.y.len()).sum::<usize>(),
        folds
    );

    // Cross-validation: out-of-fold predictions for each grid point, in `docs` order. Each
    // fold's model is fitted on the other folds' fittable pages, as the shipped one is.
    let grid = only.map_or_else(grid, |d| vec![d]);
    let mut cv_rows: Vec<Vec<(Option<f64>, Option<f64>)>> = vec![Vec::new(); grid.len()];
    let mut cv_bodies: Vec<Vec<String>> = vec![Vec::new(); grid.len()];
    let mut order: Vec<usize> = Vec::new();
    for f in 0..folds {
        let train_docs: Vec<&Doc> = docs.iter().filter(|d| d.fit && fold_of(d) != f).collect();
        let model = train(&train_docs);
        for (k, d) in docs.iter().enumerate().filter(|(_, d)| fold_of(d) == f) {
            order.push(k);
            if explain
                .as_ref()
                .is_some_and(|e| d.id.starts_with(e.as_str()))
            {
                let strip = Strip::with_model(StripOptions::default(), model.clone(), grid[0])
                    .expect("strip");
                for (start, end, p) in strip.line_probabilities(&d.page) {
                    let t: String = d.page[start..end].chars().take(90).collect();
                    println!("{p:.3} {t}");
                }
            }
            for (g, dec) in grid.iter().enumerate() {
                let strip =
                    Strip::with_model(StripOptions::default(), model.clone(), *dec).expect("strip");
                let out = strip.extract(&d.page);
                cv_rows[g].push(score(&re, &d.gold, &out.body));
                if dump.is_some() {
                    cv_bodies[g].push(out.body);
                }
            }
        }
    }
    // Back to `docs` order.
    let mut inv = vec![0usize; docs.len()];
    for (pos, &k) in order.iter().enumerate() {
        inv[k] = pos;
    }
    let rows_of = |g: usize| -> Vec<(Option<f64>, Option<f64>)> {
        (0..docs.len()).map(|k| cv_rows[g][inv[k]]).collect()
    };
    let mut best = 0;
    let mut best_obj = f64::MIN;
    for (g, dec) in grid.iter().enumerate() {
        let rows = rows_of(g);
        let (p, r, f) = f1_of(&rows);
        let obj = objective(&docs, &rows);
        eprintln!(
            "cv threshold {:.2} exp {:.2} inner {:.2} barrier {:.0}: P {p:.4} R {r:.4} F1 {f:.4} (mean of sets {obj:.4})",
            dec.threshold, dec.length_exponent, dec.inner_threshold, dec.barrier
        );
        if obj > best_obj {
            best = g;
            best_obj = obj;
        }
    }
    let dec = grid[best];
    let rows = rows_of(best);
    println!(
        "chosen decoding: threshold {:.2}, length_exponent {:.2}, inner_threshold {:.2}, barrier {:.0}",
        dec.threshold, dec.length_exponent, dec.inner_threshold, dec.barrier
    );
    println!(
        "cross-validated ({folds} folds by site; fitted on the non-Dragnet pages of the other folds):"
    );
    for (name, (p, r, f)) in report(&docs, &rows) {
        println!("  {name:<28} P {p:.4} R {r:.4} F1 {f:.4}");
    }
    if let Some(dir) = &dump {
        std::fs::create_dir_all(dir).expect("dump dir");
        for (k, d) in docs.iter().enumerate() {
            std::fs::write(dir.join(format!("{}.txt", d.id)), &cv_bodies[best][inv[k]])
                .expect("dump");
        }
        println!("out-of-fold bodies in {}", dir.display());
    }
    let mut worst: Vec<(&str, f64)> = docs
        .iter()
        .zip(&rows)
        .map(|(d, r)| (d.id.as_str(), f1_of(&[*r]).2))
        .collect();
    worst.sort_by(|a, b| a.1.total_cmp(&b.1));
    for (id, f1) in worst.iter().take(12) {
        println!(
            "  weakest out-of-fold page {} F1 {f1:.3}",
            &id[..40.min(id.len())]
        );
    }

    let fit: Vec<&Doc> = docs.iter().filter(|d| d.fit).collect();
    let model = train(&fit);
    let strip = Strip::with_model(StripOptions::default(), model.clone(), dec).expect("strip");
    let rows: Vec<_> = docs
        .iter()
        .map(|d| score(&re, &d.gold, &strip.extract(&d.page).body))
        .collect();
    println!("shipped model on every page (Dragnet pages unseen, the others fitted on):");
    for (name, (p, r, f)) in report(&docs, &rows) {
        println!("  {name:<28} P {p:.4} R {r:.4} F1 {f:.4}");
    }
    let mut ranked: Vec<(usize, f32)> = model.line.weights.iter().copied().enumerate().collect();
    ranked.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
    for (k, w) in ranked.iter().take(12) {
        eprintln!("  line weight {:>18} {w:+.3}", FEATURE_NAMES[*k]);
    }
    for (k, w) in model.context.weights.iter().enumerate() {
        eprintln!("  context weight {:>18} {w:+.3}", CONTEXT_NAMES[k]);
    }
    if let Some(path) = write {
        std::fs::write(&path, render(&model, &dec)).expect("write weights");
        println!("wrote {}", path.display());
    }
}

fn render_lr<const N: usize>(name: &str, m: &Lr<N>, names: &[&str; N]) -> String {
    let arr = |v: &[f32; N]| {
        let mut s = String::from("[\n");
        for (k, x) in v.iter().enumerate() {
            let _ = writeln!(s, "            {x:?}, // {}", names[k]);
        }
        s.push_str("        ]");
        s
    };
    format!(
        "    {name}: Lr {{\n        mean: {},\n        scale: {},\n        weights: {},\n        bias: {:?},\n    }},\n",
        arr(&m.mean),
        arr(&m.scale),
        arr(&m.weights),
        m.bias
    )
}

fn render(m: &Model, d: &Decoding) -> String {
    format!(
        "//! Generated by `cargo run --release -p copydesk-strip --example train -- \
         ../shared/data/pages/dev ../shared/data/pages2/dev --write crates/strip/src/weights.rs`; \
         do not edit.\n\n\
         use crate::extract::Decoding;\nuse crate::model::{{Lr, Model}};\n\n\
         pub(crate) static MODEL: Model = Model {{\n{}{}}};\n\n\
         pub(crate) static DECODING: Decoding = Decoding {{\n    threshold: {:?},\n    length_exponent: {:?},\n    inner_threshold: {:?},\n    barrier: {:?},\n}};\n",
        render_lr("line", &m.line, &FEATURE_NAMES),
        render_lr("context", &m.context, &CONTEXT_NAMES),
        d.threshold,
        d.length_exponent,
        d.inner_threshold,
        d.barrier
    )
}
