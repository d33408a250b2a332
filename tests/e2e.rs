//! End-to-end tests of the real `copydesk` binary (and, for the third-party stage, of the
//! driver library linked with a plugin crate only this test links).
//!
//! Inputs are generated here or are the project's own fixtures under `tests/fixtures/`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use copydesk::config;
use copydesk::input::{Glob, InputFormat, Inputs};
use copydesk::output::{DriverOutput, Protected};
use copydesk::run::{self, Settings, Sink};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
}

#[allow(dead_code)] // used by the tests that need every stage
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("copydesk runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn jsonl(text: &str) -> Vec<serde_json::Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

fn write(dir: &Path, name: &str, contents: &[u8]) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, contents).unwrap();
    path
}

/// A pipeline without stages: input decoding, ordering and writing only.
const WRITER_ONLY: &str = "[[stage]]\ntype = \"jsonl\"\n";

fn writer_only(dir: &Path) -> String {
    write(dir, "writer-only.toml", WRITER_ONLY.as_bytes())
        .display()
        .to_string()
}

/// A news-like generated document; `n` varies its content and length.
/// Whether this build has every stage, so the default pipeline runs.
fn every_stage() -> bool {
    cfg!(all(
        feature = "strip",
        feature = "tokenize",
        feature = "quotes",
        feature = "entities"
    ))
}

fn generated(n: usize) -> String {
    let names = ["Ann Lee", "Omar Haddad", "Petra Novak", "Li Wei"];
    let places = ["Lisbon", "Nairobi", "Osaka", "Quito"];
    let mut s = format!(
        "Council Votes on Budget {n}\n\n{} (AP) — The council met on Jan. {} to debate the U.S. plan.\n\n",
        places[n % 4].to_uppercase(),
        n % 28 + 1
    );
    for i in 0..(n % 7 + 1) {
        s.push_str(&format!(
            "“We don’t expect a deal before {}:30,” {} said. Officials said {} people attended.\n\n",
            i + 9,
            names[(n + i) % 4],
            1000 + n * 7 + i
        ));
    }
    s
}

