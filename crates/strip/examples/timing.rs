use copydesk_core::Configure;
use copydesk_strip::{Strip, StripOptions};
fn main() {
    let path = std::env::args().nth(1);
    let page = match path {
        Some(p) => std::fs::read_to_string(p).unwrap(),
        None => include_str!("../../../tests/fixtures/pages/wire-talks.txt").to_string(),
    };
    let s = Strip::configure(StripOptions::default()).unwrap();
    let n = 20_000_000 / page.len().max(1);
    let t = std::time::Instant::now();
    for _ in 0..n {
        std::hint::black_box(s.extract(std::hint::black_box(&page)));
    }
    let e = t.elapsed().as_secs_f64();
    println!("extract {:.1} MB/s", (page.len() * n) as f64 / e / 1e6);
}
