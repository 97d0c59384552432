#!/usr/bin/env python3
"""aksflow's Python binding vs plain Python: the provisioning Workflow of 10,000 distinct requests.

    python benches/python/bench_render.py [--n 10000] [--repeat 3]

Needs the aksflow wheel (a release build: `maturin build --release` in bindings/python) and PyYAML
with libyaml (its C dumper); the baseline is benches/python/plain_python.py. Both run in the same
process on the same requests (the distribution of benches/render.rs), best of --repeat runs each.
A benchmark, not a test: nothing is asserted about speed. Figures go into benches/python/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable, Dict, List

import yaml

import aksflow

sys.path.insert(0, str(Path(__file__).resolve().parent))
import plain_python  # noqa: E402

REGIONS = ["westeurope", "northeurope", "eastus2", "uksouth", "swedencentral"]
TYPES = ["standard", "memory-optimized", "compute-optimized"]


def requests(n: int) -> List[Dict[str, Any]]:
    """n distinct requests, varied as in benches/render.rs (names, profiles, regions, NAP,
    identity, GitOps, API versions)."""
    out = []
    for i in range(n):
        request: Dict[str, Any] = {
            "clusterName": f"cluster-{i:05}",
            "location": REGIONS[i % len(REGIONS)],
            "nodePoolType": TYPES[i % len(TYPES)],
            "kubernetesVersion": "1.32" if i % 2 == 0 else "1.31.5",
            "enableNAP": i % 4 != 0,
            "tags": {"team": f"team-{i % 97}", "env": "prod"},
        }
        if i % 3 == 0:
            request["gitops"] = {"url": "https://github.com/org/fleet", "branch": "main"}
        if i % 5 == 0:
            request["identity"] = {"type": "UserAssigned"}
        if i % 7 == 0:
            request["apiVersions"] = {"nodePool": "v1beta1", "aksNodeClass": "v1alpha2"}
        out.append(request)
    return out


def best(repeat: int, run: Callable[[], Any]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    reqs = requests(args.n)
    texts = [json.dumps(r) for r in reqs]

    # Same job: the outputs agree but for quoting (and the v1beta1 NodePool, see plain_python).
    same = 0
    for r in reqs[:200]:
        if "apiVersions" in r:
            continue
        unquote = str.maketrans("", "", "'\"")
        ours = aksflow.render_workflow(r, output="yaml").translate(unquote)
        theirs = plain_python.render_workflow_yaml(r).translate(unquote)
        assert ours == theirs, r["clusterName"]
        same += 1
    sample = reqs[:1000]
    bytes_aksflow = sum(len(aksflow.render_workflow(r, output="yaml")) for r in sample) / len(sample)
    bytes_plain = sum(len(plain_python.render_workflow_yaml(r)) for r in sample) / len(sample)

    def aksflow_yaml() -> None:
        for r in reqs:
            aksflow.render_workflow(r, output="yaml")

    def aksflow_text() -> None:
        for t in texts:
            aksflow.render_workflow(t, output="yaml")

    def aksflow_validate() -> None:
        for r in reqs:
            aksflow.validate(r)

    def aksflow_objects() -> None:
        for r in reqs:
            aksflow.render_workflow(r)

    def aksflow_threads() -> None:
        with ThreadPoolExecutor(max_workers=2) as pool:
            for _ in pool.map(lambda r: aksflow.render_workflow(r, output="yaml"), reqs, chunksize=64):
                pass

    def plain() -> None:
        for r in reqs:
            plain_python.render_workflow_yaml(r)

    # Where the plain-Python time goes: the dumps alone.
    dump_time = [0.0]
    original_dump = plain_python.dump

    def timed_dump(document: Any) -> str:
        start = time.perf_counter()
        try:
            return original_dump(document)
        finally:
            dump_time[0] += time.perf_counter() - start

    aksflow_yaml()  # warm up
    plain_python.render_workflow_yaml(reqs[0])
    t_aksflow = best(args.repeat, aksflow_yaml)
    t_text = best(args.repeat, aksflow_text)
    t_validate = best(args.repeat, aksflow_validate)
    t_objects = best(args.repeat, aksflow_objects)
    t_threads = best(args.repeat, aksflow_threads)
    t_plain = best(args.repeat, plain)
    plain_python.dump = timed_dump
    dump_time[0] = 0.0
    t_plain_again = best(1, plain)
    plain_python.dump = original_dump
    dump_share = dump_time[0] / t_plain_again

    n = args.n
    per = lambda t: f"{t / n * 1e6:,.1f} µs"  # noqa: E731
    print(f"# {n:,} distinct requests, best of {args.repeat}; Python {platform.python_version()}, "
          f"PyYAML {yaml.__version__} (C dumper: {plain_python.C_DUMPER}), aksflow {aksflow.__version__}")
    print(f"# same job: {same} outputs checked equal but for quoting; "
          f"mean size {bytes_aksflow:,.0f} B (aksflow) vs {bytes_plain:,.0f} B (plain)\n")
    print("| what | total | per request | requests/s |")
    print("|---|---:|---:|---:|")
    rows = [
        ("aksflow `render_workflow(dict, output=\"yaml\")`", t_aksflow),
        ("aksflow, request as JSON text (no dict conversion)", t_text),
        ("aksflow `render_workflow(dict)` → dicts", t_objects),
        ("aksflow `validate(dict)` only", t_validate),
        ("aksflow yaml, 2 threads", t_threads),
        ("plain Python (dicts + PyYAML CSafeDumper)", t_plain),
    ]
    for label, t in rows:
        print(f"| {label} | {t:.3f} s | {per(t)} | {n / t:,.0f} |")
    print(f"\nratio plain / aksflow (yaml, one thread): {t_plain / t_aksflow:.1f}x")
    print(f"ratio plain / aksflow (yaml, 2 threads): {t_plain / t_threads:.1f}x")
    print(f"plain Python: {dump_share:.0%} of its time in yaml.dump (libyaml + PyYAML's representer)")
    print(f"aksflow: validate share {t_validate / t_aksflow:.0%}; "
          f"dict conversion ≈ {max(0.0, t_aksflow - t_text) / t_aksflow:.0%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
