"""The modes of what playbook publishes: folders and files readable as any tool would leave them.

A build is made in a private temporary folder (mkdtemp makes it 0700) and then renamed into place: without this,
the published site would keep that private mode, and a web server's workers, which run as another user
(www-data), would answer 403 to every page. Like `cp` or `mkdir`, playbook respects the umask: with the usual
022, folders are 0755 and files 0644; with 027, 0750 and 0640 (the server's group then reads them); with 077, the
site stays private, as asked."""
from __future__ import annotations

import os
import stat
from pathlib import Path


def umask() -> int:
    """The process's umask, read without changing it where the system says it (Linux), else set back at once."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def folder_mode() -> int:
    return 0o777 & ~umask()


def file_mode() -> int:
    return 0o666 & ~umask()


def open_to_readers(folder: Path) -> None:
    """Give `folder` and everything in it the modes a new folder or file gets (0777 and 0666 less the umask).
    Symbolic links are left alone (their modes mean nothing on Linux, and a link must not change its target)."""
    folders, files = folder_mode(), file_mode()
    os.chmod(folder, folders)
    for parent, names, leaves in os.walk(folder):
        for name in names:
            path = os.path.join(parent, name)
            if not os.path.islink(path):
                os.chmod(path, folders)
        for name in leaves:
            path = os.path.join(parent, name)
            if stat.S_ISREG(os.lstat(path).st_mode):
                os.chmod(path, files)
