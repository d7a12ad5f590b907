"""playbook diff: what changed between two releases, or a release and the draft, in the charter's terms."""
from __future__ import annotations

from pathlib import Path

from .. import releases
from ..changes import Change, compare, describe
from ..diagnostics import Diagnostic, PlaybookError
from ..audience import TEAM, for_audience
from ..model import Playbook
from ..render import load_strings
from . import build, check

DRAFT = "draft"


def checked_at(root: Path, version: str) -> check.Checked:
    """The playbook of a release, or of the working content for 'draft', in every language."""
    if version == DRAFT:
        return check.run(root)
    known = releases.list_releases(root)
    for release in known:
        if release.version == version:
            return check.run(release.folder, root)
    names = ", ".join([r.version for r in known] + [DRAFT])
    raise PlaybookError([Diagnostic("unknown-release", f"there is no release '{version}'",
                                    hint=f"the versions are: {names}")])


def lines(old: Playbook, new: Playbook, root: Path) -> list[str]:
    """The changes from `old` to `new`, one sentence each, in the language of `new`."""
    strings = load_strings(new.lang, build.user_theme(root, new.config.theme_dir))
    return [describe(change, strings) for change in compare(old, new, strings)]


def outdated(old: check.Checked, new: check.Checked, strings: dict, audience: str = TEAM) -> list[tuple[str, Change]]:
    """(language, change) for every text changed in the main language whose translation did not change with it."""
    found = []
    main = compare(for_audience(old.playbook, audience), for_audience(new.playbook, audience), strings)
    for language in new.playbook.config.translations:
        if language not in old.languages:
            continue
        translated = {(change.part, change.path) for change in compare(
            for_audience(old.in_language(language), audience), for_audience(new.in_language(language), audience),
            strings)}
        found += [(language, change) for change in main
                  if change.action == "changed" and (change.part, change.path) not in translated]
    return found


def all_lines(old: check.Checked, new: check.Checked, root: Path, audience: str = TEAM) -> list[str]:
    """The changes in the main language, then those made to a translation only ("In English only — ..."),
    as `audience` may read them."""
    before, after = for_audience(old.playbook, audience), for_audience(new.playbook, audience)
    strings = load_strings(after.lang, build.user_theme(root, after.config.theme_dir))
    found = compare(before, after, strings)
    out = [describe(change, strings) for change in found]
    seen = {(change.part, change.path) for change in found}
    for language in new.playbook.config.translations:
        if language not in old.languages:  # a language newly published: a change of the configuration, above
            continue
        for change in compare(for_audience(old.in_language(language), audience),
                              for_audience(new.in_language(language), audience), strings):
            if (change.part, change.path) not in seen:
                out.append(strings["changes"]["in_language"].format(
                    language=strings["changes"]["languages"][language], change=describe(change, strings)))
    for language, change in outdated(old, new, strings, audience):
        out.append(strings["changes"]["not_updated"].format(
            language=strings["changes"]["languages"][language], change=describe(change, strings)))
    return out


def run(root: Path, old: str, new: str) -> list[str]:
    root = root.resolve()
    return all_lines(checked_at(root, old), checked_at(root, new), root)
