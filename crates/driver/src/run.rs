//! The parallel runner: documents flow from the reader through `jobs` worker threads to the
//! writers, in input order, with a bounded number in flight.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, mpsc};
use std::time::Instant;

use copydesk_core::{Document, WriteError, Writer};

use crate::config::StageEntry;
use crate::input::{Job, LoadError};
use crate::output::DriverOutput;
use crate::progress::Progress;

/// Run-time settings (from the command line).
#[derive(Debug, Clone)]
pub struct Settings {
    /// Worker threads.
    pub jobs: usize,
    /// Largest input document in bytes.
    pub max_bytes: u64,
    /// Show progress (only drawn when stderr is a terminal).
    pub progress: bool,
    /// Number of documents when known before the run (files and folders): progress is then a
    /// bar with `n/total`, percent and ETA; `None` (streams): a spinner.
    pub total: Option<u64>,
}

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    /// Documents seen (including failed ones).
    pub documents: u64,
    /// Documents that failed.
    pub failed: u64,
    /// Inputs that could not be read at all (a stream, a directory).
    pub unreadable: u64,
    /// Input bytes processed.
    pub bytes: u64,
    /// Wall time.
    pub seconds: f64,
}

impl Summary {
    /// Input megabytes (10^6 bytes) per second.
    pub fn mb_per_second(&self) -> f64 {
        self.bytes as f64 / 1e6 / self.seconds.max(1e-9)
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}, {} failed, {:.2} s, {:.1} MB/s",
            crate::progress::count(self.documents, "document"),
            self.failed,
            self.seconds,
            self.mb_per_second()
        )
    }
}

/// A writer and its destination.
#[derive(Debug)]
pub struct Sink {
    /// The writer.
    pub writer: Box<dyn Writer>,
    /// Where it writes.
    pub output: DriverOutput,
}

struct Outcome {
    seq: u64,
    bytes: u64,
    result: Result<Document, LoadError>,
}

/// Runs the stages over every job and hands the results to the sinks in input order.
/// `on_failure` is called (on the writer thread) for each failed document. A write error
/// stops the run.
pub fn run(
    stages: Arc<Vec<StageEntry>>,
    mut sinks: Vec<Sink>,
    jobs: impl Iterator<Item = Job>,
    settings: &Settings,
    mut on_failure: impl FnMut(&LoadError) + Send,
) -> Result<Summary, WriteError> {
    let start = Instant::now();
    let threads = settings.jobs.max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("copydesk-worker-{i}"))
        .build()
        .map_err(|e| WriteError::new(format!("cannot start worker threads: {e}")))?;
    // At most `cap` documents are read but not yet written: memory stays flat however many
    // documents a run has.
    let cap = 4 * threads + 4;
    let (slot_tx, slot_rx) = mpsc::sync_channel::<()>(cap);
    for _ in 0..cap {
        let _ = slot_tx.send(());
    }
    let (done_tx, done_rx) = mpsc::channel::<Outcome>();
    let max_bytes = settings.max_bytes;
    let bar = Progress::new(settings.progress, settings.total);

    std::thread::scope(|scope| {
        let writer = scope.spawn(move || -> Result<Summary, WriteError> {
            for sink in &mut sinks {
                sink.writer.begin(&mut sink.output)?;
            }
            let mut summary = Summary::default();
            let mut pending: BTreeMap<u64, Outcome> = BTreeMap::new();
            let mut next = 0u64;
            for outcome in done_rx {
                pending.insert(outcome.seq, outcome);
                while let Some(o) = pending.remove(&next) {
                    next += 1;
                    summary.documents += 1;
                    summary.bytes += o.bytes;
                    match &o.result {
                        Ok(doc) => {
                            for sink in &mut sinks {
                                sink.writer.write(doc, &mut sink.output)?;
                            }
                        }
                        Err(e) => {
                            summary.failed += 1;
                            summary.unreadable += u64::from(e.unreadable);
                            on_failure(e);
                            for sink in &mut sinks {
                                sink.writer.write_error(
                                    &e.id,
                                    &e.source,
                                    &e.error,
                                    &mut sink.output,
                                )?;
                            }
                        }
                    }
                    if let Some(bar) = &bar {
                        bar.update(summary.documents, summary.bytes, summary.failed);
                    }
                    let _ = slot_tx.send(());
                }
            }
            for mut sink in sinks {
                sink.writer.finish(&mut sink.output)?;
                sink.output.close()?;
            }
            if let Some(bar) = bar {
                bar.finish();
            }
            summary.seconds = start.elapsed().as_secs_f64();
            Ok(summary)
        });

        for (seq, job) in jobs.enumerate() {
            // Wait for a free slot; an error means the writer stopped.
            if slot_rx.recv().is_err() {
                break;
            }
            let tx = done_tx.clone();
            let stages = Arc::clone(&stages);
            pool.spawn(move || {
                let bytes = job.len_hint();
                let result = job.load(max_bytes).and_then(|doc| process(&stages, doc));
                let _ = tx.send(Outcome {
                    seq: seq as u64,
                    bytes,
                    result,
                });
            });
        }
        drop(done_tx);
        writer
            .join()
            .unwrap_or_else(|_| Err(WriteError::new("the writer thread panicked")))
    })
}

