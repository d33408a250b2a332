//! Safe to point at any folder (issue 13) and the first hour's paths, exit codes and `check`
//! (issue 18, items 5–8 and 11): every test runs the real binary on inputs made here.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    bin()
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("copydesk runs")
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn lines(text: &str) -> Vec<serde_json::Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

fn put(path: impl AsRef<Path>, contents: impl AsRef<[u8]>) -> PathBuf {
    let path = path.as_ref();
    if let Some(p) = path.parent() {
        fs::create_dir_all(p).unwrap();
    }
    fs::write(path, contents).unwrap();
    path.to_owned()
}

/// A pipeline without stages (fast: no model), writing `format`.
fn writer_only(dir: &Path, format: &str) -> String {
    put(
        dir.join(format!("{format}-only.toml")),
        format!("[[stage]]\ntype = \"{format}\"\n"),
    )
    .display()
    .to_string()
}

/// Waits for a child at most `limit` (a hang guard, not a speed test); kills it if needed.
fn wait_or_kill(mut child: Child, limit: Duration) -> Option<Output> {
    let start = Instant::now();
    while start.elapsed() < limit {
        if child.try_wait().unwrap().is_some() {
            return Some(child.wait_with_output().unwrap());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    None
}

/// Files in `dir` (names), sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo").arg(path).status().unwrap().success();
    assert!(ok, "mkfifo");
}

// 1. Temporaries are exclusive and unpredictable; a planted symlink is never written through.
#[cfg(unix)]
#[test]
fn planted_symlinks_are_never_written_through() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let victim = put(d.join("victim.txt"), "the user's own file\n");
    put(d.join("in/story.txt"), "A short story.\n");
    let shared = d.join("shared-out");
    fs::create_dir(&shared).unwrap();
    // The names the old scheme would have used (`.story.json.<pid>-0.tmp`) for the next few
    // hundred process ids, each a symlink to the victim; and one at the final name.
    let last: u32 = fs::read_to_string("/proc/sys/kernel/ns_last_pid")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(0);
    for pid in last + 1..last + 400 {
        let _ = std::os::unix::fs::symlink(&victim, shared.join(format!(".story.json.{pid}-0.tmp")));
    }
    let target = put(d.join("other-victim.txt"), "another file\n");
    std::os::unix::fs::symlink(&target, shared.join("story.json")).unwrap();
    let cfg = writer_only(d, "json");
    let o = run_in(
        d,
        &["run", "-q", "--config", &cfg, "--output", "shared-out/", "in/story.txt"],
    );
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(fs::read_to_string(&victim).unwrap(), "the user's own file\n");
    assert_eq!(fs::read_to_string(&target).unwrap(), "another file\n");
    let meta = fs::symlink_metadata(shared.join("story.json")).unwrap();
    assert!(meta.is_file(), "story.json is a regular file, not a symlink");
    let doc: serde_json::Value =
        serde_json::from_slice(&fs::read(shared.join("story.json")).unwrap()).unwrap();
    assert_eq!(doc["id"], "story");
}