#[test]
fn stages_lists_every_stage_and_writer_with_options() {
    let o = run(&["stages"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    for name in copydesk_core::stages()
        .iter()
        .map(|s| s.name)
        .chain(copydesk_core::writers().iter().map(|w| w.name))
    {
        if name == "count_words" {
            // Linked into this test only, not into the binary.
            assert!(!out.contains("count_words"));
            continue;
        }
        assert!(
            out.contains(&format!("  {name}  ")),
            "{name} missing:\n{out}"
        );
    }
    assert!(out.contains("omit_body (boolean, default false)"), "{out}");
}

/// `copydesk train entities` is reproducible and its model is usable from a pipeline.
#[test]
#[cfg(all(feature = "tokenize", feature = "entities"))]
fn train_entities_reproducibly_and_use_the_model() {
    let dir = tempfile::tempdir().unwrap();
    let mut conll = String::new();
    for (first, last, place, org) in [
        ("Ann", "Lee", "Oslo", "EU"),
        ("Omar", "Haddad", "Lima", "NATO"),
        ("Petra", "Novak", "Quito", "UNICEF"),
    ] {
        conll.push_str(&format!(
            "-DOCSTART- -X- O O\n\n{first} NNP I-NP I-PER\n{last} NNP I-NP I-PER\nvisited VBD I-VP O\n\
             {place} NNP I-NP I-LOC\n. . O O\n\n{last} NNP I-NP I-PER\nmet VBD I-VP O\n\
             {org} NNP I-NP I-ORG\nofficials NNS I-NP O\n. . O O\n\n"
        ));
    }
    let data = write(dir.path(), "tiny.conll", conll.as_bytes());
    let data = data.to_str().unwrap();
    let mut models = Vec::new();
    for name in ["a.model", "b.model"] {
        let out = dir.path().join(name);
        let o = run(&[
            "train",
            "entities",
            "--train",
            data,
            "--dev",
            data,
            "--out",
            out.to_str().unwrap(),
            "--epochs",
            "4",
            "--hash-bits",
            "14",
            "--seed",
            "7",
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(stderr(&o).contains("epoch  4:"), "{}", stderr(&o));
        models.push(fs::read(&out).unwrap());
    }
    assert_eq!(models[0], models[1], "same data and seed, same bytes");
    let model = dir.path().join("a.model");
    let cfg = write(
        dir.path(),
        "p.toml",
        format!(
            "[[stage]]\ntype = \"tokenize\"\n[[stage]]\ntype = \"tag_entities\"\n\
             [stage.options]\nmodel = \"{}\"\n",
            model.display()
        )
        .as_bytes(),
    );
    let page = write(dir.path(), "p.txt", b"Ann Lee visited Oslo .");
    let o = run(&[
        "run",
        "-q",
        "-c",
        cfg.to_str().unwrap(),
        page.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(jsonl(&stdout(&o))[0]["entities"].is_array());
    // A missing file is a clear error.
    let o = run(&[
        "train",
        "entities",
        "--train",
        "/no/such.conll",
        "--out",
        "/tmp/x.model",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("/no/such.conll"), "{}", stderr(&o));
}

/// A forgotten `use copydesk_x as _;` in the driver silently drops a stage: this snapshot of
/// the registered names catches it.
#[test]
#[cfg(all(
    feature = "strip",
    feature = "tokenize",
    feature = "quotes",
    feature = "entities"
))]
fn registered_names_snapshot() {
    let mut names: Vec<String> = copydesk_core::stages()
        .iter()
        .map(|s| format!("stage {}", s.name))
        .chain(
            copydesk_core::writers()
                .iter()
                .map(|w| format!("writer {}", w.name)),
        )
        .filter(|n| n != "stage count_words")
        .collect();
    names.sort();
    let expected = fs::read_to_string(root().join("tests/data/registered.txt")).unwrap();
    let expected: Vec<&str> = expected.lines().filter(|l| !l.is_empty()).collect();
    assert_eq!(names, expected);
    assert!(copydesk::duplicate_registrations().is_empty());
}

#[test]
#[cfg(all(feature = "tokenize", feature = "entities"))]
fn check_reports_every_error_with_positions() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "broken.toml",
        br#"[[stage]]
type = "tag_entities"
[stage.options]
no_such_option = 1

[[stage]]
type = "tokenise"

[[stage]]
type = "jsonl"
[stage.options]
omit_body = "yes"
"#,
    );
    let o = run(&["check", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    let f = file.display().to_string();
    for expected in [
        "2:8: stage #1 'tag_entities': 'tag_entities' requires the tokens layer, which no earlier stage provides; add a stage before it: tokenize",
        "2:8: stage #1 'tag_entities': 'tag_entities' requires the sentences layer",
        "4:1: stage #1 'tag_entities': unknown option 'no_such_option', expected one of: model, gazetteer, labels",
        "7:8: stage #2 'tokenise': unknown stage 'tokenise', did you mean 'tokenize'?",
        "12:13: stage #3 'jsonl': `omit_body` must be true or false, not the string \"yes\"",
    ] {
        assert!(
            err.contains(&format!("{f}:{expected}")),
            "{expected}\n{err}"
        );
    }
    assert!(err.contains("5 errors in the pipeline"), "{err}");
}

/// A misspelt stage is judged as the stage it was meant to be: the stages after it get no
/// "no earlier stage provides" errors that fixing the typo would remove.
#[test]
#[cfg(all(feature = "tokenize", feature = "entities"))]
fn a_misspelt_stage_does_not_cascade() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "typo.toml",
        b"[[stage]]\ntype = \"tokenise\"\n\n[[stage]]\ntype = \"tag_entities\"\n",
    );
    let o = run(&["check", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("did you mean 'tokenize'?"), "{err}");
    assert!(!err.contains("requires"), "{err}");
    assert!(err.contains("1 error in the pipeline"), "{err}");
}

#[test]
#[cfg(all(
    feature = "strip",
    feature = "tokenize",
    feature = "quotes",
    feature = "entities"
))]
fn check_accepts_every_example_pipeline() {
    for entry in fs::read_dir(root().join("config")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let o = run(&["check", path.to_str().unwrap()]);
            assert!(o.status.success(), "{}: {}", path.display(), stderr(&o));
        }
    }
}

