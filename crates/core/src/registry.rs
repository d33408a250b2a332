//! The `Stage` and `Writer` traits and their registration records.

use crate::{BuildError, ConfigError, Document, Layer, OptionDoc, Options, Output};
use crate::{StageError, StageOptions, WriteError};

/// A pipeline stage: reads and fills layers of one [`Document`].
///
/// Stages are built once per run and shared by every worker thread, so `process` takes
/// `&self`; keep per-document scratch state local.
pub trait Stage: Send + Sync + std::fmt::Debug {
    /// Processes one document. An `Err` fails this document only.
    fn process(&self, doc: &mut Document) -> Result<(), StageError>;
}

/// An output format. Called from one thread, in input order: `begin`, then `write` (or
/// `write_error`) per document, then `finish`.
pub trait Writer: Send + std::fmt::Debug {
    /// Called once before the first document.
    fn begin(&mut self, _out: &mut dyn Output) -> Result<(), WriteError> {
        Ok(())
    }

    /// Writes one document.
    fn write(&mut self, doc: &Document, out: &mut dyn Output) -> Result<(), WriteError>;

    /// Called for a document that failed, in its place in the input order. Streaming formats
    /// that promise one output record per input record write an error record here.
    fn write_error(
        &mut self,
        _id: &str,
        _source: &str,
        _error: &str,
        _out: &mut dyn Output,
    ) -> Result<(), WriteError> {
        Ok(())
    }

    /// Called once after the last document: flush, write indexes, commit files.
    fn finish(&mut self, _out: &mut dyn Output) -> Result<(), WriteError> {
        Ok(())
    }
}

/// A stage or writer built from its options type: `TokenizeOptions` → `Tokenize`.
pub trait Configure: Sized {
    /// The serde options type.
    type Options: Options;

    /// Builds the runtime value.
    fn configure(options: Self::Options) -> Result<Self, BuildError>;
}

/// A built stage or writer, or every problem with its options.
pub type Built<T> = Result<Box<T>, Vec<ConfigError>>;

/// What a stage crate registers with [`register_stage!`](crate::register_stage).
#[derive(Debug)]
pub struct StageRegistration {
    /// The name a pipeline gives in `type = "…"`.
    pub name: &'static str,
    /// One line for `copydesk stages`.
    pub summary: &'static str,
    /// Layers an earlier stage must provide.
    pub requires: &'static [Layer],
    /// Layers this stage fills.
    pub provides: &'static [Layer],
    /// ISO 639-1 codes of the languages the stage handles; empty: any language. The driver
    /// skips the stage, with a diagnostic, on a document whose `meta.language` is another one.
    pub languages: &'static [&'static str],
    /// Documentation of each option key.
    pub options: &'static [OptionDoc],
    /// Every option with its default value.
    pub defaults: fn() -> toml::Table,
    /// Builds the stage from its options, or reports every problem with them.
    pub build: fn(&StageOptions<'_>) -> Built<dyn Stage>,
    /// The registering module, to name both sides of a duplicate name.
    pub module: &'static str,
}

/// What a writer crate registers with [`register_writer!`](crate::register_writer).
#[derive(Debug)]
pub struct WriterRegistration {
    /// The name a pipeline gives in `type = "…"` and `--format` takes.
    pub name: &'static str,
    /// One line for `copydesk stages`.
    pub summary: &'static str,
    /// Layers the writer needs (e.g. `conll` needs tokens).
    pub requires: &'static [Layer],
    /// Documentation of each option key.
    pub options: &'static [OptionDoc],
    /// Every option with its default value.
    pub defaults: fn() -> toml::Table,
    /// Builds the writer from its options, or reports every problem with them.
    pub build: fn(&StageOptions<'_>) -> Built<dyn Writer>,
    /// The registering module.
    pub module: &'static str,
}

inventory::collect!(StageRegistration);
inventory::collect!(WriterRegistration);

/// Every registered stage, sorted by name.
pub fn stages() -> Vec<&'static StageRegistration> {
    let mut all: Vec<_> = inventory::iter::<StageRegistration>.into_iter().collect();
    all.sort_by_key(|r| (r.name, r.module));
    all
}

