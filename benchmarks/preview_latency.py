"""Benchmark: how long the preview takes to show an edit, against a full build of the same draft.

`playbook serve` is started on a copy of the example's draft (no releases: the preview shows the draft
only); a one-word edit is written into a YAML file, and the time until the served page holds the new
word is measured, `--runs` times (median, minimum, maximum). Two edits are measured: one in the
charter's title, which only the home page shows (the preview builds that page again), and one in the
site's name in site_config.yml, which every page shows (the preview builds the whole site again).
Beside them: a one-language `playbook build` of the same draft, timed as a whole process.
Run from the repository root:  python benchmarks/preview_latency.py [--runs 5]
"""
from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
# (file edited, the text replaced by a new word): a text of one page, and a text of every page
EDITS = {"preview, one page's text": (Path("content") / "charter.yml", "Maison Lumen"),
         "preview, every page's text": (Path("site_config.yml"), "Charte réseaux sociaux")}


def _draft(dest: Path, languages: str) -> Path:
    """The example's draft alone; with `languages` 'one', its translations left out of site_config.yml."""
    dest.mkdir(parents=True)
    shutil.copytree(ROOT / "content", dest / "content")
    config = (ROOT / "site_config.yml").read_text(encoding="utf-8")
    if languages == "one":
        config = config.replace("translations: [en]\n", "")
    (dest / "site_config.yml").write_text(config, encoding="utf-8")
    return dest


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _page(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _wait_for(url: str, text: str, deadline: float) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < deadline:
        if text in _page(url):
            return time.perf_counter() - started
        time.sleep(0.02)
    raise SystemExit(f"the preview did not show {text!r} within {deadline} s")


def preview_latencies(root: Path, runs: int, edited: Path, old: str, engine: str = "mkdocs") -> list[float]:
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "generator.cli", "serve", "-C", str(root), "--port", str(port),
                               "--engine", engine],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    url = f"http://127.0.0.1:{port}/index.html"
    try:
        _wait_for(url, "<html", 120)
        path = root / edited
        original = path.read_text(encoding="utf-8")
        assert old in original, f"{old!r} is not in {edited}"
        found = []
        for run in range(runs):
            word = f"Edition{run}x"
            path.write_text(original.replace(old, word, 1), encoding="utf-8")
            found.append(_wait_for(url, word, 120))
        path.write_text(original, encoding="utf-8")
        return found
    finally:
        server.terminate()
        server.wait(timeout=30)


def build_seconds(root: Path, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        out = Path(tempfile.mkdtemp(prefix="preview-bench-out-"))
        shutil.rmtree(out)
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "generator.cli", "build", "-q", "-C", str(root), "--out", str(out)],
                       check=True, env=ENV)
        times.append(time.perf_counter() - started)
        shutil.rmtree(out, ignore_errors=True)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = _draft(Path(tmp) / "draft", "one")
        rows = {name: preview_latencies(root, args.runs, *edit) for name, edit in EDITS.items()}
        builds = build_seconds(root, args.runs)
    print(f"{'':30} {'median s':>9} {'min s':>7} {'max s':>7}  {'/ build':>7}")
    for name, values in (*rows.items(), ("full one-language build", builds)):
        ratio = statistics.median(values) / statistics.median(builds)
        print(f"{name:30} {statistics.median(values):9.2f} {min(values):7.2f} {max(values):7.2f}  {ratio:7.2f}")


if __name__ == "__main__":
    main()
