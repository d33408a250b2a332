//! Trains the entity model: `cargo run --release -p copydesk-entities --example train_entities --
//! TRAIN.txt DEV.txt OUT.cdner [--seed N] [--epochs N] [--bits N] [--ensemble N] [--no-gazetteer]
//! [--also FILE] [--also-no-misc FILE] [--lowercase] [--check MODEL]`; `DEV.txt` `-`: no
//! development data (the last epoch is kept).
//!
//! `train_entities TRAIN --cv K [options]` cross-validates instead: K folds over the training
//! documents (TRAIN and the `--also` files), the mean F1 of each epoch over the folds.

use std::process::ExitCode;
use std::time::Instant;

use copydesk_entities::{TrainOptions, cross_validate, train};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut pos = Vec::new();
    let mut seed = 1;
    let mut epochs = 12;
    let mut bits = 20;
    let mut gazetteer = true;
    let mut check: Option<String> = None;
    let mut two_pass = true;
    let mut ensemble = 1;
    let mut jackknife = 4;
    let mut hyphens = true;
    let mut extra = Vec::new();
    let mut lowercase = false;
    let mut cv = 0;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut num = |name: &str| -> Option<u64> {
            let v = it.next().and_then(|v| v.parse().ok());
            if v.is_none() {
                eprintln!("{name} needs a number");
            }
            v
        };
        match a.as_str() {
            "--seed" => match num("--seed") {
                Some(v) => seed = v,
                None => return ExitCode::FAILURE,
            },
            "--epochs" => match num("--epochs") {
                Some(v) => epochs = v as usize,
                None => return ExitCode::FAILURE,
            },
            "--bits" => match num("--bits") {
                Some(v) => bits = v as u32,
                None => return ExitCode::FAILURE,
            },
            "--ensemble" => match num("--ensemble") {
                Some(v) => ensemble = v as usize,
                None => return ExitCode::FAILURE,
            },
            "--check" => check = it.next().cloned(),
            "--jackknife" => match num("--jackknife") {
                Some(v) => jackknife = v as usize,
                None => return ExitCode::FAILURE,
            },
            "--cv" => match num("--cv") {
                Some(v) => cv = v as usize,
                None => return ExitCode::FAILURE,
            },
            "--also" | "--also-no-misc" => match it.next() {
                Some(p) => extra.push((p.into(), a == "--also")),
                None => {
                    eprintln!("{a} needs a file");
                    return ExitCode::FAILURE;
                }
            },
            "--lowercase" => lowercase = true,
            "--no-gazetteer" => gazetteer = false,
            "--one-pass" => two_pass = false,
            "--no-hyphen-variants" => hyphens = false,
            _ => pos.push(a.clone()),
        }
    }
    let usage = "usage: train_entities TRAIN DEV|- OUT [--seed N] [--epochs N] [--bits N] [--ensemble N] [--no-gazetteer] [--one-pass] [--no-hyphen-variants] [--also FILE] [--also-no-misc FILE] [--lowercase] [--check MODEL]\n       train_entities TRAIN --cv K [options]";
    let (train_path, dev_path, out) = match pos.as_slice() {
        [t] if cv >= 2 => (t, None, None),
        [t, d, o] if cv == 0 => (t, (d != "-").then_some(d), Some(o)),
        _ => {
            eprintln!("{usage}");
            return ExitCode::FAILURE;
        }
    };
    let mut options = TrainOptions::new(train_path);
    options.dev = dev_path.map(Into::into);
    options.extra = extra;
    options.lowercase = lowercase;
    options.seed = seed;
    options.epochs = epochs;
    options.hash_bits = bits;
    options.gazetteer = gazetteer;
    options.two_pass = two_pass;
    options.ensemble = ensemble;
    options.jackknife = jackknife;
    options.hyphen_variants = hyphens;
    let start = Instant::now();
    let Some(out) = out else {
        let result = cross_validate(&options, cv, &mut |fold, r| {
            eprintln!("fold {fold}: {r} ({:.1} s)", start.elapsed().as_secs_f64());
        });
        return match result {
            Ok(means) => {
                for (e, f1) in means.iter().enumerate() {
                    println!("epoch {:2}: mean F1 over {cv} folds {f1:.2}", e + 1);
                }
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("cross-validation failed: {e}");
                ExitCode::FAILURE
            }
        };
    };
    let result = train(&options, &mut |r| {
        eprintln!("{r} ({:.1} s)", start.elapsed().as_secs_f64());
    });
    match result {
        Ok((model, report)) => {
            if let Err(e) = model.save(out) {
                eprintln!("{e}");
                return ExitCode::FAILURE;
            }
            let size = std::fs::metadata(out).map(|m| m.len()).unwrap_or(0);
            eprintln!(
                "kept epoch {}; wrote {out} ({:.1} MB) in {:.1} s: {}",
                report.best_epoch,
                size as f64 / 1e6,
                start.elapsed().as_secs_f64(),
                model.description()
            );
            if let Some(committed) = check {
                let same = std::fs::read(&committed).ok() == Some(model.to_bytes());
                eprintln!(
                    "{} {committed}",
                    if same {
                        "byte-identical to"
                    } else {
                        "DIFFERS from"
                    }
                );
                if !same {
                    return ExitCode::FAILURE;
                }
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("training failed: {e}");
            ExitCode::FAILURE
        }
    }
}
