"""Reading the playbook's files: only regular files, within the size bounds, as UTF-8 text.

Everything the loader reads goes through here. A content folder is written by people and by tools,
and may hold what is not a file: a named pipe (reading it waits forever for a writer), a socket, a
link to a device (/dev/zero never ends), a folder named like a file, a link that loops. Each is
refused at its path before a byte is read. A file is opened without waiting and its type checked
again on the open descriptor, so that a file swapped for a pipe between the check and the read is
refused too, and at most one byte more than the bound is ever read.
"""
from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

from .bounds import MAX_FILE_BYTES, MAX_PLAYBOOK_BYTES  # noqa: F401  (the size bounds, all in bounds.py)
from .diagnostics import Diagnostic, PlaybookError
from .message import Message

# A charter has about fifteen parts, some networks and some pages: a folder of the content with more
# entries than this is a mistake (a tool's output, a copy gone wrong), and listing, sorting and
# reporting every one of 100,000 files would take minutes to say so.
MAX_ENTRIES = 1_000
# Characters of a file name that a terminal would act on or that end a line of a message.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f]")
# what a path is, in words: Messages whose English text the code compares ("a folder", "nothing")
_KINDS = ((stat.S_ISFIFO, Message("file-kind.named-pipe")), (stat.S_ISSOCK, Message("file-kind.socket")),
          (stat.S_ISCHR, Message("file-kind.device")), (stat.S_ISBLK, Message("file-kind.device")),
          (stat.S_ISDIR, Message("file-kind.folder")))


def size_words(size: int) -> str:
    """A size in words: '3.1 MB', '512 KB'."""
    return f"{size / 1048576:.1f} MB" if size >= 1048576 else f"{size // 1024} KB"


def printable(name: str) -> str:
    """A file name as a message can show it: bytes that are not UTF-8 as \\xe9, line breaks as \\n.

    Names come from the system as they are on disk; one that is not UTF-8 holds surrogate escapes,
    which no terminal can print, and one with a line break would split its message in two."""
    text = os.fsencode(name).decode("utf-8", "backslashreplace")
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def name_problem(path: Path, display: str) -> Diagnostic | None:
    """Why the name of `path` cannot be a name of the site's files, or None."""
    name = path.name
    if _UNPRINTABLE.search(name):
        message = Message("file-name.holds-a-control-character")
    else:
        try:
            name.encode("utf-8")
            return None
        except UnicodeEncodeError:  # bytes that are not UTF-8, which the system gives as surrogates
            message = Message("file-name.is-not-utf-8")
    return Diagnostic("file-name", message, display,
                      hint=Message("file-name.rename-the-file-with-letters"))


def kind(mode: int) -> str:
    """What a file of this mode is, in words ('a named pipe'), or 'a file'."""
    return next((words for test, words in _KINDS if test(mode)), Message("file-kind.file"))


def _unreadable(exc: OSError, path: Path, display: str) -> Diagnostic:
    """The reason why `path` cannot be opened, in words."""
    if exc.errno == errno.ELOOP:
        return Diagnostic("not-a-file", Message("not-a-file.is-a-link-that-leads", path=display),
                          display, hint=Message("not-a-file.replace-the-link-by-the"))
    if exc.errno == errno.ENOENT and os.path.islink(path):
        return Diagnostic("not-a-file", Message("not-a-file.is-a-link-to-a", path=display), display,
                          hint=Message("not-a-file.replace-the-link-by-the-2"))
    if exc.errno in (errno.EACCES, errno.EPERM):
        return Diagnostic("read", Message("read.cannot-read-this-file-permission"), display,
                          hint=Message("read.give-your-user-the-right"))
    return Diagnostic("read", Message("read.cannot-read-this-file", reason=exc.strerror or exc), display)


def not_a_file(display: str, mode: int) -> Diagnostic:
    return Diagnostic("not-a-file", Message("not-a-file.is-not-a-regular-file", path=display, kind=kind(mode)),
                      display, hint=Message("not-a-file.replace-it-by-a-file"))


