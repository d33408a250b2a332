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
    let options = |s: &mut String, docs: &[copydesk_core::OptionDoc], defaults: toml::Table| {
        if docs.is_empty() {
            let _ = writeln!(s, "    options: none");
        }
        for d in docs {
            let default = defaults
                .get(d.key)
                .map_or_else(|| "unset".to_owned(), |v| v.to_string());
            let _ = writeln!(
                s,
                "    {} ({}, default {}): {}",
                d.key, d.ty, default, d.doc
            );
        }
    };
    let _ = writeln!(s, "stages:");
    for r in copydesk_core::stages() {
        let _ = writeln!(s, "  {}  {}", r.name, r.summary);
        let _ = writeln!(
            s,
            "    requires: {}; provides: {}",
            layers(r.requires),
            layers(r.provides)
        );
        options(&mut s, r.options, (r.defaults)());
    }
    let _ = writeln!(s, "writers:");
    for r in copydesk_core::writers() {
        let _ = writeln!(s, "  {}  {}", r.name, r.summary);
        if !r.requires.is_empty() {
            let _ = writeln!(s, "    requires: {}", layers(r.requires));
        }
        options(&mut s, r.options, (r.defaults)());
    }
    s
}