// 2. `--max-bytes` at u64::MAX, `unlimited` and units.
#[test]
fn max_bytes_of_u64_max_unlimited_and_units() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let text = "A sentence of an article. ".repeat(180);
    put(d.join("a.txt"), &text);
    let records: String = (0..5)
        .map(|i| format!("{}\n", serde_json::json!({"id": format!("r{i}"), "text": text})))
        .collect();
    put(d.join("r.jsonl"), &records);
    let cfg = writer_only(d, "jsonl");
    for limit in ["18446744073709551615", "unlimited", "64M", "5K"] {
        let o = run_in(d, &["run", "-q", "--config", &cfg, "--max-bytes", limit, "a.txt"]);
        assert!(o.status.success(), "{limit}: {}", err(&o));
        assert_eq!(lines(&out(&o))[0]["body"], text.as_str(), "{limit}");
        let o = run_in(
            d,
            &["run", "-q", "--config", &cfg, "--max-bytes", limit, "--input-format", "jsonl", "r.jsonl"],
        );
        let docs = lines(&out(&o));
        assert_eq!(docs.len(), 5, "{limit}");
        assert!(docs.iter().all(|d| d["body"] == text.as_str()), "{limit}");
    }
    let o = run_in(d, &["run", "-q", "--config", &cfg, "--max-bytes", "1K", "a.txt"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("over the limit of 1024 bytes"), "{}", err(&o));
    let o = run_in(d, &["run", "--max-bytes", "99999999999999T", "a.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("too large"), "{}", err(&o));
}

// 3. Repeated ids never overwrite: folder ids keep their sub-folder; a repeated JSONL id is an
// error record naming the first line; ids too large for a number are refused.
#[test]
fn repeated_ids_fail_and_folder_ids_keep_their_path() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    put(d.join("in/2023/story.txt"), "Old story.\n");
    put(d.join("in/2024/story.txt"), "New story.\n");
    let cfg = writer_only(d, "json");
    let o = run_in(d, &["run", "-q", "--config", &cfg, "--output", "out/", "in"]);
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(names(&d.join("out")), ["2023%2Fstory.json", "2024%2Fstory.json"]);
    // The same file name given twice: the second fails, by name.
    let o = run_in(
        d,
        &["run", "-q", "--config", &cfg, "--output", "out2/", "in/2023/story.txt", "in/2024/story.txt"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).contains("in/2024/story.txt: duplicate id 'story': in/2023/story.txt has the same id"),
        "{}",
        err(&o)
    );
    assert!(
        fs::read_to_string(d.join("out2/story.json"))
            .unwrap()
            .contains("Old story")
    );
    let failed = fs::read_to_string(d.join("out2/errors.jsonl")).unwrap();
    assert!(failed.contains("duplicate id"), "{failed}");
    // JSONL: a repeated id, and numeric ids beyond 64 bits.
    put(
        d.join("dup.jsonl"),
        "{\"id\": \"dup\", \"text\": \"one\"}\n{\"id\": \"dup\", \"text\": \"two\"}\n\
         {\"id\": 18446744073709551616, \"text\": \"x\"}\n{\"id\": 18446744073709551617, \"text\": \"y\"}\n",
    );
    let jsonl = writer_only(d, "jsonl");
    let o = run_in(d, &["run", "-q", "--config", &jsonl, "--input-format", "jsonl", "dup.jsonl"]);
    let docs = lines(&out(&o));
    assert_eq!(docs.len(), 4);
    assert_eq!(docs[0]["body"], "one");
    assert_eq!(docs[1]["source"], "dup.jsonl:2");
    assert!(
        docs[1]["error"].as_str().unwrap().contains("dup.jsonl:1 has the same id"),
        "{}",
        docs[1]
    );
    for d in &docs[2..] {
        assert!(d["error"].as_str().unwrap().contains("give it as a string"), "{d}");
    }
}

// 3. Two names that are not UTF-8 keep two ids.
#[cfg(target_os = "linux")]
#[test]
fn names_that_are_not_utf8_keep_distinct_ids() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let input = d.join("in");
    fs::create_dir(&input).unwrap();
    for name in [&b"caf\xe9.txt"[..], &b"caf\xe8.txt"[..]] {
        let path = input.join(std::ffi::OsStr::from_bytes(name));
        if fs::write(&path, "text").is_err() {
            return; // a file system that refuses such names
        }
    }
    let cfg = writer_only(d, "json");
    let o = run_in(d, &["run", "-q", "--config", &cfg, "--output", "out/", "in"]);
    assert!(o.status.success(), "{}", err(&o));
    // The ids are `caf%E8` and `caf%E9`; file names escape their `%`.
    assert_eq!(names(&d.join("out")), ["caf%25E8.json", "caf%25E9.json"]);
}