#[test]
fn print_config_shows_resolved_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = writer_only(dir.path());
    let o = run(&["run", "--config", &cfg, "--print-config"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let printed: toml::Table = toml::from_str(&stdout(&o)).unwrap();
    assert_eq!(printed["stage"][0]["type"].as_str(), Some("jsonl"));
    assert_eq!(
        printed["stage"][0]["options"]["omit_body"].as_bool(),
        Some(false)
    );
    // The resolved pipeline is itself a valid pipeline.
    let again = write(dir.path(), "again.toml", &o.stdout);
    assert!(run(&["check", again.to_str().unwrap()]).status.success());
}

#[test]
fn jobs_do_not_change_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    fs::create_dir(&docs).unwrap();
    for n in 0..2000 {
        write(&docs, &format!("doc{n:05}.txt"), generated(n).as_bytes());
    }
    // The default pipeline when every stage is built in, else what the build has.
    let every_stage = every_stage();
    let cfg = if every_stage {
        root().join("config/default.toml").display().to_string()
    } else if cfg!(feature = "tokenize") {
        write(
            dir.path(),
            "tok.toml",
            b"[[stage]]\ntype = \"tokenize\"\n[[stage]]\ntype = \"jsonl\"\n",
        )
        .display()
        .to_string()
    } else {
        writer_only(dir.path())
    };
    let docs = docs.to_str().unwrap();
    let one = run(&["run", "-q", "--config", &cfg, "--jobs", "1", docs]);
    let two = run(&["run", "-q", "--config", &cfg, "--jobs", "2", docs]);
    assert!(
        one.status.success() && two.status.success(),
        "{}",
        stderr(&two)
    );
    assert_eq!(one.stdout, two.stdout);
    let lines = jsonl(&stdout(&one));
    assert_eq!(lines.len(), 2000);
    assert_eq!(lines[0]["id"], "doc00000");
    assert_eq!(lines[1999]["id"], "doc01999");
    if every_stage {
        assert_eq!(lines[0]["quotes"][0]["speaker"], "Ann Lee");
        assert!(
            lines[0]["entities"]
                .as_array()
                .is_some_and(|e| !e.is_empty())
        );
    }
}

#[test]
fn a_bad_file_fails_alone() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    fs::create_dir(&docs).unwrap();
    write(&docs, "a-good.txt", "Plain news text.\n".as_bytes());
    write(&docs, "b-cp1252.txt", b"The caf\xe9 said \x93no\x94.\n");
    write(&docs, "c-empty.txt", b"");
    write(&docs, "d-binary.txt", b"\x7fELF\0\0\x01");
    write(&docs, "e-bom.txt", b"\xEF\xBB\xBFWith a BOM.\n");
    let cfg = writer_only(dir.path());
    let o = run(&["run", "--config", &cfg, docs.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("d-binary.txt: binary file"), "{err}");
    assert!(err.contains("5 documents, 1 failed"), "{err}");
    let lines = jsonl(&stdout(&o));
    let ids: Vec<_> = lines.iter().map(|l| l["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["a-good", "b-cp1252", "c-empty", "d-binary", "e-bom"]);
    assert_eq!(lines[1]["body"], "The café said “no”.\n");
    assert!(
        lines[1]["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .contains("Windows-1252")
    );
    assert_eq!(lines[2]["diagnostics"][0]["message"], "empty input");
    assert!(lines[3]["error"].as_str().unwrap().contains("binary"));
    assert_eq!(lines[4]["body"], "With a BOM.\n");
}

#[test]
fn size_limit_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let big = write(dir.path(), "big.txt", &[b'a'; 100]);
    let small = write(dir.path(), "small.txt", b"ok");
    let cfg = writer_only(dir.path());
    let o = run(&[
        "run",
        "--config",
        &cfg,
        "--max-bytes",
        "50",
        big.to_str().unwrap(),
        small.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("big.txt: input is 100 bytes, over the limit of 50 bytes"));
    assert_eq!(jsonl(&stdout(&o))[1]["body"], "ok");
}

#[test]
fn output_never_overwrites_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "page.txt", b"text");
    let cfg = writer_only(dir.path());
    let o = run(&[
        "run",
        "--config",
        &cfg,
        "--output",
        input.to_str().unwrap(),
        input.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("it is one of the inputs"),
        "{}",
        stderr(&o)
    );
    assert_eq!(fs::read(&input).unwrap(), b"text");
}

#[test]
fn json_into_a_directory_writes_one_file_per_document() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "one.txt", b"first");
    write(dir.path(), "two.txt", b"second");
    let out = dir.path().join("out/");
    let cfg = writer_only(dir.path());
    let o = run(&[
        "run",
        "-q",
        "--config",
        &cfg,
        "--format",
        "json",
        "--glob",
        "*.txt",
        "--output",
        &format!("{}/", out.display()),
        dir.path().to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let one: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("one.json")).unwrap()).unwrap();
    assert_eq!(one["body"], "first");
    // No temporary files are left behind.
    assert_eq!(fs::read_dir(&out).unwrap().count(), 2);
}

