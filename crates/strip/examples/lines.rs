//! Prints each line of a page with its article probability (for debugging the model).
//!
//! ```text
//! cargo run --release -p copydesk-strip --example lines -- PAGE.txt
//! ```

use copydesk_core::Configure;
use copydesk_strip::{Strip, StripOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: lines PAGE.txt")?;
    let page = std::fs::read_to_string(path)?;
    let strip = Strip::configure(StripOptions::default())?;
    let kept = strip.extract(&page).body;
    for (start, end, p) in strip.line_probabilities(&page) {
        let text = page.get(start..end).unwrap_or("");
        let mark = if kept.contains(text) { '*' } else { ' ' };
        let short: String = text.chars().take(100).collect();
        println!("{p:.3} {mark} {short}");
    }
    Ok(())
}
