//! copydesk for Python: the native half of the `copydesk` package (`copydesk._copydesk`),
//! built with maturin from the same crates as the `copydesk` binary, so nothing is
//! re-implemented and nothing drifts.
//!
//! Every input goes the CLI's JSONL way: a Python item becomes the record `{"id", "text", …}`
//! (a JSONL line), which the driver's [`record_document`](copydesk::input::record_document)
//! turns into a document and the driver's [`process`](copydesk::run::process) runs through
//! the stages. The dict is built straight from the document's `Serialize`, the one the `jsonl`
//! writer prints (with `pythonize`, no JSON text in between). So `Pipeline.process` gives
//! exactly the document `copydesk run --input-format jsonl` prints for the same record, and a
//! bad record gives the writer's `{"id", "source", "error"}` record.
//!
//! `process_many` runs documents on its own Rust worker threads (rayon), which never touch
//! Python; the calling thread reads the Python iterable, and waits for results with the GIL
//! released. Results come back in input order with a bounded number in flight.
//!
//! Not here: the pandas frames, which are plain Python in `python/copydesk/__init__.py`, and
//! any writer other than `jsonl` (a pipeline's other writers are not run).
//!
//! No Rust tests: the pytest suite (`crates/python/tests`) drives the built module, and
//! compares it with the `copydesk` binary.
#![deny(missing_docs)]

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use copydesk::config::{self, StageEntry};
use copydesk_core::{Configure, Document, Writer};
use copydesk_write::{CsvTable, Jsonl, JsonlOptions, MemoryOutput};
use pyo3::exceptions::{
    PyFileNotFoundError, PyOSError, PyPermissionError, PyRuntimeError, PyValueError,
};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyIterator, PyString, PyTuple};

/// The source of documents made from Python values (a JSONL record's is `path:line`).
const PYTHON_SOURCE: &str = "<python>";

/// What the worker threads share: the stages and the options of the `jsonl` writer.
#[derive(Debug)]
struct Shared {
    stages: Vec<StageEntry>,
    jsonl: JsonlOptions,
}

/// A Python item made ready for a worker thread (no Python objects in it).
#[derive(Debug)]
enum Input {
    /// A plain text: the record `{"text": …}`.
    Text(String),
    /// A JSON record, as a JSONL line.
    Line(String),
    /// An item that cannot become a record.
    Failed {
        /// Best-known id.
        id: Option<String>,
        /// Why.
        error: String,
    },
}

impl Input {
    /// Its size in bytes.
    fn len(&self) -> usize {
        match self {
            Input::Text(s) | Input::Line(s) => s.len(),
            Input::Failed { error, .. } => error.len(),
        }
    }
}

/// A processed document, or why it failed (`id`, `source`, `error`: the error record).
type Outcome = Result<Done, (String, String, String)>;

/// A processed document, ready to become a dict.
#[derive(Debug)]
enum Done {
    /// The document itself: the dict is built from its `Serialize`, which the `jsonl` writer
    /// prints.
    Doc(Box<Document>),
    /// The `jsonl` writer's record, read back (for writer options such as `omit_body`, which
    /// change the record; the writer's own code applies them).
    Record(serde_json::Value),
}

