"""The engine a site is built with, MkDocs (with Material) or Zensical: chosen in site_config.yml or with --engine,
told when it is missing, warned about where it lacks something, and part of the release cache's key. The site
Zensical builds is tested in a browser by tests/test_browser.py."""
from __future__ import annotations

import importlib.util
import sys

import pytest

from generator import build as engine
from generator import builder, cli, zensical_engine
from generator.commands import build, check
from generator.diagnostics import PlaybookError

from .conftest import edit

needs_zensical = pytest.mark.skipif(importlib.util.find_spec("zensical") is None, reason="zensical is not installed")


def test_the_command_line_offers_the_engines_of_the_build_stage():
    assert cli.ENGINES == engine.ENGINES and engine.ENGINES[0] == "mkdocs"  # MkDocs by default


def test_a_missing_zensical_is_told_with_how_to_install_it(starter, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "zensical", None)  # an import of it fails, as when it is not installed
    with pytest.raises(PlaybookError) as raised:
        build.run(starter, engine_name="zensical")
    problem = raised.value.diagnostics[0]
    assert problem.code == "engine-missing" and "pip install 'playbook[zensical]'" in problem.hint
    assert not (starter / "site").exists()  # nothing built, nothing half-written
    assert cli.main(["build", "-C", str(starter), "--engine", "zensical"]) != 0
    err = capsys.readouterr().err
    assert "pip install 'playbook[zensical]'" in err and "Traceback" not in err


def test_check_warns_at_the_engine_setting_of_what_zensical_lacks(example):
    edit(example / "site_config.yml", "output_dir: site\n", "output_dir: site\nengine: zensical\n")
    line = (example / "site_config.yml").read_text(encoding="utf-8").splitlines().index("engine: zensical") + 1
    gaps = [w for w in check.run(example).warnings if w.code == "engine-gap"]
    assert gaps and all(w.file == "site_config.yml" and w.line == line and w.severity == "warning" for w in gaps)
    edit(example / "site_config.yml", "engine: zensical\n", "engine: mkdocs\n")
    assert not [w for w in check.run(example).warnings if w.code == "engine-gap"]


def test_an_unknown_engine_is_refused_at_its_place(starter):
    with (starter / "site_config.yml").open("a", encoding="utf-8") as config:
        config.write("engine: hugo\n")
    with pytest.raises(PlaybookError) as raised:
        check.run(starter)
    assert any(d.file == "site_config.yml" and "engine" in d.message for d in raised.value.diagnostics)


def test_the_release_cache_key_names_the_engine():
    assert builder._engine_fingerprint("mkdocs") != builder._engine_fingerprint("zensical")


def test_zensical_warnings_are_read_from_its_terminal_report():
    text = ("Build started\n\x1b[33mWarning:\x1b[0m page does not exist\n     \x1b[38;5;246m╭─[\x1b[0m kpis.md:394:10 "
            "\x1b[38;5;246m]\x1b[0m\n 394 │ [broken](nowhere.md)\n1 issue found\n")
    assert zensical_engine.reported(text) == ["page does not exist (kpis.md:394:10)"]


@needs_zensical
def test_a_template_error_under_zensical_names_the_theme_file(starter):
    with (starter / "site_config.yml").open("a", encoding="utf-8") as config:
        config.write("theme_dir: theme\n")
    (starter / "theme" / "overrides").mkdir(parents=True)
    (starter / "theme" / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}\n{% block extrahead %}{{ nothing.here }}{% endblock %}\n', encoding="utf-8")
    with pytest.raises(PlaybookError) as raised:
        build.run(starter, engine_name="zensical", jobs=1)
    assert "theme/overrides/main.html" in raised.value.diagnostics[0].message


@pytest.mark.slow
@needs_zensical
def test_the_preview_warns_of_what_zensical_lacks(example):
    from generator.preview import Preview
    warned: list = []
    preview = Preview(example.resolve(), None, lambda exc: None, "zensical", warned.extend)
    try:
        preview.first_build()
    finally:
        preview.close()
    assert preview.language == "fr" and [w.code for w in warned] == ["engine-gap"]  # a French site
    warned.clear()
    preview = Preview(example.resolve(), None, lambda exc: None, "mkdocs", warned.extend)
    try:
        preview.first_build()
    finally:
        preview.close()
    assert warned == []
