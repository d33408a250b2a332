//! Arbitrary pipeline files: the loader reports errors, never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(source) = std::str::from_utf8(data) {
        let _ = copydesk::config::load("fuzz.toml", source, None);
    }
});
