"""`Pipeline.process_many`: input order whatever `jobs` is, the CLI's records, errors in place."""

import datetime
import itertools
import json
import random
import threading
import time

import pytest

import copydesk
from conftest import PAGES, WRITER_PAGES, canonical, STRIP_ONLY, jsonl, long_text


@pytest.fixture(scope="module")
def nlp():
    return copydesk.Pipeline()


def records(n, seed=7):
    """Records of very different sizes (so workers finish out of order), written here."""
    rng = random.Random(seed)
    texts = [p.read_text() for p in PAGES + WRITER_PAGES]
    out = []
    for i in range(n):
        size = rng.choice([1, 1, 1, 2, 8])
        text = "\n\n".join(rng.choice(texts) for _ in range(size))
        if rng.random() < 0.3:
            text = f"“We will rebuild the pier {i} times,” Mayor Ana Lind told reporters."
        out.append({"id": f"r{i:04d}", "text": text, "n": i})
    return out


def test_order_and_output_do_not_depend_on_jobs(nlp):
    recs = records(240)
    runs = {jobs: list(nlp.process_many(recs, jobs=jobs)) for jobs in (1, 2, 4)}
    assert [d["id"] for d in runs[1]] == [r["id"] for r in recs]
    assert [d["meta"]["n"] for d in runs[1]] == list(range(len(recs)))
    assert [d["source"] for d in runs[1]] == [f"<python>:{i}" for i in range(1, len(recs) + 1)]
    for jobs in (2, 4):
        assert [canonical(d) for d in runs[jobs]] == [canonical(d) for d in runs[1]], jobs


def test_equals_the_cli_jsonl_stream_record_for_record(nlp, cli):
    recs = records(60, seed=11)
    recs[5] = {"id": "no-text", "url": "u"}  # bad records answer in place, as in the CLI
    recs[9] = {"id": [1], "text": "x"}
    recs[17] = {"id": "nul", "text": "a\0b"}
    recs[23] = {"text": 7}
    stream = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs)
    out, err, code = cli("run", "--quiet", "--jobs", "2", "--input-format", "jsonl", "-", input=stream)
    assert code == 0, err
    expected = jsonl(out)
    got = list(nlp.process_many(recs, jobs=2, source="-"))
    assert len(got) == len(expected) == len(recs)
    for g, e in zip(got, expected):
        assert canonical(g) == canonical(e)
    assert got[5] == {"id": "no-text", "source": "-:6", "error": "record has no `text` or `html` field"}
    assert "error" in got[9] and "error" in got[17] and "error" in got[23]


def test_texts_and_failing_items_yield_records_in_place(nlp):
    items = [
        "“It works,” said Ana Lind.",
        {"id": "when", "text": "x", "at": datetime.date(2024, 1, 1)},
        42,
        {"id": 3, "text": "y", "nan": float("nan")},
        "\ud800 lone surrogate",
        {"id": "last", "text": "The council met on Tuesday to discuss the harbour budget."},
    ]
    docs = list(nlp.process_many(items, jobs=2))
    assert [d.get("error") is None for d in docs] == [True, False, False, False, False, True]
    assert docs[0]["id"] == docs[0]["source"] == "<python>:1"
    assert docs[0]["quotes"][0]["speaker"] == "Ana Lind"
    assert docs[1]["id"] == "when"
    assert "date is not JSON serializable" in docs[1]["error"]
    assert docs[2] == {
        "id": "<python>:3",
        "source": "<python>:3",
        "error": 'expected a str or a dict with a "text" field, got int',
    }
    assert docs[3]["id"] == "3" and "not JSON compliant" in docs[3]["error"]
    assert "not valid Unicode" in docs[4]["error"]
    assert docs[5]["id"] == "last" and docs[5]["body"].startswith("The council met")


def test_reads_lazily_with_a_bounded_window(nlp):
    taken = []

    def endless():
        for i in itertools.count():
            taken.append(i)
            yield f"Record {i} was filed in Oslo.\n\nThe council met on Tuesday, officials said."

    docs = nlp.process_many(endless(), jobs=2)
    first = list(itertools.islice(docs, 5))
    assert [d["body"].split("\n")[0] for d in first] == [
        f"Record {i} was filed in Oslo." for i in range(5)
    ]
    assert len(taken) < 5 + 100, "reads ahead a bounded number of items"


def test_an_exception_of_the_iterable_comes_after_the_items_before_it(nlp):
    def failing():
        yield "One."
        yield {"id": "two", "text": "Two."}
        raise RuntimeError("the source broke")

    docs = nlp.process_many(failing(), jobs=2)
    assert next(docs)["source"] == "<python>:1"
    assert next(docs)["id"] == "two"
    with pytest.raises(RuntimeError, match="the source broke"):
        next(docs)
    with pytest.raises(StopIteration):
        next(docs)


def test_empty_input_and_bad_arguments(nlp):
    assert list(nlp.process_many([], jobs=3)) == []
    with pytest.raises(ValueError, match="jobs must be at least 1"):
        nlp.process_many(["x"], jobs=0)
    with pytest.raises(TypeError):
        nlp.process_many(5)


def test_waiting_releases_the_gil(nlp):
    """The consumer waits for Rust workers without the GIL: another Python thread runs on."""
    nlp = copydesk.Pipeline.from_toml(STRIP_ONLY)  # little output: the wait is Rust's
    big = long_text(60000)
    started = time.perf_counter()
    nlp.process(big)
    alone = time.perf_counter() - started
    assert alone > 0.15, "the text must take a while for the measurement to mean anything"

    inside = threading.Event()

    def consume():
        inside.set()
        for _ in nlp.process_many([big, big], jobs=1):
            pass

    t = threading.Thread(target=consume)
    t.start()
    inside.wait()
    gaps, last = [], time.perf_counter()
    while t.is_alive():
        now = time.perf_counter()
        gaps.append(now - last)
        last = now
    t.join()
    assert max(gaps) < alone / 2, (max(gaps), alone)


def test_one_iterator_is_not_driven_from_two_threads_at_once(nlp):
    big = long_text(20000)
    docs = nlp.process_many([big, big, big], jobs=1)
    results = []

    def pull():
        try:
            results.append(next(docs)["source"])
        except ValueError as e:
            results.append(str(e))

    first = threading.Thread(target=pull)
    first.start()
    time.sleep(0.05)  # the first is now waiting (GIL released) for a document that takes long
    pull()
    first.join()
    assert sorted(results) == ["<python>:1", "process_many iterator already executing"]
    assert next(docs)["source"] == "<python>:2", "the busy call did not disturb the iterator"
