//! Typed errors of model loading and training.

use std::fmt;

/// A model file could not be read or decoded.
#[derive(Debug)]
pub enum ModelError {
    /// The file could not be read or written.
    Io {
        /// The path.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The bytes are not a model of this version.
    Format(String),
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ModelError::Io { path, source } => {
                write!(f, "cannot access model file {path}: {source}")
            }
            ModelError::Format(m) => write!(f, "bad model file: {m}"),
        }
    }
}

impl std::error::Error for ModelError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ModelError::Io { source, .. } => Some(source),
            ModelError::Format(_) => None,
        }
    }
}

/// Training failed.
#[derive(Debug)]
pub enum TrainError {
    /// A data file could not be read.
    Io {
        /// The path.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// A data file is not in CoNLL format.
    Format {
        /// The path.
        path: String,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The options are unusable (no training data, hash bits out of range ...).
    Options(String),
}

impl fmt::Display for TrainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TrainError::Io { path, source } => write!(f, "cannot read {path}: {source}"),
            TrainError::Format {
                path,
                line,
                message,
            } => write!(f, "{path}:{line}: {message}"),
            TrainError::Options(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for TrainError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            TrainError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}
