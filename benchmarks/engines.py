"""Benchmark: MkDocs (with Material) and Zensical side by side, on the same playbooks.

For each engine: the cold build (no release cache) and the warm build (the same build again, the releases
copied from the cache) of the example with its releases and both languages, and of a playbook ten times
larger (its draft in both languages, made as benchmarks/compile_vs_build.py makes it; --factor sets how many
times), each a whole
`playbook build` process; then the preview's edit-to-visible latency (as benchmarks/preview_latency.py
measures it) for an edit of one page's text and of every page's text. Medians of `--runs`.
Run from the repository root:  python benchmarks/engines.py [--runs 3] [--factor 10]
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from compile_vs_build import make_larger
from preview_latency import EDITS, ENV, ROOT, _draft, preview_latencies

ENGINES = ("mkdocs", "zensical")


def _example(dest: Path) -> Path:
    shutil.copytree(ROOT / "content", dest / "content")
    shutil.copytree(ROOT / "releases", dest / "releases")
    shutil.copy(ROOT / "site_config.yml", dest / "site_config.yml")
    return dest


# `playbook build` with the bound on a playbook's size lifted: the example ten times larger is past it (1.3 MB)
BUILD = ("import sys, generator.load as load; load.MAX_PLAYBOOK_BYTES = 1 << 30; from generator.cli import main; "
         "sys.exit(main(sys.argv[1:]))")


def _build(root: Path, engine: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", BUILD, "build", "-q", "-C", str(root), "--engine", engine],
                   check=True, env=ENV)
    return time.perf_counter() - started


def cold_and_warm(root: Path, engine: str, runs: int) -> tuple[list[float], list[float]]:
    """`runs` cold builds (output and release cache removed first), each followed by a warm one."""
    cold, warm = [], []
    for _ in range(runs):
        shutil.rmtree(root / "site", ignore_errors=True)
        shutil.rmtree(root / ".playbook", ignore_errors=True)
        cold.append(_build(root, engine))
        warm.append(_build(root, engine))
    return cold, warm


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--factor", type=int, default=10)
    args = parser.parse_args()
    rows: dict[str, dict[str, list[float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        example = _example(Path(tmp) / "example")
        larger = make_larger(ROOT, Path(tmp) / "larger", args.factor)
        draft = _draft(Path(tmp) / "draft", "one")
        for engine in ENGINES:
            for name, root in (("example", example), (f"{args.factor}x larger", larger)):
                cold, warm = cold_and_warm(root, engine, args.runs)
                rows.setdefault(f"{name}, cold build", {})[engine] = cold
                rows.setdefault(f"{name}, warm build", {})[engine] = warm
            for name, edit in EDITS.items():
                rows.setdefault(name, {})[engine] = preview_latencies(draft, args.runs, *edit, engine=engine)
    print(f"{'median seconds':32}" + "".join(f"{engine:>10}" for engine in ENGINES) + f"{'ratio':>8}")
    for name, by_engine in rows.items():
        medians = [statistics.median(by_engine[engine]) for engine in ENGINES]
        print(f"{name:32}" + "".join(f"{m:10.2f}" for m in medians) + f"{medians[1] / medians[0]:8.2f}")


if __name__ == "__main__":
    main()
