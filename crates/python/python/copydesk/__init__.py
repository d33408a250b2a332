"""copydesk: raw copied news pages to structured text, from Python.

The same Rust crates as the ``copydesk`` command line, in-process::

    import copydesk
    doc = copydesk.Pipeline().process(open("page.txt").read(), id="page")
    doc["quotes"][0]["speaker"]

``Pipeline.process`` returns exactly the JSON document the CLI's ``jsonl`` writer prints;
``Pipeline.process_many`` runs many on Rust threads; ``quotes_frame`` and ``entities_frame``
make the CSV writer's tables as pandas DataFrames; ``stages()`` lists what ``copydesk stages``
lists. See the README beside this package's ``pyproject.toml``.
"""

from ._copydesk import (
    ENTITY_COLUMNS,
    QUOTE_COLUMNS,
    Documents,
    Pipeline,
    __version__,
    describe_stages,
    stages,
)

__all__ = [
    "ENTITY_COLUMNS",
    "QUOTE_COLUMNS",
    "Documents",
    "Pipeline",
    "__version__",
    "describe_stages",
    "entities_frame",
    "quotes_frame",
    "stages",
]


def _pandas():
    try:
        import pandas
    except ImportError as e:
        raise ImportError(
            "copydesk's data frames need pandas, which is not installed: "
            "pip install pandas (or pip install 'copydesk[pandas]')"
        ) from e
    return pandas


def _documents(docs):
    """The documents of ``docs`` (one document dict, or an iterable of them), without the
    error records of failed documents."""
    if isinstance(docs, dict):
        docs = [docs]
    for doc in docs:
        if not isinstance(doc, dict):
            raise TypeError(
                f"expected document dicts (from Pipeline.process or process_many), "
                f"got a {type(doc).__name__}"
            )
        if "error" not in doc:
            yield doc


def _layer(doc, name, stage):
    layer = doc.get(name)
    if layer is None:
        # The stage ran but passed this document by (a language it does not handle): it says
        # so in a diagnostic, and the document simply has no rows.
        if any(d.get("stage") == stage for d in doc.get("diagnostics", [])):
            return []
        raise ValueError(
            f"document {doc.get('id')!r} has no {name} layer: "
            f"its pipeline has no {stage} stage"
        )
    return layer


def _frame(rows, columns):
    pandas = _pandas()
    frame = pandas.DataFrame.from_records(rows, columns=list(columns))
    return frame.astype({"start": "int64", "end": "int64"})


# How each column of the CSV writer's tables is read from a document's JSON. The column names
# and their order come from the Rust writer (QUOTE_COLUMNS, ENTITY_COLUMNS): a column added
# there fails here loudly (KeyError at import) instead of drifting.
_QUOTE_CELLS = {
    "doc_id": lambda doc, q: doc["id"],
    "speaker": lambda doc, q: q["speaker"],
    "kind": lambda doc, q: q["kind"],
    "cue": lambda doc, q: q["cue"],
    "text": lambda doc, q: q["text"],
    "start": lambda doc, q: q["start"],
    "end": lambda doc, q: q["end"],
    "speaker_mention": lambda doc, q: q["speaker_mention"],
    "title": lambda doc, q: doc.get("meta", {}).get("title"),
    "date": lambda doc, q: doc.get("meta", {}).get("date"),
}
_ENTITY_CELLS = {
    "doc_id": lambda doc, e: doc["id"],
    "text": lambda doc, e: e["text"],
    "label": lambda doc, e: e["label"],
    "canonical": lambda doc, e: e["canonical"],
    "start": lambda doc, e: e["start"],
    "end": lambda doc, e: e["end"],
}
_QUOTE_ROW = [_QUOTE_CELLS[c] for c in QUOTE_COLUMNS]
_ENTITY_ROW = [_ENTITY_CELLS[c] for c in ENTITY_COLUMNS]


def quotes_frame(docs):
    """One row per quote, with the columns of the CSV writer's ``quotes`` table.

    ``docs``: a document dict or an iterable of them (a list, or ``process_many`` directly);
    error records are skipped. Offsets are code points into ``body``. An empty cell of the CSV
    (no speaker, no cue, no title ...) is ``None`` here.
    """
    rows = [
        [cell(doc, q) for cell in _QUOTE_ROW]
        for doc in _documents(docs)
        for q in _layer(doc, "quotes", "extract_quotes")
    ]
    return _frame(rows, QUOTE_COLUMNS)


def entities_frame(docs):
    """One row per entity mention, with the columns of the CSV writer's ``entities`` table.

    ``docs``: a document dict or an iterable of them; error records are skipped. Offsets are
    code points into ``body``.
    """
    rows = [
        [cell(doc, e) for cell in _ENTITY_ROW]
        for doc in _documents(docs)
        for e in _layer(doc, "entities", "tag_entities")
    ]
    return _frame(rows, ENTITY_COLUMNS)
