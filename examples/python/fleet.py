#!/usr/bin/env python3
"""Render a fleet: every cluster request of a fleet file, into a folder, one subfolder per cluster.

    python examples/python/fleet.py examples/python/fleet.yaml out/

The fleet file is a YAML (or JSON) list of cluster requests, or a mapping with a ``clusters`` list.
For each valid request it writes ``OUT/<clusterName>/bundle.yaml`` (every object, in apply order),
``workflow.yaml`` (the provisioning Workflow) and ``parameters.json`` (the design's 12 flat
parameters). Invalid requests are listed with every violation on stderr, and the exit status is 1.

A progress bar (tqdm) shows on a terminal and stays silent otherwise (CI logs, pipes). Requests
render on a few threads: the binding releases the interpreter while Rust works.

Requires: the aksflow wheel, PyYAML, tqdm.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import yaml
from tqdm import tqdm

import aksflow

try:  # libyaml's loader when PyYAML has it
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as Loader  # type: ignore[assignment]


def read_fleet(path: Path) -> List[Dict[str, Any]]:
    """The requests of a fleet file: a list, or a mapping with a ``clusters`` list."""
    document = yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)
    if isinstance(document, dict):
        document = document.get("clusters")
    if not isinstance(document, list):
        raise SystemExit(f"{path}: expected a list of cluster requests (or clusters: [...])")
    return document


def render_one(request: Any, out: Path) -> Tuple[str, Optional[aksflow.ValidationError]]:
    """Renders one request into ``out/<clusterName>/``; returns its name and any violations."""
    name = str(request.get("clusterName", "?")) if isinstance(request, dict) else "?"
    try:
        bundle = aksflow.render_bundle(request, output="yaml")
        workflow = aksflow.render_workflow(request, output="yaml")
        parameters = aksflow.generate_workflow_parameters(request)
    except aksflow.ValidationError as error:
        return name, error
    folder = out / name  # a valid clusterName is a DNS label: safe as a folder name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bundle.yaml").write_text(bundle, encoding="utf-8")
    (folder / "workflow.yaml").write_text(workflow, encoding="utf-8")
    (folder / "parameters.json").write_text(json.dumps(parameters, indent=2) + "\n", encoding="utf-8")
    return name, None


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("fleet", type=Path, help="the fleet file (YAML or JSON list of requests)")
    parser.add_argument("out", type=Path, help="the folder to write into (created if missing)")
    parser.add_argument("--jobs", type=int, default=min(4, os.cpu_count() or 1), help="threads")
    args = parser.parse_args(argv)

    requests = read_fleet(args.fleet)
    args.out.mkdir(parents=True, exist_ok=True)
    failures: List[Tuple[int, str, aksflow.ValidationError]] = []
    # disable=None: the bar shows only when stderr is a terminal.
    with tqdm(total=len(requests), unit="cluster", disable=None, file=sys.stderr) as bar:
        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            jobs = [pool.submit(render_one, request, args.out) for request in requests]
            for index, job in enumerate(jobs):
                name, error = job.result()
                if error is not None:
                    failures.append((index, name, error))
                bar.update(1)

    for index, name, error in failures:
        print(f"request {index} ({name}): {error.error_count()} violation(s)", file=sys.stderr)
        for detail in error.errors():
            print(f"  {detail['path'] or '<request>'}: {detail['msg']} [{detail['type']}]", file=sys.stderr)
    rendered = len(requests) - len(failures)
    print(f"rendered {rendered} of {len(requests)} clusters into {args.out}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