impl Shared {
    /// One input through the pipeline, as the CLI's JSONL path does it: record → document →
    /// stages. Never panics: a panic becomes the document's error.
    fn run(&self, source: &str, input: Input) -> Outcome {
        catch_unwind(AssertUnwindSafe(|| self.run_unguarded(source, input))).unwrap_or_else(
            |panic| {
                let message = panic
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "panic".into());
                Err((
                    source.to_owned(),
                    source.to_owned(),
                    format!("internal error (please report): {message}"),
                ))
            },
        )
    }

    fn run_unguarded(&self, source: &str, input: Input) -> Outcome {
        let line = match input {
            Input::Line(line) => line,
            Input::Text(text) => serde_json::json!({ "text": text }).to_string(),
            Input::Failed { id, error } => {
                let id = id.unwrap_or_else(|| source.to_owned());
                return Err((id, source.to_owned(), error));
            }
        };
        let doc = copydesk::input::record_document(source, line.as_bytes())
            .and_then(|doc| copydesk::run::process(&self.stages, doc))
            .map_err(|e| (e.id, e.source, e.error))?;
        if !self.jsonl.omit_body {
            return Ok(Done::Doc(Box::new(doc)));
        }
        let failed = |e: String| (doc.id.clone(), doc.source.clone(), e);
        let mut out = MemoryOutput::default();
        Jsonl::configure(self.jsonl.clone())
            .map_err(|e| failed(e.to_string()))?
            .write(&doc, &mut out)
            .map_err(|e| failed(e.to_string()))?;
        serde_json::from_slice(&out.stream)
            .map(Done::Record)
            .map_err(|e| failed(format!("reading the jsonl record back: {e}")))
    }

    /// The dict of an outcome: what the `jsonl` writer prints for the document, or the
    /// writer's error record.
    fn to_py(py: Python<'_>, outcome: &Outcome) -> PyResult<Py<PyAny>> {
        let value = match outcome {
            Ok(Done::Doc(doc)) => pythonize::pythonize(py, doc)?,
            Ok(Done::Record(record)) => pythonize::pythonize(py, record)?,
            Err((id, source, error)) => {
                pythonize::pythonize(py, &copydesk_write::error_record(id, source, error))?
            }
        };
        Ok(value.unbind())
    }
}

/// A compact, strict JSON encoder (`json.JSONEncoder(...).encode`), looked up once.
fn json_encoder(py: Python<'_>) -> PyResult<&Py<PyAny>> {
    static ENCODE: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    ENCODE.get_or_try_init(py, || {
        let kwargs = PyDict::new(py);
        kwargs.set_item("ensure_ascii", false)?;
        kwargs.set_item("allow_nan", false)?;
        kwargs.set_item("separators", (",", ":"))?;
        let encoder = py
            .import("json")?
            .getattr("JSONEncoder")?
            .call((), Some(&kwargs))?;
        Ok(encoder.getattr("encode")?.unbind())
    })
}

/// Makes a Python item (a `str`, or a dict with `text` and optional `id` and metadata) into
/// an [`Input`]. Never raises: a bad item becomes [`Input::Failed`].
fn to_input(py: Python<'_>, item: &Bound<'_, PyAny>) -> Input {
    if let Ok(s) = item.cast::<PyString>() {
        return match s.to_cow() {
            Ok(text) => Input::Text(text.into_owned()),
            Err(e) => Input::Failed {
                id: None,
                error: format!("`text` is not valid Unicode: {e}"),
            },
        };
    }
    let Ok(dict) = item.cast::<PyDict>() else {
        let kind = item
            .get_type()
            .name()
            .map_or_else(|_| "?".to_owned(), |n| n.to_string());
        return Input::Failed {
            id: None,
            error: format!("expected a str or a dict with a \"text\" field, got {kind}"),
        };
    };
    let encoded = json_encoder(py)
        .and_then(|encode| encode.bind(py).call1((dict,)))
        .and_then(|s| s.extract::<String>());
    match encoded {
        Ok(line) => Input::Line(line),
        Err(e) => {
            let id = dict.get_item("id").ok().flatten().and_then(|id| {
                id.extract::<String>()
                    .ok()
                    .or_else(|| id.extract::<i64>().ok().map(|n| n.to_string()))
            });
            Input::Failed {
                id,
                error: format!("the record cannot be written as JSON: {e}"),
            }
        }
    }
}

