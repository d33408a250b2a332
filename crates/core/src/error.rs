//! Typed errors.

use std::fmt;

/// A stage failed on one document. The driver names the document and the stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageError {
    message: String,
}

impl StageError {
    /// An error with a lowercase message without a trailing period.
    pub fn new(message: impl Into<String>) -> Self {
        StageError {
            message: message.into(),
        }
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for StageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for StageError {}

/// A stage or writer could not be built from valid options (a model file that does not load,
/// a pattern that does not compile). The driver adds where in the pipeline file it happened:
/// at the option's value when [`BuildError::at_key`] names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError {
    message: String,
    key: Option<(String, Option<usize>)>,
}

impl BuildError {
    /// An error with a lowercase message without a trailing period.
    pub fn new(message: impl Into<String>) -> Self {
        BuildError {
            message: message.into(),
            key: None,
        }
    }

    /// Names the option the error is about, and the array item when it is one (`index`), so
    /// the error is reported at that value's line and column.
    pub fn at_key(mut self, key: impl Into<String>, index: Option<usize>) -> Self {
        self.key = Some((key.into(), index));
        self
    }

    /// The option (and array item) named by [`BuildError::at_key`].
    pub fn key(&self) -> Option<(&str, Option<usize>)> {
        self.key.as_ref().map(|(k, i)| (k.as_str(), *i))
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for BuildError {}

/// A problem in a pipeline file, located by `file:line:column` where the position is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The pipeline file's name as the user gave it.
    pub file: String,
    /// 1-based line and column, when known.
    pub position: Option<(usize, usize)>,
    /// The 0-based index and type name of the `[[stage]]` table concerned, when one is.
    pub stage: Option<(usize, String)>,
    /// What is wrong and what to do, lowercase.
    pub message: String,
}

impl ConfigError {
    /// An error at byte offset `at` of `source`, the text of `file`.
    pub fn at(file: &str, source: &str, at: usize, message: impl Into<String>) -> Self {
        ConfigError {
            file: file.to_owned(),
            position: Some(line_column(source, at)),
            stage: None,
            message: message.into(),
        }
    }

    /// Names the `[[stage]]` table the error belongs to (`name` empty when its type is not
    /// known).
    pub fn in_stage(mut self, index: usize, name: &str) -> Self {
        self.stage = Some((index, name.to_owned()));
        self
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some((line, column)) = self.position {
            write!(f, ":{line}:{column}")?;
        }
        f.write_str(": ")?;
        match &self.stage {
            Some((index, name)) if name.is_empty() => write!(f, "stage #{}: ", index + 1)?,
            Some((index, name)) => write!(f, "stage #{} '{}': ", index + 1, name)?,
            None => {}
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConfigError {}

/// 1-based line and column (in characters) of byte offset `at` in `source`.
pub(crate) fn line_column(source: &str, at: usize) -> (usize, usize) {
    let at = at.min(source.len());
    let before = &source.as_bytes()[..at];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let column = source[line_start..at].chars().count() + 1;
    (line, column)
}

/// A writer could not write its output.
#[derive(Debug)]
pub struct WriteError {
    message: String,
    source: Option<std::io::Error>,
}

impl WriteError {
    /// An error with a message.
    pub fn new(message: impl Into<String>) -> Self {
        WriteError {
            message: message.into(),
            source: None,
        }
    }

    /// An IO error, with what was being done (`writing out/x.json`).
    pub fn io(context: impl Into<String>, err: std::io::Error) -> Self {
        WriteError {
            message: context.into(),
            source: Some(err),
        }
    }

    /// Whether the error is a broken pipe (the reader went away: not a failure).
    pub fn is_broken_pipe(&self) -> bool {
        self.source
            .as_ref()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(e) = &self.source {
            write!(f, ": {e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for WriteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_ref().map(|e| e as _)
    }
}

impl From<std::io::Error> for WriteError {
    fn from(err: std::io::Error) -> Self {
        WriteError::io("write failed", err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions() {
        let src = "a = 1\nbé = 2\n";
        assert_eq!(line_column(src, 0), (1, 1));
        assert_eq!(line_column(src, 6), (2, 1));
        assert_eq!(line_column(src, src.find('=').unwrap()), (1, 3));
        assert_eq!(line_column(src, src.rfind('=').unwrap()), (2, 4));
    }
}
