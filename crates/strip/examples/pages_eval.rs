//! Runs `strip_boilerplate` (built-in model, default options) over a folder of `*.page.txt`
//! files and writes `<id>.txt` bodies for `score_body.py`, plus `<id>.meta.json`.
//!
//! ```text
//! cargo run --release -p copydesk-strip --example pages_eval -- ../shared/data/pages/dev /tmp/pred
//! python3 ../shared/tools/score_body.py /tmp/pred ../shared/data/pages/dev
//! ```

use copydesk_core::Configure;
use copydesk_strip::{Strip, StripOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = args
        .first()
        .map_or("../shared/data/pages/dev", String::as_str);
    let out = args.get(1).map_or("/tmp/strip-pred", String::as_str);
    std::fs::create_dir_all(out)?;
    let strip = Strip::configure(StripOptions::default())?;
    let mut n = 0;
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let Some(id) = name.strip_suffix(".page.txt") else {
            continue;
        };
        let page = std::fs::read_to_string(&path)?;
        let found = strip.extract(&page);
        std::fs::write(format!("{out}/{id}.txt"), &found.body)?;
        std::fs::write(
            format!("{out}/{id}.meta.json"),
            serde_json::to_string_pretty(&found.meta)?,
        )?;
        n += 1;
    }
    eprintln!("wrote {n} predictions to {out}");
    Ok(())
}
