"""Benchmark: the CPU of `playbook build` against the CPU of the engine alone building the same sources.

For the example's draft (French and English, its releases left out) and for a playbook ten times larger (made as
`make_larger` makes it), each run times three whole processes, one after the other:

1. `playbook render --out SRC`: what playbook hands to the engine, written (load, validate, render);
2. the engine alone on those sources: `python -m mkdocs build -f SRC/<language>/mkdocs.yml`, for each language;
3. `playbook build --jobs 1`: the whole build, from the YAML to the published site.

CPU is user + system time of the process and the processes it waited for (getrusage of the children), so the
figures hold on a machine with other work; wall time is printed beside it. Medians of --runs runs, the three
commands paired within each run. The ratio is build CPU / engine CPU: what playbook adds to the engine's own work.
Run from the repository root:  python benchmarks/compile_vs_engine.py [--factor 10] [--runs 3]
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from compile_vs_build import make_larger  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}


def _timed(command: list[str]) -> tuple[float, float]:
    """CPU and wall seconds of one whole process (and those it waited for)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, env=ENV, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall


def draft_only(source: Path, dest: Path) -> Path:
    """The draft of the playbook in `source`, without its releases, in `dest`."""
    dest.mkdir(parents=True)
    shutil.copytree(source / "content", dest / "content")
    shutil.copy(source / "site_config.yml", dest / "site_config.yml")
    return dest


def measure(root: Path, runs: int, work: Path) -> dict[str, tuple[float, float]]:
    """Median (CPU, wall) seconds of render, of the engine alone, and of the whole build."""
    # the command line, with the 1 MB bound of a playbook lifted for the larger one (--jobs 1 builds in this process)
    playbook = [sys.executable, "-c", "import sys, generator.load as load; load.MAX_PLAYBOOK_BYTES = 1 << 30; "
                "from generator.cli import main; sys.exit(main(sys.argv[1:]))"]
    figures: dict[str, list[tuple[float, float]]] = {"render": [], "engine": [], "build": []}
    for run in range(runs):
        sources = work / f"src-{run}"
        figures["render"].append(_timed([*playbook, "render", "-q", "--out", str(sources), "-C", str(root)]))
        cpu = wall = 0.0
        for config_file in sorted(sources.glob("*/mkdocs.yml")):
            spent = _timed([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config_file),
                            "-d", str(work / f"engine-{run}-{config_file.parent.name}")])
            cpu, wall = cpu + spent[0], wall + spent[1]
        figures["engine"].append((cpu, wall))
        figures["build"].append(_timed([*playbook, "build", "-q", "--jobs", "1", "--out",
                                        str(work / f"site-{run}"), "-C", str(root)]))
    return {name: (statistics.median(c for c, _ in values), statistics.median(w for _, w in values))
            for name, values in figures.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factor", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"load average at the start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}; {os.cpu_count()} cores")
    print(f"{'median seconds':<22}{'render cpu':>11}{'engine cpu':>11}{'build cpu':>10}{'ratio cpu':>10}"
          f"{'engine wall':>12}{'build wall':>11}{'ratio wall':>11}")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        example = draft_only(ROOT, tmp / "example")
        larger = make_larger(ROOT, tmp / "larger", args.factor)
        for name, root in (("example draft", example), (f"example x{args.factor} draft", larger)):
            work = tmp / f"work-{root.name}"
            work.mkdir()
            got = measure(root, args.runs, work)
            (rc, _), (ec, ew), (bc, bw) = got["render"], got["engine"], got["build"]
            print(f"{name:<22}{rc:>11.2f}{ec:>11.2f}{bc:>10.2f}{bc / ec:>10.2f}{ew:>12.2f}{bw:>11.2f}{bw / ew:>11.2f}")
    print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
