//! The page the project started from, through the default pipeline of the real binary: what a
//! perfect run yields (`../shared/gold/seed-000.gold.json`) is what copydesk must give. The seed
//! and its gold are read from `../shared`, never copied into the repository.

use std::path::Path;
use std::process::Command;

fn shared() -> &'static Path {
    Path::new(env!("COPYDESK_SHARED_DIR"))
}

fn norm(s: &str) -> String {
    s.trim_matches(|c: char| c.is_whitespace() || "\"“”‘’',.".contains(c))
        .to_owned()
}

#[test]
#[cfg_attr(no_shared, ignore = "needs ../shared")]
fn seed_page_through_the_default_pipeline() {
    let shared = shared();
    let gold: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(shared.join("gold/seed-000.gold.json")).unwrap(),
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["run", "--quiet"])
        .arg(shared.join("seeds/000_12c0310f216231ed.txt"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();

    // Boilerplate: the body and the metadata exactly.
    assert_eq!(doc["body"], gold["body"]);
    for key in [
        "title",
        "date",
        "authors",
        "publisher",
        "dateline",
        "captions",
        "contributors_line",
    ] {
        assert_eq!(doc["meta"][key], gold["meta"][key], "meta.{key}");
    }

    // Quotes: every gold quote with its speaker and kind; nothing that is not a quote.
    let quotes = doc["quotes"].as_array().unwrap();
    // A quote covers a gold quote when its content (or one of its fragments, for a quote the
    // cue interrupts) contains the gold text: partial quotes carry the whole reported clause,
    // as PolNeAR annotates them.
    let body: Vec<char> = doc["body"].as_str().unwrap().chars().collect();
    let piece = |s: &serde_json::Value| {
        let (a, b) = (
            s[0].as_u64().unwrap() as usize,
            s[1].as_u64().unwrap() as usize,
        );
        body[a..b].iter().collect::<String>()
    };
    let found = |text: &str| {
        let g = norm(text);
        quotes.iter().find(|q| {
            let mut pieces = vec![q["text"].as_str().unwrap().to_owned()];
            pieces.extend(q["spans"].as_array().into_iter().flatten().map(piece));
            pieces.iter().any(|p| norm(p).contains(&g))
        })
    };
    let mut direct_ok = 0;
    for g in gold["quotes"].as_array().unwrap() {
        let text = g["text"].as_str().unwrap();
        if let Some(q) = found(text)
            && q["speaker"] == g["speaker"]
            && q["kind"] == g["kind"]
        {
            direct_ok += 1;
        } else {
            eprintln!("missed: {text:?} ({})", g["speaker"]);
        }
    }
    assert_eq!(direct_ok, 10, "all 10 quotes with speaker and kind");
    for not in gold["not_quotes"].as_array().unwrap() {
        let not = norm(not.as_str().unwrap());
        assert!(
            quotes
                .iter()
                .all(|q| norm(q["text"].as_str().unwrap()) != not),
            "{not:?} is not a quote"
        );
    }
    let indirect_ok = gold["indirect"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| {
            found(g["text"].as_str().unwrap()).is_some_and(|q| {
                q["speaker"] == g["speaker"]
                    || g["speaker"].as_str().is_some_and(|s| {
                        q["speaker"]
                            .as_str()
                            .is_some_and(|p| p.ends_with(s.rsplit(' ').next().unwrap_or(s)))
                    })
            })
        })
        .count();
    assert!(indirect_ok >= 6, "reported speech: {indirect_ok}/7");

    // Entities: F1 over (text, label) pairs with counts, and every surname linked.
    let mut gold_pairs: Vec<(String, String)> = gold["entities_in_body"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["text"].as_str().unwrap().to_owned(),
                e["label"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let entities = doc["entities"].as_array().unwrap();
    let predicted = entities.len();
    let mut correct = 0;
    for e in entities {
        let pair = (
            e["text"].as_str().unwrap().to_owned(),
            e["label"].as_str().unwrap().to_owned(),
        );
        if let Some(i) = gold_pairs.iter().position(|g| *g == pair) {
            gold_pairs.swap_remove(i);
            correct += 1;
        }
    }
    let gold_total = gold["entities_in_body"].as_array().unwrap().len();
    let f1 = 2.0 * correct as f64 / (predicted + gold_total) as f64;
    assert!(f1 >= 0.90, "entity F1 {f1:.3}");
    for (short, full) in gold["canonical_people"].as_object().unwrap() {
        let linked = entities
            .iter()
            .filter(|e| e["text"] == short.as_str())
            .all(|e| e["canonical"] == *full);
        assert!(linked, "{short} → {full}");
    }
}
