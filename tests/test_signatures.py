"""Signed approvals: a release signed with its approver's SSH key, and every way a signature can fail to hold."""
from __future__ import annotations

import shutil
import stat
import subprocess
from datetime import date
from pathlib import Path

import pytest

from generator.commands import build, release, sign, verify
from generator.diagnostics import PlaybookError

from .test_cli import playbook

pytestmark = pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="signing needs OpenSSH's ssh-keygen")


def _key(folder: Path, name: str) -> Path:
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(folder / name)], check=True)
    return folder / name


@pytest.fixture
def keys(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "keys"
    folder.mkdir()
    return {name: _key(folder, name) for name in ("ana", "bob", "eve")}


@pytest.fixture
def signed(starter: Path, keys: dict[str, Path]) -> Path:
    """The starter with two approvers, Ana and Bob, and signatures required."""
    lines = ["approvers:"]
    for name, person, role in (("ana", "Ana Diaz", "Director"), ("bob", "Bob Martin", "Deputy director")):
        lines += [f"  - name: {person}", f"    role: {role}", f"    key: {(keys[name].with_suffix('.pub')).read_text().strip()}"]
    (starter / "approvers.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with (starter / "site_config.yml").open("a", encoding="utf-8") as config:
        config.write("require_signature: true\n")
    return starter


def _codes(root: Path) -> list[str]:
    return [problem.code for problem in verify_problems(root)]


def verify_problems(root: Path) -> list:
    with pytest.raises(PlaybookError) as caught:
        verify.run(root)
    return caught.value.diagnostics


def _release(root: Path, version: str, who: str = "Ana Diaz", key: Path | None = None, when=date(2026, 11, 2)):
    return release.run(root, version, who, "Director", when=when, key=key)


def test_a_signed_release_is_verified_built_and_shown(signed, keys):
    made = _release(signed, "1.0", key=keys["ana"])
    assert (signed / "releases" / "1.0.sig").read_text().startswith("-----BEGIN SSH SIGNATURE-----")
    assert [r.version for r in verify.run(signed)] == ["1.0"]
    site = build.run(signed).output
    page = (site / "1.0" / "signoff.html").read_text(encoding="utf-8")
    fingerprint = subprocess.run(["ssh-keygen", "-lf", str(keys["ana"].with_suffix(".pub"))], capture_output=True,
                                 text=True, check=True).stdout.split()[1]
    assert f"Ana Diaz ({fingerprint})" in page and made.manifest.content_hash in page
    # the approval page reads as a document: the fingerprint short, the full one on demand, no command for readers
    assert f"<code>{made.manifest.content_hash[:16]}…</code>" in page and "Full fingerprint" in page
    assert "playbook verify" not in page


@pytest.mark.parametrize("who, key, code", [
    ("Ana Diaz", None, "signature-required"),  # unsigned
    ("Ana Diaz", "bob", "signature-refused"),  # signed with another approver's key
    ("Ana Diaz", "eve", "signature-refused"),  # a key not listed
    ("Eve Doe", "eve", "approver-unknown"),  # an approver not listed
])
def test_release_refuses_what_cannot_be_signed_as_required(signed, keys, who, key, code):
    with pytest.raises(PlaybookError) as caught:
        _release(signed, "1.0", who, keys[key] if key else None)
    assert caught.value.diagnostics[0].code == code
    assert not (signed / "releases" / "1.0").exists() and not (signed / "releases" / "1.0.sig").exists()


def test_a_signature_of_other_content_is_detected(signed, keys):
    _release(signed, "1.0", key=keys["ana"])
    _release(signed, "2.0", key=keys["ana"], when=date(2026, 11, 3))
    folder = signed / "releases"
    (folder / "2.0.sig").write_bytes((folder / "1.0.sig").read_bytes())
    problems = verify_problems(signed)
    assert [(p.code, p.file) for p in problems] == [("signature-invalid", "releases/2.0.sig")]
    assert "made for other content" in problems[0].message
    with pytest.raises(PlaybookError):
        build.run(signed)


def test_a_deleted_signature_is_detected_and_the_approver_signs_again(signed, keys):
    _release(signed, "1.0", key=keys["ana"])
    (signed / "releases" / "1.0.sig").unlink()
    assert _codes(signed) == ["signature-missing"]
    with pytest.raises(PlaybookError) as caught:  # only the approver's key signs it
        sign.run(signed, "1.0", keys["bob"])
    assert caught.value.diagnostics[0].code == "signature-refused"
    sign.run(signed, "1.0", keys["ana"])
    assert [r.version for r in verify.run(signed)] == ["1.0"]


def test_an_approver_renamed_in_the_manifest_is_detected(signed, keys):
    _release(signed, "1.0", key=keys["ana"])
    manifest = signed / "releases" / "1.0" / "manifest.json"
    manifest.chmod(stat.S_IWUSR | stat.S_IRUSR)
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("Ana Diaz", "Bob Martin"), encoding="utf-8")
    codes = _codes(signed)
    assert "release-chain" in codes and "signature-invalid" in codes


def test_a_key_removed_from_the_approvers_is_detected(signed, keys):
    _release(signed, "1.0", key=keys["ana"])
    approvers = signed / "approvers.yml"
    text = approvers.read_text(encoding="utf-8")
    approvers.write_text(text[:text.index("  - name: Bob Martin")].replace("Ana Diaz", "Ana Diaz-Ruiz"), encoding="utf-8")
    problems = verify_problems(signed)
    assert [p.code for p in problems] == ["signature-invalid"]
    assert "signed with the key of Ana Diaz-Ruiz" in problems[0].message


def test_without_the_requirement_an_unsigned_release_is_fine_and_a_bad_signature_is_not(starter, keys):
    _release(starter, "1.0")
    assert [r.version for r in verify.run(starter)] == ["1.0"]
    (starter / "releases" / "1.0.sig").write_text("-----BEGIN SSH SIGNATURE-----\nAAAA\n-----END SSH SIGNATURE-----\n")
    assert _codes(starter) == ["signature-invalid"]


@pytest.mark.slow
def test_the_command_line(signed, keys):
    result = playbook("release", "1.0", "--approved-by", "Ana Diaz", "--role", "Director", "--sign", str(keys["ana"]),
                      cwd=signed)
    assert result.returncode == 0, result.stderr
    assert "Signed by Ana Diaz" in result.stdout
    (signed / "releases" / "1.0.sig").unlink()
    result = playbook("verify", cwd=signed)
    assert result.returncode == 1 and "release 1.0 is not signed" in result.stderr and "Traceback" not in result.stderr
    result = playbook("sign", "1.0", "--key", str(keys["ana"]), cwd=signed)
    assert result.returncode == 0, result.stderr
    assert playbook("verify", cwd=signed).returncode == 0
    bad = signed / "approvers.yml"
    bad.write_text("approvers:\n  - name: Ana\n    role: Director\n    key: not a key\n", encoding="utf-8")
    result = playbook("verify", cwd=signed)
    assert result.returncode == 1 and "approvers.yml:4:10" in result.stderr and "not an SSH public key" in result.stderr
    assert "Traceback" not in result.stderr and "Incorrect padding" not in result.stderr  # not the library's words
    bad.write_text("approvers:\n  - name: Ana\n    rol: Director\n", encoding="utf-8")
    result = playbook("verify", cwd=signed)
    assert "approvers.yml:3:5" in result.stderr and "'role'" in result.stderr, result.stderr
