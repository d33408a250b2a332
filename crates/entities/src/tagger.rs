//! Greedy left-to-right BILOU decoding with a trained [`Model`].

use hashbrown::HashMap;
use std::cell::RefCell;

use crate::Model;
use crate::features::{
    Ctx, History, OFFSETS, Prepared, StaticFeature, TRANSITIONS, WINDOW, label_features,
    position_features, short_shape_hash, static_features,
};
use crate::gazetteer::Gazetteer;
use crate::hash::combine;
use crate::label::{NL, START, valid};

/// Summed static weights of one word type at each window offset, and its short shape.
#[derive(Debug, Clone)]
struct TypeScores {
    sums: [i32; OFFSETS * NL],
    short_shape: u64,
}

/// Per-thread cache of [`TypeScores`] for one model, keyed by word (plain and all-capitals
/// sentences apart), with a use count. When it outgrows [`CACHE_LIMIT`], the most used half
/// stays and every count is halved (so old habits fade), so the frequent types that take most
/// lookups are kept however large the vocabulary of a run.
#[derive(Debug, Default)]
struct Cache {
    model: u64,
    plain: HashMap<Box<str>, (Box<TypeScores>, u32)>,
    caps: HashMap<Box<str>, (Box<TypeScores>, u32)>,
}

impl Cache {
    fn sweep(&mut self, model: u64) {
        if self.model != model {
            self.plain.clear();
            self.caps.clear();
            self.model = model;
        }
        if self.plain.len() + self.caps.len() <= CACHE_LIMIT {
            return;
        }
        let mut counts: Vec<u32> = self
            .plain
            .values()
            .chain(self.caps.values())
            .map(|v| v.1)
            .collect();
        let keep = CACHE_LIMIT / 2;
        let (_, &mut threshold, _) = counts.select_nth_unstable_by(keep, |a, b| b.cmp(a));
        for map in [&mut self.plain, &mut self.caps] {
            map.retain(|_, (_, n)| {
                let kept = *n > threshold;
                *n /= 2;
                kept
            });
        }
    }
}

/// Word types kept per thread (about 400 bytes each, boxed so that the map's empty slots stay
/// small): the frequent types that take most lookups, and under 1 MB per thread, so peak
/// memory stays flat with the number of documents seen.
const CACHE_LIMIT: usize = 2_048;

thread_local! {
    static CACHE: RefCell<Cache> = RefCell::new(Cache::default());
}

fn compute_type_scores(
    model: &Model,
    caps: bool,
    word: &str,
    lower: &str,
    buf: &mut Vec<StaticFeature>,
) -> TypeScores {
    static_features(caps, word, lower, buf);
    let mut sums = [0i32; OFFSETS * NL];
    for (kk, chunk) in sums.chunks_exact_mut(NL).enumerate() {
        let dist = kk.abs_diff(WINDOW);
        for &(h, reach) in buf.iter() {
            if dist <= usize::from(reach) {
                let row = model.row(combine(h, kk as u64));
                for (s, &w) in chunk.iter_mut().zip(row) {
                    *s += i32::from(w);
                }
            }
        }
    }
    TypeScores {
        sums,
        short_shape: short_shape_hash(caps, word),
    }
}

/// Tags a document given as sentences of token texts; returns one BILOU label per token.
pub(crate) fn tag(
    model: &Model,
    gazetteer: Option<&Gazetteer>,
    sentences: &[Vec<&str>],
) -> Vec<u8> {
    let p = Prepared::new(sentences, gazetteer);
    let types = CACHE.with(|cell| {
        let mut cache = cell.borrow_mut();
        cache.sweep(model.id());
        let mut buf = Vec::new();
        p.types
            .iter()
            .map(|&(caps, word, l)| {
                let map = if caps {
                    &mut cache.caps
                } else {
                    &mut cache.plain
                };
                if let Some((ts, uses)) = map.get_mut(word) {
                    *uses = uses.saturating_add(1);
                    return TypeScores::clone(ts);
                }
                let ts = compute_type_scores(model, caps, word, &p.lowers[l as usize], &mut buf);
                map.insert(word.into(), (Box::new(ts.clone()), 1));
                ts
            })
            .collect::<Vec<_>>()
    });
    let shapes: Vec<u64> = types.iter().map(|t| t.short_shape).collect();
    let mut ctx_sums: Vec<Option<[i32; NL]>> = vec![None; p.contexts.len()];
    // Per token: the summed weights of its static window, position and context-aggregation
    // features, which no decision changes (computed in the first pass, reused in the second).
    let mut fixed: Vec<Option<[i32; NL]>> = vec![None; p.type_of.len()];
    let mut pos_buf = Vec::new();
    let trans = model.transitions();
    let add = |scores: &mut [i32; NL], row: &[i16; NL]| {
        for (a, &b) in scores.iter_mut().zip(row) {
            *a += i32::from(b);
        }
    };
    let mut decide = |i: usize, sent: usize, feats: &[u64], prev1: u8, prev2: u8, last: bool| {
        let (s, e) = p.sentences[sent];
        let base = fixed[i].get_or_insert_with(|| {
            let mut scores = [0i32; NL];
            for kk in 0..OFFSETS {
                let Some(j) = (i + kk).checked_sub(WINDOW).filter(|&j| j >= s && j < e) else {
                    continue;
                };
                let ts = &types[p.type_of[j] as usize];
                for (a, &b) in scores.iter_mut().zip(&ts.sums[kk * NL..kk * NL + NL]) {
                    *a += b;
                }
            }
            position_features(&p, sent, i, shapes[p.type_of[i] as usize], &mut pos_buf);
            for &f in &pos_buf {
                add(&mut scores, model.row(f));
            }
            // Context aggregation: the sum over all of the word's contexts, once per word,
            // minus the token's own (the same total as adding each other context's row).
            if p.capital[i] || p.caps[sent] {
                let l = p.lower_of[i] as usize;
                if let Some(ctxs) = p.contexts.get(l).filter(|c| !c.is_empty()) {
                    let total = ctx_sums[l].get_or_insert_with(|| {
                        let mut t = [0i32; NL];
                        for &(_, h) in ctxs {
                            add(&mut t, model.row(h));
                        }
                        t
                    });
                    for (a, &b) in scores.iter_mut().zip(total.iter()) {
                        *a += b;
                    }
                    for &(_, h) in ctxs.iter().filter(|c| c.0 as usize == i) {
                        for (a, &b) in scores.iter_mut().zip(model.row(h)) {
                            *a -= i32::from(b);
                        }
                    }
                }
            }
            scores
        });
        let mut scores = *base;
        for (a, &b) in scores.iter_mut().zip(trans.row(prev1, prev2)) {
            *a += b;
        }
        for &f in feats.get(TRANSITIONS..).unwrap_or(&[]) {
            add(&mut scores, model.row(f));
        }
        best(&scores, prev1, last)
    };
    let mut first = vec![0u8; p.type_of.len()];
    greedy_pass(&p, &shapes, None, &mut first, &mut decide);
    if !model.two_pass() {
        return first;
    }
    let mut second = vec![0u8; p.type_of.len()];
    greedy_pass(&p, &shapes, Some(&first), &mut second, &mut decide);
    second
}

