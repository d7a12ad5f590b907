"""Old releases keep building after the content format changes.

A release approved under an older format, which today's models refuse, is published as its approval page only
(approver, role, date, hash, sealed changes, its sealed PDF, the reasons): the rest of the site is built as usual,
and the build warns instead of failing. The draft still fails hard on its errors.
"""
from __future__ import annotations

import json
import stat
from datetime import date
from pathlib import Path

import pytest

from generator import anchor, cli
from generator import releases as owner
from generator.commands import build, release
from generator.diagnostics import PlaybookError

from .conftest import edit
from .test_build import snapshot
from .test_versions import html, released  # noqa: F401 (a fixture)

BROKEN = "releases/1.0/content/kpis.yml"


def reseal(root: Path) -> None:
    """Seal every release again after an edit of its files, as a playbook of the time would have sealed them."""
    previous = None
    for found in owner.list_releases(root):
        path = found.folder / owner.MANIFEST
        path.chmod(0o644)
        manifest = json.loads(path.read_text(encoding="utf-8"))
        manifest["files"] = {name: owner.file_hash(found.folder / name) for name in manifest["files"]
                             if (found.folder / name).exists()}
        manifest["previous_hash"] = previous
        manifest["content_hash"] = owner.content_hash(manifest)
        path.write_text(json.dumps(manifest), encoding="utf-8")
        previous = manifest["content_hash"]
    anchor.write(root / "releases", [anchor.link(r.manifest) for r in owner.list_releases(root)])


def make_old(root: Path, version: str = "1.0") -> None:
    """Release `version` as an older playbook accepted it: a frequency today's models refuse."""
    target = root / "releases" / version / "content" / "kpis.yml"
    target.chmod(target.stat().st_mode | stat.S_IWUSR)
    edit(target, "frequency: monthly", "frequency: fortnightly")
    reseal(root)


@pytest.mark.slow
def test_a_release_today_refuses_is_published_as_its_approval_page(released, capsys):
    make_old(released)
    assert cli.main(["build", "-C", str(released)]) == 0
    err = capsys.readouterr().err
    warnings = [line for line in err.splitlines() if "earlier format" in line and ": warning:" in line]
    assert len(warnings) == 1 and warnings[0].startswith(f"{BROKEN}:")
    assert "[1/3] release 1.0: approval page only" in err
    site = released / "site"
    page = html(site, "1.0/index.html")
    manifest = owner.list_releases(released)[0].manifest
    for text in ("Claire Martin", "Chief executive", "2026-01-15", manifest.content_hash,
                 "Approved under an earlier format", BROKEN, "fortnightly"):
        assert text in page, text
    assert "Version 1.0 of 2026-01-15 — no longer in force" in page  # the banner
    assert not (site / "1.0" / "kpis.html").exists()
    entries = json.loads(html(site, "versions.json"))
    assert [e["version"] for e in entries] == ["2.0", "1.0", "draft"]
    # the rest of the site is built as usual
    assert (site / "2.0" / "kpis.html").is_file() and (site / "draft" / "kpis.html").is_file()
    assert "Draft-Title" in html(site, "draft/index.html")
    assert "30 min" in html(site, "2.0/changes.html")  # its sealed changes: no need to read release 1.0


def test_the_release_in_force_too_and_its_sealed_changes(released):
    make_old(released, "2.0")
    built = build.run(released)
    assert [w.file for w in built.warnings if w.code == "release-earlier-format"] == ["releases/2.0/content/kpis.yml"]
    page = html(built.output, "latest/index.html")
    assert "Version 2.0 in force" in page and "30 min" in page  # the sealed list of changes
    assert "earlier format" in html(built.output, "draft/changes.html")


def test_check_and_verify_warn_about_it(released, capsys):
    make_old(released)
    assert cli.main(["check", "-C", str(released)]) == 0
    assert f"{BROKEN}:" in capsys.readouterr().err
    assert cli.main(["verify", "-C", str(released)]) == 0
    assert "earlier format" in capsys.readouterr().err


def test_an_invalid_draft_still_fails(released):
    make_old(released)
    edit(released / "content" / "kpis.yml", "frequency: monthly", "frequency: fortnightly")
    with pytest.raises(PlaybookError) as caught:
        build.run(released)
    assert any(d.file == "content/kpis.yml" for d in caught.value.diagnostics)


@pytest.mark.slow
def test_staff_never_read_the_sealed_wording(released):
    make_old(released, "2.0")
    built = build.run(released, released / "site-staff", audience="staff", jobs=2)
    page = html(built.output, "2.0/index.html")
    assert "Approved under an earlier format" in page and "30 min" not in page
    assert "kept for the communication team" in page


@pytest.mark.slow
def test_release_seals_its_pdf_and_the_build_publishes_it_byte_for_byte(released):
    found = owner.list_releases(released)[-1]
    sealed = found.folder / "charter-2.0.pdf"
    assert "charter-2.0.pdf" in found.manifest.files and owner.file_hash(sealed) == found.manifest.files[
        "charter-2.0.pdf"]
    from pypdf import PdfReader
    text = "\n".join(page.extract_text() for page in PdfReader(sealed).pages)
    assert "Claire Martin" in text and "Engagement rate" in text and "manifest.json" in text
    site = build.run(released).output
    assert (site / "2.0" / "charter-2.0.pdf").read_bytes() == sealed.read_bytes()
    # the staff's PDF is drawn for them: the sealed one is the team's
    staff = build.run(released, released / "site-staff", audience="staff").output
    assert (staff / "2.0" / "charter-2.0.pdf").read_bytes() != sealed.read_bytes()