/// A copydesk pipeline: stages built once, shared by every call and thread.
///
/// `Pipeline()` is the default pipeline (`config/default.toml`, the one `copydesk run` uses
/// without `--config`); `Pipeline.from_toml(text)` and `Pipeline.from_file(path)` load any
/// pipeline, and raise `ValueError` with the text `copydesk check` prints when it is invalid.
#[pyclass(frozen, module = "copydesk")]
struct Pipeline {
    shared: Arc<Shared>,
    toml: String,
}

impl Pipeline {
    fn load(file: &str, source: &str) -> PyResult<Self> {
        let pipeline =
            config::load(file, source, None).map_err(|e| PyValueError::new_err(e.report()))?;
        let toml = pipeline.to_toml();
        // `process` returns what the pipeline's `jsonl` writer would print (defaults without one).
        let jsonl = match pipeline.writers.iter().find(|w| w.kind.name == "jsonl") {
            Some(w) => toml::Value::Table(w.options.clone())
                .try_into()
                .map_err(|e| PyValueError::new_err(format!("{file}: jsonl writer: {e}")))?,
            None => JsonlOptions::default(),
        };
        Ok(Pipeline {
            shared: Arc::new(Shared {
                stages: pipeline.stages,
                jsonl,
            }),
            toml,
        })
    }
}

#[pymethods]
impl Pipeline {
    /// The default pipeline.
    #[new]
    fn new() -> PyResult<Self> {
        Pipeline::load("<default pipeline>", config::DEFAULT_PIPELINE)
    }

    /// A pipeline from TOML text.
    #[staticmethod]
    fn from_toml(text: &str) -> PyResult<Self> {
        Pipeline::load("<string>", text)
    }

    /// A pipeline from a TOML file; errors name the file as `copydesk check` does.
    #[staticmethod]
    fn from_file(path: PathBuf) -> PyResult<Self> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(&path).map_err(|e| {
            let message = format!("cannot read pipeline {name}: {e}");
            match e.kind() {
                std::io::ErrorKind::NotFound => PyFileNotFoundError::new_err(message),
                std::io::ErrorKind::PermissionDenied => PyPermissionError::new_err(message),
                std::io::ErrorKind::InvalidData => PyValueError::new_err(message),
                _ => PyOSError::new_err(message),
            }
        })?;
        Pipeline::load(&name, &text)
    }

    /// Runs one document and returns it as a dict: exactly the JSON document the CLI's
    /// `jsonl` writer prints for the record `{"id": id, "text": text, **meta}`. Raises
    /// `ValueError` when the document fails (the CLI would print an error record).
    #[pyo3(signature = (text, id=None, source=None, **meta))]
    fn process(
        &self,
        py: Python<'_>,
        text: &Bound<'_, PyAny>,
        id: Option<&Bound<'_, PyAny>>,
        source: Option<String>,
        meta: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Py<PyAny>> {
        let plain = text.is_instance_of::<PyString>();
        let input = if plain && id.is_none() && meta.is_none_or(|m| m.is_empty()) {
            to_input(py, text)
        } else {
            let record = PyDict::new(py);
            if let Some(id) = id {
                record.set_item("id", id)?;
            }
            record.set_item("text", text)?;
            if let Some(meta) = meta {
                record.update(meta.as_mapping())?;
            }
            to_input(py, record.as_any())
        };
        let source = source.unwrap_or_else(|| PYTHON_SOURCE.to_owned());
        let shared = Arc::clone(&self.shared);
        let outcome = py.detach(|| shared.run(&source, input));
        match outcome {
            Ok(_) => Shared::to_py(py, &outcome),
            Err((_, source, error)) => Err(PyValueError::new_err(format!("{source}: {error}"))),
        }
    }

    /// Runs many documents on `jobs` Rust threads (default: every core) and yields their
    /// dicts in input order. Items are texts or dicts `{"id", "text", …}` (other keys go to
    /// `meta`), as the lines of `copydesk run --input-format jsonl`; item N (from 1) has the
    /// source `"<source>:N"`. A failing item yields its error record `{"id", "source",
    /// "error"}`; an exception raised by the iterable itself is raised in its place.
    #[pyo3(signature = (iterable, jobs=None, *, source=None))]
    fn process_many(
        &self,
        iterable: &Bound<'_, PyAny>,
        jobs: Option<usize>,
        source: Option<String>,
    ) -> PyResult<Documents> {
        let jobs = match jobs {
            Some(0) => return Err(PyValueError::new_err("jobs must be at least 1")),
            Some(n) => n,
            None => std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get),
        };
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs)
            .thread_name(|i| format!("copydesk-worker-{i}"))
            .build()
            .map_err(|e| PyRuntimeError::new_err(format!("cannot start worker threads: {e}")))?;
        let (tx, rx) = mpsc::channel();
        Ok(Documents {
            state: Mutex::new(State {
                items: Some(iterable.try_iter()?.unbind()),
                failure: None,
                shared: Arc::clone(&self.shared),
                source: source.unwrap_or_else(|| PYTHON_SOURCE.to_owned()),
                pool,
                tx,
                rx,
                ready: BTreeMap::new(),
                bytes: std::collections::VecDeque::new(),
                bytes_total: 0,
                sent: 0,
                next: 0,
                window: WINDOW_PER_JOB * jobs + WINDOW_PER_JOB,
            }),
        })
    }

    /// The resolved pipeline as TOML, every option with its value (`--print-config`).
    fn to_toml(&self) -> String {
        self.toml.clone()
    }

    /// The instance names of the stages, in order.
    #[getter]
    fn stage_names(&self) -> Vec<String> {
        self.shared.stages.iter().map(|s| s.name.clone()).collect()
    }

    fn __repr__(&self) -> String {
        format!("Pipeline(stages={:?})", self.stage_names())
    }
}

