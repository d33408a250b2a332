//! Stage and writer options: the typed options each plugin declares, and the raw TOML value
//! the driver hands it.

use serde::Serialize;
use serde::de::{DeserializeOwned, IntoDeserializer};
use toml::Spanned;
use toml::de::DeValue;

use crate::error::{BuildError, ConfigError, line_column};

/// Documentation of one option key, shown by `copydesk stages`.
#[derive(Debug, Clone, Copy)]
pub struct OptionDoc {
    /// The key in `[stage.options]`.
    pub key: &'static str,
    /// Its TOML type, e.g. `integer`, `array of strings`.
    pub ty: &'static str,
    /// What it does.
    pub doc: &'static str,
}

/// The options type of a stage or writer: deserialized from `[stage.options]` with
/// `#[serde(deny_unknown_fields, default)]`; [`Default`] gives every default, and `DOCS`
/// documents every key.
pub trait Options: DeserializeOwned + Serialize + Default + std::fmt::Debug {
    /// One entry per key.
    const DOCS: &'static [OptionDoc];

    /// The defaults as a TOML table (for `copydesk stages` and `--print-config`).
    fn default_table() -> toml::Table {
        toml::Table::try_from(Self::default()).unwrap_or_default()
    }
}

/// The `[stage.options]` table of one pipeline entry, with the positions needed to report
/// errors as `file:line:column`.
#[derive(Debug, Clone, Copy)]
pub struct StageOptions<'a> {
    file: &'a str,
    source: &'a str,
    /// Where the stage's table starts (for errors without a position of their own).
    at: usize,
    value: Option<&'a Spanned<DeValue<'a>>>,
}

impl<'a> StageOptions<'a> {
    /// Options read from `value` (None: no options table) of a stage whose table starts at byte
    /// `at` of `source`, the text of the pipeline file `file`.
    pub fn new(
        file: &'a str,
        source: &'a str,
        at: usize,
        value: Option<&'a Spanned<DeValue<'a>>>,
    ) -> Self {
        StageOptions {
            file,
            source,
            at,
            value,
        }
    }

    /// No options at all: every default.
    pub fn empty() -> StageOptions<'static> {
        StageOptions {
            file: "<defaults>",
            source: "",
            at: 0,
            value: None,
        }
    }

    /// Deserializes the options into `T`, or reports the first problem with its position.
    pub fn parse<T: Options>(&self) -> Result<T, ConfigError> {
        let Some(value) = self.value else {
            return Ok(T::default());
        };
        T::deserialize(value.clone().into_deserializer()).map_err(|e| {
            let at = e.span().map_or(value.span().start, |s| s.start);
            ConfigError {
                file: self.file.to_owned(),
                position: Some(line_column(self.source, at)),
                stage: None,
                message: e.message().trim().to_owned(),
            }
        })
    }

    /// Locates a [`BuildError`] at the stage's table.
    pub fn build_error(&self, err: BuildError) -> ConfigError {
        ConfigError {
            file: self.file.to_owned(),
            position: (!self.source.is_empty()).then(|| line_column(self.source, self.at)),
            stage: None,
            message: err.to_string(),
        }
    }
}