/// Every registered writer, sorted by name.
pub fn writers() -> Vec<&'static WriterRegistration> {
    let mut all: Vec<_> = inventory::iter::<WriterRegistration>.into_iter().collect();
    all.sort_by_key(|r| (r.name, r.module));
    all
}

/// The stage registered as `name`.
pub fn find_stage(name: &str) -> Option<&'static StageRegistration> {
    inventory::iter::<StageRegistration>
        .into_iter()
        .find(|r| r.name == name)
}

/// The writer registered as `name`.
pub fn find_writer(name: &str) -> Option<&'static WriterRegistration> {
    inventory::iter::<WriterRegistration>
        .into_iter()
        .find(|r| r.name == name)
}

/// Registers a [`Stage`] type that implements [`Configure`]. `languages` (optional; default:
/// any language) lists the ISO 639-1 codes of the languages the stage handles.
///
/// ```ignore
/// copydesk_core::register_stage!(Tokenize {
///     name: "tokenize",
///     summary: "tokens and sentences for news English",
///     requires: [],
///     provides: [Paragraphs, Tokens, Sentences],
///     languages: ["en"],
/// });
/// ```
#[macro_export]
macro_rules! register_stage {
    ($ty:ty {
        name: $name:expr,
        summary: $summary:expr,
        requires: [$($req:ident),* $(,)?],
        provides: [$($prov:ident),* $(,)?]
        $(, languages: [$($lang:literal),* $(,)?])? $(,)?
    }) => {
        const _: () = {
            fn build(
                raw: &$crate::StageOptions<'_>,
            ) -> ::core::result::Result<::std::boxed::Box<dyn $crate::Stage>, ::std::vec::Vec<$crate::ConfigError>> {
                let options = raw.parse::<<$ty as $crate::Configure>::Options>()?;
                let stage = <$ty as $crate::Configure>::configure(options)
                    .map_err(|e| ::std::vec![raw.build_error(e)])?;
                ::core::result::Result::Ok(::std::boxed::Box::new(stage))
            }
            $crate::__inventory::submit! {
                $crate::StageRegistration {
                    name: $name,
                    summary: $summary,
                    requires: &[$($crate::Layer::$req),*],
                    provides: &[$($crate::Layer::$prov),*],
                    languages: &[$($($lang),*)?],
                    options: <<$ty as $crate::Configure>::Options as $crate::Options>::DOCS,
                    defaults: <<$ty as $crate::Configure>::Options as $crate::Options>::default_table,
                    build,
                    module: ::core::module_path!(),
                }
            }
        };
    };
}

/// Registers a [`Writer`] type that implements [`Configure`].
///
/// ```ignore
/// copydesk_core::register_writer!(Jsonl {
///     name: "jsonl",
///     summary: "one JSON document per line",
///     requires: [],
/// });
/// ```
#[macro_export]
macro_rules! register_writer {
    ($ty:ty {
        name: $name:expr,
        summary: $summary:expr,
        requires: [$($req:ident),* $(,)?] $(,)?
    }) => {
        const _: () = {
            fn build(
                raw: &$crate::StageOptions<'_>,
            ) -> ::core::result::Result<::std::boxed::Box<dyn $crate::Writer>, ::std::vec::Vec<$crate::ConfigError>> {
                let options = raw.parse::<<$ty as $crate::Configure>::Options>()?;
                let writer = <$ty as $crate::Configure>::configure(options)
                    .map_err(|e| ::std::vec![raw.build_error(e)])?;
                ::core::result::Result::Ok(::std::boxed::Box::new(writer))
            }
            $crate::__inventory::submit! {
                $crate::WriterRegistration {
                    name: $name,
                    summary: $summary,
                    requires: &[$($crate::Layer::$req),*],
                    options: <<$ty as $crate::Configure>::Options as $crate::Options>::DOCS,
                    defaults: <<$ty as $crate::Configure>::Options as $crate::Options>::default_table,
                    build,
                    module: ::core::module_path!(),
                }
            }
        };
    };
}