/// Documents read ahead per worker thread: enough to keep every worker busy while the calling
/// thread is away (building a dict, running the caller's loop, descheduled on a busy machine).
const WINDOW_PER_JOB: usize = 32;

/// Input bytes read ahead at most (beyond one document), so memory stays flat on long pages.
const WINDOW_BYTES: usize = 64 << 20;

/// The iterator `Pipeline.process_many` returns.
#[pyclass(frozen, module = "copydesk")]
struct Documents {
    state: Mutex<State>,
}

#[derive(Debug)]
struct State {
    /// The Python iterator; `None` once exhausted (or once it raised).
    items: Option<Py<PyIterator>>,
    /// What the iterator raised, raised in its place in the input order.
    failure: Option<PyErr>,
    shared: Arc<Shared>,
    source: String,
    pool: rayon::ThreadPool,
    tx: mpsc::Sender<(u64, Outcome)>,
    rx: mpsc::Receiver<(u64, Outcome)>,
    /// Results that arrived before their turn.
    ready: BTreeMap<u64, Outcome>,
    /// Items handed to the workers.
    sent: u64,
    /// The next item to yield.
    next: u64,
    /// Most items read but not yet yielded.
    window: usize,
    /// Input bytes of the items read but not yet yielded, in order.
    bytes: std::collections::VecDeque<usize>,
    bytes_total: usize,
}

impl State {
    /// Reads items until the window is full and hands them to the workers.
    fn fill(&mut self, py: Python<'_>) {
        while self.sent - self.next < self.window as u64
            && (self.sent == self.next || self.bytes_total < WINDOW_BYTES)
        {
            let Some(items) = &self.items else {
                return;
            };
            let item = match items.bind(py).clone().next() {
                None => None,
                Some(Ok(item)) => Some(item),
                Some(Err(e)) => {
                    self.failure = Some(e);
                    None
                }
            };
            let Some(item) = item else {
                self.items = None;
                return;
            };
            let input = to_input(py, &item);
            let len = input.len();
            self.bytes.push_back(len);
            self.bytes_total += len;
            let seq = self.sent;
            self.sent += 1;
            let source = format!("{}:{}", self.source, seq + 1);
            let shared = Arc::clone(&self.shared);
            let tx = self.tx.clone();
            self.pool.spawn(move || {
                // A closed channel means the iterator was dropped: nobody wants the result.
                let _ = tx.send((seq, shared.run(&source, input)));
            });
        }
    }

