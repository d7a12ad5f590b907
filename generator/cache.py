"""The cache of built releases: a frozen release is built once, then copied back on later builds.

A cached site is published as it is, with no validation nor sanitizing on the way: a script added to
a cached page would reach every reader of that release. So each entry is stored with a digest of
every file in it, keyed with a secret kept outside the project (in the user's cache folder); a copy is
reused only if its digest is the one stored, and is otherwise thrown away and the release rebuilt.
An entry edited, added or restored from somewhere else (a shared folder, a CI cache) is never trusted.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import shutil
import tempfile
from pathlib import Path

CACHE = Path(".playbook") / "cache" / "releases"
DIGEST = ".digest"  # beside the entry's files: `<key>.digest`


def user_folder() -> Path:
    """The user's cache folder of playbook (compiled templates, charts and the digests' key)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "playbook"


def secret_key() -> bytes | None:
    """The key of the digests, made once per user; None where it cannot be kept (the cache is then not used)."""
    folder = user_folder()
    path = folder / "cache.key"
    try:
        if not path.is_file():
            folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=folder)
            with os.fdopen(fd, "wb") as out:
                out.write(secrets.token_bytes(32))
            os.chmod(tmp, 0o600)
            os.replace(tmp, path)
        key = path.read_bytes()
    except OSError:
        return None
    return key if len(key) == 32 else None


_secret = secret_key  # its former name


def digest(folder: Path, key: bytes) -> str:
    """A keyed digest of every file and link under `folder`: names, kinds and bytes."""
    mac = hmac.new(key, digestmod=hashlib.sha256)
    for parent, folders, files in sorted(os.walk(folder)):
        folders.sort()
        for name in sorted(files + [f for f in folders if (Path(parent) / f).is_symlink()]):
            path = Path(parent) / name
            rel = path.relative_to(folder).as_posix().encode("utf-8", "surrogateescape")
            if path.is_symlink():
                mac.update(b"L" + rel + b"\0" + os.readlink(path).encode("utf-8", "surrogateescape") + b"\0")
            else:
                mac.update(b"F" + rel + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return mac.hexdigest()


def store(root: Path, key: str, site: Path) -> None:
    """Keep a copy of a built release under `key`, with its digest."""
    secret = secret_key()
    if secret is None:
        return
    cache = root / CACHE
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache) as tmp:
        copy = Path(tmp) / "site"
        shutil.copytree(site, copy, symlinks=True)
        (Path(tmp) / "digest").write_text(digest(copy, secret), encoding="utf-8")
        _drop(cache, key)
        copy.rename(cache / key)
        (Path(tmp) / "digest").rename(cache / f"{key}{DIGEST}")


def restore(root: Path, key: str, target: Path) -> bool:
    """Copy the release cached under `key` into `target` if it is exactly as it was stored; False (and nothing in
    `target`) when there is no such entry or it was changed, which is then removed."""
    cache = root / CACHE
    entry, stored = cache / key, cache / f"{key}{DIGEST}"
    secret = secret_key()
    if not entry.is_dir() or secret is None:
        return False
    # copied, not linked: a published file edited in place must not change the cache; checked after the copy,
    # so that what is published is what was checked
    shutil.copytree(entry, target, symlinks=True)
    try:
        expected = stored.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        expected = ""
    if hmac.compare_digest(expected, digest(target, secret)):
        return True
    shutil.rmtree(target, ignore_errors=True)
    _drop(cache, key)
    return False


def _drop(cache: Path, key: str) -> None:
    shutil.rmtree(cache / key, ignore_errors=True)
    (cache / f"{key}{DIGEST}").unlink(missing_ok=True)


def prune(root: Path, audience: str, used: set[str]) -> None:
    """Remove what older code or a former state built for this audience; each audience keeps its own."""
    cache = root / CACHE
    for stale in (cache.iterdir() if cache.is_dir() else []):
        name = stale.name.removesuffix(DIGEST)
        if name not in used and name.startswith(f"{audience}-"):
            if stale.is_dir():
                shutil.rmtree(stale, ignore_errors=True)
            else:
                stale.unlink(missing_ok=True)
