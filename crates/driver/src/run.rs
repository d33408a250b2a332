//! The parallel runner: documents flow from the reader through `jobs` worker threads to the
//! writers, in input order, with a bounded number in flight.
//!
//! A batch goes on past anything that concerns one document: a bad input, a stage error, a
//! repeated id, a per-document file that cannot be written. Each is reported through the
//! `report` callback, in input order. An output whose one stream fails (a full disk) is given
//! up and reported; the run goes on for the other outputs, and stops, saying so, when none is
//! left.
//!
//! With `COPYDESK_STAGE_TIMES=1` in the environment, the run also adds up the CPU time of the
//! thread doing each step (decoding an input, each stage, the writers) and the summary lists
//! it, so a benchmark can show where the time goes (`scripts/bench-pipeline.sh`).

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Instant;

use copydesk_core::{Document, Output, WriteError, Writer};

use crate::config::StageEntry;
use crate::input::{Job, LoadError, Origin};
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
    /// Documents that failed (input, stage, repeated id, or a file that could not be written).
    pub failed: u64,
    /// Inputs that could not be read at all (a stream, a folder).
    pub unreadable: u64,
    /// Entries of input folders deliberately not read (symlinks, FIFOs).
    pub skipped: u64,
    /// Documents missing from an output whose stream failed, or never processed because no
    /// output was left.
    pub not_written: u64,
    /// Input bytes processed.
    pub bytes: u64,
    /// Wall time.
    pub seconds: f64,
    /// CPU seconds per step (`read`, each stage by name, `write`), when stage times were asked
    /// for with `COPYDESK_STAGE_TIMES=1`; empty otherwise.
    pub cpu_seconds: Vec<(String, f64)>,
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
            "{}, {} failed",
            crate::progress::count(self.documents, "document"),
            self.failed
        )?;
        if self.skipped > 0 {
            write!(f, ", {} skipped", self.skipped)?;
        }
        if self.not_written > 0 {
            write!(f, ", {} not written", self.not_written)?;
        }
        write!(
            f,
            ", {:.2} s, {:.1} MB/s",
            self.seconds,
            self.mb_per_second()
        )
    }
}

/// Something the run reports as it goes, in input order.
#[derive(Debug)]
pub enum Report<'a> {
    /// A document failed; it is missing from the output (or an error record stands for it).
    Failed(&'a LoadError),
    /// A folder entry deliberately not read.
    Skipped {
        /// Its path.
        source: &'a str,
        /// Why.
        reason: &'a str,
    },
    /// An output's stream failed at a document: that output misses it and every later one.
    OutputFailed {
        /// The output (`stdout` or a path).
        output: String,
        /// What failed.
        error: &'a WriteError,
        /// Where the document it failed at came from.
        at: &'a str,
    },
}

/// Why a run could not start or was cut short.
#[derive(Debug)]
pub enum RunError {
    /// An output could not be set up (a writer's `begin` failed: wrong kind of output, a file
    /// that cannot be created): nothing was processed. A usage error.
    Setup(WriteError),
    /// The reader of stdout went away (`| head`): not a failure.
    BrokenPipe,
    /// Worker threads could not start.
    Threads(String),
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RunError::Setup(e) => write!(f, "{e}"),
            RunError::BrokenPipe => f.write_str("the reader of stdout went away"),
            RunError::Threads(e) => write!(f, "cannot start worker threads: {e}"),
        }
    }
}

impl std::error::Error for RunError {}

impl Summary {
    /// `CPU s per step: read 0.081, strip_boilerplate 1.012, …, write 0.350`, when the run
    /// measured them (`COPYDESK_STAGE_TIMES=1`).
    pub fn steps_line(&self) -> Option<String> {
        (!self.cpu_seconds.is_empty()).then(|| {
            let steps: Vec<String> = self
                .cpu_seconds
                .iter()
                .map(|(step, secs)| format!("{step} {secs:.3}"))
                .collect();
            format!("CPU s per step: {}", steps.join(", "))
        })
    }
}