def test_a_release_that_cannot_be_shown_keeps_its_sealed_pdf(released):
    make_old(released)
    site = build.run(released).output
    page = html(site, "1.0/index.html")
    assert 'href="charter-1.0.pdf"' in page and "No PDF was sealed" not in page
    assert (site / "1.0" / "charter-1.0.pdf").read_bytes() == (released / "releases/1.0/charter-1.0.pdf").read_bytes()


def test_a_release_sealed_before_pdfs_were_says_so(released):
    (released / "releases/1.0/charter-1.0.pdf").unlink()  # as releases approved before PDFs were sealed
    make_old(released)
    page = html(build.run(released).output, "1.0/index.html")
    assert "No PDF was sealed" in page and "releases/1.0/" in page


# --- the format of a release and its migrations -----------------------------------------------------------------

def fortnightly_to_monthly(sources) -> None:
    """A migration from format 1 to 2, as a change of the models would come with: a value renamed."""
    for kpi in sources.parts["kpis"].data["kpis"]:
        if kpi.get("frequency") == "fortnightly":
            kpi["frequency"] = "monthly"


def test_the_manifest_seals_the_format_it_was_approved_under(released):
    from generator import migrations
    found = owner.list_releases(released)[-1]
    assert found.manifest.schema_version == migrations.current() == 1
    assert json.loads((found.folder / "manifest.json").read_text(encoding="utf-8"))["schema"] == 1
    record = found.manifest.model_dump(mode="json")
    assert owner.content_hash(record) == found.manifest.content_hash
    assert owner.content_hash({**record, "schema_version": 2}) != found.manifest.content_hash
    # a manifest without it (the releases made before) is hashed as it always was
    assert owner.content_hash({**record, "schema_version": None}) == owner.content_hash(
        {k: v for k, v in record.items() if k != "schema_version"})


@pytest.mark.slow
def test_a_migration_brings_an_old_release_to_todays_format(released, monkeypatch, tmp_path):
    from generator import migrations
    make_old(released)
    monkeypatch.setattr(migrations, "MIGRATIONS", [fortnightly_to_monthly])
    assert migrations.current() == 2 and migrations.schema_of(released / "releases" / "1.0") == 1
    built = build.run(released, jobs=1)  # in a worker forked from this process, where the list is patched
    assert not [w for w in built.warnings if w.code == "release-earlier-format"]
    assert (built.output / "1.0" / "kpis.html").is_file()
    # a release approved under today's format is not migrated
    release.run(released, "3.0", "Claire Martin", "Chief executive", date(2026, 6, 2))
    assert owner.list_releases(released)[-1].manifest.schema_version == 2
    record = tmp_path / "migrated"  # written by the build's worker too (a list would stay in its process)
    monkeypatch.setattr(migrations, "MIGRATIONS",
                        [lambda sources: record.open("a", encoding="utf-8").write(sources.root.name + "\n")])
    import shutil
    shutil.rmtree(released / ".playbook")  # every release checked again, none from the cache
    build.run(released, jobs=1)
    calls = record.read_text(encoding="utf-8").split()
    assert "3.0" not in calls and {"1.0", "2.0"} <= set(calls)


@pytest.mark.slow
def test_two_builds_are_byte_identical(released, tmp_path, monkeypatch):
    make_old(released)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    first = snapshot(build.run(released, tmp_path / "one").output)
    import shutil
    shutil.rmtree(released / ".playbook", ignore_errors=True)
    assert snapshot(build.run(released, tmp_path / "two", jobs=2).output) == first


@pytest.mark.slow
def test_a_release_can_follow_one_approved_under_an_earlier_format(released):
    make_old(released, "2.0")
    made = release.run(released, "3.0", "Claire Martin", "Chief executive", date(2026, 6, 2))
    assert made.manifest.changes == ["The changes since version 2.0 cannot be listed: it was approved under an "
                                     "earlier format."]
    assert (build.run(released).output / "latest" / "kpis.html").is_file()


def test_releases_made_before_approvers_were_sealed_verify_and_the_chain_keeps_them_as_written(example, tmp_path):
    """The example's releases, made before releases sealed their approver: they verify as they always did, and a
    sealed release made after them leaves their records in chain.json byte for byte."""
    import shutil
    import subprocess
    from generator import signatures
    from generator.commands import sign, verify

    found = verify.run(example)
    assert [r.version for r in found] == ["1.0", "2.0"]
    assert not any(r.manifest.seals_approver for r in found)
    chain = example / "releases" / "chain.json"
    before = chain.read_text(encoding="utf-8")
    if shutil.which("ssh-keygen") is None:
        return
    key = tmp_path / "claire"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    (example / "approvers.yml").write_text(f"approvers:\n  - name: Claire Vasseur\n    role: Directrice générale\n"
                                           f"    key: {key.with_suffix('.pub').read_text().strip()}\n", encoding="utf-8")
    made = release.run(example, "3.0", "Claire Vasseur", "Directrice générale", date(2026, 11, 2), key=key)
    assert made.manifest.approver.fingerprint == signatures.fingerprint_of(key.with_suffix(".pub").read_text())
    after = chain.read_text(encoding="utf-8")
    assert after.startswith(before.rsplit("\n  ]", 1)[0]) and '"approver_key": "SHA256:' in after
    # an old release signed now is checked against approvers.yml, as before sealing
    sign.run(example, "2.0", key)
    assert [r.version for r in verify.run(example)] == ["1.0", "2.0", "3.0"]
    assert owner.list_releases(example)[1].signed_by.startswith("Claire Vasseur (SHA256:")
