//! Training: an averaged perceptron over the greedy tagger's decisions, with the gold labels
//! fed forward as the previous labels and document history (teacher forcing).

use std::path::PathBuf;

use crate::conll::{self, AnnotatedDoc};
use crate::features::{
    OFFSETS, Prepared, StaticFeature, WINDOW, aggregated_contexts, position_features,
    short_shape_hash, static_features,
};
use crate::gazetteer::Gazetteer;
use crate::hash::{Rng, combine};
use crate::label::{self, NL};
use crate::model::{MAX_HASH_BITS, bucket};
use crate::tagger::{self, best, greedy_pass};
use crate::{Model, TrainError};

/// Type index of MISC.
const MISC: usize = 3;

/// What to train on and how.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Training data, CoNLL format (`token … TAG`, IOB1/IOB2/BILOU tags, `-DOCSTART-`
    /// between documents).
    pub train: PathBuf,
    /// Development data for choosing the best epoch; without it the last epoch is kept.
    pub dev: Option<PathBuf>,
    /// Passes over the training data (default 12).
    pub epochs: usize,
    /// Seed of the document shuffling; the same seed and data give the same model bytes
    /// (default 1).
    pub seed: u64,
    /// log2 of the number of feature buckets (default 20; 1–24).
    pub hash_bits: u32,
    /// Whether to use gazetteer features (default true).
    pub gazetteer: bool,
    /// Whether to train on a second copy of each document with hyphenated words split
    /// (`Euro` `-` `Atlantic`), so the model suits both tokenizer conventions (default true).
    pub hyphen_variants: bool,
    /// Perceptrons trained side by side (member `k` shuffles with `seed + k`) whose
    /// averaged weights are averaged again (default 1).
    pub ensemble: usize,
    /// Folds for the second pass's training input: with `k >= 2`, the first-pass labels the
    /// second pass aggregates come from `k` models each trained without that document
    /// (jackknifing, as at tagging time they come from a model that never saw the text);
    /// 0 or 1 uses the gold labels (default 4).
    pub jackknife: usize,
    /// Whether to tag twice, the second pass seeing how the first tagged each word's other
    /// occurrences in the document (default true).
    pub two_pass: bool,
    /// Further training files, each with whether it annotates MISC: in a file without MISC
    /// (Universal NER) an `O` token may be a MISC name, so a MISC prediction there is left
    /// uncorrected (default none).
    pub extra: Vec<(PathBuf, bool)>,
    /// Train a caseless model: every token of the training and development data lower-cased,
    /// for text written in one case (default false).
    pub lowercase: bool,
}

impl TrainOptions {
    /// Options with every default for the given training file.
    pub fn new(train: impl Into<PathBuf>) -> Self {
        TrainOptions {
            train: train.into(),
            dev: None,
            epochs: 12,
            seed: 1,
            hash_bits: 20,
            gazetteer: true,
            two_pass: true,
            hyphen_variants: true,
            ensemble: 1,
            jackknife: 4,
            extra: Vec::new(),
            lowercase: false,
        }
    }
}

/// Precision, recall and F1 (percent) of entity spans.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Score {
    /// Correct / predicted.
    pub precision: f64,
    /// Correct / gold.
    pub recall: f64,
    /// Harmonic mean.
    pub f1: f64,
}

/// One epoch of training.
#[derive(Debug, Clone, PartialEq)]
pub struct EpochReport {
    /// 1-based epoch number.
    pub epoch: usize,
    /// Share of training tokens the tagger got right during the pass (percent).
    pub train_accuracy: f64,
    /// Entity scores on the development data, when given.
    pub dev: Option<Score>,
}

impl std::fmt::Display for EpochReport {
    /// `epoch  3: train accuracy 99.67%, dev P 91.37 R 91.57 F1 91.47`
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "epoch {:2}: train accuracy {:.2}%",
            self.epoch, self.train_accuracy
        )?;
        if let Some(d) = self.dev {
            write!(
                f,
                ", dev P {:.2} R {:.2} F1 {:.2}",
                d.precision, d.recall, d.f1
            )?;
        }
        Ok(())
    }
}