#[test]
fn jsonl_stream_keeps_one_line_per_record() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = writer_only(dir.path());
    let mut child = bin()
        .args([
            "run",
            "-q",
            "--config",
            &cfg,
            "--input-format",
            "jsonl",
            "-",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let input = "{\"id\": \"a\", \"text\": \"one\", \"url\": \"http://x\"}\nnot json\n{\"id\": 3}\n{\"id\": \"d\", \"text\": \"four\"}\n";
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(input.as_bytes()).unwrap();
    }
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let lines = jsonl(&stdout(&o));
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["meta"]["url"], "http://x");
    assert!(lines[1]["error"].as_str().unwrap().contains("invalid JSON"));
    assert_eq!(lines[2]["id"], "3");
    assert!(lines[2]["error"].as_str().unwrap().contains("no `text`"));
    assert_eq!(lines[3]["body"], "four");
}

/// `COPYDESK_STAGE_TIMES=1` adds a line with the CPU seconds of each step (what
/// `scripts/bench-pipeline.sh` reads); without it the output is unchanged.
#[test]
fn stage_times_name_every_step() {
    let dir = tempfile::tempdir().unwrap();
    let (source, expected) = if cfg!(feature = "tokenize") {
        (
            "[[stage]]\ntype = \"tokenize\"\nname = \"words\"\n\n[[stage]]\ntype = \"jsonl\"\n",
            &["read", "words", "write"][..],
        )
    } else {
        (WRITER_ONLY, &["read", "write"][..])
    };
    let cfg = write(dir.path(), "words.toml", source.as_bytes());
    let input = write(
        dir.path(),
        "in.jsonl",
        b"{\"text\": \"a b c\"}\n{\"text\": \"d\"}\n",
    );
    let args = [
        "run",
        "--jobs",
        "2",
        "--input-format",
        "jsonl",
        "--config",
        cfg.to_str().unwrap(),
        input.to_str().unwrap(),
    ];
    let plain = run(&args);
    let timed = bin()
        .args(args)
        .env("COPYDESK_STAGE_TIMES", "1")
        .output()
        .unwrap();
    assert!(timed.status.success(), "{}", stderr(&timed));
    assert_eq!(stdout(&plain), stdout(&timed));
    assert!(
        !stderr(&plain).contains("CPU s per step"),
        "{}",
        stderr(&plain)
    );
    if cfg!(target_os = "linux") {
        let line = stderr(&timed)
            .lines()
            .find(|l| l.starts_with("copydesk: CPU s per step: "))
            .map(str::to_owned)
            .unwrap_or_else(|| panic!("no step times in {}", stderr(&timed)));
        let steps: Vec<&str> = line["copydesk: CPU s per step: ".len()..]
            .split(", ")
            .map(|s| s.split(' ').next().unwrap())
            .collect();
        assert_eq!(steps, expected, "{line}");
    }
}

