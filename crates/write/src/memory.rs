//! An in-memory [`Output`] for tests and embedding.

use std::collections::BTreeMap;
use std::io;
use std::sync::{Arc, Mutex};

use copydesk_core::{Output, OutputFile, WriteError};

/// Collects a writer's stream and named files in memory.
#[derive(Debug, Default)]
pub struct MemoryOutput {
    /// What was written to the stream.
    pub stream: Vec<u8>,
    /// Whether to act as a directory.
    pub dir: bool,
    /// Committed named files.
    pub files: Arc<Mutex<BTreeMap<String, Vec<u8>>>>,
}

impl Output for MemoryOutput {
    fn is_dir(&self) -> bool {
        self.dir
    }

    fn stream(&mut self) -> Result<&mut dyn io::Write, WriteError> {
        Ok(&mut self.stream)
    }

    fn create(&mut self, name: &str) -> Result<Box<dyn OutputFile>, WriteError> {
        Ok(Box::new(MemoryFile {
            name: name.to_owned(),
            data: Vec::new(),
            files: Arc::clone(&self.files),
        }))
    }
}

struct MemoryFile {
    name: String,
    data: Vec<u8>,
    files: Arc<Mutex<BTreeMap<String, Vec<u8>>>>,
}

impl io::Write for MemoryFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.data.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl OutputFile for MemoryFile {
    fn commit(self: Box<Self>) -> Result<(), WriteError> {
        let mut files = self
            .files
            .lock()
            .map_err(|_| WriteError::new("memory output poisoned"))?;
        files.insert(self.name, self.data);
        Ok(())
    }
}