/// Scores a token and returns its label: `(token, sentence, label features, previous label,
/// the label before it, last in sentence)`.
pub(crate) type Decide<'a> = dyn FnMut(usize, usize, &[u64], u8, u8, bool) -> u8 + 'a;

/// One greedy left-to-right pass over a prepared document. `first`: the labels of the first
/// pass (the second pass aggregates them per word); `decide(i, sentence, context features,
/// previous label, last in sentence)` scores token `i` and returns its label.
pub(crate) fn greedy_pass(
    p: &Prepared<'_>,
    short_shapes: &[u64],
    first: Option<&[u8]>,
    labels: &mut [u8],
    decide: &mut Decide<'_>,
) {
    let tracked = |sent: usize, i: usize| p.capital[i] || p.caps[sent];
    // Per lower form: how the first pass tagged its tracked occurrences.
    let mut counts: Vec<[u16; 5]> = Vec::new();
    if let Some(first) = first {
        counts = vec![[0; 5]; p.lowers.len()];
        for (sent, &(s, e)) in p.sentences.iter().enumerate() {
            for i in s..e {
                if tracked(sent, i) {
                    let t = crate::label::ty(first[i]).map_or(0, |t| t + 1);
                    let c = &mut counts[p.lower_of[i] as usize][t];
                    *c = c.saturating_add(1);
                }
            }
        }
    }
    let mut hist = vec![History::default(); p.lowers.len()];
    let mut feats = Vec::new();
    for (sent, &(s, e)) in p.sentences.iter().enumerate() {
        let (mut prev1, mut prev2) = (START, START);
        for i in s..e {
            let l = p.lower_of[i] as usize;
            let track = tracked(sent, i);
            let agg = first.map(|first| {
                let mut c = if track { counts[l] } else { [0; 5] };
                if track {
                    let own = crate::label::ty(first[i]).map_or(0, |t| t + 1);
                    c[own] = c[own].saturating_sub(1);
                }
                c
            });
            let ctx = Ctx {
                prev1,
                prev2,
                hist: hist.get(l).filter(|_| track),
                agg,
                short_shape: short_shapes[p.type_of[i] as usize],
            };
            label_features(p, sent, i, &ctx, &mut feats);
            let pred = decide(i, sent, &feats, prev1, prev2, i + 1 == e);
            labels[i] = pred;
            if track {
                if let Some(h) = hist.get_mut(l) {
                    h.record(pred);
                }
            }
            prev2 = prev1;
            prev1 = pred;
        }
    }
}

/// The best-scoring label allowed after `prev` (ties: the lowest label).
pub(crate) fn best<T: PartialOrd + Copy>(scores: &[T; NL], prev: u8, last: bool) -> u8 {
    let mask = ALLOWED[usize::from(prev).min(NL)][usize::from(last)];
    let mut best = 0u8;
    let mut best_score: Option<T> = None;
    for (l, &s) in scores.iter().enumerate() {
        if mask & (1 << l) == 0 {
            continue;
        }
        if best_score.is_none_or(|b| s > b) {
            best = l as u8;
            best_score = Some(s);
        }
    }
    best
}

/// `ALLOWED[prev][last]`: bit `l` set when label `l` may follow `prev` (`START` included).
static ALLOWED: [[u32; 2]; NL + 1] = allowed_table();

const fn allowed_table() -> [[u32; 2]; NL + 1] {
    let mut t = [[0u32; 2]; NL + 1];
    let mut prev = 0;
    while prev <= NL {
        let mut last = 0;
        while last < 2 {
            let mut l = 0;
            while l < NL {
                if valid(prev as u8, l as u8, last == 1) {
                    t[prev][last] |= 1 << l;
                }
                l += 1;
            }
            last += 1;
        }
        prev += 1;
    }
    t
}