/// The outcome of training.
#[derive(Debug, Clone)]
pub struct TrainReport {
    /// Every epoch, in order.
    pub epochs: Vec<EpochReport>,
    /// The epoch whose model was kept (1-based).
    pub best_epoch: usize,
    /// Training documents, sentences and tokens.
    pub train_size: (usize, usize, usize),
}

/// Trains a model from CoNLL files; calls `on_epoch` after each epoch (for progress output).
/// Returns the model of the epoch with the best dev F1 (the last epoch without dev data).
pub fn train(
    options: &TrainOptions,
    on_epoch: &mut dyn FnMut(&EpochReport),
) -> Result<(Model, TrainReport), TrainError> {
    let train_docs = read_training(options)?;
    let dev_docs = match &options.dev {
        Some(p) => Some(cased(conll::read_file(p)?, options)),
        None => None,
    };
    train_docs_with(&train_docs, dev_docs.as_deref(), options, on_epoch)
}

/// The documents of `options.train` and `options.extra`, lower-cased for a caseless model.
fn read_training(options: &TrainOptions) -> Result<Vec<AnnotatedDoc>, TrainError> {
    let mut docs = conll::read_file(&options.train)?;
    for (path, misc) in &options.extra {
        let mut more = conll::read_file(path)?;
        for d in &mut more {
            d.no_misc = !misc;
        }
        docs.extend(more);
    }
    Ok(cased(docs, options))
}

fn cased(docs: Vec<AnnotatedDoc>, options: &TrainOptions) -> Vec<AnnotatedDoc> {
    if options.lowercase {
        docs.into_iter().map(AnnotatedDoc::lowercased).collect()
    } else {
        docs
    }
}

/// Cross-validation on the training data (`options.train` and `options.extra`; `options.dev`
/// is not used): the documents are dealt into `folds` folds, a model is trained on all but
/// one and scored on it after every epoch. Returns the mean F1 of each epoch over the folds;
/// `on_fold(fold, epoch report)` reports progress.
pub fn cross_validate(
    options: &TrainOptions,
    folds: usize,
    on_fold: &mut dyn FnMut(usize, &EpochReport),
) -> Result<Vec<f64>, TrainError> {
    if folds < 2 {
        return Err(TrainError::Options(
            "cross-validation needs at least 2 folds".into(),
        ));
    }
    let docs = read_training(options)?;
    let mut sums = vec![0f64; options.epochs];
    for f in 0..folds {
        let (held, rest): (Vec<_>, Vec<_>) =
            docs.iter().enumerate().partition(|(i, _)| i % folds == f);
        let held: Vec<AnnotatedDoc> = held.into_iter().map(|(_, d)| d.clone()).collect();
        let rest: Vec<AnnotatedDoc> = rest.into_iter().map(|(_, d)| d.clone()).collect();
        let (_, report) = train_docs_with(&rest, Some(&held), options, &mut |r| on_fold(f, r))?;
        for (s, r) in sums.iter_mut().zip(&report.epochs) {
            *s += r.dev.map_or(0.0, |d| d.f1);
        }
    }
    Ok(sums.into_iter().map(|s| s / folds as f64).collect())
}

/// Averaged perceptron weights: current weights and the running sum used for averaging.
struct Perceptron {
    bits: u32,
    w: Vec<i32>,
    /// Sum of `step * delta`, so that the average is `w - u / steps`.
    u: Vec<i64>,
    steps: i64,
}

impl Perceptron {
    fn update(&mut self, buckets: &[usize], gold: u8, pred: u8) {
        for &b in buckets {
            let g = b * NL + gold as usize;
            let p = b * NL + pred as usize;
            self.w[g] += 1;
            self.u[g] += self.steps;
            self.w[p] -= 1;
            self.u[p] -= self.steps;
        }
    }
}

