"""Benchmark: time of the example's render step with its charts drawn (matplotlib imported) and read from the cache.

Each run is a fresh process, as a build is, with a cache folder of its own whose compiled templates are warm; the
charts are either removed before it (drawn, as every build drew them before the charts' cache) or kept.
Run from the repository root:  python benchmarks/charts_cache.py [--runs 3]
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RENDER = """
import sys, time
from pathlib import Path
from generator.load import load_project
from generator.render import render
from generator.validate import validate
playbook, _ = validate(load_project(Path(sys.argv[1])))
start = time.perf_counter()
render(playbook)
print(time.perf_counter() - start, "matplotlib" in sys.modules)
"""


def _render(cache: Path) -> tuple[float, bool]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", RENDER, str(ROOT)], env=env, capture_output=True, text=True,
                         check=True).stdout.split()
    return float(out[0]), out[1] == "True"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        _render(Path(tmp))  # compiled templates and charts made once
        drawn, read = [], []
        for _ in range(args.runs):
            shutil.rmtree(Path(tmp) / "playbook" / "charts")
            drawn.append(_render(Path(tmp)))
            read.append(_render(Path(tmp)))
    for name, runs in (("charts drawn", drawn), ("charts cached", read)):
        imported = "yes" if any(m for _, m in runs) else "no"
        print(f"{name:<16}render {statistics.median(s for s, _ in runs):.3f} s   matplotlib imported: {imported}")


if __name__ == "__main__":
    main()
