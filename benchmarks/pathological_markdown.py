"""Benchmark: a real build of each Markdown shape that Python-Markdown reads over and over, and of hostile pages.

Each shape is a free page of the English starter (or its lexicon), at the size the former predictions
(generator/complexity.py, replaced by generator/bounds.py) accepted: the same pages as before, so that the figures
compare. `--over` makes each one unit larger, which the predictions refused and the bounds build (but for the
lexicon, whose size bound stays). The "hostile" shapes are far larger (a minute and more of Markdown alone): the
build stops at the page's time bound (bounds.PAGE_SECONDS; `--bound` lowers it) and names the text. `--unbounded N` times Markdown alone on the raw
shapes of size N, to show how they grow. Run from the repository root:  python benchmarks/pathological_markdown.py
"""
from __future__ import annotations

import argparse
import math
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import bounds  # noqa: E402
from generator.commands import build, check  # noqa: E402
from generator.diagnostics import PlaybookError  # noqa: E402
from generator.load import load_project  # noqa: E402
from generator.resources import scaffold_dir  # noqa: E402


class c:  # noqa: N801  (the figures of the former predictions, which made these shapes)
    PARAGRAPH_BUDGET = 20_000_000
    MAX_INDENT, MAX_QUOTES, MAX_DEFINITIONS, MAX_EMPHASIS, MAX_HEADINGS = 100, 50, 100, 100, 5000
    MAX_TERMS = bounds.MAX_TERMS


def _largest(cost, limit: int) -> int:
    """The largest n whose cost(n) stays within `limit` (cost grows with n)."""
    low, high = 1, 1
    while cost(high) <= limit:
        high *= 2
    while low < high - 1:
        middle = (low + high) // 2
        low, high = (middle, high) if cost(middle) <= limit else (low, middle)
    return low


def _paragraphs(unit: str, marks_per_unit: int, extra: str = "", over: bool = False) -> str:
    """Two paragraphs of `unit` repeated, each as costly as the paragraph budget allows: together, the
    playbook's budget (or, with `over`, one paragraph one unit beyond the paragraph's budget)."""
    n = _largest(lambda k: k * marks_per_unit * (k * len(unit) + len(extra) + 1), c.PARAGRAPH_BUDGET)
    if over:
        return unit * (n + 1) + extra
    return "\n\n".join([unit * n + extra] * 2)


def _backticks(over: bool) -> str:
    runs = "".join("`" * i + " a " for i in range(1, 151))  # 150 runs that nothing closes
    tail = c.PARAGRAPH_BUDGET // 150 - len(runs) + (1 if over else 0)
    return runs + "b" * tail


