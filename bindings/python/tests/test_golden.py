"""Every golden case, through the binding: byte-identical YAML/JSON to Rust's, the same violation
codes and paths. Each case runs twice: the request as text (the core's YAML reader) and as the
dict PyYAML makes of it; both must agree with the expected files.

Run the same way as crates/aksflow/tests/golden.rs: request.yaml (+ profiles.yaml, options.yaml
with rbac:) in; expected.yaml, expected-params.json, expected-workflow.yaml or expected-errors.json out.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Dict, Optional, Tuple, Union

import pytest
import yaml

import aksflow
from conftest import GOLDEN

CASES = sorted(d for d in GOLDEN.iterdir() if (d / "request.yaml").is_file())

def test_there_are_golden_cases() -> None:
    assert len(CASES) >= 25


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _options(case: Path) -> str:
    path = case / "options.yaml"
    if not path.exists():
        return "least-privilege"
    options = yaml.safe_load(_read(path)) or {}
    assert set(options) <= {"rbac"}, f"options.yaml: unknown keys {set(options) - {'rbac'}}"
    return str(options.get("rbac") or "least-privilege")


_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def display(loc: Tuple[Union[str, int], ...]) -> str:
    """A loc tuple in the display form of Rust's FieldPath (to check loc against path)."""
    out = ""
    for i, segment in enumerate(loc):
        if isinstance(segment, int):
            out += f"[{segment}]"
        elif _PLAIN_KEY.match(segment):
            out += ("." if i > 0 else "") + segment
        else:
            out += "[" + json.dumps(segment, ensure_ascii=False) + "]"
    return out


def _run(case: Path, request: Any, profiles: Any) -> Dict[str, Any]:
    """What the case produces: the three rendered texts, or the violations."""
    rbac = _options(case)
    try:
        bundle = aksflow.render_bundle(request, output="yaml", rbac=rbac, profiles=profiles)
    except aksflow.ValidationError as error:
        errors = error.errors()
        assert error.error_count() == len(errors) > 0
        for e in errors:
            assert display(e["loc"]) == e["path"], e
        # Every entry point agrees on the violations.
        with pytest.raises(aksflow.ValidationError) as again:
            aksflow.validate(request, profiles=profiles)
        assert again.value.errors() == errors
        return {"errors": [{"path": e["path"], "code": e["type"]} for e in errors]}
    params = aksflow.generate_workflow_parameters(request, profiles=profiles)
    workflow = aksflow.render_workflow(request, output="yaml", profiles=profiles)
    aksflow.validate(request, profiles=profiles)
    return {
        "bundle": bundle,
        "params": json.dumps(params, indent=2, ensure_ascii=False) + "\n",
        "workflow": workflow,
    }


def _check(case: Path, outcome: Dict[str, Any]) -> None:
    expected_errors = case / "expected-errors.json"
    if expected_errors.exists():
        assert "errors" in outcome, f"{case.name}: rendered, but expected violations"
        assert outcome["errors"] == json.loads(_read(expected_errors))
        return
    assert "errors" not in outcome, f"{case.name}: rejected: {outcome.get('errors')}"
    assert outcome["bundle"] == _read(case / "expected.yaml")
    assert outcome["params"] == _read(case / "expected-params.json")
    assert outcome["workflow"] == _read(case / "expected-workflow.yaml")


def _profiles_text(case: Path) -> Optional[str]:
    path = case / "profiles.yaml"
    return _read(path) if path.exists() else None


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden_from_text(case: Path) -> None:
    _check(case, _run(case, _read(case / "request.yaml"), _profiles_text(case)))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden_from_dict(case: Path) -> None:
    request = yaml.safe_load(_read(case / "request.yaml"))
    profiles_text = _profiles_text(case)
    profiles = yaml.safe_load(profiles_text) if profiles_text is not None else None
    if not isinstance(request, dict):
        pytest.skip(f"request.yaml is not a mapping to PyYAML: {type(request).__name__}")
    _check(case, _run(case, request, profiles))
