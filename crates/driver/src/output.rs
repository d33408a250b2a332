//! The driver's [`Output`]s: stdout, a file or a directory.
//!
//! Guarantees, for a folder others may write to:
//! - every file is written under an unpredictable temporary name created exclusively
//!   (`O_EXCL`, through `tempfile`) in the destination's folder, then renamed into place, so a
//!   planted symlink is never written through; a symlink at the final name is replaced, not
//!   followed;
//! - an existing output keeps its mode, and one that is read-only (or not the user's to write)
//!   is refused rather than replaced;
//! - no output is an input (same path, or same file by device and inode, stdin included);
//! - a run holds an advisory lock on its output file or directory, so a second run writing the
//!   same output stops with an error instead of silently replacing the first one's result;
//! - temporaries and lock files are registered so an interrupted run (SIGINT, SIGTERM) removes
//!   them ([`remove_leftovers`]).

use std::collections::HashSet;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use copydesk_core::{Output, OutputFile, WriteError};

use crate::input::Glob;

/// Paths of temporary and lock files this process created and has not yet removed.
static LEFTOVERS: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);

fn track(path: &Path) {
    if let Ok(mut set) = LEFTOVERS.lock() {
        set.get_or_insert_with(HashSet::new).insert(path.to_owned());
    }
}

fn untrack(path: &Path) {
    if let Ok(mut set) = LEFTOVERS.lock()
        && let Some(set) = set.as_mut()
    {
        set.remove(path);
    }
}

/// Removes every temporary and lock file this process still has (call on SIGINT/SIGTERM,
/// just before exiting). Returns how many were removed.
pub fn remove_leftovers() -> usize {
    let Ok(mut set) = LEFTOVERS.lock() else {
        return 0;
    };
    set.take()
        .into_iter()
        .flatten()
        .filter(|p| fs::remove_file(p).is_ok())
        .count()
}

/// A file's identity (device, inode), to recognise the same file under another name.
#[cfg(unix)]
fn identity(meta: &fs::Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn identity(_: &fs::Metadata) -> Option<(u64, u64)> {
    None
}

/// The identity of stdin when it is a regular file (`< data.jsonl`).
fn stdin_identity() -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        let fd = io::stdin().as_fd().try_clone_to_owned().ok()?;
        let meta = fs::File::from(fd).metadata().ok()?;
        meta.is_file().then(|| identity(&meta)).flatten()
    }
    #[cfg(not(unix))]
    None
}

/// The file in a directory output that lists the documents that failed.
pub const ERRORS_FILE: &str = "errors.jsonl";

/// The inputs of a run, so that no output overwrites one.
#[derive(Debug, Clone, Default)]
pub struct Protected {
    files: Vec<PathBuf>,
    dirs: Vec<(PathBuf, Glob)>,
    /// Device and inode of every input file (and of stdin when it is a file).
    ids: Vec<(u64, u64)>,
}

impl Protected {
    /// Protects the input arguments: files as given, directories for names matching `glob`,
    /// and stdin when `-` is an input and stdin is a file.
    pub fn new(args: &[String], glob: &Glob) -> Self {
        let mut p = Protected::default();
        for arg in args {
            if arg == "-" {
                p.ids.extend(stdin_identity());
                continue;
            }
            if let Ok(path) = fs::canonicalize(arg) {
                if path.is_dir() {
                    p.dirs.push((path, glob.clone()));
                } else {
                    if let Ok(meta) = fs::metadata(&path) {
                        p.ids.extend(identity(&meta));
                    }
                    p.files.push(path);
                }
            }
        }
        p
    }

    /// Whether writing `path` would overwrite an input.
    pub fn covers(&self, path: &Path) -> bool {
        if let Ok(meta) = fs::metadata(path)
            && identity(&meta).is_some_and(|id| self.ids.contains(&id))
        {
            return true;
        }
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
    Stdout(Tracked<BufWriter<io::Stdout>>),
    /// One file, written atomically; created on first use, so a writer that only writes
    /// named files beside it (`csv`: `run.quotes.csv`) leaves no empty `run.csv`.
    File(PathBuf, Option<Tracked<AtomicFile>>),
    /// A directory of named files.
    Dir(PathBuf),
}

/// A writer's output plus the inputs it must not overwrite.
#[derive(Debug)]
pub struct DriverOutput {
    dest: Destination,
    protected: Protected,
    /// `errors.jsonl` of a directory output, created at the first failed document.
    errors: Option<AtomicFile>,
    /// Held for the whole run (released on drop).
    _lock: Option<OutputLock>,
}

impl DriverOutput {
    /// Opens `spec`: `None` or `-` is stdout; an existing directory or a path ending in `/` is
    /// a directory (created if needed); anything else a file (its folder is created if
    /// needed). Takes the output's lock, and refuses an input, a read-only file, or something
    /// that is not a regular file.
    pub fn open(spec: Option<&str>, protected: Protected) -> Result<Self, WriteError> {
        let (dest, lock) = match spec {
            None | Some("-") => (
                Destination::Stdout(Tracked::new(BufWriter::with_capacity(
                    1 << 16,
                    io::stdout(),
                ))),
                None,
            ),
            Some("") => return Err(WriteError::new("the output path is empty")),
            Some(s) if s.ends_with('/') || Path::new(s).is_dir() => {
                fs::create_dir_all(s)
                    .map_err(|e| WriteError::io(format!("cannot create directory {s}"), e))?;
                let dir = PathBuf::from(s);
                let lock = OutputLock::dir(&dir)?;
                (Destination::Dir(dir), Some(lock))
            }
            Some(s) => {
                let path = PathBuf::from(s);
                if protected.covers(&path) {
                    return Err(refuse(&path));
                }
                if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                    fs::create_dir_all(parent).map_err(|e| {
                        WriteError::io(format!("cannot create directory {}", parent.display()), e)
                    })?;
                }
                replaceable(&path)?;
                let lock = OutputLock::file(&path)?;
                (Destination::File(path, None), Some(lock))
            }
        };
        Ok(DriverOutput {
            dest,
            protected,
            errors: None,
            _lock: lock,
        })
    }

