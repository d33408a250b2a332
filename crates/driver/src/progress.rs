//! What a run shows on a terminal while it works: a bar with `n/total`, percent, documents/s,
//! MB/s and ETA when the number of documents is known up front (files, folders), a spinner with
//! the count and rates for streams (stdin, JSONL); and the wording helpers the summary shares.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

/// `1 document`, `2 documents`: a count with its noun, pluralised with `s`.
pub fn count(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// A rate with three significant figures at most and no more than two decimals:
/// `1234`, `412`, `41.2`, `4.12`, `0.41`, `0`.
pub fn rate(per_second: f64) -> String {
    let x = per_second.max(0.0);
    if x == 0.0 {
        "0".to_owned()
    } else if x >= 100.0 {
        format!("{x:.0}")
    } else if x >= 10.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.2}")
    }
}

/// Bytes per second in kB/s below one megabyte a second, else MB/s (powers of ten).
pub fn bytes_rate(bytes_per_second: f64) -> String {
    if bytes_per_second < 1e6 {
        format!("{} kB/s", rate(bytes_per_second / 1e3))
    } else {
        format!("{} MB/s", rate(bytes_per_second / 1e6))
    }
}

/// A duration for an ETA: `7s`, `4m 05s`, `2h 03m`.
pub fn duration(seconds: f64) -> String {
    let s = seconds.max(0.0).round() as u64;
    match s {
        0..60 => format!("{s}s"),
        60..3600 => format!("{}m {:02}s", s / 60, s % 60),
        _ => format!("{}h {:02}m", s / 3600, s % 3600 / 60),
    }
}

/// The progress display of one run (drawn on stderr, only when it is a terminal).
#[derive(Debug)]
pub struct Progress {
    bar: ProgressBar,
    total: Option<u64>,
    start: Instant,
}

impl Progress {
    /// A bar when `total` (documents) is known, else a spinner; `None` when not `wanted` or
    /// when stderr is not a terminal.
    pub fn new(wanted: bool, total: Option<u64>) -> Option<Progress> {
        if !wanted || !std::io::stderr().is_terminal() {
            return None;
        }
        let (bar, template) = match total {
            Some(n) => (
                ProgressBar::new(n),
                "[{bar:20}] {human_pos}/{human_len} ({percent}%)  {msg}",
            ),
            None => (ProgressBar::new_spinner(), "{spinner} {msg}  [{elapsed}]"),
        };
        let style = ProgressStyle::with_template(template)
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        bar.set_style(style);
        let progress = Progress {
            bar,
            total,
            start: Instant::now(),
        };
        progress.update(0, 0, 0);
        progress.bar.enable_steady_tick(Duration::from_millis(200));
        Some(progress)
    }

    /// `done` documents (of which `failed` failed) and `bytes` of input are through.
    pub fn update(&self, done: u64, bytes: u64, failed: u64) {
        let secs = self.start.elapsed().as_secs_f64().max(1e-3);
        let docs_per_s = done as f64 / secs;
        let mut msg = format!(
            "{} docs/s, {}",
            rate(docs_per_s),
            bytes_rate(bytes as f64 / secs)
        );
        if failed > 0 {
            msg.push_str(&format!(", {failed} failed"));
        }
        match self.total {
            Some(total) => {
                let eta = if done == 0 {
                    "…".to_owned()
                } else {
                    duration(total.saturating_sub(done) as f64 / docs_per_s)
                };
                msg.push_str(&format!(", ETA {eta}"));
            }
            None => msg.insert_str(0, &format!("{}, ", count(done, "document"))),
        }
        self.bar.set_position(done);
        self.bar.set_message(msg);
    }

    /// Removes the display (the summary line follows).
    pub fn finish(self) {
        self.bar.finish_and_clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wording() {
        assert_eq!(count(0, "document"), "0 documents");
        assert_eq!(count(1, "document"), "1 document");
        assert_eq!(count(2, "error"), "2 errors");
        assert_eq!(rate(109.052), "109");
        assert_eq!(rate(12.345), "12.3");
        assert_eq!(rate(1.0), "1.00");
        assert_eq!(rate(0.0), "0");
        assert_eq!(bytes_rate(1_100_000.0), "1.10 MB/s");
        assert_eq!(bytes_rate(250_000.0), "250 kB/s");
        assert_eq!(bytes_rate(52_300_000.0), "52.3 MB/s");
        assert_eq!(duration(7.4), "7s");
        assert_eq!(duration(245.0), "4m 05s");
        assert_eq!(duration(7380.0), "2h 03m");
    }
}