/// CPU time of the calling thread in nanoseconds (user + system), where the OS has a
/// per-thread clock.
#[cfg(target_os = "linux")]
fn thread_cpu_nanos() -> Option<u64> {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
    Some(t.tv_sec as u64 * 1_000_000_000 + t.tv_nsec as u64)
}

#[cfg(not(target_os = "linux"))]
fn thread_cpu_nanos() -> Option<u64> {
    None
}

/// Per-step CPU time, added up over all threads: slot 0 is decoding the input, then one slot
/// per stage, then the writers.
#[derive(Debug)]
struct StepClock {
    nanos: Vec<AtomicU64>,
}

impl StepClock {
    /// A clock for `stages` stages, if `COPYDESK_STAGE_TIMES=1` asks for one and the OS has a
    /// thread CPU clock.
    fn from_env(stages: usize) -> Option<Arc<StepClock>> {
        let wanted = std::env::var_os("COPYDESK_STAGE_TIMES").is_some_and(|v| v == "1");
        (wanted && thread_cpu_nanos().is_some()).then(|| {
            Arc::new(StepClock {
                nanos: (0..stages + 2).map(|_| AtomicU64::new(0)).collect(),
            })
        })
    }

    /// Runs `f`, adding the thread's CPU time to `slot`.
    fn time<T>(clock: Option<&StepClock>, slot: usize, f: impl FnOnce() -> T) -> T {
        let Some(clock) = clock else {
            return f();
        };
        let start = thread_cpu_nanos().unwrap_or(0);
        let out = f();
        let spent = thread_cpu_nanos().unwrap_or(0).saturating_sub(start);
        clock.nanos[slot].fetch_add(spent, Ordering::Relaxed);
        out
    }

    /// Seconds per step, named.
    fn seconds(&self, stages: &[StageEntry]) -> Vec<(String, f64)> {
        let names = std::iter::once("read".to_owned())
            .chain(stages.iter().map(|s| s.name.clone()))
            .chain(std::iter::once("write".to_owned()));
        names
            .zip(&self.nanos)
            .map(|(name, n)| (name, n.load(Ordering::Relaxed) as f64 / 1e9))
            .collect()
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
    origin: Origin,
    result: Result<Document, LoadError>,
    skipped: bool,
}

/// The ids seen so far, to fail a repeated one rather than let it overwrite a file or be
/// confused in a join. Keeps a 64-bit hash per id and where it came from, compactly: 16 bytes
/// a document. (Two different ids colliding in 64 bits, about 1 in 10^7 for a billion
/// documents, would be reported as a repeat.)
#[derive(Default)]
struct Ids {
    seen: HashMap<u64, u64, BuildHasherDefault<Identity>>,
    /// Names of JSONL streams, for `Origin::Line`.
    streams: Vec<Arc<str>>,
    /// Sources of other documents.
    sources: Vec<Box<str>>,
}

/// The id hashes are already uniform: use them as they are.
#[derive(Default)]
struct Identity(u64);

impl std::hash::Hasher for Identity {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

const SOURCE_FLAG: u64 = 1 << 63;
const LINE_BITS: u32 = 40;

impl Ids {
    /// Records `id` from `origin`; if it was seen before, returns where.
    fn check(&mut self, id: &str, origin: &Origin) -> Option<String> {
        let hash = BuildHasherDefault::<DefaultHasher>::default().hash_one(id);
        if let Some(&packed) = self.seen.get(&hash) {
            return Some(self.describe(packed));
        }
        let packed = match origin {
            Origin::Line(stream, line) if *line < 1 << LINE_BITS => {
                let index = match self.streams.iter().rposition(|s| Arc::ptr_eq(s, stream)) {
                    Some(i) => i,
                    None => {
                        self.streams.push(Arc::clone(stream));
                        self.streams.len() - 1
                    }
                };
                ((index as u64) << LINE_BITS) | line
            }
            other => {
                self.sources.push(other.to_string().into());
                SOURCE_FLAG | (self.sources.len() as u64 - 1)
            }
        };
        self.seen.insert(hash, packed);
        None
    }