/// Runs every stage on one document. A stage error or panic fails this document only. A stage
/// that declares its languages is skipped, with a diagnostic, on a document in another one.
pub fn process(stages: &[StageEntry], mut doc: Document) -> Result<Document, LoadError> {
    for entry in stages {
        if let Some(lang) = unsupported_language(entry.kind.languages, &doc) {
            let message = format!(
                "skipped: the document is in {}; this stage handles {} only",
                language_name(&lang),
                entry
                    .kind
                    .languages
                    .iter()
                    .map(|l| language_name(l))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            doc.warn(&entry.name, message);
            continue;
        }
        let result = catch_unwind(AssertUnwindSafe(|| entry.stage.process(&mut doc)));
        let error = match result {
            Ok(Ok(())) => continue,
            Ok(Err(e)) => e.to_string(),
            Err(panic) => format!(
                "internal error (please report): {}",
                panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "panic".into())
            ),
        };
        return Err(LoadError {
            id: doc.id,
            source: doc.source,
            error: format!("stage '{}': {error}", entry.name),
            unreadable: false,
        });
    }
    Ok(doc)
}

/// The document's language (`meta.language`: from `strip_boilerplate`, or the `language` field
/// of a JSONL record), when `languages` is a list that lacks it. Unknown language: the stage runs.
fn unsupported_language(languages: &[&str], doc: &Document) -> Option<String> {
    if languages.is_empty() {
        return None;
    }
    let tag = doc.meta.language.as_deref()?;
    // `de-AT`, `pt_BR`: the primary subtag decides.
    let code = tag.split(['-', '_']).next()?.trim().to_ascii_lowercase();
    (!code.is_empty() && !languages.contains(&code.as_str())).then_some(code)
}

/// `German (de)` for an ISO 639-1 code copydesk knows (the languages `strip_boilerplate`
/// recognises and other common ones), else the code alone.
fn language_name(code: &str) -> String {
    const NAMES: &[(&str, &str)] = &[
        ("ar", "Arabic"),
        ("cs", "Czech"),
        ("da", "Danish"),
        ("de", "German"),
        ("el", "Greek"),
        ("en", "English"),
        ("es", "Spanish"),
        ("fi", "Finnish"),
        ("fr", "French"),
        ("he", "Hebrew"),
        ("hi", "Hindi"),
        ("hu", "Hungarian"),
        ("id", "Indonesian"),
        ("it", "Italian"),
        ("ja", "Japanese"),
        ("ko", "Korean"),
        ("nl", "Dutch"),
        ("no", "Norwegian"),
        ("pl", "Polish"),
        ("pt", "Portuguese"),
        ("ro", "Romanian"),
        ("ru", "Russian"),
        ("sv", "Swedish"),
        ("tr", "Turkish"),
        ("uk", "Ukrainian"),
        ("zh", "Chinese"),
    ];
    match NAMES.iter().find(|(c, _)| *c == code) {
        Some((_, name)) => format!("{name} ({code})"),
        None => format!("language '{code}'"),
    }
}