    /// Whether writing the output's one stream failed (then everything after the failure is
    /// lost for this output; per-document files are not affected).
    pub fn is_broken(&self) -> bool {
        match &self.dest {
            Destination::Stdout(w) => w.failed,
            Destination::File(_, Some(f)) => f.failed,
            _ => false,
        }
    }

    /// Where the output goes, for messages.
    pub fn describe(&self) -> String {
        match &self.dest {
            Destination::Stdout(_) => "stdout".into(),
            Destination::File(p, _) | Destination::Dir(p) => p.display().to_string(),
        }
    }

    /// Records a failed document in a directory output's `errors.jsonl` (one
    /// `{"id", "source", "error"}` line each), so a folder of per-document files shows which
    /// documents are missing and why. Does nothing for other outputs.
    pub fn note_failure(&mut self, id: &str, source: &str, error: &str) -> Result<(), WriteError> {
        let Destination::Dir(dir) = &self.dest else {
            return Ok(());
        };
        let file = match &mut self.errors {
            Some(f) => f,
            None => self
                .errors
                .insert(AtomicFile::create(&dir.join(ERRORS_FILE))?),
        };
        let mut line = copydesk_write::error_record(id, source, error).to_string();
        line.push('\n');
        file.write_all(line.as_bytes())
            .map_err(|e| WriteError::io(format!("writing {}", dir.join(ERRORS_FILE).display()), e))
    }

    /// Flushes and, for a file, moves it into place.
    pub fn close(self) -> Result<(), WriteError> {
        if let Some(errors) = self.errors {
            Box::new(errors).commit()?;
        }
        match self.dest {
            Destination::Stdout(mut w) => w
                .flush()
                .map_err(|e| WriteError::io("writing to stdout", e)),
            Destination::File(_, Some(f)) => Box::new(f.inner).commit(),
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

/// Checks that `path` may be replaced: absent, a symlink (the link is replaced, never
/// followed), or a regular file the user may write. Returns the mode to keep, if any.
fn replaceable(path: &Path) -> Result<Option<fs::Permissions>, WriteError> {
    let meta = match fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(WriteError::io(
                format!("cannot write {}", path.display()),
                e,
            ));
        }
    };
    let kind = meta.file_type();
    if kind.is_symlink() {
        return Ok(None);
    }
    if kind.is_dir() {
        return Err(WriteError::new(format!(
            "cannot write {}: it is a directory",
            path.display()
        )));
    }
    if !kind.is_file() {
        return Err(WriteError::new(format!(
            "refusing to replace {}: it is not a regular file (outputs are written to a \
             temporary file and renamed into place; to send the output to a device or a pipe, \
             leave out --output and redirect stdout)",
            path.display()
        )));
    }
    // Opening for writing (without truncating) tells whether the user may write it; the mode
    // test covers root, who may open anything.
    let writable = fs::OpenOptions::new().write(true).open(path).is_ok();
    if meta.permissions().readonly() || !writable {
        return Err(WriteError::new(format!(
            "refusing to replace {}: it is read-only (make it writable or remove it first)",
            path.display()
        )));
    }
    Ok(Some(meta.permissions()))
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
                None => Ok(file.insert(Tracked::new(AtomicFile::create(path)?))),
            },
            Destination::Dir(d) => Err(WriteError::new(format!(
                "this format writes one stream, but the output {} is a directory; give a file name",
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
                    "this format writes files ({name}), not one stream: give --output DIR/"
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

/// A writer that remembers whether a write failed.
#[derive(Debug)]
pub struct Tracked<W: Write> {
    inner: W,
    failed: bool,
}

impl<W: Write> Tracked<W> {
    fn new(inner: W) -> Self {
        Tracked {
            inner,
            failed: false,
        }
    }

    fn track<T>(&mut self, r: io::Result<T>) -> io::Result<T> {
        self.failed |= r.is_err();
        r
    }
}

impl<W: Write> Write for Tracked<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let r = self.inner.write(buf);
        self.track(r)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        let r = self.inner.write_all(buf);
        self.track(r)
    }

    fn flush(&mut self) -> io::Result<()> {
        let r = self.inner.flush();
        self.track(r)
    }
}

/// A file written under an exclusive, unpredictable temporary name in its folder and renamed
/// into place on commit; removed if dropped uncommitted.
#[derive(Debug)]
pub struct AtomicFile {
    path: PathBuf,
    tmp: Option<BufWriter<tempfile::NamedTempFile>>,
}

impl AtomicFile {
    /// Starts writing `path` (see [`replaceable`] for what may be replaced).
    pub fn create(path: &Path) -> Result<Self, WriteError> {
        let what = || format!("cannot create {}", path.display());
        let keep = replaceable(path)?;
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let mut builder = tempfile::Builder::new();
        builder.prefix(".copydesk-").suffix(".tmp");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // What `File::create` gives (umask applies), unless an existing output's mode is
            // kept below.
            builder.permissions(fs::Permissions::from_mode(0o666));
        }
        let tmp = builder
            .tempfile_in(dir)
            .map_err(|e| WriteError::io(what(), e))?;
        track(tmp.path());
        if let Some(mode) = keep {
            let _ = tmp.as_file().set_permissions(mode);
        }
        Ok(AtomicFile {
            path: path.to_owned(),
            tmp: Some(BufWriter::with_capacity(1 << 16, tmp)),
        })
    }

    fn file(&mut self) -> io::Result<&mut BufWriter<tempfile::NamedTempFile>> {
        self.tmp
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
        let file = self.tmp.take().ok_or_else(|| WriteError::new(what()))?;
        // On every error below the temporary is dropped, which removes it.
        let tmp = file
            .into_inner()
            .map_err(|e| WriteError::io(what(), e.into_error()))?;
        let tmp_path = tmp.path().to_owned();
        let result = tmp
            .persist(&self.path)
            .map(drop)
            .map_err(|e| WriteError::io(what(), e.error));
        untrack(&tmp_path);
        result
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if let Some(tmp) = self.tmp.take() {
            let path = tmp.get_ref().path().to_owned();
            drop(tmp);
            untrack(&path);
        }
    }
}

/// An advisory lock (`flock`) held while a run writes an output: on the directory itself, or
/// for a file on a `.NAME.copydesk-lock` file beside it, removed when the run ends.
#[derive(Debug)]
pub struct OutputLock {
    _file: fs::File,
    /// The lock file to remove on release (none for a directory).
    remove: Option<PathBuf>,
}

impl OutputLock {
    fn busy(what: &Path) -> WriteError {
        WriteError::new(format!(
            "another copydesk run is writing {}; wait for it to finish or choose another output",
            what.display()
        ))
    }

