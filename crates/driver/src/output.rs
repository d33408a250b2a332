//! The driver's [`Output`]s: stdout, a file or a directory. Files are written atomically
//! (temporary file in the same directory, renamed when complete) and never over an input.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use copydesk_core::{Output, OutputFile, WriteError};

use crate::input::Glob;

/// The inputs of a run, so that no output overwrites one.
#[derive(Debug, Clone, Default)]
pub struct Protected {
    files: Vec<PathBuf>,
    dirs: Vec<(PathBuf, Glob)>,
}

impl Protected {
    /// Protects the input arguments: files as given, directories for names matching `glob`.
    pub fn new(args: &[String], glob: &Glob) -> Self {
        let mut p = Protected::default();
        for arg in args.iter().filter(|a| *a != "-") {
            if let Ok(path) = fs::canonicalize(arg) {
                if path.is_dir() {
                    p.dirs.push((path, glob.clone()));
                } else {
                    p.files.push(path);
                }
            }
        }
        p
    }

    /// Whether writing `path` would overwrite an input.
    pub fn covers(&self, path: &Path) -> bool {
        let Some(full) = absolute(path) else {
            return false;
        };
        self.files.contains(&full)
            || self.dirs.iter().any(|(dir, glob)| {
                full.starts_with(dir)
                    && full
                        .file_name()
                        .is_some_and(|n| glob.matches(&n.to_string_lossy()))
            })
    }
}

/// The canonical form of a path that may not exist yet (its parent must).
fn absolute(path: &Path) -> Option<PathBuf> {
    if let Ok(p) = fs::canonicalize(path) {
        return Some(p);
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => fs::canonicalize(p).ok()?,
        _ => std::env::current_dir().ok()?,
    };
    Some(parent.join(path.file_name()?))
}

/// Where a writer writes.
#[derive(Debug)]
pub enum Destination {
    /// Standard output.
    Stdout(BufWriter<io::Stdout>),
    /// One file, written atomically; created on first use, so a writer that only writes
    /// named files beside it (`csv`: `run.quotes.csv`) leaves no empty `run.csv`.
    File(PathBuf, Option<AtomicFile>),
    /// A directory of named files.
    Dir(PathBuf),
}

/// A writer's output plus the inputs it must not overwrite.
#[derive(Debug)]
pub struct DriverOutput {
    dest: Destination,
    protected: Protected,
}

impl DriverOutput {
    /// Opens `spec`: `None` or `-` is stdout; an existing directory or a path ending in `/` is
    /// a directory (created if needed); anything else a file.
    pub fn open(spec: Option<&str>, protected: Protected) -> Result<Self, WriteError> {
        let dest = match spec {
            None | Some("-") => {
                Destination::Stdout(BufWriter::with_capacity(1 << 16, io::stdout()))
            }
            Some(s) if s.ends_with('/') || Path::new(s).is_dir() => {
                fs::create_dir_all(s)
                    .map_err(|e| WriteError::io(format!("cannot create directory {s}"), e))?;
                Destination::Dir(PathBuf::from(s))
            }
            Some(s) => {
                let path = PathBuf::from(s);
                if protected.covers(&path) {
                    return Err(refuse(&path));
                }
                Destination::File(path, None)
            }
        };
        Ok(DriverOutput { dest, protected })
    }

    /// Flushes and, for a file, moves it into place.
    pub fn close(self) -> Result<(), WriteError> {
        match self.dest {
            Destination::Stdout(mut w) => w
                .flush()
                .map_err(|e| WriteError::io("writing to stdout", e)),
            Destination::File(_, Some(f)) => Box::new(f).commit(),
            Destination::File(_, None) => Ok(()),
            Destination::Dir(_) => Ok(()),
        }
    }
}

fn refuse(path: &Path) -> WriteError {
    WriteError::new(format!(
        "refusing to write {}: it is one of the inputs",
        path.display()
    ))
}

impl Output for DriverOutput {
    fn is_dir(&self) -> bool {
        matches!(self.dest, Destination::Dir(_))
    }

    fn stream(&mut self) -> Result<&mut dyn Write, WriteError> {
        match &mut self.dest {
            Destination::Stdout(w) => Ok(w),
            Destination::File(path, file) => match file {
                Some(f) => Ok(f),
                None => Ok(file.insert(AtomicFile::create(path)?)),
            },
            Destination::Dir(d) => Err(WriteError::new(format!(
                "this writer writes one stream, but the output {} is a directory; give a file name",
                d.display()
            ))),
        }
    }

    fn create(&mut self, name: &str) -> Result<Box<dyn OutputFile>, WriteError> {
        let path = match &self.dest {
            Destination::Dir(d) => d.join(name),
            Destination::File(path, _) => {
                let stem = path
                    .file_stem()
                    .map_or_else(|| "copydesk".into(), |s| s.to_string_lossy().into_owned());
                path.with_file_name(format!("{stem}.{name}"))
            }
            Destination::Stdout(_) => {
                return Err(WriteError::new(format!(
                    "this writer writes files ({name}); give --output DIR"
                )));
            }
        };
        if self.protected.covers(&path) {
            return Err(refuse(&path));
        }
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| WriteError::io(format!("cannot create {}", parent.display()), e))?;
        }
        Ok(Box::new(AtomicFile::create(&path)?))
    }
}

/// A file written under a temporary name and renamed into place on commit; removed if
/// dropped uncommitted.
#[derive(Debug)]
pub struct AtomicFile {
    path: PathBuf,
    tmp: PathBuf,
    file: Option<BufWriter<fs::File>>,
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

impl AtomicFile {
    /// Starts writing `path`.
    pub fn create(path: &Path) -> Result<Self, WriteError> {
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let tmp = path.with_file_name(format!(".{name}.{}-{n}.tmp", std::process::id()));
        let file = fs::File::create(&tmp)
            .map_err(|e| WriteError::io(format!("cannot create {}", path.display()), e))?;
        Ok(AtomicFile {
            path: path.to_owned(),
            tmp,
            file: Some(BufWriter::with_capacity(1 << 16, file)),
        })
    }

    fn file(&mut self) -> io::Result<&mut BufWriter<fs::File>> {
        self.file
            .as_mut()
            .ok_or_else(|| io::Error::other("file already committed"))
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file()?.write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.file()?.write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file()?.flush()
    }
}

impl OutputFile for AtomicFile {
    fn commit(mut self: Box<Self>) -> Result<(), WriteError> {
        let what = || format!("writing {}", self.path.display());
        let file = self.file.take().ok_or_else(|| WriteError::new(what()))?;
        let file = file
            .into_inner()
            .map_err(|e| WriteError::io(what(), e.into_error()))?;
        drop(file);
        fs::rename(&self.tmp, &self.path).map_err(|e| WriteError::io(what(), e))
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = fs::remove_file(&self.tmp);
        }
    }
}
