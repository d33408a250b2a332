//! Pipeline files: parse, validate (every error at once, each with `file:line:column`), build.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use copydesk_core::{
    ConfigError, Layer, Stage, StageOptions, StageRegistration, Writer, WriterRegistration,
};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// The default pipeline, embedded in the binary (`config/default.toml`).
pub const DEFAULT_PIPELINE: &str = include_str!("../../../config/default.toml");

/// A stage of a loaded pipeline.
#[derive(Debug)]
pub struct StageEntry {
    /// The instance name (`name = …`, defaults to the type).
    pub name: String,
    /// The registration.
    pub kind: &'static StageRegistration,
    /// Options with every default filled in.
    pub options: toml::Table,
    /// The built stage.
    pub stage: Box<dyn Stage>,
}

/// A writer of a loaded pipeline.
#[derive(Debug)]
pub struct WriterEntry {
    /// The registration.
    pub kind: &'static WriterRegistration,
    /// Options with every default filled in.
    pub options: toml::Table,
    /// Where it writes (`output = …` in the table); `None`: the run's `--output`.
    pub output: Option<String>,
    /// The built writer.
    pub writer: Box<dyn Writer>,
}

/// A validated pipeline: stages in order, then writers.
#[derive(Debug)]
pub struct Pipeline {
    /// Stages, in the order of the file.
    pub stages: Vec<StageEntry>,
    /// Writers (at least one once [`Pipeline::set_format`] or [`load`] ran).
    pub writers: Vec<WriterEntry>,
}

/// Every problem found in a pipeline file.
#[derive(Debug)]
pub struct ConfigErrors(pub Vec<ConfigError>);

impl std::fmt::Display for ConfigErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigErrors {}

impl ConfigErrors {
    /// What `copydesk check` prints for these errors: a `copydesk: error: …` line per error,
    /// then the count (no trailing newline). The Python module raises it as its message.
    pub fn report(&self) -> String {
        let mut s = String::new();
        for e in &self.0 {
            s.push_str(&format!("copydesk: error: {e}\n"));
        }
        s.push_str(&format!(
            "copydesk: {} in the pipeline",
            crate::progress::count(self.0.len() as u64, "error")
        ));
        s
    }
}

const HEADER_KEYS: [&str; 4] = ["type", "name", "options", "output"];

/// The largest pipeline file read (a pipeline is a few KB; this bounds a mistaken path).
pub const MAX_PIPELINE_BYTES: u64 = 16 << 20;

/// Reads and loads the pipeline file `path`. Relative paths in it (`output = …` and options
/// documented as paths, such as `model = …`) are relative to the file's folder.
pub fn load_file(path: &Path, format: Option<&str>) -> Result<Pipeline, ConfigErrors> {
    let name = path.display().to_string();
    let fail = |message: String| {
        ConfigErrors(vec![ConfigError {
            file: name.clone(),
            position: None,
            stage: None,
            message,
        }])
    };
    let meta = std::fs::metadata(path).map_err(|e| fail(format!("cannot read: {e}")))?;
    if !meta.is_file() {
        return Err(fail("cannot read: not a regular file".into()));
    }
    if meta.len() > MAX_PIPELINE_BYTES {
        return Err(fail(format!(
            "cannot read: {} bytes is too large for a pipeline file",
            meta.len()
        )));
    }
    let mut source = String::new();
    use std::io::Read;
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_PIPELINE_BYTES).read_to_string(&mut source))
        .map_err(|e| fail(format!("cannot read: {e}")))?;
    let base = path.parent().filter(|p| !p.as_os_str().is_empty());
    load_in(&name, &source, format, Some(base.unwrap_or(Path::new("."))))
}

/// Parses and validates the pipeline `source` (the text of `file`) and builds its stages and
/// writers. `format`, when given, replaces the file's writers by that writer with defaults.
/// Without either, the pipeline writes `jsonl`. Relative paths stay relative to the working
/// directory (see [`load_file`]).
pub fn load(file: &str, source: &str, format: Option<&str>) -> Result<Pipeline, ConfigErrors> {
    load_in(file, source, format, None)
}

/// Resolves a path written in a pipeline file against the file's folder `base`.
fn resolve(base: Option<&Path>, path: &str) -> String {
    match base {
        Some(base) if !path.is_empty() && Path::new(path).is_relative() => {
            let joined = base.join(path);
            let mut s = joined.display().to_string();
            // Keep a trailing `/`: it marks a directory output.
            if path.ends_with('/') && !s.ends_with('/') {
                s.push('/');
            }
            s
        }
        _ => path.to_owned(),
    }
}