// 4. A document with id `index` keeps its page; the index row links to it.
#[test]
fn a_document_named_index_keeps_its_page() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    put(d.join("in/index.txt"), "The document called index.\n");
    put(d.join("in/other.txt"), "Another document.\n");
    let cfg = writer_only(d, "html");
    let o = run_in(d, &["run", "-q", "--config", &cfg, "--output", "html/", "in"]);
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(names(&d.join("html")), ["%69ndex.html", "index.html", "other.html"]);
    let index = fs::read_to_string(d.join("html/index.html")).unwrap();
    assert!(index.contains("href=\"%2569ndex.html\""), "{index}");
    let page = fs::read_to_string(d.join("html/%69ndex.html")).unwrap();
    assert!(page.contains("The document called index."));
}

// 5. A very long id neither stops the run nor the stream.
#[test]
fn a_very_long_id_does_not_stop_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let long = "x".repeat(300);
    let records = format!(
        "{}\n{}\n{}\n",
        serde_json::json!({"id": "before", "text": "one"}),
        serde_json::json!({"id": long, "text": "two"}),
        serde_json::json!({"id": "after", "text": "three"}),
    );
    put(d.join("r.jsonl"), &records);
    let cfg = writer_only(d, "json");
    let o = run_in(
        d,
        &["run", "-q", "--config", &cfg, "--input-format", "jsonl", "--output", "out/", "r.jsonl"],
    );
    assert!(o.status.success(), "{}", err(&o));
    let files = names(&d.join("out"));
    assert_eq!(files.len(), 3, "{files:?}");
    assert!(files.contains(&"after.json".to_owned()));
    let long_file = files.iter().find(|f| f.starts_with("xxx")).unwrap();
    assert!(long_file.len() <= 240, "{long_file}");
    let doc: serde_json::Value =
        serde_json::from_slice(&fs::read(d.join("out").join(long_file)).unwrap()).unwrap();
    assert_eq!(doc["id"], long.as_str());
}

// 6. `--output` never replaces stdin's file.
#[test]
fn output_that_is_stdin_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let data = "{\"id\": \"a\", \"text\": \"one\"}\n";
    let path = put(d.join("data.jsonl"), data);
    let cfg = writer_only(d, "jsonl");
    let o = bin()
        .current_dir(d)
        .args(["run", "-q", "--config", &cfg, "--input-format", "jsonl", "--output", "data.jsonl", "-"])
        .stdin(fs::File::open(&path).unwrap())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(err(&o).contains("it is one of the inputs"), "{}", err(&o));
    assert_eq!(fs::read_to_string(&path).unwrap(), data);
}

// 7. Two writers with one output: `check` and `run` refuse, at the second `output`.
#[test]
fn two_writers_with_one_output_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let cfg = put(
        d.join("p.toml"),
        "[[stage]]\ntype = \"jsonl\"\noutput = \"out/all.jsonl\"\n\n[[stage]]\ntype = \"text\"\noutput = \"out//all.jsonl\"\n",
    );
    let cfg = cfg.to_str().unwrap();
    let o = run_in(d, &["check", cfg]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains("p.toml:7:10: stage #2 'text': another writer (at line 3) already writes to"),
        "{}",
        err(&o)
    );
    put(d.join("a.txt"), "x");
    let o = run_in(d, &["run", "--config", cfg, "a.txt"]);
    assert_eq!(o.status.code(), Some(2));
    // A writer's `output` and `--output` naming one folder.
    let cfg = put(
        d.join("q.toml"),
        "[[stage]]\ntype = \"json\"\noutput = \"out/\"\n\n[[stage]]\ntype = \"html\"\n",
    );
    let o = run_in(d, &["run", "--config", cfg.to_str().unwrap(), "--output", "./out", "a.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("two writers would write to"), "{}", err(&o));
}

// 8. JSONL fields named like meta fields fill them: never two equal keys in one object.
#[test]
fn record_fields_named_like_meta_fields_appear_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    put(
        d.join("r.jsonl"),
        "{\"id\": \"a\", \"text\": \"Body.\", \"title\": \"T\", \"date\": \"2024-01-02\", \"authors\": [\"Ann Lee\"], \"language\": \"en\", \"url\": \"u\"}\n\
         {\"id\": \"b\", \"text\": \"Body.\", \"title\": 5}\n",
    );
    let cfg = writer_only(d, "jsonl");
    let o = run_in(d, &["run", "-q", "--config", &cfg, "--input-format", "jsonl", "r.jsonl"]);
    let text = out(&o);
    let first = text.lines().next().unwrap();
    for key in ["\"title\"", "\"date\"", "\"authors\"", "\"language\""] {
        assert_eq!(first.matches(key).count(), 1, "{key} in {first}");
    }
    let docs = lines(&text);
    assert_eq!(docs[0]["meta"]["title"], "T");
    assert_eq!(docs[0]["meta"]["url"], "u");
    assert!(docs[1]["error"].as_str().unwrap().contains("`title`"), "{}", docs[1]);
}

