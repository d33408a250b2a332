//! The copydesk driver: loads a pipeline TOML file, looks its stages and writers up in the
//! registry, and runs it over files, directories, stdin or JSONL streams in parallel, writing
//! results in input order.
//!
//! This crate is the only one that sees every stage crate: each is force-linked below so that
//! its `inventory` registration is kept (a crate named only in `Cargo.toml` registers nothing).
//! It owns all IO; stages and writers do none of their own.
//!
//! ```
//! let pipeline = copydesk::config::load("inline.toml", "[[stage]]\ntype = \"jsonl\"\n", None)?;
//! assert_eq!(pipeline.writers[0].kind.name, "jsonl");
//! Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

// Force-link every stage and writer crate (see STYLE.md, "The link rule").
#[cfg(feature = "entities")]
use copydesk_entities as _;
#[cfg(feature = "quotes")]
use copydesk_quotes as _;
#[cfg(feature = "strip")]
use copydesk_strip as _;
#[cfg(feature = "tokenize")]
use copydesk_tokenize as _;
use copydesk_write as _;

pub mod config;
pub mod html_input;
pub mod input;
pub mod output;
pub mod progress;
pub mod run;

/// Registered names that appear more than once, with the modules that registered them.
pub fn duplicate_registrations() -> Vec<(String, &'static str, &'static str)> {
    let mut dups = Vec::new();
    let stages: Vec<_> = copydesk_core::stages()
        .iter()
        .map(|s| (s.name, s.module))
        .chain(copydesk_core::writers().iter().map(|w| (w.name, w.module)))
        .collect();
    for (i, a) in stages.iter().enumerate() {
        for b in &stages[i + 1..] {
            if a.0 == b.0 {
                dups.push((a.0.to_owned(), a.1, b.1));
            }
        }
    }
    dups
}

/// One registered stage or writer, as `copydesk stages` lists it.
#[derive(Debug, Clone)]
pub struct Registered {
    /// The name a pipeline gives in `type = "…"`.
    pub name: &'static str,
    /// Whether it is a writer (rather than a stage).
    pub writer: bool,
    /// One line on what it does.
    pub summary: &'static str,
    /// Layers an earlier stage must provide.
    pub requires: &'static [copydesk_core::Layer],
    /// Layers it fills (none for a writer).
    pub provides: &'static [copydesk_core::Layer],
    /// Languages it handles (ISO 639-1 codes); empty: any language.
    pub languages: &'static [&'static str],
    /// Its options, with their defaults.
    pub options: Vec<OptionInfo>,
}

/// One option of a registered stage or writer.
#[derive(Debug, Clone)]
pub struct OptionInfo {
    /// The key in `[stage.options]`.
    pub key: &'static str,
    /// Its TOML type.
    pub ty: &'static str,
    /// The default value; `None` when unset by default.
    pub default: Option<toml::Value>,
    /// What it does.
    pub doc: &'static str,
}

fn option_infos(docs: &[copydesk_core::OptionDoc], defaults: toml::Table) -> Vec<OptionInfo> {
    docs.iter()
        .map(|d| OptionInfo {
            key: d.key,
            ty: d.ty,
            default: defaults.get(d.key).cloned(),
            doc: d.doc,
        })
        .collect()
}

/// Every registered stage, then every registered writer: what `copydesk stages` lists, as data.
pub fn registry() -> Vec<Registered> {
    let stages = copydesk_core::stages().into_iter().map(|r| Registered {
        name: r.name,
        writer: false,
        summary: r.summary,
        requires: r.requires,
        provides: r.provides,
        languages: r.languages,
        options: option_infos(r.options, (r.defaults)()),
    });
    let writers = copydesk_core::writers().into_iter().map(|r| Registered {
        name: r.name,
        writer: true,
        summary: r.summary,
        requires: r.requires,
        provides: &[],
        languages: &[],
        options: option_infos(r.options, (r.defaults)()),
    });
    stages.chain(writers).collect()
}

/// `copydesk stages`: every registered stage and writer with summary, layers and options.
pub fn describe_registry() -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let layers = |ls: &[copydesk_core::Layer]| {
        if ls.is_empty() {
            "-".to_owned()
        } else {
            ls.iter().map(|l| l.name()).collect::<Vec<_>>().join(", ")
        }
    };
    let registry = registry();
    for (heading, writers) in [("stages:", false), ("writers:", true)] {
        let _ = writeln!(s, "{heading}");
        for r in registry.iter().filter(|r| r.writer == writers) {
            let _ = writeln!(s, "  {}  {}", r.name, r.summary);
            if !r.writer {
                let languages = if r.languages.is_empty() {
                    "any".to_owned()
                } else {
                    r.languages.join(", ")
                };
                let _ = writeln!(
                    s,
                    "    requires: {}; provides: {}; languages: {languages}",
                    layers(r.requires),
                    layers(r.provides)
                );
            } else if !r.requires.is_empty() {
                let _ = writeln!(s, "    requires: {}", layers(r.requires));
            }
            if r.options.is_empty() {
                let _ = writeln!(s, "    options: none");
            }
            for o in &r.options {
                let default = o
                    .default
                    .as_ref()
                    .map_or_else(|| "unset".to_owned(), ToString::to_string);
                let _ = writeln!(
                    s,
                    "    {} ({}, default {}): {}",
                    o.key, o.ty, default, o.doc
                );
            }
        }
    }
    s
}
