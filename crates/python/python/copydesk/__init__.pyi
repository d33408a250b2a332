"""Type hints of the copydesk package (the native module plus the pandas frames)."""

from os import PathLike
from typing import Any, Dict, Iterable, Iterator, List, Optional, Tuple, Union

import pandas

__version__: str

#: The columns of the CSV writer's `quotes` table, in order.
QUOTE_COLUMNS: Tuple[str, ...]
#: The columns of the CSV writer's `entities` table, in order.
ENTITY_COLUMNS: Tuple[str, ...]

#: A document as the CLI's `jsonl` writer prints it (`id`, `source`, `meta`, `body`, layers,
#: `diagnostics`), or a failed document's error record (`id`, `source`, `error`).
Document = Dict[str, Any]
#: What `process_many` takes: a text, or a record `{"id", "text", ...}` (other keys go to meta).
Item = Union[str, Dict[str, Any]]

class Pipeline:
    """A copydesk pipeline: stages built once, shared by every call and thread."""

    def __init__(self) -> None:
        """The default pipeline (`config/default.toml`, what `copydesk run` uses)."""
    @staticmethod
    def from_toml(text: str) -> "Pipeline":
        """A pipeline from TOML text. Raises ValueError with what `copydesk check` prints
        (the file is named `<string>`)."""
    @staticmethod
    def from_file(path: Union[str, "PathLike[str]"]) -> "Pipeline":
        """A pipeline from a TOML file. Raises ValueError with what `copydesk check FILE`
        prints; FileNotFoundError / OSError when the file cannot be read."""
    def process(
        self,
        text: str,
        id: Optional[Union[str, int]] = None,
        source: Optional[str] = None,
        **meta: Any,
    ) -> Document:
        """One document: exactly what the CLI's `jsonl` writer prints for the record
        `{"id": id, "text": text, **meta}`. `source` defaults to `"<python>"`, the id to the
        source. Raises ValueError (`"<source>: <why>"`) when the document fails."""
    def process_many(
        self,
        iterable: Iterable[Item],
        jobs: Optional[int] = None,
        *,
        source: Optional[str] = None,
    ) -> "Documents":
        """Documents of many items, in input order, run on `jobs` Rust threads (default:
        every core) without the GIL. Item N (from 1) has the source `"<source>:N"`
        (`"<python>:N"` by default). A failing item yields its error record."""
    def to_toml(self) -> str:
        """The resolved pipeline: every option with its value."""
    @property
    def stage_names(self) -> List[str]:
        """The instance names of the stages, in order."""

class Documents(Iterator[Document]):
    """The iterator `Pipeline.process_many` returns; one thread at a time."""

    def __iter__(self) -> "Documents": ...
    def __next__(self) -> Document: ...

def stages() -> List[Dict[str, Any]]:
    """What `copydesk stages` lists: `{"name", "kind" ("stage" or "writer"), "summary",
    "requires", "provides", "options": [{"key", "type", "default", "doc"}]}` per entry."""

def describe_stages() -> str:
    """The text `copydesk stages` prints."""

def quotes_frame(docs: Union[Document, Iterable[Document]]) -> pandas.DataFrame:
    """One row per quote, the CSV writer's quotes columns; error records are skipped.
    Raises ImportError without pandas."""

def entities_frame(docs: Union[Document, Iterable[Document]]) -> pandas.DataFrame:
    """One row per entity mention, the CSV writer's entities columns; error records are
    skipped. Raises ImportError without pandas."""
