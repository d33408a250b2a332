//! The line classifier: two stacked logistic regressions. The first scores each line from its
//! own features (and a little of its neighbours'); the second rescores it from the first
//! stage's scores of the lines around it.

use crate::page::NFEAT;

/// Number of context features of the second stage.
pub const NCTX: usize = 10;

/// Names of the context features.
pub const CONTEXT_NAMES: [&str; NCTX] = [
    "z",
    "z_prev",
    "z_next",
    "z_prev3_mean",
    "z_next3_mean",
    "z_window5_max",
    "z_window10_mean",
    "ln_chars",
    "z_if_short",
    "between_positive",
];

/// A logistic regression over `N` standardized features: `bias + Σ w·(x − mean)/scale`.
#[derive(Debug, Clone, PartialEq)]
pub struct Lr<const N: usize> {
    /// Feature means (from the training data).
    pub mean: [f32; N],
    /// Feature scales (standard deviations, never 0).
    pub scale: [f32; N],
    /// Weights of the standardized features.
    pub weights: [f32; N],
    /// Intercept.
    pub bias: f32,
}

/// A logistic regression with the standardization folded into the weights.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Folded<const N: usize> {
    weights: [f32; N],
    bias: f32,
}

impl<const N: usize> Folded<N> {
    #[inline]
    pub(crate) fn logit(&self, x: &[f32; N]) -> f32 {
        let mut z = self.bias;
        for (w, xi) in self.weights.iter().zip(x) {
            z += w * xi;
        }
        z
    }
}

impl<const N: usize> Lr<N> {
    /// The same function with the standardization folded into weights and bias.
    pub(crate) fn fold(&self) -> Folded<N> {
        let mut weights = [0f32; N];
        let mut bias = self.bias;
        for (i, w) in weights.iter_mut().enumerate() {
            *w = self.weights[i] / self.scale[i];
            bias -= *w * self.mean[i];
        }
        Folded { weights, bias }
    }

    /// The log-odds for features `x`.
    pub fn logit(&self, x: &[f32; N]) -> f32 {
        let mut z = self.bias;
        for (i, &xi) in x.iter().enumerate() {
            z += self.weights[i] * (xi - self.mean[i]) / self.scale[i];
        }
        z
    }
}

/// The two-stage line classifier.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// Stage one: line features → log-odds.
    pub line: Lr<NFEAT>,
    /// Stage two: context of stage-one log-odds → log-odds.
    pub context: Lr<NCTX>,
}

/// Log-odds used for positions beyond the page's first and last line.
const EDGE: f32 = -4.0;

impl Model {
    /// The built-in model, trained on the dev pages by the `train` example.
    pub fn builtin() -> &'static Model {
        &crate::weights::MODEL
    }

    /// Final log-odds of every line, from the page's line features.
    pub fn logits(&self, feats: &[[f32; NFEAT]]) -> Vec<f32> {
        self.fold().logits(feats)
    }

    pub(crate) fn fold(&self) -> FoldedModel {
        FoldedModel {
            line: self.line.fold(),
            context: self.context.fold(),
        }
    }
}

/// A [`Model`] ready for fast scoring.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FoldedModel {
    line: Folded<NFEAT>,
    context: Folded<NCTX>,
}

impl FoldedModel {
    pub(crate) fn logits(&self, feats: &[[f32; NFEAT]]) -> Vec<f32> {
        let z: Vec<f32> = feats.iter().map(|f| self.line.logit(f)).collect();
        context_features(&z, feats)
            .iter()
            .map(|c| self.context.logit(c))
            .collect()
    }
}

/// The second stage's features of every line, from the first stage's log-odds `z`.
pub fn context_features(z: &[f32], feats: &[[f32; NFEAT]]) -> Vec<[f32; NCTX]> {
    let n = z.len();
    // Prefix sums for window means.
    let mut pre = Vec::with_capacity(n + 1);
    pre.push(0.0f64);
    for &v in z {
        let last = pre.last().copied().unwrap_or(0.0);
        pre.push(last + f64::from(v));
    }
    let mean = |a: isize, b: isize| -> f32 {
        // Mean over the lines of [a, b) that exist; EDGE when none does.
        let (ca, cb) = (
            a.clamp(0, n as isize) as usize,
            b.clamp(0, n as isize) as usize,
        );
        if cb <= ca {
            return EDGE;
        }
        ((pre[cb] - pre[ca]) / (cb - ca) as f64) as f32
    };
    let at = |i: isize| -> f32 {
        if i < 0 || i as usize >= n {
            EDGE
        } else {
            z[i as usize]
        }
    };
    let mut out = Vec::with_capacity(n);
    for (i, &zi) in z.iter().enumerate() {
        let ii = i as isize;
        let mut wmax = EDGE;
        for k in ii - 5..=ii + 5 {
            if k != ii {
                wmax = wmax.max(at(k));
            }
        }
        let ln_chars = feats.get(i).map_or(0.0, |f| f[0]);
        let short = if ln_chars < (31.0f32).ln() { 1.0 } else { 0.0 };
        out.push([
            zi,
            at(ii - 1),
            at(ii + 1),
            mean(ii - 3, ii),
            mean(ii + 1, ii + 4),
            wmax,
            mean(ii - 10, ii + 11),
            ln_chars,
            zi * short,
            if at(ii - 1) > 0.0 && at(ii + 1) > 0.0 {
                1.0
            } else {
                0.0
            },
        ]);
    }
    out
}

/// The logistic function.
pub fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}
