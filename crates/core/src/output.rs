//! Where writers write. The driver implements [`Output`] (stdout, a file or a directory, each
//! file written atomically); writers only see this trait.

use std::io;

use crate::WriteError;

/// The destination of one writer.
pub trait Output: Send {
    /// Whether the output is a directory, where a writer may put one file per document.
    fn is_dir(&self) -> bool;

    /// The single output stream: stdout, or the file `--output` names. Fails for a directory.
    fn stream(&mut self) -> Result<&mut dyn io::Write, WriteError>;

    /// Creates a named file: `name` inside the output directory, or `<stem>.<name>` beside an
    /// output file. The file appears only when committed, complete (temporary file + rename);
    /// a path that is also an input is refused.
    fn create(&mut self, name: &str) -> Result<Box<dyn OutputFile>, WriteError>;
}

/// A file being written; invisible until [`OutputFile::commit`].
pub trait OutputFile: io::Write + Send {
    /// Flushes and moves the file into place.
    fn commit(self: Box<Self>) -> Result<(), WriteError>;
}

impl std::fmt::Debug for dyn OutputFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OutputFile")
    }
}
