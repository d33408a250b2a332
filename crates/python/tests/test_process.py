"""`Pipeline.process` gives exactly the document the CLI's jsonl writer prints."""

import json
import os
import threading
import time

import pytest

import copydesk
from conftest import PAGES, ROOT, SHARED, WRITER_PAGES, canonical, STRIP_ONLY, jsonl, long_text


@pytest.fixture(scope="module")
def nlp():
    return copydesk.Pipeline()


def test_default_pipeline_is_the_clis(nlp):
    config = (ROOT / "config" / "default.toml").read_text()
    types = [line.split('"')[1] for line in config.splitlines() if line.startswith("type = ")]
    assert nlp.stage_names == [t for t in types if t != "jsonl"]
    assert repr(nlp).startswith("Pipeline(stages=[")
    assert 'type = "extract_quotes"' in nlp.to_toml()


@pytest.mark.parametrize("page", PAGES + WRITER_PAGES, ids=lambda p: p.name)
def test_process_equals_the_cli_on_a_file(nlp, cli, page):
    rel = page.relative_to(ROOT)
    out, err, code = cli("run", "--quiet", rel)
    assert code == 0, err
    [expected] = jsonl(out)
    got = nlp.process(page.read_text(encoding="utf-8"), id=page.stem, source=str(rel))
    assert canonical(got) == canonical(expected)


def test_readme_example_page(nlp):
    text = (ROOT / "tests" / "fixtures" / "pages" / "wire-talks.txt").read_text()
    doc = nlp.process(text)
    assert doc["id"] == doc["source"] == "<python>"
    first = doc["quotes"][0]
    assert doc["body"][first["start"] : first["end"]] == first["text"]
    assert first["speaker"] == "Ingrid Halvorsen"
    assert doc["meta"]["title"].startswith("EU, Norway Open Fishing Talks")


SEEDS = sorted((SHARED / "seeds").glob("*.txt")) if (SHARED / "seeds").is_dir() else []


@pytest.mark.skipif(not SEEDS, reason="../shared/seeds is not beside the repository")
@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name)
def test_process_on_the_seed_equals_the_cli_field_for_field(nlp, cli, seed):
    out, err, code = cli("run", "--quiet", seed)
    assert code == 0, err
    [expected] = jsonl(out)
    got = nlp.process(seed.read_text(encoding="utf-8"), id=seed.stem, source=str(seed))
    assert list(got) == list(expected)
    for field in expected:
        assert canonical(got[field]) == canonical(expected[field]), field
    assert got["quotes"], "the seed has quotes"


def test_meta_keywords_are_a_records_extra_fields(nlp, cli):
    text = (ROOT / "tests" / "fixtures" / "pages" / "de-rathaus.txt").read_text()
    record = {"id": 42, "text": text, "url": "https://example.invalid/a", "tags": ["a", 1]}
    out, err, code = cli("run", "--quiet", "--input-format", "jsonl", "-",
                         input=json.dumps(record) + "\n")
    assert code == 0, err
    [expected] = jsonl(out)
    got = nlp.process(text, id=42, source="-:1", url="https://example.invalid/a", tags=["a", 1])
    assert got["id"] == "42"
    assert got["meta"]["url"] == "https://example.invalid/a"
    assert canonical(got) == canonical(expected)


def test_a_failing_document_raises(nlp):
    with pytest.raises(ValueError, match=r"^<python>: `text` contains NUL characters$"):
        nlp.process("a\0b")
    with pytest.raises(ValueError, match=r"^x.txt: `text` must be a string$"):
        nlp.process(5, source="x.txt")
    with pytest.raises(ValueError, match="bytes is not JSON serializable"):
        nlp.process(b"bytes")
    with pytest.raises(ValueError, match="cannot be written as JSON"):
        nlp.process("text", when=object())


def test_omit_body_follows_the_pipelines_jsonl_writer(cli, tmp_path):
    toml = '[[stage]]\ntype = "tokenize"\n\n[[stage]]\ntype = "jsonl"\n[stage.options]\nomit_body = true\n'
    (tmp_path / "p.toml").write_text(toml)
    page = PAGES[0]
    out, err, code = cli("run", "--quiet", "--config", tmp_path / "p.toml", page.relative_to(ROOT))
    assert code == 0, err
    [expected] = jsonl(out)
    got = copydesk.Pipeline.from_toml(toml).process(
        page.read_text(), id=page.stem, source=str(page.relative_to(ROOT))
    )
    assert "body" not in got
    assert canonical(got) == canonical(expected)


def test_process_releases_the_gil(nlp):
    """While one thread is inside `process`, another Python thread keeps running."""
    nlp = copydesk.Pipeline.from_toml(STRIP_ONLY)  # little output: the wait is Rust's
    text = long_text(60000)
    started = time.perf_counter()
    nlp.process(text)
    alone = time.perf_counter() - started
    assert alone > 0.15, "the text must take a while for the measurement to mean anything"

    gaps, inside = [], threading.Event()

    def work():
        inside.set()
        nlp.process(text)

    t = threading.Thread(target=work)
    t.start()
    inside.wait()
    last = time.perf_counter()
    while t.is_alive():
        now = time.perf_counter()
        gaps.append(now - last)
        last = now
    t.join()
    # Holding the GIL, the Rust call would stop this loop for the whole call (`alone`).
    assert max(gaps) < alone / 2, (max(gaps), alone)


def test_one_line_from_the_issue_works_in_a_fresh_interpreter():
    import subprocess
    import sys

    code = (
        "import copydesk; print(copydesk.Pipeline().process(open("
        "'tests/fixtures/pages/wire-talks.txt').read())['quotes'][0])"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True, env={**os.environ, "PYTHONPATH": ""})
    assert "'speaker': 'Ingrid Halvorsen'" in out.stdout