    /// Waits (without the GIL) for the result of item `next`.
    fn wait(&mut self, py: Python<'_>) -> PyResult<Outcome> {
        loop {
            if let Some(outcome) = self.ready.remove(&self.next) {
                return Ok(outcome);
            }
            // `&mut`: the receiver is `Send` but not `Sync`.
            let (rx, ready) = (&mut self.rx, &mut self.ready);
            let got = py.detach(move || match rx.recv_timeout(Duration::from_millis(100)) {
                Ok((seq, outcome)) => {
                    ready.insert(seq, outcome);
                    true
                }
                Err(_) => false,
            });
            if !got {
                // Let Ctrl-C through; the state stays consistent, so iteration can go on.
                py.check_signals()?;
            }
        }
    }
}

#[pymethods]
impl Documents {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        let Ok(mut state) = self.state.try_lock() else {
            return Err(PyValueError::new_err(
                "process_many iterator already executing",
            ));
        };
        state.fill(py);
        if state.next == state.sent {
            return match state.failure.take() {
                Some(e) => Err(e),
                None => Ok(None),
            };
        }
        let outcome = state.wait(py)?;
        state.next += 1;
        let len = state.bytes.pop_front().unwrap_or_default();
        state.bytes_total -= len;
        Shared::to_py(py, &outcome).map(Some)
    }
}

/// Every registered stage, then every writer: what `copydesk stages` lists, as a list of dicts
/// `{"name", "kind", "summary", "requires", "provides", "options"}`, each option a dict
/// `{"key", "type", "default", "doc"}` (`default` is `None` when unset).
#[pyfunction]
fn stages(py: Python<'_>) -> PyResult<Py<PyAny>> {
    let layers = |ls: &[copydesk_core::Layer]| ls.iter().map(|l| l.name()).collect::<Vec<_>>();
    let list: Vec<serde_json::Value> = copydesk::registry()
        .into_iter()
        .map(|r| {
            let options: Vec<serde_json::Value> = r
                .options
                .iter()
                .map(|o| {
                    serde_json::json!({
                        "key": o.key,
                        "type": o.ty,
                        "default": o.default,
                        "doc": o.doc,
                    })
                })
                .collect();
            serde_json::json!({
                "name": r.name,
                "kind": if r.writer { "writer" } else { "stage" },
                "summary": r.summary,
                "requires": layers(r.requires),
                "provides": layers(r.provides),
                "options": options,
            })
        })
        .collect();
    Ok(pythonize::pythonize(py, &list)?.unbind())
}

/// The text `copydesk stages` prints.
#[pyfunction]
fn describe_stages() -> String {
    copydesk::describe_registry()
}

/// The `copydesk` extension module.
#[pymodule]
fn _copydesk(m: &Bound<'_, PyModule>) -> PyResult<()> {
    if let Some((name, a, b)) = copydesk::duplicate_registrations().first() {
        return Err(PyRuntimeError::new_err(format!(
            "'{name}' is registered twice, by {a} and by {b}"
        )));
    }
    m.add_class::<Pipeline>()?;
    m.add_class::<Documents>()?;
    m.add_function(wrap_pyfunction!(stages, m)?)?;
    m.add_function(wrap_pyfunction!(describe_stages, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    let columns = |t: CsvTable| PyTuple::new(m.py(), t.header());
    m.add("QUOTE_COLUMNS", columns(CsvTable::Quotes)?)?;
    m.add("ENTITY_COLUMNS", columns(CsvTable::Entities)?)?;
    Ok(())
}
