//! Arbitrary bytes as a JSONL stream: every record becomes a document or an error naming its
//! line, never a panic; records over the limit fail; every line number is in order.
#![no_main]

use copydesk::input::{Inputs, Job};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // A small limit so overlong records are exercised too.
    let max = 256;
    let reader = Box::new(std::io::Cursor::new(data.to_vec()));
    let mut last = 0;
    for job in Inputs::jsonl_stream("fuzz", reader, max) {
        if let Job::Record { line, ref bytes, .. } = job {
            assert!(line > last, "line numbers go up");
            assert!(bytes.len() as u64 <= max, "a record over the limit was accepted");
            last = line;
        }
        if let Ok(doc) = job.load(max) {
            let json = serde_json::to_string(&doc).unwrap();
            let _: serde_json::Value = serde_json::from_str(&json).unwrap();
        }
    }
});
