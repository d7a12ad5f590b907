"""Benchmark: the word-by-word comparison (generator/redline.py) on long texts and long lists that changed.

First the redline alone, on texts of 20,000 words (one word changed, every tenth word changed, in paragraphs or
in one paragraph without sentences) and on 5,000 list items that all changed (each item its own words, or all
alike, which gives the comparison nothing to hold on to). Then the commands a person runs, on the English
starter with a free page of 20,000 words, or 5,000 list items, released as 1.0 then changed: `playbook diff`,
`playbook diff --format json` and the `release` of 2.0 (its "What changed" pages and PDF). Each must stay within
a few seconds on a 2-core machine (a release within 30 s). Run from the repository root:
python benchmarks/redline.py [--only redline|commands]
"""
from __future__ import annotations

import argparse
import contextlib
import io
import os
import random
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import cli  # noqa: E402
from generator.commands import diff, release  # noqa: E402
from generator.redline import redline  # noqa: E402
from generator.resources import scaffold_dir  # noqa: E402

WORDS = 20_000
ITEMS = 5_000


def prose(words: int, seed: int = 1) -> str:
    """`words` words of sentences made of the starter's own words, five sentences a paragraph."""
    vocabulary = sorted({word.strip(".,:;()*\"'") for path in scaffold_dir("en").rglob("*.yml")
                         for word in path.read_text(encoding="utf-8").split() if word.isalpha()})
    pick, out, sentences = random.Random(seed), [], 0
    while len(out) < words:
        sentence = [pick.choice(vocabulary) for _ in range(pick.randint(6, 24))]
        sentence[0], sentence[-1] = sentence[0].capitalize(), sentence[-1] + "."
        out += sentence
        sentences += 1
        if sentences % 5 == 0:
            out[-1] += "\n\n"
    return " ".join(out[:words]).replace("\n\n ", "\n\n")


def every_tenth(text: str) -> str:
    """`text` with every tenth word replaced."""
    words = text.split(" ")
    return " ".join("changed" if i % 10 == 9 else word for i, word in enumerate(words))


def items(count: int, alike: bool = False) -> tuple[str, str]:
    """A Markdown list of `count` items, then the same list with every item changed."""
    def line(i: int, how: str) -> str:
        return f"- Post {how} a week." if alike else f"- Item {i}: post {how} a week on the network."
    return ("\n".join(line(i, "twice") for i in range(count)), "\n".join(line(i, "three times") for i in range(count)))


def _timed(work) -> tuple[float, object]:
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def alone() -> None:
    text = prose(WORDS)
    one = text.split(" ")
    one[WORDS // 2] = "changed"
    flat = text.replace("\n\n", " ").replace(".", "")
    cases = {f"{WORDS} words, one changed": (text, " ".join(one)),
             f"{WORDS} words, every 10th changed": (text, every_tenth(text)),
             f"{WORDS} words, no sentence, every 10th": (flat, every_tenth(flat)),
             f"{ITEMS} items, all changed": items(ITEMS),
             f"{ITEMS} items alike, all changed": items(ITEMS, alike=True)}
    print(f"{'redline alone':<40} {'KB':>6} {'seconds':>8} {'marks':>7}")
    for name, (old, new) in cases.items():
        seconds, line = _timed(lambda: redline(old, new))
        print(f"{name:<40} {len(old.encode()) // 1024:>6} {seconds:>8.2f} {line.count('{+'):>7}", flush=True)


def _playbook(work: Path, body: str) -> Path:
    """The English starter with a free page of `body`, released as 1.0."""
    root = work / "playbook"
    shutil.copytree(scaffold_dir("en"), root)
    (root / "content" / "pages" / "long.md").write_text(f"---\ntitle: A long page\n---\n{body}\n", encoding="utf-8")
    with contextlib.redirect_stdout(io.StringIO()):
        release.run(root, "1.0", "Ana Diaz", "Director", when=date(2026, 11, 2))
    return root


def commands() -> None:
    text = prose(WORDS)
    old_items, new_items = items(ITEMS)
    cases = {f"{WORDS} words, every 10th changed": (text, every_tenth(text)),
             f"{ITEMS} list items, all changed": (old_items, new_items)}
    print(f"{'commands':<40} {'diff s':>7} {'json s':>7} {'release s':>9}")
    for name, (old, new) in cases.items():
        with tempfile.TemporaryDirectory() as work:
            root = _playbook(Path(work), old)
            (root / "content" / "pages" / "long.md").write_text(f"---\ntitle: A long page\n---\n{new}\n",
                                                                 encoding="utf-8")
            lines, _ = _timed(lambda: diff.run(root, "1.0", "draft"))
            with contextlib.redirect_stdout(io.StringIO()):
                listed, _ = _timed(lambda: cli.main(["diff", "1.0", "--format", "json", "-C", str(root)]))
                made, _ = _timed(lambda: release.run(root, "2.0", "Ana Diaz", "Director", when=date(2026, 11, 3)))
            print(f"{name:<40} {lines:>7.2f} {listed:>7.2f} {made:>9.2f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["redline", "commands"], help="only the redline alone, or the commands")
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f} (2 cores: {os.cpu_count()})")
    if args.only != "commands":
        alone()
    if args.only != "redline":
        commands()
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
