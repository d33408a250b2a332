//! The parallel runner: documents flow from the reader through `jobs` worker threads to the
//! writers, in input order, with a bounded number in flight.
//!
//! With `COPYDESK_STAGE_TIMES=1` in the environment, the run also adds up the CPU time of the
//! thread doing each step (decoding an input, each stage, the writers) and the summary lists
//! it, so a benchmark can show where the time goes (`scripts/bench-pipeline.sh`).

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use copydesk_core::{Document, WriteError, Writer};

use crate::config::StageEntry;
use crate::input::{Job, LoadError};
use crate::output::DriverOutput;

/// Run-time settings (from the command line).
#[derive(Debug, Clone)]
pub struct Settings {
    /// Worker threads.
    pub jobs: usize,
    /// Largest input document in bytes.
    pub max_bytes: u64,
    /// Show a progress bar (only drawn when stderr is a terminal).
    pub progress: bool,
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
            "{} documents, {} failed, {:.2} s, {:.1} MB/s",
            self.documents,
            self.failed,
            self.seconds,
            self.mb_per_second()
        )
    }
}

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
    let bar = progress_bar(settings.progress);
    let clock = StepClock::from_env(stages.len());
    let write_slot = stages.len() + 1;
    let writer_clock = clock.clone();

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
                            StepClock::time(writer_clock.as_deref(), write_slot, || {
                                sinks
                                    .iter_mut()
                                    .try_for_each(|s| s.writer.write(doc, &mut s.output))
                            })?;
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
                        bar.inc(1);
                        let secs = start.elapsed().as_secs_f64().max(1e-9);
                        bar.set_message(format!(
                            "{:.1} MB/s, {} failed",
                            summary.bytes as f64 / 1e6 / secs,
                            summary.failed
                        ));
                    }
                    let _ = slot_tx.send(());
                }
            }
            for mut sink in sinks {
                sink.writer.finish(&mut sink.output)?;
                sink.output.close()?;
            }
            if let Some(bar) = bar {
                bar.finish_and_clear();
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
            let clock = clock.clone();
            pool.spawn(move || {
                let bytes = job.len_hint();
                let clock = clock.as_deref();
                let result = StepClock::time(clock, 0, || job.load(max_bytes))
                    .and_then(|doc| process_timed(&stages, doc, clock));
                let _ = tx.send(Outcome {
                    seq: seq as u64,
                    bytes,
                    result,
                });
            });
        }
        drop(done_tx);
        let mut summary = writer
            .join()
            .unwrap_or_else(|_| Err(WriteError::new("the writer thread panicked")))?;
        // The pool's threads have finished every job once the writer has seen them all.
        if let Some(clock) = &clock {
            summary.cpu_seconds = clock.seconds(&stages);
        }
        Ok(summary)
    })
}

/// Runs every stage on one document. A stage error or panic fails this document only.
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

fn progress_bar(wanted: bool) -> Option<indicatif::ProgressBar> {
    if !wanted || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new_spinner();
    let style = indicatif::ProgressStyle::with_template(
        "{spinner} {pos} documents, {per_sec}, {msg} [{elapsed_precise}]",
    )
    .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner());
    bar.set_style(style);
    bar.enable_steady_tick(Duration::from_millis(200));
    Some(bar)
}