/// The mean of the members' averaged weights, quantised to `i16`.
fn averaged(pcs: &[Perceptron], gazetteer: u64, two_pass: bool, description: String) -> Model {
    let Some(first) = pcs.first() else {
        return Model::new(1, vec![0; 2 * NL], 1.0, gazetteer, two_pass, description);
    };
    let mut avg = vec![0f64; first.w.len()];
    for pc in pcs {
        let steps = pc.steps.max(1) as f64;
        for ((a, &w), &u) in avg.iter_mut().zip(&pc.w).zip(&pc.u) {
            *a += f64::from(w) - u as f64 / steps;
        }
    }
    let max = avg.iter().fold(0f64, |m, &a| m.max(a.abs()));
    let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
    let q = avg
        .iter()
        .map(|&a| (a / scale).round().clamp(-32767.0, 32767.0) as i16)
        .collect();
    Model::new(
        first.bits,
        q,
        scale as f32,
        gazetteer,
        two_pass,
        description,
    )
}

pub(crate) fn train_docs_with(
    train_docs: &[AnnotatedDoc],
    dev_docs: Option<&[AnnotatedDoc]>,
    options: &TrainOptions,
    on_epoch: &mut dyn FnMut(&EpochReport),
) -> Result<(Model, TrainReport), TrainError> {
    if !(1..=MAX_HASH_BITS).contains(&options.hash_bits) {
        return Err(TrainError::Options(format!(
            "hash bits must be between 1 and {MAX_HASH_BITS}, not {}",
            options.hash_bits
        )));
    }
    if options.epochs == 0 {
        return Err(TrainError::Options("epochs must be at least 1".into()));
    }
    let sentences: usize = train_docs.iter().map(|d| d.sentences.len()).sum();
    let tokens: usize = train_docs
        .iter()
        .flat_map(|d| &d.sentences)
        .map(|s| s.tokens.len())
        .sum();
    if tokens == 0 {
        return Err(TrainError::Options(
            "the training data has no tokens".into(),
        ));
    }
    let gaz = options.gazetteer.then(Gazetteer::embedded);
    let gaz_sum = gaz.as_ref().map_or(0, Gazetteer::checksum);
    let bits = options.hash_bits;
    let size = (1usize << bits) * NL;
    let members = options.ensemble.max(1);
    let mut pcs: Vec<Perceptron> = (0..members)
        .map(|_| Perceptron {
            bits,
            w: vec![0; size],
            u: vec![0; size],
            steps: 1,
        })
        .collect();
    let variants: Vec<Option<AnnotatedDoc>> = train_docs
        .iter()
        .map(|d| {
            options
                .hyphen_variants
                .then(|| conll::split_hyphens(d))
                .flatten()
        })
        .collect();
    // Jackknifed first-pass labels (empty when off).
    let (oof_plain, oof_variant) = if options.jackknife >= 2 && options.two_pass {
        jackknife(train_docs, &variants, options, gaz.as_ref())
    } else {
        (Vec::new(), Vec::new())
    };
    // Member k shuffles with seed + k.
    let mut rngs: Vec<Rng> = (0..members as u64)
        .map(|k| Rng::new(options.seed.wrapping_add(k)))
        .collect();
    let mut orders: Vec<Vec<usize>> = vec![(0..train_docs.len()).collect(); members];
    let mut epochs = Vec::new();
    let mut best_model: Option<(f64, usize, Model)> = None;
    for epoch in 1..=options.epochs {
        let mut right = 0usize;
        let mut seen = 0usize;
        for ((pc, rng), order) in pcs.iter_mut().zip(&mut rngs).zip(&mut orders) {
            rng.shuffle(order);
            for &d in order.iter() {
                // Each epoch sees one of the document's two tokenizations, chosen by the seed.
                let (doc, oof) = match &variants[d] {
                    Some(v) if rng.next_u64() & 1 == 1 => (v, oof_variant.get(d)),
                    _ => (&train_docs[d], oof_plain.get(d)),
                };
                let oof = oof.map(Vec::as_slice);
                let (r, n) = train_doc(pc, doc, gaz.as_ref(), options.two_pass, oof);
                right += r;
                seen += n;
            }
        }
        let description = format!(
            "copydesk-entities averaged perceptron; {} documents, {sentences} sentences, \
             {tokens} tokens; epoch {epoch}; seed {}; ensemble {members}; hash bits {bits}; \
             gazetteer {}; passes {}",
            train_docs.len(),
            options.seed,
            if gaz.is_some() { "on" } else { "off" },
            if options.two_pass { 2 } else { 1 },
        );
        let model = averaged(&pcs, gaz_sum, options.two_pass, description);
        let dev = dev_docs.map(|docs| evaluate(&model, gaz.as_ref(), docs));
        let report = EpochReport {
            epoch,
            train_accuracy: 100.0 * right as f64 / seen.max(1) as f64,
            dev,
        };
        on_epoch(&report);
        let f1 = dev.map_or(epoch as f64, |s| s.f1);
        if best_model.as_ref().is_none_or(|(b, _, _)| f1 > *b) {
            best_model = Some((f1, epoch, model));
        }
        epochs.push(report);
    }
    let (_, best_epoch, mut model) =
        best_model.ok_or_else(|| TrainError::Options("no epoch was trained".into()))?;
    if let Some(s) = epochs.get(best_epoch - 1).and_then(|r| r.dev) {
        let description = format!("{}; dev F1 {:.2}", model.description(), s.f1);
        model = model.with_description(description);
    }
    Ok((
        model,
        TrainReport {
            epochs,
            best_epoch,
            train_size: (train_docs.len(), sentences, tokens),
        },
    ))
}