def _too_big(display: str, size: int, limit: int = MAX_FILE_BYTES) -> PlaybookError:
    if limit != MAX_FILE_BYTES:  # not a content file: the staff list of acknowledgements
        return PlaybookError([Diagnostic("file-too-big", Message("file-too-big.is-playbook-reads-at-most",
                                                                 display=display, size=size_words(size),
                                                                 limit=size_words(limit)), display)])
    return PlaybookError([Diagnostic(
        "file-too-big", Message("file-too-big.is-a-content-file-may", file=display, size=size_words(size),
                                max=size_words(MAX_FILE_BYTES)), display,
        hint=Message("file-too-big.split-it-a-network-per"))])


def read_bytes(path: Path, display: str, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of the regular file `path`, at most `limit`; raises PlaybookError otherwise."""
    try:
        # Checked before opening: opening some devices acts on them; a link is judged by its target.
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):
            raise PlaybookError([not_a_file(display, mode)])
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise PlaybookError([_unreadable(exc, path, display)]) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):  # replaced by something else since it was checked
            raise PlaybookError([not_a_file(display, info.st_mode)])
        if info.st_size > limit:
            raise _too_big(display, info.st_size, limit)
        chunks, left = [], limit + 1  # one byte more shows a file that grew while it was read
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 16))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise PlaybookError([_unreadable(exc, path, display)]) from None
    finally:
        os.close(fd)
    raw = b"".join(chunks)
    if len(raw) > limit:
        raise _too_big(display, len(raw), limit)
    return raw


def decode(raw: bytes, display: str) -> str:
    """UTF-8 text with '\\n' line ends; raises PlaybookError at the first byte that is not UTF-8."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
        raise PlaybookError([Diagnostic(
            "encoding", Message("encoding.this-file-is-not-utf"), display, line, column,
            Message("encoding.save-the-file-as-utf"))]) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(path: Path, display: str, limit: int = MAX_FILE_BYTES) -> str:
    """The text of a content file; raises PlaybookError when it is not a readable UTF-8 file within bounds."""
    return decode(read_bytes(path, display, limit), display)


def what(path: Path) -> str:
    """What is at `path`, links followed: 'a folder', 'a file', 'nothing', or the odd thing it is."""
    try:
        return kind(os.stat(path).st_mode)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return Message("file-kind.loop-of-links")
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            return Message("file-kind.link-to-nothing") if os.path.islink(path) else Message("file-kind.nothing")
        return Message("file-kind.unreadable", reason=(exc.strerror or str(exc)).lower())
    except ValueError:  # a NUL character in the name
        return Message("file-kind.nothing")


def entries(folder: Path, display: str) -> list[Path]:
    """The entries of a folder of the content, sorted by name; raises PlaybookError beyond MAX_ENTRIES.

    Editors' lock files (`.#kpis.yml`, a link to nowhere written by Emacs while a file is edited) are
    left out: they come and go with every edit, and `serve` reads the folder meanwhile."""
    found: list[Path] = []
    try:
        with os.scandir(folder) as listing:
            for entry in listing:
                if entry.name.startswith(".#"):
                    continue
                if len(found) == MAX_ENTRIES:
                    raise PlaybookError([Diagnostic(
                        "too-many-files", Message("too-many-files.holds-more-than-files-a", path=display,
                                                  n=f"{MAX_ENTRIES:,}"), display,
                                                  hint=Message("too-many-files.move-what-is-not-part"))])
                found.append(folder / entry.name)
    except OSError as exc:
        reason = Message("read.permission-denied") if exc.errno in (errno.EACCES, errno.EPERM) else exc.strerror
        raise PlaybookError([Diagnostic("read", Message("read.cannot-read-the-folder", path=display, reason=reason),
                                        display,
                                        hint=Message("read.give-your-user-the-right-2"))]) from None
    return sorted(found)


def folder_name_problem(name: str) -> str:
    """Why a folder named in site_config.yml cannot be a folder on any system, or an empty string."""
    if "\x00" in name:
        return Message("folder-name.holds-a-nul-character")
    if any(len(os.fsencode(part)) > 255 for part in Path(name).parts) or len(os.fsencode(name)) > 4000:
        return Message("folder-name.is-longer-than-file-systems")
    return ""


def inside(path: Path, root: Path) -> bool:
    """Whether `path`, links followed, is `root` or lies in it.

    `os.path.realpath` does not stop on a loop of links (Path.resolve raises RuntimeError on Python
    3.11): a loop then stays where it is, and reading it says what it is."""
    try:
        Path(os.path.realpath(path)).relative_to(os.path.realpath(root))
    except (ValueError, OSError):
        return False
    return True
