"""What changed between two versions of a playbook, in sentences: in the main language, in a translation only,
and the translations a change left behind. `playbook diff`, the sealed changes of a release and the "What
changed" pages all say it this way."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .audience import TEAM, for_audience
from .changes import Change, compare, describe
from .model import Playbook
from .theme import playbook_strings, user_theme

if TYPE_CHECKING:
    from .project import Checked


def lines(old: Playbook, new: Playbook, root: Path) -> list[str]:
    """The changes from `old` to `new`, one sentence each, in the language of `new`."""
    strings = playbook_strings(new, user_theme(root, new.config.theme_dir))
    return [describe(change, strings) for change in compare(old, new, strings)]


def _compared(old: Checked, new: Checked, strings: dict,
              audience: str) -> tuple[list[Change], dict[str, list[Change]]]:
    """The changes in the main language, and in each translation that both versions are published in."""
    main = compare(for_audience(old.playbook, audience), for_audience(new.playbook, audience), strings)
    translated = {language: compare(for_audience(old.in_language(language), audience),
                                    for_audience(new.in_language(language), audience), strings)
                  for language in new.playbook.config.translations if language in old.languages}
    return main, translated


def _left_behind(main: list[Change], translated: dict[str, list[Change]]) -> list[tuple[str, Change]]:
    found = []
    for language, changes in translated.items():
        paths = {(change.part, change.path) for change in changes}
        found += [(language, change) for change in main
                  if change.action == "changed" and (change.part, change.path) not in paths]
    return found


def outdated(old: Checked, new: Checked, strings: dict, audience: str = TEAM) -> list[tuple[str, Change]]:
    """(language, change) for every text changed in the main language whose translation did not change with it."""
    return _left_behind(*_compared(old, new, strings, audience))


def all_lines(old: Checked, new: Checked, root: Path, audience: str = TEAM) -> list[str]:
    """The changes in the main language, then those made to a translation only ("In English only — ..."),
    then the translations a change left behind, as `audience` may read them.

    A language newly published is a change of the configuration, among those of the main language."""
    after = new.playbook
    strings = playbook_strings(after, user_theme(root, after.config.theme_dir))
    main, translated = _compared(old, new, strings, audience)
    out = [describe(change, strings) for change in main]
    seen = {(change.part, change.path) for change in main}
    names = strings["changes"]["languages"]
    for language, changes in translated.items():
        out += [strings["changes"]["in_language"].format(language=names[language], change=describe(change, strings))
                for change in changes if (change.part, change.path) not in seen]
    for language, change in _left_behind(main, translated):
        out.append(strings["changes"]["not_updated"].format(language=names[language], change=describe(change, strings)))
    return out
