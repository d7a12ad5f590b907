"""The project API: a playbook folder loaded and checked in every language it is published in, with the
warnings of its translations; and any version of it (a release, or the draft) by name. Commands, the
build and the preview all start here."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import changelog, migrations, releases
from .diagnostics import WARNING, Diagnostic, PlaybookError
from .load import Sources, load_project
from .model import Playbook
from .model.language import in_words
from .parts import PARTS
from .theme import load_strings, user_theme
from .validate import validate
from .message import Message

DRAFT = "draft"


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


def check(root: Path, project: Path | None = None) -> Checked:
    """Validate the playbook in `root`, in every language it is published in; raises PlaybookError listing
    every problem.

    With `project`, `root` is a frozen release of that project: its files are named from the
    project's folder, and the folders of the working copy (output, theme) are not its concern.
    """
    sources = load_project(root, shown_from=project)
    if project is not None:  # a release approved under an older format is brought to today's first
        sources = migrations.migrate(sources, root)
    playbook, warnings = validate(sources, frozen=project is not None)
    translations = {}
    for language in playbook.config.translations:
        translations[language], more = validate(sources, frozen=project is not None, language=language)
        warnings = _merged(warnings, more)
    checked = Checked(playbook, warnings, translations)
    if project is None and translations:
        checked.warnings = _merged(checked.warnings, _outdated(root, sources, checked))
        checked.warnings += _unlabelled_mix(root, sources, checked)
    return checked


def _merged(first: list[Diagnostic], more: list[Diagnostic]) -> list[Diagnostic]:
    """`first`, then the diagnostics of `more` it does not hold yet, in linear time."""
    seen = set(first)
    return first + [d for d in more if not (d in seen or seen.add(d))]


def _unlabelled_mix(root: Path, sources: Sources, checked: Checked) -> list[Diagnostic]:
    """The warnings of the parts about their words that a translation's labels do not name (a kind of content of a
    mix with no label: it would show as written), as each part checks them (its `labels_check`)."""
    config = checked.playbook.config
    theme = user_theme(root, config.theme_dir)
    out = []
    for language in config.translations:
        labels = load_strings(language, theme)
        for part in PARTS:
            model, source = checked.playbook.parts.get(part.stem), sources.parts.get(part.stem)
            if part.labels_check is not None and model is not None and source is not None:
                out += part.labels_check(source, model, labels, language, config.theme_dir or "theme")
    return out


def _outdated(root: Path, sources: Sources, checked: Checked) -> list[Diagnostic]:
    """A warning at every text changed in the main language since the last release while its translation was not."""
    try:
        known = releases.list_releases(root)
        last = check(known[-1].folder, root) if known else None
    except PlaybookError:  # a damaged or invalid release is reported by the build
        return []
    if last is None:
        return []
    main = checked.playbook.config.language
    out = []
    for language, change in changelog.outdated(last, checked, load_strings(main)):
        if change.part == "networks":
            source, loc = sources.networks[change.path[0]], change.path[1:]
        elif change.part == "pages":
            source, loc = next(s for s in sources.pages if s.path.stem == change.path[0]), ()
        elif change.part == "config":
            source, loc = sources.config, change.path
        else:
            source, loc = sources.parts[change.part], change.path
        out.append(source.diagnostic(
            loc, "outdated-translation", Message("outdated-translation.the-text-changed-since-release",
                                                 main=in_words(main), version=known[-1].version,
                                                 language=in_words(language)),
            Message("outdated-translation.check-the-translation-and-update", language=in_words(language)),
            key=bool(loc) and isinstance(loc[-1], str), severity=WARNING))
    return out


def checked_at(root: Path, version: str) -> Checked:
    """The playbook of a release, or of the working content for 'draft', in every language."""
    if version == DRAFT:
        return check(root)
    known = releases.list_releases(root)
    for release in known:
        if release.version == version:
            return check(release.folder, root)
    names = ", ".join([r.version for r in known] + [DRAFT])
    raise PlaybookError([Diagnostic("unknown-release", Message("unknown-release.there-is-no-release", version=version),
                                    hint=Message("unknown-release.the-versions-are", versions=names))])
