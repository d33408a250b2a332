//! Single-threaded throughput of `strip_boilerplate` on one page file (CPU time is best read
//! with `perf stat -e task-clock`):
//!
//! ```text
//! cargo run --release -p copydesk-strip --example throughput -- tests/fixtures/pages/wire-talks.txt
//! ```

use copydesk_core::Configure;
use copydesk_strip::{Strip, StripOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: throughput PAGE.txt")?;
    let page = std::fs::read_to_string(path)?;
    let strip = Strip::configure(StripOptions::default())?;
    let rounds = (50_000_000 / page.len().max(1)).max(1);
    let start = std::time::Instant::now();
    for _ in 0..rounds {
        std::hint::black_box(strip.extract(std::hint::black_box(&page)));
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{} bytes x {rounds}: {:.1} MB/s",
        page.len(),
        (page.len() * rounds) as f64 / secs / 1e6
    );
    Ok(())
}
