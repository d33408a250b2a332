//! The `copydesk` command line.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::{Parser, Subcommand};
use copydesk::config::{self, Pipeline};
use copydesk::input::{Glob, InputFormat, Inputs};
use copydesk::output::{DriverOutput, Protected};
use copydesk::run::{self, Settings, Sink};

/// Turns raw copied news pages into structured, analysable text.
#[derive(Debug, Parser)]
#[command(name = "copydesk", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run a pipeline over files, directories (recursively) or `-` (stdin).
    Run(RunArgs),
    /// List every registered stage and writer with its options and defaults.
    Stages,
    /// Validate a pipeline file without running it.
    Check {
        /// The pipeline TOML file.
        file: PathBuf,
    },
    /// Train a model for a stage from annotated data.
    #[command(subcommand)]
    Train(Train),
}

#[derive(Debug, Subcommand)]
enum Train {
    /// Train the `tag_entities` model from CoNLL files (`token … TAG` per line, IOB1, IOB2 or
    /// BILOU tags, `-DOCSTART-` between documents). Reproducible: the same data and seed give
    /// the same model, byte for byte. Use the result with `[stage.options] model = "PATH"`.
    Entities {
        /// Training data.
        #[arg(long)]
        train: PathBuf,
        /// Development data: dev F1 is reported per epoch and the best epoch is kept.
        #[arg(long)]
        dev: Option<PathBuf>,
        /// Where to write the model.
        #[arg(long)]
        out: PathBuf,
        /// Seed of the shuffling.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Passes over the training data.
        #[arg(long, default_value_t = 12)]
        epochs: usize,
        /// log2 of the number of feature buckets (1-24).
        #[arg(long, default_value_t = 20)]
        hash_bits: u32,
        /// Train without gazetteer features.
        #[arg(long)]
        no_gazetteer: bool,
        /// Train a one-pass tagger (no document-level second pass).
        #[arg(long)]
        no_two_pass: bool,
    },
}

#[derive(Debug, clap::Args)]
struct RunArgs {
    /// Pipeline TOML file (default: the embedded config/default.toml).
    #[arg(long, short)]
    config: Option<PathBuf>,
    /// Output format: a registered writer name; replaces the pipeline's writers.
    #[arg(long, short)]
    format: Option<String>,
    /// Output file, directory (existing or ending in `/`) or `-` for stdout (default).
    #[arg(long, short)]
    output: Option<String>,
    /// Worker threads (default: the number of cores).
    #[arg(long, short)]
    jobs: Option<usize>,
    /// Which files to take from directories (`*` and `?`; several separated by commas).
    #[arg(long, default_value = "*.txt")]
    glob: String,
    /// `text`: a file is a document (`.html`, `.htm`, `.warc` and their `.gz` forms are read as
    /// HTML or WARC); `jsonl`: a line `{"id", "text" or "html", …}` is a document; `html`:
    /// every file is an HTML page; `warc`: every file is a WARC archive.
    #[arg(long, value_enum, default_value_t = InputFormat::Text)]
    input_format: InputFormat,
    /// Largest document accepted, in bytes; larger ones fail alone.
    #[arg(long, default_value_t = 16 << 20)]
    max_bytes: u64,
    /// No progress bar and no summary line.
    #[arg(long, short)]
    quiet: bool,
    /// Print the resolved pipeline (every option with its value) and exit.
    #[arg(long)]
    print_config: bool,
    /// Inputs: files, directories or `-`.
    #[arg(required_unless_present = "print_config")]
    inputs: Vec<String>,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let dups = copydesk::duplicate_registrations();
    if let Some((name, a, b)) = dups.first() {
        eprintln!("copydesk: error: '{name}' is registered twice, by {a} and by {b}");
        return ExitCode::from(2);
    }
    match cli.command {
        Command::Stages => {
            print!("{}", copydesk::describe_registry());
            ExitCode::SUCCESS
        }
        Command::Check { file } => match load(Some(&file), None) {
            Ok(p) => {
                println!(
                    "{}: ok ({} stages, {} writers)",
                    file.display(),
                    p.stages.len(),
                    p.writers.len()
                );
                ExitCode::SUCCESS
            }
            Err(e) => report(e, 2),
        },
        Command::Train(train) => match train_command(train) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => report(e, 1),
        },
        Command::Run(args) => match run_command(args) {
            Ok(code) => code,
            Err(e) => report(e, 2),
        },
    }
}

fn report(e: anyhow::Error, code: u8) -> ExitCode {
    if let Some(errors) = e.downcast_ref::<config::ConfigErrors>() {
        for err in &errors.0 {
            eprintln!("copydesk: error: {err}");
        }
        eprintln!("copydesk: {} error(s) in the pipeline", errors.0.len());
    } else {
        eprintln!("copydesk: error: {e:#}");
    }
    ExitCode::from(code)
}

