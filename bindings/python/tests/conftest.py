"""Shared fixtures: the repository's golden cases (tests/golden/<case>/)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
GOLDEN = ROOT / "tests" / "golden"