/// First-pass labels of every training document (and its hyphen variant) from one-pass models
/// trained on the other folds.
fn jackknife(
    docs: &[AnnotatedDoc],
    variants: &[Option<AnnotatedDoc>],
    options: &TrainOptions,
    gaz: Option<&Gazetteer>,
) -> (Vec<Vec<u8>>, Vec<Vec<u8>>) {
    let k = options.jackknife;
    let mut rng = Rng::new(options.seed ^ 0x6a61_636b);
    let mut order: Vec<usize> = (0..docs.len()).collect();
    rng.shuffle(&mut order);
    let mut fold = vec![0usize; docs.len()];
    for (n, &d) in order.iter().enumerate() {
        fold[d] = n % k;
    }
    let size = (1usize << options.hash_bits) * NL;
    let mut plain = vec![Vec::new(); docs.len()];
    let mut split = vec![Vec::new(); docs.len()];
    for f in 0..k {
        let mut pc = Perceptron {
            bits: options.hash_bits,
            w: vec![0; size],
            u: vec![0; size],
            steps: 1,
        };
        let mut train_order: Vec<usize> = (0..docs.len()).filter(|&d| fold[d] != f).collect();
        for _ in 0..options.epochs.min(8) {
            rng.shuffle(&mut train_order);
            for &d in &train_order {
                let doc = match &variants[d] {
                    Some(v) if rng.next_u64() & 1 == 1 => v,
                    _ => &docs[d],
                };
                train_doc(&mut pc, doc, gaz, false, None);
            }
        }
        let model = averaged(
            std::slice::from_ref(&pc),
            gaz.map_or(0, Gazetteer::checksum),
            false,
            String::new(),
        );
        for d in (0..docs.len()).filter(|&d| fold[d] == f) {
            let words = |doc: &AnnotatedDoc| -> Vec<Vec<String>> {
                doc.sentences.iter().map(|s| s.tokens.clone()).collect()
            };
            let tag = |doc: &AnnotatedDoc| {
                let w = words(doc);
                let refs: Vec<Vec<&str>> = w
                    .iter()
                    .map(|s| s.iter().map(String::as_str).collect())
                    .collect();
                tagger::tag(&model, gaz, &refs)
            };
            plain[d] = tag(&docs[d]);
            if let Some(v) = &variants[d] {
                split[d] = tag(v);
            }
        }
    }
    (plain, split)
}