    fn describe(&self, packed: u64) -> String {
        if packed & SOURCE_FLAG != 0 {
            let i = (packed & !SOURCE_FLAG) as usize;
            self.sources
                .get(i)
                .map_or_else(String::new, |s| s.to_string())
        } else {
            let stream = &self.streams[(packed >> LINE_BITS) as usize];
            format!("{stream}:{}", packed & ((1 << LINE_BITS) - 1))
        }
    }
}

/// Runs the stages over every job and hands the results to the sinks in input order.
/// `report` is called (on the writer thread) for each failed document, skipped entry and
/// failed output.
pub fn run(
    stages: Arc<Vec<StageEntry>>,
    mut sinks: Vec<Sink>,
    jobs: impl Iterator<Item = Job>,
    settings: &Settings,
    mut report: impl FnMut(Report<'_>) + Send,
) -> Result<Summary, RunError> {
    let start = Instant::now();
    let threads = settings.jobs.max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("copydesk-worker-{i}"))
        .build()
        .map_err(|e| RunError::Threads(e.to_string()))?;
    for sink in &mut sinks {
        sink.writer
            .begin(&mut sink.output)
            .map_err(RunError::Setup)?;
    }
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
    // Set by the writer when no output is left: the reader stops.
    let stop = AtomicBool::new(false);
    let stop = &stop;
    let clock = StepClock::from_env(stages.len());
    let write_slot = stages.len() + 1;
    let writer_clock = clock.clone();

    std::thread::scope(|scope| {
        let writer = scope.spawn(move || -> Result<Summary, RunError> {
            let mut live: Vec<bool> = vec![true; sinks.len()];
            let mut summary = Summary::default();
            let mut ids = Ids::default();
            let mut pending: BTreeMap<u64, Outcome> = BTreeMap::new();
            let mut next = 0u64;
            for outcome in done_rx {
                pending.insert(outcome.seq, outcome);
                while let Some(o) = pending.remove(&next) {
                    next += 1;
                    let _ = slot_tx.send(());
                    if o.skipped {
                        summary.skipped += 1;
                        if let Err(e) = &o.result {
                            report(Report::Skipped {
                                source: &e.source,
                                reason: &e.error,
                            });
                        }
                        continue;
                    }
                    summary.documents += 1;
                    summary.bytes += o.bytes;
                    if !live.iter().any(|&l| l) {
                        summary.not_written += 1;
                        continue;
                    }
                    let mut result = o.result;
                    if let Ok(doc) = &result
                        && let Some(first) = ids.check(&doc.id, &o.origin)
                    {
                        result = Err(LoadError {
                            error: format!("duplicate id '{}': {first} has the same id", doc.id),
                            id: doc.id.clone(),
                            source: doc.source.clone(),
                            unreadable: false,
                        });
                    }
                    let mut failure = result.as_ref().err().cloned();
                    let mut missed = false;
                    for (sink, alive) in sinks.iter_mut().zip(&mut live) {
                        if !*alive {
                            missed = true;
                            continue;
                        }
                        let written = match &result {
                            Ok(doc) => StepClock::time(writer_clock.as_deref(), write_slot, || {
                                sink.writer.write(doc, &mut sink.output)
                            }),
                            Err(e) => sink
                                .writer
                                .write_error(&e.id, &e.source, &e.error, &mut sink.output)
                                .and_then(|()| {
                                    sink.output.note_failure(&e.id, &e.source, &e.error)
                                }),
                        };
                        let Err(error) = written else { continue };
                        if error.is_broken_pipe() {
                            return Err(RunError::BrokenPipe);
                        }
                        if sink.output.is_dir() && !sink.output.is_broken() {
                            // A per-document file: this document fails, alone.
                            if let Ok(doc) = &result
                                && failure.is_none()
                            {
                                let e = LoadError {
                                    id: doc.id.clone(),
                                    source: doc.source.clone(),
                                    error: format!("cannot write its output: {error}"),
                                    unreadable: false,
                                };
                                let _ = sink.output.note_failure(&e.id, &e.source, &e.error);
                                failure = Some(e);
                            }
                            continue;
                        }
                        *alive = false;
                        missed = true;
                        report(Report::OutputFailed {
                            output: sink.output.describe(),
                            error: &error,
                            at: &o.origin.to_string(),
                        });
                    }
                    if let Some(e) = &failure {
                        summary.failed += 1;
                        summary.unreadable += u64::from(e.unreadable);
                        report(Report::Failed(e));
                    } else if missed {
                        summary.not_written += 1;
                    }
                    if !live.iter().any(|&l| l) {
                        stop.store(true, Ordering::Relaxed);
                    }
                    if let Some(bar) = &bar {
                        bar.update(summary.documents, summary.bytes, summary.failed);
                    }
                }
            }
            for (mut sink, alive) in sinks.into_iter().zip(live) {
                if !alive {
                    continue;
                }
                let output = sink.output.describe();
                let closed = sink
                    .writer
                    .finish(&mut sink.output)
                    .and_then(|()| sink.output.close());
                if let Err(error) = closed {
                    if error.is_broken_pipe() {
                        return Err(RunError::BrokenPipe);
                    }
                    // The whole output is lost: every document is missing from it.
                    summary.not_written = summary.documents;
                    report(Report::OutputFailed {
                        output,
                        error: &error,
                        at: "the end of the run",
                    });
                }
            }
            if let Some(bar) = bar {
                bar.finish();
            }
            summary.seconds = start.elapsed().as_secs_f64();
            Ok(summary)
        });

        for (seq, job) in jobs.enumerate() {
            // Wait for a free slot; an error means the writer stopped.
            if stop.load(Ordering::Relaxed) || slot_rx.recv().is_err() {
                break;
            }
            let tx = done_tx.clone();
            let stages = Arc::clone(&stages);
            let origin = job.origin();
            let skipped = matches!(job, Job::Skipped { .. });
            let clock = clock.clone();
            pool.spawn(move || {
                let bytes = job.len_hint();
                let clock = clock.as_deref();
                let result = StepClock::time(clock, 0, || job.load(max_bytes))
                    .and_then(|doc| process_timed(&stages, doc, clock));
                let _ = tx.send(Outcome {
                    seq: seq as u64,
                    bytes,
                    origin,
                    result,
                    skipped,
                });
            });
        }
        drop(done_tx);
        let mut summary = writer
            .join()
            .unwrap_or_else(|_| Err(RunError::Threads("the writer thread panicked".into())))?;
        // The pool's threads have finished every job once the writer has seen them all.
        if let Some(clock) = &clock {
            summary.cpu_seconds = clock.seconds(&stages);
        }
        Ok(summary)
    })
}

/// Runs every stage on one document. A stage error or panic fails this document only. A stage
/// that declares its languages is skipped, with a diagnostic, on a document in another one.
pub fn process(stages: &[StageEntry], doc: Document) -> Result<Document, LoadError> {
    process_timed(stages, doc, None)
}

/// [`process`], adding each stage's CPU time to `clock` when there is one.
fn process_timed(
    stages: &[StageEntry],
    mut doc: Document,
    clock: Option<&StepClock>,
) -> Result<Document, LoadError> {
    for (i, entry) in stages.iter().enumerate() {
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
        let result = StepClock::time(clock, i + 1, || {
            catch_unwind(AssertUnwindSafe(|| entry.stage.process(&mut doc)))
        });
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