/// [`load`] with relative paths resolved against `base`.
fn load_in(
    file: &str,
    source: &str,
    format: Option<&str>,
    base: Option<&Path>,
) -> Result<Pipeline, ConfigErrors> {
    let mut errors = Vec::new();
    let root = DeTable::parse(source).map_err(|e| {
        let at = e.span().map_or(0, |s| s.start);
        ConfigErrors(vec![ConfigError::at(
            file,
            source,
            at,
            format!("invalid TOML: {}", e.message().trim()),
        )])
    })?;
    let mut tables: Vec<&Spanned<DeValue<'_>>> = Vec::new();
    for (key, value) in root.get_ref() {
        if key.get_ref().as_ref() != "stage" {
            errors.push(ConfigError::at(
                file,
                source,
                key.span().start,
                format!(
                    "unknown top-level key '{}', expected `[[stage]]` tables",
                    key.get_ref()
                ),
            ));
            continue;
        }
        match value.get_ref() {
            DeValue::Array(items) => tables.extend(items.iter()),
            _ => errors.push(ConfigError::at(
                file,
                source,
                value.span().start,
                "`stage` must be an array of tables: write `[[stage]]`",
            )),
        }
    }

    let mut pipeline = Pipeline {
        stages: Vec::new(),
        writers: Vec::new(),
    };
    // Layers provided so far, and which stage provided each (for messages).
    let mut provided: Vec<(Layer, String)> =
        vec![(Layer::Body, "input".into()), (Layer::Meta, "input".into())];
    // Writers' `output`s so far, with where each was given.
    let mut outputs: Vec<(String, usize)> = Vec::new();
    for (index, value) in tables.into_iter().enumerate() {
        let at = value.span().start;
        let Some(table) = value.get_ref().as_table() else {
            errors.push(ConfigError::at(
                file,
                source,
                at,
                "each `[[stage]]` must be a table",
            ));
            continue;
        };
        let string = |key: &str| -> Result<Option<(&str, usize)>, ConfigError> {
            match table.get(key) {
                None => Ok(None),
                Some(v) => match v.get_ref().as_str() {
                    Some(s) => Ok(Some((s, v.span().start))),
                    None => Err(ConfigError::at(
                        file,
                        source,
                        v.span().start,
                        format!("`{key}` must be a string"),
                    )),
                },
            }
        };
        let (kind, kind_at) = match string("type") {
            Ok(Some(t)) => t,
            Ok(None) => {
                errors.push(
                    ConfigError::at(file, source, at, "missing `type = \"<registered name>\"`")
                        .in_stage(index, ""),
                );
                ("", at)
            }
            Err(e) => {
                errors.push(e.in_stage(index, ""));
                ("", at)
            }
        };
        let mut header_ok = true;
        for (key, _) in table {
            if !HEADER_KEYS.contains(&key.get_ref().as_ref()) {
                header_ok = false;
                errors.push(
                    ConfigError::at(
                        file,
                        source,
                        key.span().start,
                        format!(
                            "unknown key '{}', expected one of: {}; stage options go in `[stage.options]`",
                            key.get_ref(),
                            HEADER_KEYS.join(", ")
                        ),
                    )
                    .in_stage(index, kind),
                );
            }
        }
        if kind.is_empty() {
            continue;
        }
        let name = match string("name") {
            Ok(n) => n.map_or(kind, |(n, _)| n).to_owned(),
            Err(e) => {
                errors.push(e.in_stage(index, kind));
                kind.to_owned()
            }
        };
        let output = match string("output") {
            Ok(Some(("", o_at))) => {
                errors.push(
                    ConfigError::at(file, source, o_at, "`output` is empty; give a path")
                        .in_stage(index, kind),
                );
                None
            }
            Ok(o) => o.map(|(o, o_at)| (resolve(base, o), o_at)),
            Err(e) => {
                errors.push(e.in_stage(index, kind));
                None
            }
        };
        let here = |message: String| ConfigError::at(file, source, kind_at, message);
        let options_value = table.get("options");
        if let Some(v) = options_value
            && v.get_ref().as_table().is_none()
        {
            errors.push(
                ConfigError::at(
                    file,
                    source,
                    v.span().start,
                    "`options` must be a table: write `[stage.options]`",
                )
                .in_stage(index, kind),
            );
            continue;
        }
        let place = Place {
            file,
            source,
            at,
            options: options_value,
            index,
            kind,
            base,
        };
        if let Some(reg) = copydesk_core::find_stage(kind) {
            if !pipeline.writers.is_empty() {
                errors.push(
                    here(format!(
                        "stage '{kind}' comes after a writer; writers come last"
                    ))
                    .in_stage(index, kind),
                );
            }
            if output.is_some() {
                errors
                    .push(here("`output` is for writers, not stages".into()).in_stage(index, kind));
            }
            check_layers(reg.requires, &provided, kind, &here, &mut errors, index);
            if reg.provides.contains(&Layer::Body)
                && let Some((layer, by)) = provided
                    .iter()
                    .find(|(l, _)| l.is_offset_layer() && !reg.provides.contains(l))
            {
                errors.push(
                    here(format!(
                        "'{kind}' replaces the body, which discards the {layer} layer '{by}' provided; \
                         move '{kind}' before '{by}'"
                    ))
                    .in_stage(index, kind),
                );
            }
            for &layer in reg.provides {
                provided.push((layer, name.clone()));
            }
            let built = build(&place, reg.options, reg.build, &mut errors);
            if let Some((stage, options)) = built.filter(|_| header_ok) {
                pipeline.stages.push(StageEntry {
                    name,
                    kind: reg,
                    options: resolved(reg.defaults, options.as_ref()),
                    stage,
                });
            }
        } else if let Some(reg) = copydesk_core::find_writer(kind) {
            check_layers(reg.requires, &provided, kind, &here, &mut errors, index);
            if let Some((path, o_at)) = &output {
                match outputs.iter().find(|(p, _)| same_output(p, path)) {
                    Some((_, first)) => errors.push(
                        ConfigError::at(
                            file,
                            source,
                            *o_at,
                            format!(
                                "another writer (at line {}) already writes to {path}; give each writer its own `output`",
                                copydesk_core::ConfigError::at(file, source, *first, "")
                                    .position
                                    .map_or(0, |p| p.0)
                            ),
                        )
                        .in_stage(index, kind),
                    ),
                    None => outputs.push((path.clone(), *o_at)),
                }
            }
            let built = build(&place, reg.options, reg.build, &mut errors);
            if let Some((writer, options)) = built.filter(|_| header_ok) {
                pipeline.writers.push(WriterEntry {
                    kind: reg,
                    options: resolved(reg.defaults, options.as_ref()),
                    output: output.map(|(o, _)| o),
                    writer,
                });
            }
        } else {
            errors.push(here(unknown_name(kind)).in_stage(index, kind));
            // Judge later stages as if the typo were fixed, so one misspelling does not
            // cascade into "no earlier stage provides" errors.
            if let Some(reg) = suggestion(kind).and_then(copydesk_core::find_stage) {
                for &layer in reg.provides {
                    provided.push((layer, name.clone()));
                }
            }
        }
    }
    if errors.is_empty() {
        if let Some(format) = format {
            pipeline
                .set_format(format)
                .map_err(|m| ConfigErrors(vec![cli_error(m)]))?;
        } else if pipeline.writers.is_empty() {
            pipeline
                .set_format("jsonl")
                .map_err(|m| ConfigErrors(vec![cli_error(m)]))?;
        }
        let streams = pipeline
            .writers
            .iter()
            .filter(|w| w.output.is_none())
            .count();
        if streams > 1 {
            errors.push(ConfigError {
                file: file.to_owned(),
                position: None,
                stage: None,
                message: "several writers write to the run's one output; give all but one an `output = \"path\"`".into(),
            });
        }
    }
    // Writers of the file were checked in place; a `--format` writer is checked here.
    for w in pipeline.writers.iter().filter(|_| format.is_some()) {
        if let Some(layer) = w.kind.requires.iter().find(|l| {
            !pipeline.stages.iter().any(|s| s.kind.provides.contains(l)) && l.is_offset_layer()
        }) {
            errors.push(cli_error(format!(
                "writer '{}' needs the {layer} layer, which no stage of the pipeline provides{}",
                w.kind.name,
                provider_hint(*layer)
            )));
        }
    }
    if errors.is_empty() {
        Ok(pipeline)
    } else {
        Err(ConfigErrors(errors))
    }
}