/// Peak RSS does not grow with the number of documents: the runner keeps a bounded number in
/// flight and writers stream.
#[test]
fn memory_stays_flat_with_more_documents() {
    if !Path::new("/proc/self/status").exists() {
        eprintln!("skipped: no /proc to read peak RSS from");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    fs::create_dir(&docs).unwrap();
    // The default pipeline (`--jobs 2`) when every stage is built in; its baseline is the
    // entity model, so the bar is the 10 % the foundation issue asks for. A writer-only run has
    // a baseline of a few MB, where 1 MB of allocator noise is already 10 %.
    let (cfg, slack) = if every_stage() {
        (
            root().join("config/default.toml").display().to_string(),
            0.0,
        )
    } else {
        (writer_only(dir.path()), 1.0)
    };
    let mut peaks = Vec::new();
    for (count, from) in [(2_000, 0), (20_000, 2_000)] {
        for n in from..count {
            write(&docs, &format!("d{n:06}.txt"), generated(n).as_bytes());
        }
        let o = run(&[
            "run",
            "--jobs",
            "2",
            "--config",
            &cfg,
            "--output",
            dir.path().join("out.jsonl").to_str().unwrap(),
            docs.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        let err = stderr(&o);
        assert!(
            err.contains(&format!("{count} documents, 0 failed")),
            "{err}"
        );
        let mb: f64 = err
            .rsplit("peak RSS ")
            .next()
            .and_then(|s| s.split_whitespace().next())
            .and_then(|s| s.parse().ok())
            .expect("summary gives peak RSS");
        peaks.push(mb);
    }
    eprintln!(
        "peak RSS: 2,000 docs {} MB, 20,000 docs {} MB",
        peaks[0], peaks[1]
    );
    // What grows with the number of documents by design: the sorted listing of the folder and
    // the table of ids (README: about 200 bytes a document together), 18,000 documents here.
    let per_document = 18_000.0 * 200.0 / 1e6;
    assert!(
        peaks[1] <= peaks[0] * 1.10 + slack + per_document,
        "peak RSS grew from {} MB to {} MB",
        peaks[0],
        peaks[1]
    );
}

/// A stage registered by a crate the driver does not know (only this test links it) runs when
/// a pipeline names it.
#[test]
fn third_party_stage_runs_when_named_in_toml() {
    use copydesk_test_plugin as _;
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "story.txt", b"four words in here");
    let out = dir.path().join("out.jsonl");
    let source = "[[stage]]\ntype = \"count_words\"\n[stage.options]\nkey = \"words\"\n\n[[stage]]\ntype = \"jsonl\"\n";
    let pipeline = config::load("plugin.toml", source, None).unwrap();
    assert_eq!(pipeline.stages[0].kind.name, "count_words");
    let args = vec![input.display().to_string()];
    let glob = Glob::new("*.txt");
    let protected = Protected::new(&args, &glob);
    let sinks = pipeline
        .writers
        .into_iter()
        .map(|w| Sink {
            writer: w.writer,
            output: DriverOutput::open(Some(out.to_str().unwrap()), protected.clone()).unwrap(),
        })
        .collect();
    let settings = Settings {
        jobs: 2,
        max_bytes: 1 << 20,
        progress: false,
        total: None,
    };
    let inputs = Inputs::new(args, glob, InputFormat::Text, 1 << 20);
    let summary = run::run(
        std::sync::Arc::new(pipeline.stages),
        sinks,
        inputs,
        &settings,
        |_| {},
    )
    .unwrap();
    assert_eq!((summary.documents, summary.failed), (1, 0));
    let line = jsonl(&fs::read_to_string(&out).unwrap());
    assert_eq!(line[0]["meta"]["words"], 4);
    // A bad option of the plugin is reported like any other.
    let err = config::load(
        "plugin.toml",
        "[[stage]]\ntype = \"count_words\"\n[stage.options]\nkey = \"\"\n",
        None,
    )
    .unwrap_err();
    assert!(err.to_string().contains("`key` must not be empty"), "{err}");
}

/// Test modules that run the default pipeline, so they need every stage crate.
macro_rules! with_every_stage {
    ($($file:literal => $name:ident),* $(,)?) => {$(
        #[cfg(all(
            feature = "strip",
            feature = "tokenize",
            feature = "quotes",
            feature = "entities"
        ))]
        #[path = $file]
        mod $name;
    )*};
}

with_every_stage!(
    "e2e_hostile.rs" => e2e_hostile,
    "e2e_props.rs" => e2e_props,
    "e2e_writers.rs" => e2e_writers,
    "e2e_seed.rs" => e2e_seed,
    "e2e_safety.rs" => e2e_safety,
    "e2e_first_hour.rs" => e2e_first_hour,
    "e2e_readme.rs" => e2e_readme,
    "e2e_html.rs" => e2e_html,
);
