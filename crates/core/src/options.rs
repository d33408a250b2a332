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

    /// Deserializes the options into `T`, or reports every problem, each at its position and
    /// in plain words (`` `min_paragraph_chars` must be a whole number from 0 to 4294967295,
    /// not the string "x" ``).
    pub fn parse<T: Options>(&self) -> Result<T, Vec<ConfigError>> {
        let Some(value) = self.value else {
            return Ok(T::default());
        };
        let whole = match T::deserialize(value.clone().into_deserializer()) {
            Ok(options) => return Ok(options),
            Err(e) => e,
        };
        // Judge each key alone (the others at their defaults), so every bad value is reported
        // at once rather than the first only.
        let mut errors = Vec::new();
        if let DeValue::Table(table) = value.get_ref() {
            for (key, item) in table {
                let mut one = toml::de::DeTable::new();
                one.insert(key.clone(), item.clone());
                let single = Spanned::new(value.span(), DeValue::Table(one));
                if let Err(e) = T::deserialize(single.into_deserializer()) {
                    let at = e.span().map_or(item.span().start, |s| s.start);
                    let ty = T::DOCS
                        .iter()
                        .find(|d| d.key == key.get_ref().as_ref())
                        .map(|d| d.ty);
                    errors.push(self.error_at(
                        at,
                        plain(key.get_ref(), ty, e.message().trim(), item.get_ref()),
                    ));
                }
            }
        }
        if errors.is_empty() {
            let at = whole.span().map_or(value.span().start, |s| s.start);
            errors.push(self.error_at(at, whole.message().trim().to_owned()));
        }
        Err(errors)
    }

    fn error_at(&self, at: usize, message: String) -> ConfigError {
        ConfigError {
            file: self.file.to_owned(),
            position: (!self.source.is_empty()).then(|| line_column(self.source, at)),
            stage: None,
            message,
        }
    }

    /// Locates a [`BuildError`]: at the value of the option it names (and its array item),
    /// else at the stage's table.
    pub fn build_error(&self, err: BuildError) -> ConfigError {
        let at = err
            .key()
            .and_then(|(key, index)| {
                let DeValue::Table(table) = self.value?.get_ref() else {
                    return None;
                };
                let item = table.get(key)?;
                match (index, item.get_ref()) {
                    (Some(i), DeValue::Array(items)) => items.get(i).map(|v| v.span().start),
                    _ => Some(item.span().start),
                }
            })
            .unwrap_or(self.at);
        self.error_at(at, err.to_string())
    }
}

/// A deserializer's message for option `key` in plain words: the TOML type it wants (from its
/// documentation, or from the Rust type serde names) and what was given.
fn plain(key: &str, ty: Option<&str>, message: &str, given: &DeValue<'_>) -> String {
    let found = match given {
        DeValue::String(s) => format!("the string \"{s}\""),
        DeValue::Integer(i) => format!("the number {i}"),
        DeValue::Float(f) => format!("the number {f}"),
        DeValue::Boolean(b) => format!("{b}"),
        DeValue::Datetime(d) => format!("the date {d}"),
        DeValue::Array(_) => "an array".to_owned(),
        DeValue::Table(_) => "a table".to_owned(),
    };
    // What serde says it expected: the text after the last "expected ".
    let expected = message.rsplit("expected ").next().unwrap_or("").trim();
    let wanted = match expected {
        "u8" => "a whole number from 0 to 255".to_owned(),
        "u16" => "a whole number from 0 to 65535".to_owned(),
        "u32" => "a whole number from 0 to 4294967295".to_owned(),
        "u64" | "usize" => "a whole number, 0 or more".to_owned(),
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number".to_owned(),
        "f32" | "f64" => "a number".to_owned(),
        "a boolean" => "true or false".to_owned(),
        "a string" | "a borrowed string" => "a string (in quotes)".to_owned(),
        "a sequence" => match ty {
            Some(t) if t.starts_with("array") => format!("an {t}"),
            _ => "an array".to_owned(),
        },
        e if e.starts_with("one of") || e.starts_with("a map") || e.starts_with("struct") => {
            String::new()
        }
        _ => String::new(),
    };
    if wanted.is_empty() {
        // Already plain (an unknown variant lists the valid ones), or not about the type.
        let message = message.replace('`', "'");
        return format!("`{key}`: {message}");
    }
    format!("`{key}` must be {wanted}, not {found}")
}
