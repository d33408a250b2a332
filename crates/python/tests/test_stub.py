"""The `.pyi` stub names exactly the package's public API."""

import ast
from pathlib import Path

import copydesk

STUB = Path(copydesk.__file__).with_suffix(".pyi")


def test_stub_matches_the_public_api():
    tree = ast.parse(STUB.read_text())
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.AnnAssign):
            names.add(node.target.id)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets)
    assert set(copydesk.__all__) <= names
    pipeline = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Pipeline")
    methods = {n.name for n in pipeline.body if isinstance(n, ast.FunctionDef)}
    public = {m for m in dir(copydesk.Pipeline) if not m.startswith("_")}
    assert public == methods - {"__init__"}
