//! Every output example in README.md is what the program prints: each is a fenced block right
//! after a marker comment that says how to make it,
//!
//! ```text
//! <!-- example: run --format csv --output {tmp}/ tests/fixtures/pages/wire-talks.txt | file quotes.csv | head 2 -->
//! ```
//!
//! that is, the `copydesk` arguments (run from the checkout; `{tmp}` is a fresh folder), then
//! steps: `file NAME` (read `{tmp}/NAME` instead of stdout), `head N` (first lines), `prefix
//! TEXT` (lines starting with TEXT), `cut N` (lines longer than N characters cut between words
//! with ` …`) and `abbreviate` (a JSON document with arrays cut after two items and long
//! strings after 70 characters, pretty-printed).
//!
//! `UPDATE_README=1 cargo test -p copydesk --test e2e readme` rewrites the blocks from the
//! program's output; without it the test fails when a block has drifted.

use std::fs;

use serde_json::Value;

use super::{bin, root};

const MARK: &str = "<!-- example: ";

#[test]
fn readme_examples_are_the_programs_output() {
    let path = root().join("README.md");
    let readme = fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = readme.lines().collect();
    let mut out: Vec<String> = Vec::new();
    let mut drifted = Vec::new();
    let mut examples = 0;
    let mut i = 0;
    while i < lines.len() {
        out.push(lines[i].to_owned());
        let Some(recipe) = lines[i]
            .strip_prefix(MARK)
            .and_then(|l| l.strip_suffix(" -->"))
        else {
            i += 1;
            continue;
        };
        examples += 1;
        let fence = lines.get(i + 1).copied().unwrap_or_default();
        assert!(fence.starts_with("```"), "README line {}: no block after the marker", i + 1);
        let end = (i + 2..lines.len())
            .find(|&j| lines[j] == "```")
            .unwrap_or_else(|| panic!("README line {}: unclosed block", i + 2));
        let want = make(recipe);
        let have = lines[i + 2..end].join("\n");
        if have != want {
            drifted.push(format!("{recipe}\n--- README:\n{have}\n--- program:\n{want}\n"));
        }
        out.push(fence.to_owned());
        out.push(want);
        out.push("```".to_owned());
        i = end + 1;
    }
    assert!(examples >= 6, "only {examples} generated examples in README.md");
    if std::env::var_os("UPDATE_README").is_some() {
        let mut text = out.join("\n");
        text.push('\n');
        fs::write(&path, text).unwrap();
        return;
    }
    assert!(
        drifted.is_empty(),
        "README examples differ from the program's output (regenerate them with \
         `UPDATE_README=1 cargo test -p copydesk --test e2e readme`):\n{}",
        drifted.join("\n")
    );
}

/// Every pipeline example in README.md (a `toml` block) is one `copydesk check` accepts.
#[test]
fn readme_pipelines_pass_check() {
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let blocks: Vec<&str> = readme
        .split("```toml\n")
        .skip(1)
        .map(|b| b.split("```").next().unwrap())
        .collect();
    assert!(!blocks.is_empty(), "README.md has no pipeline example");
    for (n, block) in blocks.iter().enumerate() {
        let path = dir.path().join(format!("readme-{n}.toml"));
        fs::write(&path, block).unwrap();
        let o = bin().arg("check").arg(&path).output().unwrap();
        assert!(
            o.status.success(),
            "{block}\n{}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

/// Runs one recipe and returns the block it gives.
fn make(recipe: &str) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let tmp_path = tmp.path().display().to_string();
    let mut steps = recipe.split(" | ");
    let args: Vec<String> = steps
        .next()
        .unwrap()
        .split_whitespace()
        .map(|a| a.replace("{tmp}", &tmp_path))
        .collect();
    let o = bin().current_dir(root()).args(&args).output().unwrap();
    assert!(
        o.status.success(),
        "{recipe}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let mut text = String::from_utf8(o.stdout).unwrap();
    for step in steps {
        let (name, arg) = step.split_once(' ').unwrap_or((step, ""));
        text = match name {
            "file" => fs::read_to_string(tmp.path().join(arg)).unwrap(),
            "head" => keep(&text, |lines| lines.take(arg.parse().unwrap()).map(str::to_owned).collect()),
            "prefix" => keep(&text, |lines| lines.filter(|l| l.starts_with(arg)).map(str::to_owned).collect()),
            "cut" => {
                let max: usize = arg.parse().unwrap();
                keep(&text, |lines| lines.map(|l| cut(l, max)).collect())
            }
            "abbreviate" => {
                let doc: Value = serde_json::from_str(text.trim()).unwrap();
                render(&abbreviate(doc), 0)
            }
            _ => panic!("unknown step {step:?} in {recipe:?}"),
        };
    }
    text.trim_end().to_owned()
}

fn keep(text: &str, f: impl FnOnce(std::str::Lines<'_>) -> Vec<String>) -> String {
    f(text.lines()).join("\n")
}

/// At most `max` characters, cut between words, with ` …` when cut.
fn cut(line: &str, max: usize) -> String {
    if line.chars().count() <= max {
        return line.to_owned();
    }
    let end = line.char_indices().nth(max).map_or(line.len(), |(i, _)| i);
    let at = line[..end].rfind(' ').unwrap_or(end);
    format!("{} …", &line[..at])
}

/// Arrays after two items (`"… N more"`), strings after 70 characters (between words, `…`).
fn abbreviate(v: Value) -> Value {
    match v {
        Value::Array(items) if items.len() > 2 => {
            let more = items.len() - 2;
            let mut kept: Vec<Value> = items.into_iter().take(2).map(abbreviate).collect();
            kept.push(Value::String(format!("… {more} more")));
            Value::Array(kept)
        }
        Value::Array(items) => Value::Array(items.into_iter().map(abbreviate).collect()),
        Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (k, abbreviate(v))).collect()),
        Value::String(s) if s.chars().count() > 70 => {
            let c = cut(&s, 70);
            Value::String(format!("{}…", c.trim_end_matches(" …")))
        }
        v => v,
    }
}

/// JSON on one line when it fits in 100 columns, else one member per line.
fn render(v: &Value, indent: usize) -> String {
    let flat = compact(v);
    if indent + flat.chars().count() <= 100 {
        return flat;
    }
    let pad = " ".repeat(indent + 2);
    let (open, close, items): (char, char, Vec<String>) = match v {
        Value::Object(map) => (
            '{',
            '}',
            map.iter()
                .map(|(k, v)| format!("{pad}{}: {}", Value::String(k.clone()), render(v, indent + 2)))
                .collect(),
        ),
        Value::Array(items) => (
            '[',
            ']',
            items.iter().map(|v| format!("{pad}{}", render(v, indent + 2))).collect(),
        ),
        _ => return flat,
    };
    format!("{open}\n{}\n{}{close}", items.join(",\n"), " ".repeat(indent))
}

fn compact(v: &Value) -> String {
    match v {
        Value::Object(map) => {
            let items: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", Value::String(k.clone()), compact(v)))
                .collect();
            format!("{{{}}}", items.join(", "))
        }
        Value::Array(items) => {
            format!("[{}]", items.iter().map(compact).collect::<Vec<_>>().join(", "))
        }
        v => v.to_string(),
    }
}