/// One perceptron pass over a document; returns the decisions that were right, and all.
fn train_doc(
    pc: &mut Perceptron,
    doc: &AnnotatedDoc,
    gaz: Option<&Gazetteer>,
    two_pass: bool,
    oof: Option<&[u8]>,
) -> (usize, usize) {
    let sents: Vec<Vec<&str>> = doc
        .sentences
        .iter()
        .map(|s| s.tokens.iter().map(String::as_str).collect())
        .collect();
    let gold: Vec<u8> = doc
        .sentences
        .iter()
        .flat_map(|s| s.labels.iter().copied())
        .collect();
    let p = Prepared::new(&sents, gaz);
    let mut buf: Vec<StaticFeature> = Vec::new();
    let statics: Vec<(Vec<StaticFeature>, u64)> = p
        .types
        .iter()
        .map(|&(caps, word, l)| {
            static_features(caps, word, &p.lowers[l as usize], &mut buf);
            (buf.clone(), short_shape_hash(caps, word))
        })
        .collect();
    let shapes: Vec<u64> = statics.iter().map(|s| s.1).collect();
    let mut buckets = Vec::new();
    let mut right = 0;
    let bits = pc.bits;
    let mut pos_buf = Vec::new();
    let mut decide = |i: usize, sent: usize, feats: &[u64], prev1: u8, _prev2: u8, last: bool| {
        let (s, e) = p.sentences[sent];
        buckets.clear();
        for kk in 0..OFFSETS {
            let Some(j) = (i + kk).checked_sub(WINDOW).filter(|&j| j >= s && j < e) else {
                continue;
            };
            let dist = kk.abs_diff(WINDOW);
            for &(h, reach) in &statics[p.type_of[j] as usize].0 {
                if dist <= usize::from(reach) {
                    buckets.push(bucket(combine(h, kk as u64), bits));
                }
            }
        }
        buckets.extend(feats.iter().map(|&f| bucket(f, bits)));
        position_features(&p, sent, i, statics[p.type_of[i] as usize].1, &mut pos_buf);
        buckets.extend(pos_buf.iter().map(|&f| bucket(f, bits)));
        buckets.extend(aggregated_contexts(&p, sent, i).map(|f| bucket(f, bits)));
        let mut scores = [0i32; NL];
        for &b in &buckets {
            for (a, &w) in scores.iter_mut().zip(&pc.w[b * NL..b * NL + NL]) {
                *a += w;
            }
        }
        let pred = best(&scores, prev1, last);
        let g = gold.get(i).copied().unwrap_or(label::O);
        // Without MISC in the annotation, an O token may be a MISC name.
        let unknown = doc.no_misc && g == label::O && label::ty(pred) == Some(MISC);
        if pred == g || unknown {
            right += 1;
        } else {
            pc.update(&buckets, g, pred);
        }
        pc.steps += 1;
        // Teacher forcing: later decisions see the gold labels as previous labels, history
        // and first-pass labels (on CoNLL-2003 dev +2 F1 over feeding back predictions).
        g
    };
    let mut first = vec![0u8; p.type_of.len()];
    greedy_pass(&p, &shapes, None, &mut first, &mut decide);
    let mut seen = first.len();
    if two_pass {
        let mut second = vec![0u8; p.type_of.len()];
        let pass1 = oof.filter(|o| o.len() == first.len()).unwrap_or(&first);
        greedy_pass(&p, &shapes, Some(pass1), &mut second, &mut decide);
        seen *= 2;
    }
    (right, seen)
}

/// Entity precision/recall/F1 of a model on annotated documents (conlleval rule: exact span
/// and type).
pub(crate) fn evaluate(model: &Model, gaz: Option<&Gazetteer>, docs: &[AnnotatedDoc]) -> Score {
    let (mut correct, mut found, mut gold_n) = (0usize, 0usize, 0usize);
    let mut gc = Vec::new();
    let mut pc = Vec::new();
    for doc in docs {
        let sents: Vec<Vec<&str>> = doc
            .sentences
            .iter()
            .map(|s| s.tokens.iter().map(String::as_str).collect())
            .collect();
        let pred = tagger::tag(model, gaz, &sents);
        let mut at = 0;
        for s in &doc.sentences {
            let n = s.tokens.len();
            gc.clear();
            pc.clear();
            label::chunks(&s.labels, &mut gc);
            label::chunks(&pred[at..at + n], &mut pc);
            if doc.no_misc {
                pc.retain(|c| c.2 != MISC);
            }
            at += n;
            gold_n += gc.len();
            found += pc.len();
            correct += pc.iter().filter(|c| gc.contains(c)).count();
        }
    }
    let p = if found > 0 {
        100.0 * correct as f64 / found as f64
    } else {
        0.0
    };
    let r = if gold_n > 0 {
        100.0 * correct as f64 / gold_n as f64
    } else {
        0.0
    };
    let f1 = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    Score {
        precision: p,
        recall: r,
        f1,
    }
}
