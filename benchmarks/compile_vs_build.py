"""Benchmark: time of load + validate + render against the time of the MkDocs build.

Prints the figures for the example playbook and for a generated playbook ten times larger
(every list of identified items, and every network, repeated ten times under new ids).
Run from the repository root:  python benchmarks/compile_vs_build.py [--factor 10] [--runs 3]
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.build import build_html  # noqa: E402
from generator.load import load_project  # noqa: E402
from generator.render import render, write  # noqa: E402
from generator.validate import validate  # noqa: E402

# Lists that cannot grow by copying: crisis levels keep distinct severities from 1 to 5, the calendar
# one theme per month, the results one entry per indicator followed and one value per month, and the earlier
# audits and the budget one date or year each.
FIXED_LISTS = {"levels", "themes", "indicators", "measures", "imports", "previous_audits", "years"}


def _multiply_part(data: dict, factor: int) -> dict:
    for key, value in data.items():
        if key in FIXED_LISTS or not isinstance(value, list) or not value or not isinstance(value[0], dict):
            continue
        copies = []
        for k in range(2, factor + 1):
            for item in value:
                copy = dict(item)
                if "id" in copy:
                    copy["id"] = f"{copy['id']}-{k}"
                copies.append(copy)
        data[key] = value + copies
    return data


def make_larger(source: Path, dest: Path, factor: int) -> Path:
    """A copy of the playbook in `source`, `factor` times larger, written to `dest`."""
    shutil.copytree(source / "content", dest / "content")
    config = yaml.safe_load((source / "site_config.yml").read_text(encoding="utf-8"))
    for path in (dest / "content").glob("*.yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        path.write_text(yaml.safe_dump(_multiply_part(data, factor), allow_unicode=True), encoding="utf-8")
    networks = list(config["networks"])
    for path in sorted((dest / "content" / "networks").glob("*.yml")):
        original = yaml.safe_load(path.read_text(encoding="utf-8"))
        for k in range(2, factor + 1):
            # a copy keeps no lexicon: its terms would only repeat the original's, past the bound of 1000 terms
            # that a build keeps (each term is matched on every page)
            copy = {key: value for key, value in original.items() if key != "lexicon"}
            copy.update(id=f"{original['id']}-{k}", name=f"{original['name']} {k}")
            (path.parent / f"{copy['id']}.yml").write_text(yaml.safe_dump(copy, allow_unicode=True), encoding="utf-8")
            networks.append(copy["id"])
    pages = dest / "content" / "pages"
    for path in sorted(pages.glob("*.md")) if pages.is_dir() else []:
        for k in range(2, factor + 1):
            shutil.copy(path, pages / f"{path.stem}-{k}.md")
    config["networks"] = networks
    (dest / "site_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return dest


def measure(root: Path, runs: int) -> tuple[float, float, float, int]:
    """Median seconds of (load + validate + render + write) and of the MkDocs builds, for every language of
    the playbook, the first compile (before compiled templates are cached), and the page count."""
    compile_times, build_times = [], []
    pages = 0
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as work:
            start = time.perf_counter()
            # as a build does: the sources read once, then validated and rendered in each language
            sources = load_project(root)
            playbook, _ = validate(sources)
            playbooks = [playbook] + [validate(sources, language=language)[0]
                                      for language in playbook.config.translations]
            sites = [render(each) for each in playbooks]
            config_files = [write(site, Path(work) / f"src-{i}") for i, site in enumerate(sites)]
            middle = time.perf_counter()
            for i, config_file in enumerate(config_files):
                build_html(config_file, Path(work) / f"site-{i}")
            end = time.perf_counter()
        compile_times.append(middle - start)
        build_times.append(end - middle)
        pages = sum(len(site.pages) for site in sites)
    return statistics.median(compile_times), statistics.median(build_times), compile_times[0], pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factor", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    import generator.load as load
    load.MAX_PLAYBOOK_BYTES = 1 << 30  # the example ten times larger (1.3 MB) is past the bound a build keeps
    print(f"{'playbook':<22}{'pages':>7}{'compile s':>11}{'first run s':>13}{'mkdocs s':>10}{'compile/build':>15}")
    with tempfile.TemporaryDirectory() as tmp:
        cases = [("example", ROOT),
                 (f"example x{args.factor}", make_larger(ROOT, Path(tmp) / "larger", args.factor))]
        for name, root in cases:
            compile_s, build_s, first_s, pages = measure(root, args.runs)
            print(f"{name:<22}{pages:>7}{compile_s:>11.3f}{first_s:>13.3f}{build_s:>10.3f}{compile_s / build_s:>14.1%}")


if __name__ == "__main__":
    main()