fn load(file: Option<&PathBuf>, format: Option<&str>) -> anyhow::Result<Pipeline> {
    let (name, source) = match file {
        Some(path) => (
            path.display().to_string(),
            std::fs::read_to_string(path)
                .with_context(|| format!("cannot read pipeline {}", path.display()))?,
        ),
        None => (
            "<default pipeline>".to_owned(),
            config::DEFAULT_PIPELINE.to_owned(),
        ),
    };
    Ok(config::load(&name, &source, format)?)
}

#[cfg(feature = "entities")]
fn train_command(train: Train) -> anyhow::Result<()> {
    let Train::Entities {
        train,
        dev,
        out,
        seed,
        epochs,
        hash_bits,
        no_gazetteer,
        no_two_pass,
    } = train;
    let same = |a: &PathBuf| {
        std::fs::canonicalize(a)
            .ok()
            .is_some_and(|a| std::fs::canonicalize(&out).is_ok_and(|o| o == a))
    };
    if same(&train) || dev.as_ref().is_some_and(same) {
        anyhow::bail!(
            "refusing to write {}: it is one of the inputs",
            out.display()
        );
    }
    let mut options = copydesk_entities::TrainOptions::new(&train);
    options.dev = dev;
    options.seed = seed;
    options.epochs = epochs;
    options.hash_bits = hash_bits;
    options.gazetteer = !no_gazetteer;
    options.two_pass = !no_two_pass;
    let started = std::time::Instant::now();
    let (model, report) = copydesk_entities::train(&options, &mut |epoch| {
        let dev = epoch.dev.map_or_else(String::new, |s| {
            format!(
                ", dev P {:.2} R {:.2} F1 {:.2}",
                s.precision, s.recall, s.f1
            )
        });
        eprintln!(
            "epoch {:>2}: train token accuracy {:.2}%{dev} ({:.0} s)",
            epoch.epoch,
            epoch.train_accuracy,
            started.elapsed().as_secs_f64()
        );
    })
    .with_context(|| format!("training on {}", train.display()))?;
    model
        .save(&out)
        .with_context(|| format!("writing {}", out.display()))?;
    let (docs, sentences, tokens) = report.train_size;
    eprintln!(
        "kept epoch {} of {}; trained on {docs} documents, {sentences} sentences, {tokens} tokens in {:.0} s; wrote {} ({} bytes)",
        report.best_epoch,
        report.epochs.len(),
        started.elapsed().as_secs_f64(),
        out.display(),
        std::fs::metadata(&out).map_or(0, |m| m.len())
    );
    Ok(())
}

#[cfg(not(feature = "entities"))]
fn train_command(_: Train) -> anyhow::Result<()> {
    anyhow::bail!("this copydesk was built without the entities stage (feature `entities`)")
}

fn run_command(args: RunArgs) -> anyhow::Result<ExitCode> {
    let pipeline = load(args.config.as_ref(), args.format.as_deref())?;
    if args.print_config {
        print!("{}", pipeline.to_toml());
        return Ok(ExitCode::SUCCESS);
    }
    let glob = Glob::new(&args.glob);
    let protected = Protected::new(&args.inputs, &glob);
    let mut sinks = Vec::new();
    for w in pipeline.writers {
        let spec = w.output.as_deref().or(args.output.as_deref());
        let output = DriverOutput::open(spec, protected.clone())
            .with_context(|| format!("writer '{}'", w.kind.name))?;
        sinks.push(Sink {
            writer: w.writer,
            output,
        });
    }
    let settings = Settings {
        jobs: args.jobs.unwrap_or_else(|| {
            std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
        }),
        max_bytes: args.max_bytes,
        progress: !args.quiet,
    };
    // In JSONL stream mode a failed record is reported in-band, on its own output line, so
    // only an unreadable input makes the run fail (what stream engines such as Spark expect).
    let in_band = args.input_format == InputFormat::Jsonl;
    let inputs = Inputs::new(args.inputs, glob, args.input_format, args.max_bytes);
    let skipped = inputs.skipped();
    let summary = run::run(
        Arc::new(pipeline.stages),
        sinks,
        inputs,
        &settings,
        |failure| {
            eprintln!("copydesk: error: {}: {}", failure.source, failure.error);
        },
    );
    let summary = match summary {
        Ok(s) => s,
        Err(e) if e.is_broken_pipe() => return Ok(ExitCode::SUCCESS),
        Err(e) => {
            eprintln!("copydesk: error: {e}");
            return Ok(ExitCode::from(1));
        }
    };
    if !args.quiet {
        let skipped = match skipped.load(std::sync::atomic::Ordering::Relaxed) {
            0 => String::new(),
            n => format!(", {n} WARC records skipped (not HTML responses)"),
        };
        match peak_rss_mb() {
            Some(mb) => eprintln!("copydesk: {summary}{skipped}, peak RSS {mb:.1} MB"),
            None => eprintln!("copydesk: {summary}{skipped}"),
        }
    }
    let failed = if in_band {
        summary.unreadable
    } else {
        summary.failed
    };
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Peak resident set size of this process in MB (10^6 bytes), where the OS tells (Linux).
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024.0 / 1e6)
}