fn cli_error(message: String) -> ConfigError {
    ConfigError {
        file: "command line".into(),
        position: None,
        stage: None,
        message,
    }
}

impl Pipeline {
    /// Replaces the writers by the writer `format` with default options.
    pub fn set_format(&mut self, format: &str) -> Result<(), String> {
        self.set_writer(format, "")
    }

    /// Replaces the writers by the writer `format` with the options `options` (the text of
    /// its `[stage.options]` table, e.g. `tables = ["quotes"]`).
    pub fn set_writer(&mut self, format: &str, options: &str) -> Result<(), String> {
        let reg = copydesk_core::find_writer(format).ok_or_else(|| {
            let names: Vec<_> = copydesk_core::writers().iter().map(|w| w.name).collect();
            format!(
                "unknown format '{format}'{}, expected one of: {}",
                suggestion(format).map_or(String::new(), |s| format!("; did you mean '{s}'?")),
                names.join(", ")
            )
        })?;
        let table = DeTable::parse(options).map_err(|e| e.message().to_owned())?;
        let value = Spanned::new(table.span(), DeValue::Table(table.into_inner()));
        let raw = StageOptions::new("command line", options, 0, Some(&value));
        let writer = (reg.build)(&raw).map_err(|e| {
            e.into_iter()
                .map(|e| e.message)
                .collect::<Vec<_>>()
                .join("; ")
        })?;
        self.writers = vec![WriterEntry {
            kind: reg,
            options: resolved(reg.defaults, Some(&value)),
            output: None,
            writer,
        }];
        Ok(())
    }

