"""Pipelines from TOML, errors as `copydesk check` prints them, and `stages()`."""

import pytest

import copydesk
from conftest import ROOT

BAD = """[[stage]]
type = "tokenise"

[[stage]]
type = "extract_quotes"
[stage.options]
max_len = 3
"""


def test_bad_file_raises_what_check_prints(cli, tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(BAD)
    _, err, code = cli("check", path)
    assert code == 2
    with pytest.raises(ValueError) as e:
        copydesk.Pipeline.from_file(path)
    assert str(e.value) == err.rstrip("\n")
    message = str(e.value)
    assert f"{path}:2:8: stage #1 'tokenise': unknown stage 'tokenise', did you mean 'tokenize'?" in message
    assert f"{path}:7:1: stage #2 'extract_quotes': unknown option 'max_len'" in message
    assert message.endswith("copydesk: 2 errors in the pipeline")


def test_bad_text_names_the_file_string(cli, tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(BAD)
    _, err, _ = cli("check", path)
    with pytest.raises(ValueError) as e:
        copydesk.Pipeline.from_toml(BAD)
    assert str(e.value) == err.rstrip("\n").replace(str(path), "<string>")


@pytest.mark.parametrize(
    "toml, fragment",
    [
        ("[[stage]]\ntype = \n", "<string>:2:"),
        ('[[stage]]\ntype = "extract_quotes"\n', "requires the tokens layer"),
        ('[[stage]]\ntype = "jsnol"\n', "did you mean 'jsonl'"),
    ],
)
def test_config_errors(toml, fragment):
    with pytest.raises(ValueError, match="copydesk: error: ") as e:
        copydesk.Pipeline.from_toml(toml)
    assert fragment in str(e.value)


def test_unreadable_file():
    with pytest.raises(FileNotFoundError, match="cannot read pipeline /nonexistent/p.toml"):
        copydesk.Pipeline.from_file("/nonexistent/p.toml")


@pytest.mark.parametrize("path", sorted((ROOT / "config").glob("*.toml")), ids=lambda p: p.name)
def test_every_shipped_config_loads(path, cli):
    out, err, code = cli("check", path)
    assert code == 0, err
    pipeline = copydesk.Pipeline.from_file(path)
    assert len(pipeline.stage_names) == int(out.split("(")[1].split(" stage")[0])


def test_to_toml_round_trips():
    pipeline = copydesk.Pipeline()
    again = copydesk.Pipeline.from_toml(pipeline.to_toml())
    assert again.to_toml() == pipeline.to_toml()
    assert again.stage_names == pipeline.stage_names


def test_stages_is_what_the_cli_lists(cli):
    out, _, code = cli("stages")
    assert code == 0
    assert copydesk.describe_stages() == out
    listed = copydesk.stages()
    registered = (ROOT / "tests" / "data" / "registered.txt").read_text().split("\n")
    assert [f"{s['kind']} {s['name']}" for s in listed] == [r for r in registered if r]
    for s in listed:
        assert f"  {s['name']}  {s['summary']}\n" in out
        if s["kind"] == "stage":
            requires = ", ".join(s["requires"]) or "-"
            provides = ", ".join(s["provides"]) or "-"
            assert f"  {s['name']}  {s['summary']}\n    requires: {requires}; provides: {provides};" in out
        for o in s["options"]:
            assert f"    {o['key']} ({o['type']}, default " in out
            assert o["doc"] in out
    quotes = next(s for s in listed if s["name"] == "extract_quotes")
    assert quotes["requires"] == ["paragraphs", "tokens", "sentences"]
    options = {o["key"]: o["default"] for o in quotes["options"]}
    assert options["kinds"] == ["direct", "partial", "indirect"]
    assert options["single_quotes"] is True
    jsonl = next(s for s in listed if s["name"] == "jsonl")
    assert jsonl["kind"] == "writer" and jsonl["provides"] == []
    assert jsonl["options"] == [
        {"key": "omit_body", "type": "boolean", "default": False,
         "doc": "leave `body` out of each record"}
    ]
