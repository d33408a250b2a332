//! Raw bytes as an HTML page → charset decoding → parse, layout, body model, metadata → the
//! document the driver hands the pipeline → every stage of the default pipeline, checking the
//! document's invariants after each stage and that the JSON output parses.
#![no_main]

use std::sync::OnceLock;

use copydesk::config::{self, DEFAULT_PIPELINE, StageEntry};
use libfuzzer_sys::fuzz_target;

fn stages() -> &'static [StageEntry] {
    static STAGES: OnceLock<Vec<StageEntry>> = OnceLock::new();
    STAGES.get_or_init(|| {
        config::load("default.toml", DEFAULT_PIPELINE, None)
            .unwrap()
            .stages
    })
}

fuzz_target!(|data: &[u8]| {
    let mut doc = copydesk::html_input::page_document(
        "fuzz".into(),
        "fuzz".into(),
        data,
        None,
        serde_json::Map::new(),
    );
    doc.check_invariants().expect("the HTML input keeps the invariants");
    for entry in stages() {
        entry.stage.process(&mut doc).expect("no stage fails");
        if let Err(e) = doc.check_invariants() {
            panic!("after stage '{}': {e}", entry.name);
        }
    }
    let json = serde_json::to_string(&doc).unwrap();
    let _: serde_json::Value = serde_json::from_str(&json).unwrap();
});
