"""Benchmark: build time against the number of releases, cold (empty cache) and warm (draft edited).

Frozen releases are built once and then copied from the cache, so after an edit of the draft a
site with 20 releases should cost about what a site with 1 release costs.

Then the cold build of 5 and 20 releases with one job and with two at once (`playbook build --jobs`), one after
the other on the same run, with their ratio and the machine's load average before and after.
Run from the repository root:  python benchmarks/releases_scaling.py [--counts 1 5 20] [--parallel 5 20]
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.commands import build, release  # noqa: E402


def _set_x_target(root: Path, minutes: int) -> None:
    path = root / "content" / "comments.yml"
    lines = path.read_text(encoding="utf-8").split("\n")
    index = lines.index("  - network: x")
    lines[index + 1] = f"    target_minutes: {minutes}"
    path.write_text("\n".join(lines), encoding="utf-8")


def playbook_with_releases(dest: Path, count: int) -> Path:
    """The example's content with `count` releases, each changing the response time on X."""
    dest.mkdir(parents=True)
    shutil.copy(ROOT / "site_config.yml", dest / "site_config.yml")
    shutil.copytree(ROOT / "content", dest / "content")
    for n in range(1, count + 1):
        _set_x_target(dest, 10 + n)
        release.run(dest, f"{n}.0", "Claire Vasseur", "Directrice générale", date(2026, 1, 1) + timedelta(days=n))
    _set_x_target(dest, 5)
    return dest


def timed(root: Path, jobs: int = 1) -> tuple[float, build.Built]:
    start = time.perf_counter()
    built = build.run(root, jobs=jobs)
    return time.perf_counter() - start, built


def cold(root: Path, jobs: int) -> float:
    """A build with an empty cache."""
    shutil.rmtree(root / ".playbook", ignore_errors=True)
    return timed(root, jobs)[0]


def load() -> str:
    return " ".join(f"{figure:.2f}" for figure in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", type=int, nargs="*", default=[1, 5, 20])
    parser.add_argument("--parallel", type=int, nargs="*", default=[5, 20],
                        help="the release counts whose cold build is timed with --jobs 1 and --jobs 2")
    args = parser.parse_args()
    print(f"{'releases':>8}{'cold s':>9}{'warm s':>9}{'rebuilt':>9}{'reused':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for count in args.counts:
            root = playbook_with_releases(Path(tmp) / f"p{count}", count)
            first, _ = timed(root)
            _set_x_target(root, 7)  # an edit of the draft
            warm, built = timed(root)
            rebuilt = len(built.versions) - len(built.reused)
            print(f"{count:>8}{first:>9.2f}{warm:>9.2f}{rebuilt:>9}{len(built.reused):>8}")
        if args.parallel:
            print(f"\n{'releases':>8}{'jobs 1 s':>10}{'jobs 2 s':>10}{'ratio':>7}   load average before / after "
                  f"({os.cpu_count()} processors)")
        for count in args.parallel:
            root = Path(tmp) / f"p{count}"
            if not root.exists():
                root = playbook_with_releases(root, count)
            before = load()
            one, two = cold(root, 1), cold(root, 2)
            print(f"{count:>8}{one:>10.2f}{two:>10.2f}{two / one:>7.2f}   {before} / {load()}")


if __name__ == "__main__":
    main()
