"""The typed usage file runs (mypy --strict checks it in test.sh; here it must also work)."""

from __future__ import annotations

import typing_usage


def test_the_typed_usage_runs() -> None:
    typing_usage.main()
