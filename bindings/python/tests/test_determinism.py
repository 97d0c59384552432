"""Determinism across languages: the 100 generated requests of tests/determinism/ (written by
crates/aksflow/tests/determinism.rs), rendered here from Python dicts, give YAML whose SHA-256
is the one Rust recorded in expected-sha256.json, byte for byte."""

from __future__ import annotations

import hashlib
import json

import aksflow

from conftest import ROOT

DIR = ROOT / "tests" / "determinism"


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_generated_requests_render_the_bytes_rust_renders() -> None:
    requests = json.loads((DIR / "requests.json").read_text(encoding="utf-8"))
    expected = json.loads((DIR / "expected-sha256.json").read_text(encoding="utf-8"))
    assert len(requests) == len(expected) == 100
    for i, request in enumerate(requests):
        actual = {
            "bundle": sha256(aksflow.render_bundle(request, output="yaml")),
            "workflow": sha256(aksflow.render_workflow(request, output="yaml")),
        }
        assert actual == expected[i], f"request {i}: {request}"
