"""`quotes_frame` / `entities_frame`: the CSV writer's tables as pandas DataFrames."""

import subprocess
import sys

import pytest

import copydesk
from conftest import PAGES, ROOT, WRITER_PAGES

pd = pytest.importorskip("pandas")


@pytest.fixture(scope="module")
def docs():
    nlp = copydesk.Pipeline()
    return [
        nlp.process(p.read_text(), id=p.stem, source=str(p.relative_to(ROOT)))
        for p in PAGES + WRITER_PAGES
    ]


def test_columns_are_the_csv_writers():
    assert copydesk.QUOTE_COLUMNS == (
        "doc_id", "speaker", "kind", "cue", "text", "start", "end", "speaker_mention", "title", "date",
    )
    assert copydesk.ENTITY_COLUMNS == ("doc_id", "text", "label", "canonical", "start", "end")


@pytest.mark.parametrize(
    "table, frame", [("quotes", copydesk.quotes_frame), ("entities", copydesk.entities_frame)]
)
def test_frames_equal_the_csv_writers_tables(cli, tmp_path, docs, table, frame):
    pages = [p.relative_to(ROOT) for p in PAGES + WRITER_PAGES]
    _, err, code = cli("run", "--quiet", "--format", "csv", "--output", f"{tmp_path}/", *pages)
    assert code == 0, err
    csv = pd.read_csv(tmp_path / f"{table}.csv", dtype=str, keep_default_na=False)
    got = frame(docs)
    assert list(got.columns) == list(csv.columns)
    assert len(got) == len(csv) > 0
    assert got["start"].dtype == "int64" and got["end"].dtype == "int64"
    # The CSV writes an absent value as an empty cell; the frame has None.
    as_csv = got.astype(object).where(got.notna(), "").astype(str)
    pd.testing.assert_frame_equal(as_csv.reset_index(drop=True), csv)


def test_frames_take_process_many_and_skip_error_records():
    nlp = copydesk.Pipeline()
    items = [p.read_text() for p in PAGES] + [{"id": "broken"}]
    quotes = copydesk.quotes_frame(nlp.process_many(items, jobs=2))
    assert set(quotes.doc_id) <= {f"<python>:{i}" for i in range(1, len(PAGES) + 1)}
    assert quotes.speaker.notna().any() and quotes.speaker.isna().any()
    one = nlp.process(PAGES[0].read_text())
    assert len(copydesk.entities_frame(one)) == len(one["entities"])


def test_empty_frame_keeps_its_columns_and_types():
    frame = copydesk.quotes_frame([])
    assert list(frame.columns) == list(copydesk.QUOTE_COLUMNS)
    assert len(frame) == 0 and frame["start"].dtype == "int64"


def test_missing_layer_is_explained():
    doc = copydesk.Pipeline.from_toml('[[stage]]\ntype = "tokenize"\n').process("A text.", id="t")
    with pytest.raises(ValueError, match="document 't' has no quotes layer: its pipeline has no extract_quotes stage"):
        copydesk.quotes_frame([doc])
    with pytest.raises(TypeError, match="expected document dicts"):
        copydesk.entities_frame(["not a document"])


def test_without_pandas_a_clear_import_error():
    # A fresh interpreter in which `import pandas` fails, as on a machine without it.
    code = (
        "import sys; sys.modules['pandas'] = None\n"
        "import copydesk\n"
        "try:\n"
        "    copydesk.quotes_frame([])\n"
        "except ImportError as e:\n"
        "    print('ImportError:', e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("ImportError: copydesk's data frames need pandas")
    assert "pip install pandas" in out.stdout
