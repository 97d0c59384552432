"""examples/python/fleet.py: renders a fleet into a folder; a progress bar only on a terminal."""

from __future__ import annotations

import json
import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

import yaml

from conftest import ROOT

FLEET = ROOT / "examples" / "python" / "fleet.py"
FLEET_FILE = ROOT / "examples" / "python" / "fleet.yaml"


def test_fleet_renders_every_cluster_silently_when_not_a_tty(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(FLEET), str(FLEET_FILE), str(tmp_path)],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # no progress bar in a pipe
    names = [c["clusterName"] for c in yaml.safe_load(FLEET_FILE.read_text())["clusters"]]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names)
    for name in names:
        bundle = list(yaml.safe_load_all((tmp_path / name / "bundle.yaml").read_text()))
        assert bundle[0]["kind"] == "ResourceGroup"
        workflow = yaml.safe_load((tmp_path / name / "workflow.yaml").read_text())
        assert workflow["kind"] == "Workflow"
        assert json.loads((tmp_path / name / "parameters.json").read_text())["cluster-name"] == name


def test_fleet_lists_every_violation_and_fails(tmp_path: Path) -> None:
    fleet = tmp_path / "fleet.yaml"
    fleet.write_text(
        yaml.safe_dump(
            [
                {"clusterName": "ok-one", "location": "westeurope", "nodePoolType": "standard",
                 "kubernetesVersion": "1.32"},
                {"clusterName": "Bad_Name", "location": "atlantis", "nodePoolType": "standard",
                 "kubernetesVersion": "1.32"},
            ]
        )
    )
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, str(FLEET), str(fleet), str(out)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 1
    assert "request 1 (Bad_Name): 2 violation(s)" in done.stderr
    assert "clusterName:" in done.stderr and "[unknown_value]" in done.stderr
    assert [p.name for p in out.iterdir()] == ["ok-one"]


def test_fleet_shows_a_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    primary, secondary = pty.openpty()
    # A terminal 80 columns wide (a new pty is 0x0, where tqdm draws an empty bar).
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    try:
        done = subprocess.run(
            [sys.executable, str(FLEET), str(FLEET_FILE), str(tmp_path)],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=secondary, timeout=120,
        )
        os.close(secondary)
        secondary = -1
        screen = b""
        while True:
            try:
                chunk = os.read(primary, 65536)
            except OSError:  # EIO: the terminal's other end is closed
                break
            if not chunk:
                break
            screen += chunk
    finally:
        if secondary != -1:
            os.close(secondary)
        os.close(primary)
    assert done.returncode == 0
    assert b"3/3" in screen and b"cluster/s" in screen, screen
