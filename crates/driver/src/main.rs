//! The `copydesk` command line.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::{Parser, Subcommand};
use copydesk::config::{self, Pipeline};
use copydesk::input::{Glob, InputFormat, Inputs};
use copydesk::output::{DriverOutput, Protected};
use copydesk::progress::count;
use copydesk::run::{self, Report, RunError, Settings, Sink};

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
    /// With `--format csv` (implied): write only this table, to stdout or the `--output`
    /// file.
    #[arg(long, value_parser = ["quotes", "entities"])]
    table: Option<String>,
    /// Output file, directory (existing or ending in `/`) or `-` for stdout (default).
    #[arg(long, short)]
    output: Option<String>,
    /// Worker threads (default: the number of cores; at most 4 per core).
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
    /// Largest document accepted: bytes, or with a unit (`64K`, `64M`, `1G`: powers of 1024),
    /// or `unlimited`; larger ones fail alone.
    #[arg(long, default_value = "16M", value_parser = parse_size)]
    max_bytes: u64,
    /// No progress bar and no summary line.
    #[arg(long, short)]
    quiet: bool,
    /// Print the resolved pipeline (every option with its value) and exit; takes no inputs.
    #[arg(long, conflicts_with = "inputs")]
    print_config: bool,
    /// Files, directories (recursively, the files matching --glob, sorted by name) or `-` for
    /// stdin. A document's id is its path relative to the folder given, without the last
    /// extension; stdin's is `stdin`.
    #[arg(required = true)]
    inputs: Vec<String>,
}

/// `--max-bytes`: `1000`, `64K`, `64M`, `1G`, `2T` (powers of 1024; `KB`, `KiB` and lowercase
/// too), or `unlimited`.
fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    if t.eq_ignore_ascii_case("unlimited") {
        return Ok(u64::MAX);
    }
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (digits, unit) = t.split_at(split);
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        "t" | "tb" | "tib" => 40,
        _ => {
            return Err(format!(
                "'{s}' is not a size: give bytes (1000), a size with a unit (64K, 64M, 1G) or `unlimited`"
            ));
        }
    };
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("'{s}' is not a size: give bytes (1000), a size with a unit (64K, 64M, 1G) or `unlimited`"))?;
    n.checked_mul(1 << shift)
        .ok_or_else(|| format!("'{s}' is too large; give `unlimited` for no limit"))
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
                    "{}: ok ({}, {})",
                    file.display(),
                    count(p.stages.len() as u64, "stage"),
                    count(p.writers.len() as u64, "writer")
                );
                for note in p.notes() {
                    println!("{}: note: {note}", file.display());
                }
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
        eprintln!("{}", errors.report());
    } else {
        eprintln!("copydesk: error: {e:#}");
    }
    ExitCode::from(code)
}

/// Loads the pipeline file (paths in it are relative to its folder) or the default pipeline.
fn load(file: Option<&PathBuf>, format: Option<&str>) -> anyhow::Result<Pipeline> {
    match file {
        Some(path) => Ok(config::load_file(path, format)?),
        None => Ok(config::load(
            "<default pipeline>",
            config::DEFAULT_PIPELINE,
            format,
        )?),
    }
}

/// A usage error: one sentence on stderr, exit status 2.
fn usage(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("copydesk: error: {message}");
    ExitCode::from(2)
}

