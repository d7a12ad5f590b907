"""playbook build: load, validate, render, build with MkDocs, then publish in one swap."""
from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from .. import build as engine
from .. import publish
from ..diagnostics import Diagnostic, PlaybookError
from ..render import render, write
from . import check


@dataclass
class Built:
    output: Path
    pages: int
    warnings: list[Diagnostic]


def output_dir(root: Path, configured: str, override: Path | None) -> Path:
    """Where the site goes: `--out` if given, else `output_dir` of site_config.yml."""
    output = (override if override is not None else root / configured).resolve()
    if output == root.resolve() or root.resolve().is_relative_to(output):
        raise PlaybookError([Diagnostic("output-dir", f"the output folder '{output}' would replace the playbook itself",
                                        "site_config.yml", hint="choose an output folder such as 'site'")])
    return output


def user_theme(root: Path, configured: str) -> Path | None:
    if not configured:
        return None
    folder = (root / configured).resolve()
    if not folder.is_dir():
        raise PlaybookError([Diagnostic("theme-dir", f"the theme folder '{configured}' does not exist",
                                        "site_config.yml", hint="create it, or remove theme_dir from site_config.yml")])
    return folder


def build_into(root: Path, checked: check.Checked, site_dir: Path) -> Built:
    """Render and build a validated playbook of `root` into `site_dir` (an empty folder)."""
    config = checked.playbook.config
    site = render(checked.playbook, user_theme(root, config.theme_dir))
    with tempfile.TemporaryDirectory(prefix="playbook-src-") as work:
        config_file = write(site, Path(work))
        messages = engine.build_html(config_file, site_dir)
    warnings = checked.warnings + [Diagnostic("mkdocs", m, severity="warning") for m in messages]
    return Built(site_dir, len(site.pages), warnings)


def run(root: Path, out: Path | None = None) -> Built:
    """Build the site and publish it; on any error the previously published site is left as it was."""
    root = root.resolve()
    checked = check.run(root)  # fail before touching the output folder
    output = output_dir(root, checked.playbook.config.output_dir, out)
    publish.clean_leftovers(output)
    with publish.staging(output) as staging:
        built = build_into(root, checked, staging)
        publish.swap_in(staging, output)
    built.output = output
    return built