def _nesting(over: bool) -> str:
    extra = 1 if over else 0
    lists = "".join("  " * i + "- a\n" for i in range(c.MAX_INDENT // 2 + 1 + extra))
    quotes = "> " * (c.MAX_QUOTES + extra) + "a\n"
    definitions = "a\n: b\n" * (c.MAX_DEFINITIONS + extra)
    emphasis = "*a " * (c.MAX_EMPHASIS + extra) + "b" + " a*" * (c.MAX_EMPHASIS + extra)
    return "\n\n".join([lists, quotes, definitions, emphasis])


def _headings(over: bool, root: Path) -> str:
    """As many headings as the former bound left beside those of the starter's own page."""
    bodies = [re.sub(r"^```.*?^```", "", source.body, flags=re.M | re.S) for source in load_project(root).pages]
    have = sum(len(re.findall(r"^#{1,6} ", body, re.M)) for body in bodies)  # outside fenced code
    return "".join(f"## Part {i}\n\n" for i in range(c.MAX_HEADINGS - have + (1 if over else 0)))


PAGES = {
    "open [": lambda over: _paragraphs("[", 1, "x](y)", over),
    "open ![a": lambda over: _paragraphs("![a", 1, over=over),
    "[[a]": lambda over: _paragraphs("[[a]", 2, over=over),
    "[a](": lambda over: _paragraphs("[a](", 1, over=over),
    "backtick runs": _backticks,
    "a / *** lines": lambda over: _paragraphs("a\n***\n", 1, over=over),
    "a / *[X]: y lines": lambda over: _paragraphs("a\n*[X]: y\n", 1, over=over),
    "deep nesting": _nesting,
    "headings": None,  # needs the playbook: see _headings
    "hostile [a](": lambda over: "[a](" * 20000,  # 80 KB: over a minute of Markdown alone, on a quiet machine
    "hostile emphasis": lambda over: "*a " * 3000 + "b" + " a*" * 3000,  # past Python's recursion
}


def _lexicon(root: Path, over: bool) -> None:
    """The starter's lexicons filled up to the bound on terms and aliases (one more with `over`)."""
    sources = load_project(root)
    have = sum(1 + len(term.get("aliases", [])) for source in [*sources.parts.values(), *sources.networks]
               for term in source.data.get("lexicon", []))
    extra = c.MAX_TERMS - have + (1 if over else 0)
    terms = "".join(f"  - term: term {i}\n    definition: Term number {i}.\n" for i in range(extra))
    charter = root / "content" / "charter.yml"
    charter.write_text(charter.read_text(encoding="utf-8").replace("lexicon:\n", "lexicon:\n" + terms, 1),
                       encoding="utf-8")


def _time(root: Path) -> tuple[float, float, str]:
    start = time.perf_counter()
    try:
        check.run(root)
    except PlaybookError as error:
        return time.perf_counter() - start, 0.0, error.diagnostics[0].code
    checked = time.perf_counter() - start
    start = time.perf_counter()
    try:
        build.run(root)
    except PlaybookError as error:
        first = error.diagnostics[0]
        return checked, time.perf_counter() - start, f"{first.code} at {first.file}:{first.line}"
    return checked, time.perf_counter() - start, "built"


def _unbounded(size: int) -> None:
    """Markdown alone (playbook's extensions) on each raw shape of about `size` characters."""
    import markdown

    extensions = ["abbr", "admonition", "attr_list", "def_list", "tables", "md_in_html", "toc", "pymdownx.tasklist",
                  "pymdownx.details", "pymdownx.superfences", "generator.checklists", "generator.sanitize"]
    shapes = {"open [": lambda n: "[" * n + "x](y)", "open ![a": lambda n: "![a" * (n // 3),
              "[[a]": lambda n: "[[a]" * (n // 4), "[a](": lambda n: "[a](" * (n // 4),
              "a / *** lines": lambda n: "a\n***\n" * (n // 6),
              "backtick runs": lambda n: "".join("`" * i + " " for i in range(1, int(math.sqrt(2 * n))))}
    print(f"{'shape':<20} {'chars':>8} {'markdown s':>10}")
    for name, shape in shapes.items():
        text = shape(size)
        start = time.perf_counter()
        markdown.markdown(text, extensions=extensions)
        print(f"{name:<20} {len(text):>8} {time.perf_counter() - start:>10.2f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shape", choices=[*PAGES, "lexicon"], action="append", help="only these shapes")
    parser.add_argument("--over", action="store_true", help="just beyond each former bound: built now")
    parser.add_argument("--bound", type=float, help=f"seconds a page may take (default {bounds.PAGE_SECONDS:g})")
    parser.add_argument("--unbounded", type=int, metavar="N", help="time Markdown alone on raw shapes of N characters")
    args = parser.parse_args()
    if args.bound:
        bounds.PAGE_SECONDS = args.bound
    if args.unbounded:
        _unbounded(args.unbounded)
        return
    print(f"load average before: {os.getloadavg()[0]:.2f} (2 cores: {os.cpu_count()})")
    print(f"{'shape':<20} {'page KB':>8} {'check s':>8} {'build s':>8}  result")
    for name in args.shape or [*PAGES, "lexicon"]:
        with tempfile.TemporaryDirectory() as work:
            root = Path(work) / "playbook"
            shutil.copytree(scaffold_dir("en"), root)
            if name == "lexicon":
                _lexicon(root, args.over)
                size = (root / "content" / "charter.yml").stat().st_size
            else:
                page = root / "content" / "pages" / "x.md"
                text = _headings(args.over, root) if name == "headings" else PAGES[name](args.over)
                page.write_text("---\ntitle: A page\n---\n" + text, encoding="utf-8")
                size = page.stat().st_size
            checked, built, result = _time(root)
            print(f"{name:<20} {size // 1024:>8} {checked:>8.2f} {built:>8.2f}  {result}", flush=True)
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
