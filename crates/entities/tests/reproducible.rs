//! Training twice with the same seed gives the same model bytes (on a tiny corpus written
//! for this test).

use copydesk_entities::{Model, TrainOptions, train};

/// Sentences invented for this test, tagged in IOB1 like CoNLL-2003.
const TRAIN: &str = "\
-DOCSTART- -X- O O

Maria X X I-PER
Lindqvist X X I-PER
visited X X O
Oslo X X I-LOC
on X X O
Friday X X O
. X X O

Lindqvist X X I-PER
met X X O
officials X X O
of X X O
the X X O
Nordic X X I-MISC
Council X X I-ORG
. X X O

-DOCSTART- -X- O O

Tomas X X I-PER
Berg X X I-PER
works X X O
for X X O
Acme X X I-ORG
Shipping X X I-ORG
in X X O
Bergen X X I-LOC
. X X O

Berg X X I-PER
said X X O
Norwegian X X I-MISC
ports X X O
were X X O
busy X X O
. X X O
";

const DEV: &str = "\
-DOCSTART- -X- O O

Ana X X I-PER
Berg X X I-PER
visited X X O
Bergen X X I-LOC
. X X O
";

fn train_once(dir: &std::path::Path, seed: u64) -> Vec<u8> {
    let mut options = TrainOptions::new(dir.join("train.txt"));
    options.dev = Some(dir.join("dev.txt"));
    options.seed = seed;
    options.epochs = 4;
    options.hash_bits = 12;
    let mut epochs = 0;
    let (model, report) = train(&options, &mut |r| {
        epochs += 1;
        assert!(r.dev.is_some());
        let line = r.to_string();
        assert!(
            line.starts_with(&format!("epoch {:2}: train accuracy", r.epoch)),
            "{line}"
        );
        assert!(line.contains(", dev P "), "{line}");
    })
    .unwrap();
    assert_eq!(epochs, 4);
    assert_eq!(report.epochs.len(), 4);
    assert_eq!(report.train_size, (2, 4, 31));
    assert!((1..=4).contains(&report.best_epoch));
    let bytes = model.to_bytes();
    let path = dir.join(format!("model-{seed}.cdner"));
    model.save(&path).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    assert_eq!(Model::load(&path).unwrap().to_bytes(), bytes);
    bytes
}

#[test]
fn same_seed_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("train.txt"), TRAIN).unwrap();
    std::fs::write(dir.path().join("dev.txt"), DEV).unwrap();
    let a = train_once(dir.path(), 7);
    let b = train_once(dir.path(), 7);
    assert_eq!(a, b);
    let c = train_once(dir.path(), 8);
    assert!(!c.is_empty());
}

#[test]
fn bad_data_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, "Maria\n").unwrap();
    let err = train(&TrainOptions::new(&bad), &mut |_| {}).unwrap_err();
    assert!(err.to_string().contains("bad.txt:1"), "{err}");
    let missing = train(&TrainOptions::new(dir.path().join("nope.txt")), &mut |_| {});
    assert!(missing.is_err());
    std::fs::write(&bad, "").unwrap();
    assert!(train(&TrainOptions::new(&bad), &mut |_| {}).is_err());
}