/// Removes this process's temporary and lock files when SIGINT, SIGTERM or SIGHUP ends it.
fn clean_up_on_signals() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            copydesk::output::remove_leftovers();
            eprintln!("copydesk: interrupted; no output file was left half-written");
            std::process::exit(128 + signal);
        }
    });
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
    let format = match (&args.table, args.format.as_deref()) {
        (Some(_), Some(f)) if f != "csv" => {
            return Ok(usage(format!(
                "--table picks a table of the csv format, not of '{f}'"
            )));
        }
        (Some(_), _) => Some("csv"),
        (None, f) => f,
    };
    let mut pipeline = load(args.config.as_ref(), format)?;
    if let Some(table) = &args.table {
        pipeline
            .set_writer("csv", &format!("tables = [\"{table}\"]"))
            .map_err(|e| anyhow::anyhow!(e))?;
    }
    if args.print_config {
        print!("{}", pipeline.to_toml());
        return Ok(ExitCode::SUCCESS);
    }
    // Shown even with --quiet: an output that will be empty is not progress chatter.
    for note in pipeline.notes() {
        eprintln!("copydesk: warning: {note}");
    }
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let jobs = match args.jobs {
        None => cores,
        Some(0) => return Ok(usage("--jobs must be at least 1")),
        Some(n) if n > 4 * cores => {
            eprintln!(
                "copydesk: warning: --jobs {n} capped at {} (4 per core on this machine's {})",
                4 * cores,
                count(cores as u64, "core")
            );
            4 * cores
        }
        Some(n) => n,
    };
    let glob = Glob::new(&args.glob);
    let protected = Protected::new(&args.inputs, &glob);
    // From here on, files are created: an interruption removes the unfinished ones.
    clean_up_on_signals();
    let specs: Vec<Option<&str>> = pipeline
        .writers
        .iter()
        .map(|w| w.output.as_deref().or(args.output.as_deref()))
        .collect();
    for (i, a) in specs.iter().enumerate() {
        if let Some(a) = a.filter(|a| *a != "-")
            && specs[..i]
                .iter()
                .flatten()
                .any(|b| config::same_output(a, b))
        {
            return Ok(usage(format!(
                "two writers would write to {a}; give each its own output"
            )));
        }
    }
    let mut sinks = Vec::new();
    for w in pipeline.writers {
        let spec = w.output.as_deref().or(args.output.as_deref());
        let output = match DriverOutput::open(spec, protected.clone()) {
            Ok(o) => o,
            Err(e) => return Ok(usage(e)),
        };
        sinks.push(Sink {
            writer: w.writer,
            output,
        });
    }
    let settings = Settings {
        jobs,
        max_bytes: args.max_bytes,
        progress: !args.quiet,
        total: known_total(&args, &glob),
    };
    // In JSONL stream mode a failed record is reported in-band, on its own output line, so
    // only an unreadable input makes the run fail (what stream engines such as Spark expect).
    let in_band = args.input_format == InputFormat::Jsonl;
    // An empty stream is a valid (empty) input; named files and folders must hold something.
    let reads_stdin = args.inputs.iter().any(|a| a == "-");
    let inputs = Inputs::new(args.inputs, glob, args.input_format, args.max_bytes);
    let mut lost_output = false;
    let skipped = inputs.skipped();
    let summary = run::run(
        Arc::new(pipeline.stages),
        sinks,
        inputs,
        &settings,
        |event| match event {
            Report::Failed(failure) => {
                eprintln!("copydesk: error: {}: {}", failure.source, failure.error);
            }
            Report::Skipped { source, reason } => {
                eprintln!("copydesk: warning: {source}: {reason}");
            }
            Report::OutputFailed { output, error, at } => {
                lost_output = true;
                eprintln!(
                    "copydesk: error: writing {output} failed at {at}: {error}; it lacks that document and every later one"
                );
            }
        },
    );
    let summary = match summary {
        Ok(s) => s,
        Err(RunError::BrokenPipe) => return Ok(ExitCode::SUCCESS),
        Err(e @ RunError::Setup(_)) => return Ok(usage(e)),
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
        if let Some(steps) = summary.steps_line() {
            eprintln!("copydesk: {steps}");
        }
    }
    if summary.documents == 0 && !reads_stdin {
        eprintln!(
            "copydesk: warning: no documents found: the inputs hold no file matching --glob '{}'",
            args.glob
        );
        return Ok(ExitCode::from(1));
    }
    if summary.not_written > 0 && !lost_output {
        eprintln!(
            "copydesk: error: {} not written: no output was left",
            count(summary.not_written, "document")
        );
    }
    let failed = if in_band {
        summary.unreadable
    } else {
        summary.failed
    };
    Ok(if failed > 0 || summary.not_written > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The number of documents of a run, when a progress bar will show it and it can be known
/// cheaply up front: files and folders of text files (listing them, reading none); `None`
/// for stdin and JSONL input, which are streams.
fn known_total(args: &RunArgs, glob: &Glob) -> Option<u64> {
    let streams = args.input_format == InputFormat::Jsonl || args.inputs.iter().any(|a| a == "-");
    if args.quiet || streams || !std::io::stderr().is_terminal() {
        return None;
    }
    let listing = Inputs::new(
        args.inputs.clone(),
        glob.clone(),
        InputFormat::Text,
        args.max_bytes,
    );
    Some(listing.count() as u64)
}

/// Peak resident set size of this process in MB (10^6 bytes), where the OS tells (Linux).
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024.0 / 1e6)
}
