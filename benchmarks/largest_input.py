"""Benchmark: check and build of the largest playbook the size bounds accept, in a few shapes.

Each shape starts from the English starter and fills it up to the bounds of generator/load.py
(MAX_FILE_BYTES per content file, MAX_PLAYBOOK_BYTES per playbook). A build of each must stay
within a minute on a 2-core machine. Run from the repository root:  python benchmarks/largest_input.py
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.commands import build, check  # noqa: E402
from generator.load import MAX_FILE_BYTES, MAX_PLAYBOOK_BYTES  # noqa: E402
from generator.resources import scaffold_dir  # noqa: E402

KPI = """
  - id: kpi-{i}
    name: Indicator number {i}
    type: engagement
    definition: What indicator {i} measures, in a *sentence* or two, with a [link](https://example.org/{i}).
    formula: Count of things number {i} / reach x 100
    target: {i} per month
    frequency: monthly
    owner: social-media-manager
    source: Platform statistics
"""


def _fill(path: Path, head: str, item, budget: int = MAX_FILE_BYTES - 512) -> None:
    """Write `head` then items `item(i)` while the file stays within `budget` bytes."""
    parts, size, i = [head], len(head.encode()), 0
    while size + len(item(i).encode()) <= budget:
        parts.append(item(i))
        size += len(parts[-1].encode())
        i += 1
    path.write_text("".join(parts), encoding="utf-8")


def _page(folder: Path, name: str, body) -> None:
    _fill(folder / "content" / "pages" / name, "---\ntitle: A long page\n---\n", body)


def shape_items(root: Path) -> None:
    """One part at the bound: thousands of indicators, each a heading of the same page."""
    kpis = root / "content" / "kpis.yml"
    _fill(kpis, kpis.read_text(encoding="utf-8").rstrip("\n") + "\n", lambda i: KPI.format(i=i))


def shape_markdown(root: Path) -> None:
    """One free page at the bound: a single Markdown text of paragraphs, lists and emphasis."""
    # a heading every third paragraph, as a real page has: Material's search grows with the square of a page's headings
    _page(root, "long.md", lambda i: ("" if i % 3 else f"## Part {i}\n\n")
          + f"A paragraph with *emphasis* and `code` {i}.\n\n- one\n- two\n\n")


def shape_long_line(root: Path) -> None:
    """One text of a single line at the bound."""
    _page(root, "line.md", lambda i: "word " if i else "")


def shape_whole(root: Path) -> None:
    """The whole playbook at its bound, published in two languages: every page built twice."""
    config = root / "site_config.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("language: en\n", "language: en\ntranslations: [fr]\n"),
                      encoding="utf-8")
    shape_items(root)
    used = sum(p.stat().st_size for p in (root / "content").rglob("*") if p.is_file())
    while used < MAX_PLAYBOOK_BYTES - 1024:  # free pages fill what is left
        budget = min(MAX_FILE_BYTES, MAX_PLAYBOOK_BYTES - used) - 512
        _fill(root / "content" / "pages" / f"long-{used}.md", "---\ntitle: A long page\n---\n",
              lambda i: ("" if i % 4 else f"## Part {i}\n\n") + f"A paragraph with *emphasis* {i}.\n\n", budget)
        used = sum(p.stat().st_size for p in (root / "content").rglob("*") if p.is_file())


SHAPES = {"items": shape_items, "markdown": shape_markdown, "long line": shape_long_line, "whole, 2 languages": shape_whole}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shape", choices=list(SHAPES), action="append", help="only these shapes")
    args = parser.parse_args()
    print(f"{'shape':<20} {'content KB':>10} {'check s':>8} {'build s':>8}")
    for name in args.shape or SHAPES:
        with tempfile.TemporaryDirectory() as work:
            root = Path(work) / "playbook"
            shutil.copytree(scaffold_dir("en"), root)
            SHAPES[name](root)
            size = sum(p.stat().st_size for p in (root / "content").rglob("*") if p.is_file()) // 1024
            start = time.perf_counter()
            check.run(root)
            checked = time.perf_counter() - start
            start = time.perf_counter()
            build.run(root)
            built = time.perf_counter() - start
            print(f"{name:<20} {size:>10} {checked:>8.2f} {built:>8.2f}", flush=True)


if __name__ == "__main__":
    main()