    /// Things worth knowing about a valid pipeline (a `csv` writer whose quotes table will
    /// be empty because no stage finds quotes).
    pub fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        for w in &self.writers {
            for layer in [Layer::Quotes, Layer::Entities] {
                let table = if layer == Layer::Quotes {
                    "quotes"
                } else {
                    "entities"
                };
                let writes = w.kind.name == "csv"
                    && w.options
                        .get("tables")
                        .and_then(|t| t.as_array())
                        .is_some_and(|t| t.iter().any(|v| v.as_str() == Some(table)));
                if writes && !self.stages.iter().any(|s| s.kind.provides.contains(&layer)) {
                    notes.push(format!(
                        "the csv writer's {table} table will have no rows: no stage of the pipeline provides {layer}{}",
                        provider_hint(layer)
                    ));
                }
            }
        }
        notes
    }

    /// The pipeline as TOML with every option resolved ("no hidden defaults").
    pub fn to_toml(&self) -> String {
        let mut stages = Vec::new();
        for s in &self.stages {
            let mut t = toml::Table::new();
            t.insert("type".into(), s.kind.name.into());
            if s.name != s.kind.name {
                t.insert("name".into(), s.name.clone().into());
            }
            t.insert("options".into(), s.options.clone().into());
            stages.push(toml::Value::Table(t));
        }
        for w in &self.writers {
            let mut t = toml::Table::new();
            t.insert("type".into(), w.kind.name.into());
            if let Some(o) = &w.output {
                t.insert("output".into(), o.clone().into());
            }
            t.insert("options".into(), w.options.clone().into());
            stages.push(toml::Value::Table(t));
        }
        let mut root = toml::Table::new();
        root.insert("stage".into(), toml::Value::Array(stages));
        toml::to_string(&root).unwrap_or_default()
    }
}

fn check_layers(
    requires: &[Layer],
    provided: &[(Layer, String)],
    kind: &str,
    here: &dyn Fn(String) -> ConfigError,
    errors: &mut Vec<ConfigError>,
    index: usize,
) {
    for layer in requires {
        if !provided.iter().any(|(l, _)| l == layer) {
            errors.push(
                here(format!(
                    "'{kind}' requires the {layer} layer, which no earlier stage provides{}",
                    provider_hint(*layer)
                ))
                .in_stage(index, kind),
            );
        }
    }
}

fn provider_hint(layer: Layer) -> String {
    let providers: Vec<_> = copydesk_core::stages()
        .iter()
        .filter(|s| s.provides.contains(&layer))
        .map(|s| s.name)
        .collect();
    if providers.is_empty() {
        String::new()
    } else {
        format!("; add a stage before it: {}", providers.join(" or "))
    }
}

/// Where a `[[stage]]` table stands in the pipeline file, and its raw options.
struct Place<'p, 'a> {
    file: &'p str,
    source: &'p str,
    at: usize,
    options: Option<&'p Spanned<DeValue<'a>>>,
    index: usize,
    kind: &'p str,
    /// The pipeline file's folder, for relative paths.
    base: Option<&'p Path>,
}

