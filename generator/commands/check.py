"""playbook check: load and validate, build nothing."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostic
from ..load import load_project
from ..model import Playbook
from ..validate import validate


@dataclass
class Checked:
    playbook: Playbook  # in the main language
    warnings: list[Diagnostic]
    translations: dict[str, Playbook] = field(default_factory=dict)  # the other languages it is published in

    def in_language(self, language: str) -> Playbook:
        return self.translations.get(language, self.playbook)

    @property
    def languages(self) -> list[str]:
        return self.playbook.config.languages


def run(root: Path, project: Path | None = None) -> Checked:
    """Validate the playbook in `root`, in every language it is published in; raises PlaybookError listing
    every problem.

    With `project`, `root` is a frozen release of that project: its files are named from the
    project's folder, and the folders of the working copy (output, theme) are not its concern.
    """
    sources = load_project(root, shown_from=project)
    playbook, warnings = validate(sources, frozen=project is not None)
    translations = {}
    for language in playbook.config.translations:
        translations[language], more = validate(sources, frozen=project is not None, language=language)
        warnings += [w for w in more if w not in warnings]
    return Checked(playbook, warnings, translations)
