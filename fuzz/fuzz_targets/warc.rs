//! Raw bytes as a WARC stream: the reader must yield records or errors and end, never panic,
//! never loop, and never hold a record larger than its limit; each `response` record's HTTP
//! part is parsed as the driver does.
#![no_main]

use copydesk_html::warc::{WarcReader, parse_http};
use libfuzzer_sys::fuzz_target;

const MAX: u64 = 1 << 12;

fuzz_target!(|data: &[u8]| {
    let mut n = 0;
    for r in WarcReader::new(data, MAX) {
        n += 1;
        // Every record or error consumes input: at most one per byte (plus the last).
        assert!(n <= data.len() + 1, "the reader does not advance");
        if let Ok(rec) = r {
            assert!(rec.block.len() as u64 <= MAX);
            if let Ok(http) = parse_http(&rec.block, MAX) {
                assert!(http.body.len() as u64 <= MAX.max(rec.block.len() as u64));
                let _ = http.is_html();
            }
        }
    }
});
