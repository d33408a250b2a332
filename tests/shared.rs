//! Build script of the crates whose tests read the project's shared data (`../shared`, beside
//! the checkout): strip, tokenize, entities, quotes and the driver.
//!
//! It tells those tests where the data is (`env!("COPYDESK_SHARED_DIR")`) and sets
//! `cfg(no_shared)` when it is missing, so that they are reported as *ignored* by
//! `cargo test` instead of passing without having checked anything. `COPYDESK_SHARED=DIR`
//! points at another folder (relative to the checkout); `COPYDESK_SHARED=/nonexistent`
//! shows what a fresh clone without the data does.

use std::path::PathBuf;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(no_shared)");
    println!("cargo::rerun-if-env-changed=COPYDESK_SHARED");
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    // Every crate that uses this script sits at `crates/NAME`.
    let checkout = manifest.join("../..");
    let dir = match std::env::var_os("COPYDESK_SHARED") {
        Some(dir) => checkout.join(dir),
        None => checkout.join("../shared"),
    };
    // One file stands for the folder. While it is there, watching it reruns this script when it
    // goes away. While it is missing nothing is watched (cargo would treat a missing file as
    // changed and rebuild these crates on every command): after adding `../shared` to a
    // checkout that was built without it, `touch tests/shared.rs` rechecks.
    let marker = dir.join("gold/seed-000.gold.json");
    println!("cargo::rustc-env=COPYDESK_SHARED_DIR={}", dir.display());
    if marker.is_file() {
        println!("cargo::rerun-if-changed={}", marker.display());
    } else {
        println!(
            "cargo::rerun-if-changed={}",
            checkout.join("tests/shared.rs").display()
        );
        println!("cargo::rustc-cfg=no_shared");
    }
}
