"""Signed approvals: a release signed with its approver's SSH key, and every way a signature can fail to hold."""
from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
from datetime import date
from pathlib import Path

import pytest

from generator import signatures
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


def _fingerprint(key: Path) -> str:
    """The fingerprint of a key as OpenSSH prints it (ssh-keygen -l), not as playbook computes it."""
    return subprocess.run(["ssh-keygen", "-lf", str(key.with_suffix(".pub"))], capture_output=True, text=True,
                          check=True).stdout.split()[1]


def _pub(key: Path) -> str:
    return key.with_suffix(".pub").read_text().strip()


def test_a_release_seals_its_approver_and_the_chain_records_the_key(signed, keys):
    made = _release(signed, "1.0", key=keys["ana"])
    manifest = json.loads((made.folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["approver"] == {"name": "Ana Diaz", "role": "Director", "key": " ".join(_pub(keys["ana"]).split()[:2]),
                                    "fingerprint": _fingerprint(keys["ana"]), "from": None, "until": None}
    chain = json.loads((signed / "releases" / "chain.json").read_text(encoding="utf-8"))
    assert chain["releases"][0]["approver_key"] == _fingerprint(keys["ana"])
    # the sealed approver is under the content hash: changing it is a rewritten release
    path = made.folder / "manifest.json"
    path.chmod(stat.S_IWUSR | stat.S_IRUSR)
    path.write_text(json.dumps({**manifest, "approver": {**manifest["approver"], "role": "Deputy"}}), encoding="utf-8")
    assert "release-chain" in _codes(signed)


def test_approvers_yml_changed_after_a_release_changes_nothing_it_says(signed, keys):
    _release(signed, "1.0", key=keys["ana"])
    approvers = signed / "approvers.yml"
    text = approvers.read_text(encoding="utf-8")
    # Ana renamed, Bob deleted: what the release sealed holds
    approvers.write_text(text[:text.index("  - name: Bob Martin")].replace("Ana Diaz", "Ana Diaz-Ruiz"), encoding="utf-8")
    assert [r.version for r in verify.run(signed)] == ["1.0"]
    # the approver's entry deleted altogether, and another person listed: still the sealed approver on the page
    approvers.write_text(f"approvers:\n  - name: Eve Doe\n    role: Director\n    key: {_pub(keys['eve'])}\n",
                         encoding="utf-8")
    assert [r.version for r in verify.run(signed)] == ["1.0"]
    page = (build.run(signed).output / "1.0" / "signoff.html").read_text(encoding="utf-8")
    assert f"Ana Diaz ({_fingerprint(keys['ana'])})" in page and "Eve" not in page


def test_a_key_replaced_in_approvers_yml_cannot_sign_a_release_again(signed, keys):
    """The measured attack: the approver's key replaced in approvers.yml, the signature deleted and made again."""
    made = _release(signed, "1.0", key=keys["ana"])
    approvers = signed / "approvers.yml"
    approvers.write_text(approvers.read_text(encoding="utf-8").replace(_pub(keys["ana"]), _pub(keys["eve"])),
                         encoding="utf-8")
    (signed / "releases" / "1.0.sig").unlink()
    with pytest.raises(PlaybookError) as caught:
        sign.run(signed, "1.0", keys["eve"])
    assert caught.value.diagnostics[0].code == "signature-refused"
    assert caught.value.diagnostics[0].hint.startswith(f"sign with the key the release seals for Ana Diaz "
                                                       f"({_fingerprint(keys['ana'])})")
    assert not (signed / "releases" / "1.0.sig").exists()
    # made by hand, the signature is refused by verify and build, at its file, with both keys named
    forged = signatures.sign(keys["eve"], signatures.statement(made.manifest))
    (signed / "releases" / "1.0.sig").write_text(forged, encoding="ascii")
    problems = verify_problems(signed)
    assert [(p.code, p.file) for p in problems] == [("signature-invalid", "releases/1.0.sig")]
    message = problems[0].message
    assert message.startswith("release 1.0: it seals Ana Diaz as its approver")
    assert _fingerprint(keys["ana"]) in message and _fingerprint(keys["eve"]) in message
    assert "the key approvers.yml lists for Ana Diaz" in message
    assert "only the key sealed in release 1.0 signs it" in problems[0].hint
    with pytest.raises(PlaybookError):
        build.run(signed)
    result = playbook("verify", cwd=signed)
    assert result.returncode == 1 and "releases/1.0.sig" in result.stderr and "Traceback" not in result.stderr
    # the approval page never names the forger's key as the approver's
    assert signatures.described(signed / "releases", made.manifest) == ""
    # with her sealed key, Ana signs it again
    (signed / "releases" / "1.0.sig").unlink()
    sign.run(signed, "1.0", keys["ana"])
    assert [r.version for r in verify.run(signed)] == ["1.0"]


def _rotated(root: Path, keys: dict[str, Path], new: Path) -> None:
    """Ana's key replaced: the old one until 2026-11-02, the new one from 2026-11-03."""
    (root / "approvers.yml").write_text(
        f"approvers:\n  - name: Ana Diaz\n    role: Director\n    key: {_pub(keys['ana'])}\n    until: 2026-11-02\n"
        f"  - name: Ana Diaz\n    role: Director\n    key: {_pub(new)}\n    from: 2026-11-03\n", encoding="utf-8")


def test_key_rotation_old_releases_keep_their_key_new_ones_seal_the_new_one(signed, keys, tmp_path):
    _release(signed, "1.0", key=keys["ana"])
    new = _key(tmp_path / "keys", "ana-2027")
    _rotated(signed, keys, new)
    assert [r.version for r in verify.run(signed)] == ["1.0"]  # the old release still verifies
    with pytest.raises(PlaybookError) as caught:  # after the rotation, the old key no longer signs
        _release(signed, "2.0", key=keys["ana"], when=date(2026, 11, 3))
    assert caught.value.diagnostics[0].code == "signature-refused"
    assert _fingerprint(new) in caught.value.diagnostics[0].message
    assert not (signed / "releases" / "2.0").exists()
    made = _release(signed, "2.0", key=new, when=date(2026, 11, 3))
    assert made.manifest.approver.fingerprint == _fingerprint(new)
    assert made.manifest.approver.starts == date(2026, 11, 3)
    # the old entry removed altogether: both releases verify with the key each sealed
    text = (signed / "approvers.yml").read_text(encoding="utf-8")
    (signed / "approvers.yml").write_text("approvers:\n" + text[text.index("  - name: Ana Diaz", 20):], encoding="utf-8")
    assert [r.version for r in verify.run(signed)] == ["1.0", "2.0"]
    site = build.run(signed).output
    assert _fingerprint(keys["ana"]) in (site / "1.0" / "signoff.html").read_text(encoding="utf-8")
    assert _fingerprint(new) in (site / "2.0" / "signoff.html").read_text(encoding="utf-8")


def test_a_release_dated_outside_the_days_of_every_key_is_refused(signed, keys, tmp_path):
    _rotated(signed, keys, _key(tmp_path / "keys", "ana-2027"))
    text = (signed / "approvers.yml").read_text(encoding="utf-8")
    (signed / "approvers.yml").write_text(text.replace("from: 2026-11-03", "from: 2026-11-10"), encoding="utf-8")
    with pytest.raises(PlaybookError) as caught:
        _release(signed, "1.0", key=keys["ana"], when=date(2026, 11, 5))
    problem = caught.value.diagnostics[0]
    assert (problem.code, problem.file) == ("approver-unknown", "approvers.yml")
    assert problem.message == ("Ana Diaz does not approve on 2026-11-05: approvers.yml lets them approve on "
                               "… – 2026-11-02, 2026-11-10 – …")


def test_two_keys_for_the_same_days_are_refused_at_their_line(signed, keys, tmp_path):
    _rotated(signed, keys, _key(tmp_path / "keys", "ana-2027"))
    text = (signed / "approvers.yml").read_text(encoding="utf-8")
    (signed / "approvers.yml").write_text(text.replace("from: 2026-11-03", "from: 2026-11-02"), encoding="utf-8")
    result = playbook("release", "1.0", "--approved-by", "Ana Diaz", "--role", "Director", "--sign", str(keys["ana"]),
                      cwd=signed)
    assert result.returncode == 1 and "approvers.yml:" in result.stderr, result.stderr
    assert "Ana Diaz is listed twice for the same days" in result.stderr and "Traceback" not in result.stderr
    (signed / "approvers.yml").write_text(text.replace("from: 2026-11-03", "from: 2026-11-03\n    until: 2026-11-01"),
                                          encoding="utf-8")
    result = playbook("verify", cwd=signed)  # no signature to check: approvers.yml is read when one is required
    assert "'until' (2026-11-01) is before 'from' (2026-11-03)" in result.stderr, result.stderr


def _unseal(root: Path, key: Path) -> None:
    """Make the releases as a playbook made them before releases sealed their approver, signed again."""
    from generator import anchor
    from generator import releases as owner

    previous = None
    for found in owner.list_releases(root):
        path = found.folder / "manifest.json"
        path.chmod(stat.S_IWUSR | stat.S_IRUSR)
        manifest = json.loads(path.read_text(encoding="utf-8"))
        del manifest["approver"]
        manifest["previous_hash"] = previous
        manifest["content_hash"] = previous = owner.content_hash(manifest)
        path.write_text(json.dumps(manifest), encoding="utf-8")
    anchor.write(root / "releases", [anchor.link(r.manifest) for r in owner.list_releases(root)])
    for found in owner.list_releases(root):
        signatures.signature_file(root / "releases", found.version).write_text(
            signatures.sign(key, signatures.statement(found.manifest)), encoding="ascii")


def test_a_release_made_before_approvers_were_sealed_is_checked_against_approvers_yml(signed, keys):
    _release(signed, "1.0", key=keys["ana"])
    _unseal(signed, keys["ana"])
    found = verify.run(signed)
    assert [r.version for r in found] == ["1.0"] and not found[0].manifest.seals_approver
    assert "approver_key" not in (signed / "releases" / "chain.json").read_text(encoding="utf-8")
    assert found[0].signed_by == f"Ana Diaz ({_fingerprint(keys['ana'])})"
    approvers = signed / "approvers.yml"
    text = approvers.read_text(encoding="utf-8")
    approvers.write_text(text[:text.index("  - name: Bob Martin")].replace("Ana Diaz", "Ana Diaz-Ruiz"), encoding="utf-8")
    problems = verify_problems(signed)
    assert [p.code for p in problems] == ["signature-invalid"]
    assert "signed with the key of Ana Diaz-Ruiz" in problems[0].message
    assert "made before releases sealed their approver" in problems[0].message


def test_a_release_whose_approver_was_not_listed_cannot_be_signed_later(starter, keys):
    made = _release(starter, "1.0")  # no approvers.yml, no requirement: nobody is sealed
    assert made.manifest.seals_approver and made.manifest.approver is None
    assert json.loads((made.folder / "manifest.json").read_text(encoding="utf-8"))["approver"] is None
    (starter / "approvers.yml").write_text(f"approvers:\n  - name: Ana Diaz\n    role: Director\n"
                                           f"    key: {_pub(keys['ana'])}\n", encoding="utf-8")
    with pytest.raises(PlaybookError) as caught:
        sign.run(starter, "1.0", keys["ana"])
    assert "was not listed in approvers.yml when it was made" in caught.value.diagnostics[0].message


def test_the_anchor_records_the_sealed_key(signed, keys):
    _release(signed, "1.0", key=keys["ana"])
    chain = signed / "releases" / "chain.json"
    chain.chmod(stat.S_IWUSR | stat.S_IRUSR)
    chain.write_text(chain.read_text(encoding="utf-8").replace(_fingerprint(keys["ana"]), _fingerprint(keys["eve"])),
                     encoding="utf-8")
    problems = verify_problems(signed)
    assert [(p.code, p.file) for p in problems] == [("release-anchor", "releases/chain.json")]
    assert _fingerprint(keys["eve"]) in problems[0].message


def test_a_sealed_fingerprint_that_is_not_its_keys_is_refused(signed, keys):
    """A manifest whose sealed fingerprint names another key than the sealed one, even with its hashes made again."""
    made = _release(signed, "1.0", key=keys["ana"])
    path = made.folder / "manifest.json"
    path.chmod(stat.S_IWUSR | stat.S_IRUSR)
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["approver"]["fingerprint"] = _fingerprint(keys["eve"])
    path.write_text(json.dumps(manifest), encoding="utf-8")
    problems = verify_problems(signed)
    assert [(p.code, p.file) for p in problems] == [("release-manifest", "releases/1.0/manifest.json")]
    assert "is not that of the sealed key" in problems[0].message


@pytest.mark.parametrize("make", [lambda path: path.mkdir(), lambda path: os.mkfifo(path)])
def test_approvers_yml_is_read_as_a_regular_file_only(signed, keys, make):
    _release(signed, "1.0", key=keys["ana"])
    (signed / "approvers.yml").unlink()
    make(signed / "approvers.yml")
    problems = verify_problems(signed)
    assert [(p.code, p.file) for p in problems] == [("not-a-file", "approvers.yml")]
    assert "is not a regular file" in problems[0].message


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


def test_a_signature_the_user_cannot_read_is_named(signed, keys, monkeypatch):
    import errno
    _release(signed, "1.0", key=keys["ana"])
    target, real_open = signed / "releases" / "1.0.sig", os.open

    def refusing(path, *args, **kwargs):
        if Path(os.fspath(path)) == target:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)
    monkeypatch.setattr(os, "open", refusing)
    problems = verify_problems(signed)
    assert [(p.code, p.file) for p in problems] == [("release-unreadable", "releases/1.0.sig")]
    assert problems[0].message == "releases/1.0.sig cannot be read: check its permissions (permission denied)"


def test_a_release_published_as_its_approval_page_alone_names_its_sealed_signer(signed, keys):
    from .test_old_releases import make_old

    made = _release(signed, "1.0", key=keys["ana"])
    make_old(signed)  # approved under an earlier format, which today's models refuse
    found = verify_problems(signed)
    assert [p.code for p in found] == ["signature-invalid"]  # its content hash changed: signed again
    (signed / "releases" / "1.0.sig").unlink()
    sign.run(signed, "1.0", keys["ana"])
    assert verify.run(signed)[0].manifest.approver == made.manifest.approver
    built = build.run(signed)
    assert [w.code for w in built.warnings if w.code == "release-earlier-format"]
    page = (built.output / "1.0" / "index.html").read_text(encoding="utf-8")
    assert f"Ana Diaz ({_fingerprint(keys['ana'])})" in page


def test_a_mistyped_from_is_named_as_written(signed, keys):
    (signed / "approvers.yml").write_text(f"approvers:\n  - name: Ana Diaz\n    role: Director\n"
                                          f"    key: {_pub(keys['ana'])}\n    form: 2026-11-03\n", encoding="utf-8")
    problems = verify_problems(signed)
    assert [(p.where, p.hint) for p in problems] == [("approvers.yml:5:5", "did you mean 'from'?")]
