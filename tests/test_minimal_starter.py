"""`playbook init --minimal`: a starter of the charter, its personal-use and comment policies and their networks,
in each language, that checks with no warning, builds, and releases as it is, with no page for the other parts."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.parts import PARTS
from generator.resources import scaffold_dir

HERE = Path(__file__).resolve().parent
PRESENT = ("charter", "comments", "personal_use")
ABSENT = tuple(part.stem for part in PARTS if part.stem not in PRESENT)
PAGES = {"index.html", "404.html", "comments.html", "personal_use.html", "glossary.html", "onboarding.html",
         "readiness.html", "networks/linkedin.html", "networks/instagram.html"}
WARNINGS = {"en": "0 warnings", "fr": "0 avertissement"}


def playbook(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, env={**os.environ, "PYTHONPATH": str(HERE.parent)})


def pages(site: Path) -> set[str]:
    """The HTML pages of one version of a built site, leaving out Material's assets and other versions."""
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")
            if p.relative_to(site).parts[0] not in ("assets", "search", "1.0", "draft", "latest")}


def test_minimal_starter_holds_only_its_parts():
    for language in ("fr", "en"):
        content = scaffold_dir(language, minimal=True) / "content"
        assert sorted(p.name for p in content.glob("*.yml")) == sorted(f"{stem}.yml" for stem in PRESENT)
        assert sorted(p.name for p in (content / "networks").glob("*.yml")) == ["instagram.yml", "linkedin.yml"]
        assert not (content / "pages").exists()
        # the full starter stays the default
        assert (scaffold_dir(language) / "content" / "kpis.yml").is_file()


@pytest.mark.slow
@pytest.mark.parametrize("language", ["fr", "en"])
def test_init_minimal_checks_builds_and_releases(tmp_path, language):
    made = playbook("init", "charter", "--minimal", "--lang", language, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    root = tmp_path / "charter"
    assert (root / "schemas" / "comments.schema.json").is_file() and (root / ".gitattributes").is_file()
    assert not (root / "content" / "kpis.yml").exists()

    checked = playbook("check", cwd=root)
    assert checked.returncode == 0, checked.stderr
    assert WARNINGS[language] in checked.stdout and checked.stderr == ""

    built = playbook("build", cwd=root)
    assert built.returncode == 0, built.stderr
    site = root / "site"
    assert pages(site) == PAGES
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f'<html lang="{language}"' in home
    for stem in ABSENT:
        assert f'href="{stem}.html' not in home, stem

    released = playbook("release", "1.0", "--approved-by", "Camille Durand", "--role", "Director", cwd=root)
    assert released.returncode == 0, released.stderr
    assert (root / "releases" / "1.0" / "charter-1.0.pdf").is_file()
    assert playbook("verify", cwd=root).returncode == 0

    rebuilt = playbook("build", cwd=root)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert pages(site / "latest") == PAGES | {"changes.html", "signoff.html"}  # a release's own pages
    for stem in ABSENT:
        assert not (site / "latest" / f"{stem}.html").exists(), stem