// 9. No hang on a FIFO in a folder; --jobs capped and said so; a huge drop_phrases list builds.
#[cfg(unix)]
#[test]
fn a_fifo_in_a_folder_is_skipped_and_huge_jobs_are_capped() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    put(d.join("in/a.txt"), "Some text.\n");
    mkfifo(&d.join("in/b.txt"));
    let cfg = writer_only(d, "jsonl");
    let child = bin()
        .current_dir(d)
        .args(["run", "--config", &cfg, "--jobs", "10000", "in"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let o = wait_or_kill(child, Duration::from_secs(60)).expect("a FIFO must not block the run");
    assert!(o.status.success(), "{}", err(&o));
    assert!(err(&o).contains("b.txt: not a regular file"), "{}", err(&o));
    assert!(err(&o).contains("--jobs 10000 capped at"), "{}", err(&o));
    assert_eq!(lines(&out(&o)).len(), 1);
    // `check` on a FIFO does not wait for a writer.
    let child = bin()
        .current_dir(d)
        .args(["check", "in/b.txt"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let o = wait_or_kill(child, Duration::from_secs(60)).expect("check must not block");
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("not a regular file"), "{}", err(&o));
}

#[test]
fn a_huge_drop_phrases_list_is_built() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let phrases: Vec<String> = (0..200_000).map(|i| format!("phrase number {i} here")).collect();
    let cfg = put(
        d.join("p.toml"),
        format!(
            "[[stage]]\ntype = \"strip_boilerplate\"\n[stage.options]\ndrop_phrases = {}\n",
            serde_json::to_string(&phrases).unwrap()
        ),
    );
    let child = bin()
        .current_dir(d)
        .args(["check", cfg.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let o = wait_or_kill(child, Duration::from_secs(120)).expect("the phrase list builds");
    assert!(o.status.success(), "{}", err(&o));
}

// 10. Config-named files are checked before they are read whole.
#[cfg(unix)]
#[test]
fn model_files_are_checked_before_being_read() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let sparse = fs::File::create(d.join("sparse.cdner")).unwrap();
    sparse.set_len(2 << 30).unwrap();
    for (model, expect) in [("/dev/zero", "not a regular file"), ("sparse.cdner", "wrong magic bytes")] {
        let cfg = put(
            d.join("m.toml"),
            format!("[[stage]]\ntype = \"tag_entities\"\n[stage.options]\nmodel = \"{model}\"\n"),
        );
        let child = bin()
            .current_dir(d)
            .args(["check", cfg.to_str().unwrap()])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let o = wait_or_kill(child, Duration::from_secs(60)).expect("no unbounded read");
        assert_eq!(o.status.code(), Some(2));
        assert!(err(&o).contains(expect), "{model}: {}", err(&o));
        assert!(err(&o).contains("m.toml:4:9"), "{model}: {}", err(&o));
    }
}

/// Leftover files of copydesk in `dir`: temporaries and locks.
fn leftovers(dir: &Path) -> Vec<String> {
    names(dir)
        .into_iter()
        .filter(|n| n.ends_with(".tmp") || n.contains("copydesk-lock"))
        .collect()
}

/// A run that reads JSONL from a pipe it keeps open, writing `output`: it holds its output
/// until stdin closes.
fn held_run(dir: &Path, cfg: &str, output: &str) -> Child {
    let mut child = bin()
        .current_dir(dir)
        .args(["run", "-q", "--config", cfg, "--input-format", "jsonl", "--output", output, "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdin = child.stdin.as_mut().unwrap();
    stdin.write_all(b"{\"id\": \"a\", \"text\": \"one\"}\n").unwrap();
    stdin.flush().unwrap();
    // Wait until the temporary exists (the first record was written).
    let start = Instant::now();
    while leftovers(dir).iter().all(|n| !n.ends_with(".tmp")) && start.elapsed().as_secs() < 30 {
        std::thread::sleep(Duration::from_millis(20));
    }
    child
}

// 11. Signals remove temporaries; a second run on the same output stops; a read-only output
// is not replaced; an empty --output is refused.
#[cfg(unix)]
#[test]
fn signals_locks_and_read_only_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let cfg = writer_only(d, "jsonl");
    let child = held_run(d, &cfg, "out.jsonl");
    assert_eq!(leftovers(d).len(), 2, "{:?}", leftovers(d));
    // A second run writing the same output stops at once.
    put(d.join("a.txt"), "x");
    let o = run_in(d, &["run", "-q", "--config", &cfg, "--output", "out.jsonl", "a.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("another copydesk run is writing out.jsonl"), "{}", err(&o));
    // SIGTERM: the temporary and the lock go.
    let ok = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap()
        .success();
    assert!(ok);
    let o = wait_or_kill(child, Duration::from_secs(30)).expect("SIGTERM ends the run");
    assert_eq!(o.status.code(), Some(128 + 15));
    assert!(leftovers(d).is_empty(), "{:?}", leftovers(d));
    assert!(!d.join("out.jsonl").exists());
    // A read-only output stays as it is.
    let ro = put(d.join("ro.jsonl"), "keep\n");
    let mut perms = fs::metadata(&ro).unwrap().permissions();
    perms.set_readonly(true);
    fs::set_permissions(&ro, perms).unwrap();
    let o = run_in(d, &["run", "-q", "--config", &cfg, "--output", "ro.jsonl", "a.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("read-only"), "{}", err(&o));
    assert_eq!(fs::read_to_string(&ro).unwrap(), "keep\n");
    // An empty --output.
    let o = run_in(d, &["run", "-q", "--config", &cfg, "--output", "", "a.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(leftovers(d).is_empty(), "{:?}", leftovers(d));
    // An existing output keeps its mode.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let kept = put(d.join("kept.jsonl"), "old\n");
        fs::set_permissions(&kept, fs::Permissions::from_mode(0o640)).unwrap();
        let o = run_in(d, &["run", "-q", "--config", &cfg, "--output", "kept.jsonl", "a.txt"]);
        assert!(o.status.success(), "{}", err(&o));
        assert_eq!(fs::metadata(&kept).unwrap().permissions().mode() & 0o777, 0o640);
    }
}

// 11. A stream output that fails is reported with a summary, and the other outputs finish.
#[cfg(target_os = "linux")]
#[test]
fn a_failing_stream_is_reported_and_other_outputs_finish() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    put(d.join("in/a.txt"), "One.\n");
    put(d.join("in/b.txt"), "Two.\n");
    let cfg = put(
        d.join("p.toml"),
        "[[stage]]\ntype = \"json\"\noutput = \"json/\"\n\n[[stage]]\ntype = \"jsonl\"\n",
    );
    // stdout is /dev/full: every write fails with "no space left".
    let o = bin()
        .current_dir(d)
        .args(["run", "--config", cfg.to_str().unwrap(), "in"])
        .stdout(fs::OpenOptions::new().write(true).open("/dev/full").unwrap())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    let e = err(&o);
    assert!(e.contains("writing stdout failed at"), "{e}");
    assert!(e.contains("2 documents, 0 failed, 2 not written"), "{e}");
    assert_eq!(names(&d.join("json")), ["a.json", "b.json"]);
}

// 12. Symlinks in a folder are not followed; deep folders and empty runs are reported.
#[cfg(unix)]
#[test]
fn folder_walks_report_what_they_do_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    put(d.join("outside/secret.txt"), "outside the tree\n");
    put(d.join("in/a.txt"), "inside\n");
    std::os::unix::fs::symlink(d.join("outside/secret.txt"), d.join("in/link.txt")).unwrap();
    std::os::unix::fs::symlink(d.join("outside"), d.join("in/linkdir")).unwrap();
    let cfg = writer_only(d, "jsonl");
    let o = run_in(d, &["run", "--config", &cfg, "in"]);
    assert!(o.status.success(), "{}", err(&o));
    let docs = lines(&out(&o));
    assert_eq!(docs.len(), 1);
    assert!(!out(&o).contains("outside the tree"));
    assert!(err(&o).contains("in/link.txt: a symlink"), "{}", err(&o));
    assert!(err(&o).contains("in/linkdir: a symlink"), "{}", err(&o));
    // An empty folder, and a glob that matches nothing: a warning and exit 1.
    fs::create_dir(d.join("empty")).unwrap();
    for args in [vec!["empty"], vec!["--glob", "*.md", "in"]] {
        let mut all = vec!["run", "--config", &cfg];
        all.extend(args);
        let o = run_in(d, &all);
        assert_eq!(o.status.code(), Some(1));
        assert!(err(&o).contains("warning: no documents found"), "{}", err(&o));
    }
    // A path too deep to open (over PATH_MAX, made with relative steps) fails by name
    // instead of vanishing.
    let made = Command::new("python3")
        .current_dir(d)
        .args([
            "-c",
            "import os\nos.mkdir('deep'); os.chdir('deep')\nfor _ in range(100):\n    os.mkdir('a' * 50); os.chdir('a' * 50)\nopen('x.txt', 'w').write('deep')\n",
        ])
        .status()
        .unwrap();
    assert!(made.success());
    let o = run_in(d, &["run", "--config", &cfg, "deep"]);
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert!(err(&o).contains("cannot read"), "{}", err(&o));
}

#[test]
fn input_messages_say_what_happened() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let cfg = writer_only(d, "jsonl");
    // /dev/zero: no "0 bytes".
    #[cfg(unix)]
    {
        let o = run_in(d, &["run", "--config", &cfg, "--max-bytes", "1K", "/dev/zero"]);
        assert_eq!(o.status.code(), Some(1));
        assert!(err(&o).contains("input is more than 1024 bytes"), "{}", err(&o));
    }
    // UTF-16 without a byte order mark.
    let utf16: Vec<u8> = "Plain text in UTF-16.\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    put(d.join("u16.txt"), utf16);
    let o = run_in(d, &["run", "-q", "--config", &cfg, "u16.txt"]);
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(lines(&out(&o))[0]["body"], "Plain text in UTF-16.\n");
    // A record one byte over the limit fails; a blank line is skipped and numbers kept.
    let fits = serde_json::json!({"id": "fits", "text": "abc"}).to_string();
    let over = serde_json::json!({"id": "over", "text": "abcd"}).to_string();
    put(d.join("r.jsonl"), format!("{fits}\n\n{over}\n"));
    let limit = fits.len().to_string();
    let o = run_in(
        d,
        &["run", "-q", "--config", &cfg, "--input-format", "jsonl", "--max-bytes", &limit, "r.jsonl"],
    );
    let docs = lines(&out(&o));
    assert_eq!(docs.len(), 2, "{}", out(&o));
    assert_eq!(docs[0]["body"], "abc");
    assert_eq!(docs[1]["source"], "r.jsonl:3");
    assert!(docs[1]["error"].as_str().unwrap().contains("over the limit"));
    // Failed records leave a trace in a folder output.
    let json = writer_only(d, "json");
    let o = run_in(
        d,
        &["run", "-q", "--config", &json, "--input-format", "jsonl", "--max-bytes", &limit, "--output", "out/", "r.jsonl"],
    );
    assert!(o.status.success(), "{}", err(&o));
    let errors = lines(&fs::read_to_string(d.join("out/errors.jsonl")).unwrap());
    assert_eq!(errors[0]["source"], "r.jsonl:3");
}

// 12 and issue 18.6: every problem at once, in plain words, at its own line:column.
#[test]
fn check_reports_every_problem_in_plain_words() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let cfg = put(
        d.join("p.toml"),
        "[[stage]]\ntype = \"strip_boilerplate\"\nbogus = 1\n[stage.options]\n\
         min_paragraph_chars = \"many\"\nkeep_captions = 3\nbias = 1e308\n\
         drop_patterns = [\"ok\", \"(unclosed\"]\n",
    );
    let o = run_in(d, &["check", cfg.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let e = err(&o);
    for expected in [
        "p.toml:3:1: stage #1 'strip_boilerplate': unknown key 'bogus'",
        "p.toml:5:23: stage #1 'strip_boilerplate': `min_paragraph_chars` must be a whole number from 0 to 4294967295, not the string \"many\"",
        "p.toml:6:17: stage #1 'strip_boilerplate': `keep_captions` must be true or false, not the number 3",
    ] {
        assert!(e.contains(expected), "{expected}\n{e}");
    }
    assert!(!e.contains("expected u32") && !e.contains("'?'"), "{e}");
    assert!(e.contains("3 errors in the pipeline"), "{e}");
    // Build-time problems are at their own line, too.
    let cfg = put(
        d.join("q.toml"),
        "[[stage]]\ntype = \"strip_boilerplate\"\n[stage.options]\nbias = 1e308\n",
    );
    let e = err(&run_in(d, &["check", cfg.to_str().unwrap()]));
    assert!(e.contains("q.toml:4:8:"), "{e}");
    let cfg = put(
        d.join("r.toml"),
        "[[stage]]\ntype = \"strip_boilerplate\"\n[stage.options]\ndrop_patterns = [\n  \"ok\",\n  \"(unclosed\",\n]\n",
    );
    let e = err(&run_in(d, &["check", cfg.to_str().unwrap()]));
    assert!(e.contains("r.toml:6:3:"), "{e}");
    // A `type` that is fine names the stage even when another key is wrong.
    let cfg = put(d.join("s.toml"), "[[stage]]\ntype = \"jsonl\"\nouput = \"x\"\n");
    let e = err(&run_in(d, &["check", cfg.to_str().unwrap()]));
    assert!(e.contains("s.toml:3:1: stage #1 'jsonl': unknown key 'ouput'"), "{e}");
    assert!(e.contains("1 error in the pipeline"), "{e}");
    // A writer's missing layer is reported at the writer, once.
    let cfg = put(d.join("t.toml"), "[[stage]]\ntype = \"conll\"\n");
    let e = err(&run_in(d, &["check", cfg.to_str().unwrap()]));
    assert!(e.contains("t.toml:2:8: stage #1 'conll'"), "{e}");
    assert!(!e.contains("command line"), "{e}");
    // And ok says it in plain words.
    let cfg = writer_only(d, "jsonl");
    let o = run_in(d, &["check", &cfg]);
    assert!(out(&o).ends_with("ok (0 stages, 1 writer)\n"), "{}", out(&o));
}

// 12 and issue 18.8: paths in a pipeline are relative to its folder; parents are created.
#[test]
fn config_paths_are_relative_to_the_config_and_parents_are_created() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    put(d.join("a.txt"), "Some text.\n");
    put(
        d.join("conf/p.toml"),
        "[[stage]]\ntype = \"jsonl\"\noutput = \"results/x.jsonl\"\n",
    );
    let o = run_in(d, &["run", "-q", "--config", "conf/p.toml", "a.txt"]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(d.join("conf/results/x.jsonl").is_file());
    // A relative model path is looked for beside the pipeline file.
    put(
        d.join("conf/m.toml"),
        "[[stage]]\ntype = \"tag_entities\"\n[stage.options]\nmodel = \"missing.cdner\"\n",
    );
    let e = err(&run_in(d, &["check", "conf/m.toml"]));
    assert!(e.contains("conf/missing.cdner"), "{e}");
    // --output into folders that do not exist yet.
    let cfg = writer_only(d, "jsonl");
    let o = run_in(d, &["run", "-q", "--config", &cfg, "--output", "a/b/x.jsonl", "a.txt"]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(d.join("a/b/x.jsonl").is_file());
}

// Issue 18.5: csv on stdout: a usage error in one sentence, or one table with --table.
#[test]
fn csv_on_stdout_is_a_usage_error_or_one_table() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    put(d.join("a.txt"), "“We will win,” Ann Lee said.\n");
    let o = run_in(d, &["run", "-q", "--format", "csv", "a.txt"]);
    assert_eq!(o.status.code(), Some(2));
    let e = err(&o);
    assert_eq!(e.lines().count(), 1, "{e}");
    assert!(e.contains("--table quotes|entities"), "{e}");
    let o = run_in(d, &["run", "-q", "--table", "quotes", "a.txt"]);
    assert!(o.status.success(), "{}", err(&o));
    let table = out(&o);
    assert!(table.starts_with("doc_id,speaker,"), "{table}");
    assert!(table.contains("We will win"), "{table}");
    let o = run_in(d, &["run", "-q", "--format", "json", "--table", "quotes", "a.txt"]);
    assert_eq!(o.status.code(), Some(2));
    // A csv pipeline without quotes says its quotes table stays empty.
    let cfg = writer_only(d, "csv");
    let o = run_in(d, &["check", &cfg]);
    assert!(out(&o).contains("quotes table will have no rows"), "{}", out(&o));
}

// 13. Peak memory for one hostile document stays under 64 × its size + 50 MB (the figure
// copydesk prints in its summary line; Linux only).
#[test]
fn hostile_pages_stay_within_the_memory_bound() {
    if !Path::new("/proc/self/status").exists() {
        eprintln!("skipped: no /proc to read peak RSS from");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let pages = [
        ("straight.txt", "\"".repeat(1 << 20)),
        ("balanced.txt", "“a” ".repeat(1 << 17)),
        ("unbalanced.txt", "He said “no ".repeat(1 << 16)),
        ("letters.txt", "a ".repeat(1 << 19)),
    ];
    for (name, text) in &pages {
        put(d.join(name), text);
        let o = run_in(d, &["run", "--jobs", "1", name]);
        assert!(o.status.success(), "{name}: {}", err(&o));
        let mb: f64 = err(&o)
            .rsplit("peak RSS ")
            .next()
            .and_then(|s| s.split_whitespace().next())
            .and_then(|s| s.parse().ok())
            .expect("the summary gives peak RSS");
        let bound = 64.0 * text.len() as f64 / 1e6 + 50.0;
        eprintln!("{name}: {:.1} MB, peak RSS {mb} MB, bound {bound:.0} MB", text.len() as f64 / 1e6);
        assert!(mb <= bound, "{name}: peak RSS {mb} MB over {bound:.0} MB");
    }
    // The page of quotation marks says why it has no quotes.
    let o = run_in(d, &["run", "-q", "straight.txt"]);
    let doc = &lines(&out(&o))[0];
    assert!(
        doc["diagnostics"].to_string().contains("quotes were not extracted"),
        "{}",
        doc["diagnostics"]
    );
}
