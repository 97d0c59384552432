"""A Rust panic becomes aksflow.InternalError (a RuntimeError); the interpreter never aborts."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

import aksflow
from aksflow import _aksflow

ARM = "AKSFLOW_PYTHON_PANIC_FOR_TESTS"
REQUEST = {
    "clusterName": "web-dev",
    "location": "westeurope",
    "nodePoolType": "standard",
    "kubernetesVersion": "1.32",
}


def test_the_hook_is_inert_unless_armed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ARM, raising=False)
    with pytest.raises(RuntimeError, match="test hook") as caught:
        _aksflow._panic_for_tests()
    assert not isinstance(caught.value, aksflow.InternalError)


def test_a_panic_is_an_ordinary_exception(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ARM, "1")
    with pytest.raises(aksflow.InternalError, match="deliberate panic for tests") as caught:
        _aksflow._panic_for_tests()
    # `except Exception` catches it (pyo3's own PanicException is a BaseException).
    assert isinstance(caught.value, Exception)
    assert isinstance(caught.value, RuntimeError)
    assert isinstance(caught.value, aksflow.AksflowError)
    # The binding works on after it.
    assert aksflow.render_bundle(REQUEST, output="yaml").startswith("apiVersion: ")


def test_the_process_survives_a_panic() -> None:
    script = (
        "import aksflow\n"
        "from aksflow import _aksflow\n"
        "try:\n"
        "    _aksflow._panic_for_tests()\n"
        "except Exception as error:\n"
        "    print('caught', type(error).__name__)\n"
        "print(len(aksflow.render_workflow({'clusterName': 'a', 'location': 'westeurope',"
        " 'nodePoolType': 'standard', 'kubernetesVersion': '1.32'}, output='yaml')) > 0)\n"
    )
    env = {**os.environ, ARM: "1", "RUST_BACKTRACE": "0"}
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["caught InternalError", "True"]
    assert "deliberate panic for tests" in done.stderr  # the panic hook's report, for the bug report


@pytest.mark.skipif(
    os.environ.get("AKSFLOW_CORE_TEST_HOOKS") != "1",
    reason="built without the core test hooks (run test.sh)",
)
def test_a_panic_inside_the_core_is_an_exception_and_the_next_call_works() -> None:
    # The core's own hook (aksflow::test_hooks, compiled into test.sh's wheel): a request with
    # this name panics inside the core's validation, below the binding.
    hooked = {**REQUEST, "clusterName": "aksflow-test-hook-panic"}
    for call in (aksflow.validate, aksflow.render_bundle, aksflow.render_workflow):
        with pytest.raises(aksflow.InternalError, match="deliberate panic inside the core"):
            call(hooked)
    with pytest.raises(aksflow.InternalError, match="deliberate panic inside the core"):
        aksflow.render_bundle(
            'clusterName: aksflow-test-hook-panic\nlocation: westeurope\n'
            'nodePoolType: standard\nkubernetesVersion: "1.30"\n'
        )
    assert aksflow.render_bundle(REQUEST, output="yaml").startswith("apiVersion: ")
