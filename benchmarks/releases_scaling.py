"""Benchmark: build time against the number of releases, cold (empty cache) and warm (draft edited).

Frozen releases are built once and then copied from the cache, so after an edit of the draft a
site with 20 releases should cost about what a site with 1 release costs.
Run from the repository root:  python benchmarks/releases_scaling.py [--counts 1 5 20]
"""
from __future__ import annotations

import argparse
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


def timed(root: Path) -> tuple[float, build.Built]:
    start = time.perf_counter()
    built = build.run(root)
    return time.perf_counter() - start, built


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[1, 5, 20])
    args = parser.parse_args()
    print(f"{'releases':>8}{'cold s':>9}{'warm s':>9}{'rebuilt':>9}{'reused':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for count in args.counts:
            root = playbook_with_releases(Path(tmp) / f"p{count}", count)
            cold, _ = timed(root)
            _set_x_target(root, 7)  # an edit of the draft
            warm, built = timed(root)
            rebuilt = len(built.versions) - len(built.reused)
            print(f"{count:>8}{cold:>9.2f}{warm:>9.2f}{rebuilt:>9}{len(built.reused):>8}")


if __name__ == "__main__":
    main()