/// Builds a stage or writer from its table: first every unknown option key is reported, then
/// the known ones are parsed by the plugin (so a wrong value type is reported in the same run).
/// Errors go to `errors`.
fn build<'p, 'a, T>(
    place: &Place<'p, 'a>,
    docs: &[copydesk_core::OptionDoc],
    build: fn(&StageOptions<'_>) -> Result<T, Vec<ConfigError>>,
    errors: &mut Vec<ConfigError>,
) -> Option<(T, Option<Spanned<DeValue<'a>>>)> {
    let known = place.options.map(|value| {
        let DeValue::Table(table) = value.get_ref() else {
            return value.clone();
        };
        let mut known = table.clone();
        for (key, item) in table {
            let Some(doc) = docs.iter().find(|d| d.key == key.get_ref().as_ref()) else {
                known.remove(key);
                let valid: Vec<_> = docs.iter().map(|d| d.key).collect();
                errors.push(
                    ConfigError::at(
                        place.file,
                        place.source,
                        key.span().start,
                        format!(
                            "unknown option '{}', expected {}",
                            key.get_ref(),
                            if valid.is_empty() {
                                "no options".to_owned()
                            } else {
                                format!("one of: {}", valid.join(", "))
                            }
                        ),
                    )
                    .in_stage(place.index, place.kind),
                );
                continue;
            };
            // An option documented as a path is relative to the pipeline file's folder.
            if doc.ty.contains("path")
                && let DeValue::String(path) = item.get_ref()
            {
                let resolved = resolve(place.base, path);
                if resolved != path.as_ref() {
                    known.insert(
                        key.clone(),
                        Spanned::new(item.span(), DeValue::String(Cow::Owned(resolved))),
                    );
                }
            }
        }
        Spanned::new(value.span(), DeValue::Table(known))
    });
    let raw = StageOptions::new(place.file, place.source, place.at, known.as_ref());
    match build(&raw) {
        Ok(built) => Some((built, known)),
        Err(es) => {
            errors.extend(es.into_iter().map(|e| e.in_stage(place.index, place.kind)));
            None
        }
    }
}

/// Whether two writers' outputs name the same place (`out/` and `out`, `./a` and `a`).
pub fn same_output(a: &str, b: &str) -> bool {
    let norm = |p: &str| -> PathBuf {
        std::path::absolute(p)
            .unwrap_or_else(|_| PathBuf::from(p))
            .components()
            .filter(|c| !matches!(c, std::path::Component::CurDir))
            .collect()
    };
    norm(a) == norm(b)
}

/// Defaults overlaid with the options the file gives.
fn resolved(defaults: fn() -> toml::Table, value: Option<&Spanned<DeValue<'_>>>) -> toml::Table {
    use serde::Deserialize;
    use serde::de::IntoDeserializer;
    let mut table = defaults();
    if let Some(v) = value
        && let Ok(toml::Value::Table(given)) =
            toml::Value::deserialize(v.clone().into_deserializer())
    {
        table.extend(given);
    }
    table
}

fn unknown_name(kind: &str) -> String {
    let stages: Vec<_> = copydesk_core::stages().iter().map(|s| s.name).collect();
    let writers: Vec<_> = copydesk_core::writers().iter().map(|w| w.name).collect();
    format!(
        "unknown stage '{kind}'{}; registered stages: {}; writers: {}",
        suggestion(kind).map_or(String::new(), |s| format!(", did you mean '{s}'?")),
        stages.join(", "),
        writers.join(", ")
    )
}

/// The registered name closest to `name`, if it is close enough to be a typo.
pub fn suggestion(name: &str) -> Option<&'static str> {
    let names: BTreeSet<&'static str> = copydesk_core::stages()
        .iter()
        .map(|s| s.name)
        .chain(copydesk_core::writers().iter().map(|w| w.name))
        .collect();
    names
        .into_iter()
        .map(|n| (edit_distance(name, n), n))
        .filter(|&(d, n)| d <= 2.max(n.len() / 3))
        .min()
        .map(|(_, n)| n)
}

/// Edit distance counting an adjacent transposition as one edit ("jsnol" → "jsonl" is 1).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance() {
        assert_eq!(edit_distance("tokenise", "tokenize"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("jsnol", "jsonl"), 1);
    }

    #[test]
    fn syntax_error_has_position() {
        let e = load("p.toml", "[[stage]]\ntype = \n", None).unwrap_err();
        assert!(e.to_string().starts_with("p.toml:2:"), "{e}");
    }

    #[test]
    fn writers_only_pipeline() {
        let p = load("p.toml", "[[stage]]\ntype = \"json\"\n", None).unwrap();
        assert_eq!(p.writers[0].kind.name, "json");
        let p = load("p.toml", "", Some("json")).unwrap();
        assert_eq!(p.writers.len(), 1);
        let e = load("p.toml", "", Some("jsnol")).unwrap_err();
        assert!(e.to_string().contains("did you mean 'jsonl'"), "{e}");
    }

    #[test]
    fn unknown_top_level_key() {
        let e = load("p.toml", "stages = 1\n", None).unwrap_err();
        assert!(
            e.to_string().contains("p.toml:1:1: unknown top-level key"),
            "{e}"
        );
    }
}
