"""Benchmark: printing the example's release PDF (release 2.0, for the team, in French) from its built pages.

The release's pages are built once (MkDocs), then printed `--runs` times by WeasyPrint (generator/pdf); the
script prints the median time of a print, the time of the build that precedes it, the PDF's size and pages, and
whether two prints gave the same bytes. For comparison, the PDF laid out again by hand with ReportLab
(generator/export.py, removed) took 1.0 s for 42 pages and 114 KB on the same machine at the same time (2 cores
shared with other work, load average about 5.5), leaving out free pages, crisis contacts, glossary and signature
block; printed from the pages: 14.8 s for 88 pages and 385 KB.
Run from the repository root:  python benchmarks/release_pdf.py [--runs 3]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import builder, project, releases, versions  # noqa: E402
from generator.pdf import print_pdf  # noqa: E402
from generator.resources import example_dir  # noqa: E402
from generator.theme import playbook_strings  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    root = example_dir()
    release = releases.list_releases(root)[-1]
    checked = project.check(release.folder, root)
    manifest = release.manifest
    info = versions.VersionInfo(name=release.version, state="current", approved_by=manifest.approved_by,
                                role=manifest.role, date=manifest.date.isoformat(),
                                content_hash=manifest.content_hash, previous=manifest.previous or "")
    strings = playbook_strings(checked.playbook)
    title = checked.playbook.charter.title
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        start = time.perf_counter()
        builder.build_into(release.folder, checked, site, info, frozen=True)
        built = time.perf_counter() - start
        seconds, made = [], []
        for run in range(args.runs):
            target = Path(tmp) / f"charter-{run}.pdf"
            start = time.perf_counter()
            print_pdf(site, info, strings, title, checked.playbook.lang, target)
            seconds.append(time.perf_counter() - start)
            made.append(target.read_bytes())
        from pypdf import PdfReader
        pages = len(PdfReader(Path(tmp) / "charter-0.pdf").pages)
    print(f"pages built (MkDocs)   {built:6.2f} s")
    print(f"PDF printed (median)   {statistics.median(seconds):6.2f} s   of {', '.join(f'{s:.2f}' for s in seconds)}")
    print(f"PDF                    {len(made[0]) // 1024:6d} KB  {pages} pages")
    print(f"same bytes each time   {'yes' if len(set(made)) == 1 else 'NO'}")


if __name__ == "__main__":
    main()
