"""The hostile corpus (tests/hostile/, expectations in expected.json, written by
crates/aksflow/tests/hostile.rs), through the binding as text: the same violations (path and code),
or a parse error naming a line. The generated cases (huge, deeply nested) run in Rust only."""

from __future__ import annotations

import json
import re

import pytest

import aksflow

from conftest import ROOT

DIR = ROOT / "tests" / "hostile"
EXPECTED = json.loads((DIR / "expected.json").read_text(encoding="utf-8"))
FILES = sorted(
    p.name for p in DIR.iterdir() if p.suffix in (".yaml", ".json") and p.name != "expected.json"
)


def test_the_corpus_is_there() -> None:
    assert len(FILES) >= 20


@pytest.mark.parametrize("name", FILES)
def test_hostile_input_is_rejected_as_in_rust(name: str) -> None:
    want = EXPECTED[name]
    text = (DIR / name).read_text(encoding="utf-8")
    if "violations" in want:
        with pytest.raises(aksflow.ValidationError) as caught:
            aksflow.validate(text)
        found = [[e["path"], e["type"]] for e in caught.value.errors()]
        assert found == want["violations"]
    else:
        with pytest.raises(aksflow.ParseError) as parse:
            aksflow.validate(text)
        assert re.search(r"line \d+", str(parse.value))