    // `File::try_lock` is Rust 1.89; the workspace's code (let chains) already needs 1.88.
    #[allow(clippy::incompatible_msrv)]
    fn take(file: &fs::File, what: &Path) -> Result<(), WriteError> {
        file.try_lock().map_err(|e| match e {
            fs::TryLockError::WouldBlock => Self::busy(what),
            fs::TryLockError::Error(e) => {
                WriteError::io(format!("cannot lock {}", what.display()), e)
            }
        })
    }

    fn dir(dir: &Path) -> Result<Self, WriteError> {
        let file = fs::File::open(dir)
            .map_err(|e| WriteError::io(format!("cannot open {}", dir.display()), e))?;
        Self::take(&file, dir)?;
        Ok(OutputLock {
            _file: file,
            remove: None,
        })
    }

    fn file(path: &Path) -> Result<Self, WriteError> {
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let lock = path.with_file_name(format!(".{name}.copydesk-lock"));
        let fail = |e| WriteError::io(format!("cannot create {}", lock.display()), e);
        // Created exclusively, or else an existing regular file (never through a symlink).
        let (file, created) = match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&lock)
        {
            Ok(f) => (f, true),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                let meta = fs::symlink_metadata(&lock).map_err(fail)?;
                if !meta.is_file() {
                    return Err(WriteError::new(format!(
                        "refusing to use {}: it is not a regular file",
                        lock.display()
                    )));
                }
                (
                    fs::OpenOptions::new()
                        .write(true)
                        .open(&lock)
                        .map_err(fail)?,
                    false,
                )
            }
            Err(e) => return Err(fail(e)),
        };
        track(&lock);
        let locked = Self::take(&file, path).and_then(|()| {
            // A run that ended between our open and our lock removed the name: ours is then
            // a stale file; make sure the name still is the file we locked.
            match (fs::symlink_metadata(&lock), file.metadata()) {
                (Ok(a), Ok(b)) if identity(&a) == identity(&b) => Ok(()),
                _ => Err(Self::busy(path)),
            }
        });
        if let Err(e) = locked {
            if created {
                let _ = fs::remove_file(&lock);
            }
            untrack(&lock);
            return Err(e);
        }
        Ok(OutputLock {
            _file: file,
            remove: Some(lock),
        })
    }
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        // Removed while still locked, so a waiting run cannot lock a name about to vanish.
        if let Some(path) = self.remove.take() {
            let _ = fs::remove_file(&path);
            untrack(&path);
        }
    }
}
