//! The line classifier: logistic regression over standardized line features.

use crate::page::NFEAT;

/// A logistic-regression line classifier: `sigmoid(bias + Σ w·(x − mean)/scale)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// Feature means (from the training data).
    pub mean: [f32; NFEAT],
    /// Feature scales (standard deviations, never 0).
    pub scale: [f32; NFEAT],
    /// Weights of the standardized features.
    pub weights: [f32; NFEAT],
    /// Intercept.
    pub bias: f32,
}

impl Model {
    /// The log-odds that the line with features `x` belongs to the article.
    pub fn logit(&self, x: &[f32; NFEAT]) -> f32 {
        let mut z = self.bias;
        for (i, &xi) in x.iter().enumerate() {
            z += self.weights[i] * (xi - self.mean[i]) / self.scale[i];
        }
        z
    }

    /// The probability that the line belongs to the article.
    pub fn probability(&self, x: &[f32; NFEAT]) -> f32 {
        sigmoid(self.logit(x))
    }

    /// The built-in model, trained on the dev pages by the `train` example.
    pub fn builtin() -> &'static Model {
        &crate::weights::MODEL
    }
}

/// The logistic function.
pub fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}
