"""Validate stage: check loaded sources against the models, then every cross-reference.

Schema errors of every file are collected before cross-references are checked, and all of them
are reported together, each at the file, line and column the author wrote.
"""
from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any, Iterator

from pydantic import BaseModel

from .characters import check_sources
from .diagnostics import WARNING, Diagnostic, Report, did_you_mean
from . import bounds, markdown_text, mkdocs_settings, publish
from .files import folder_name_problem, inside, printable, what
from .load import CONFIG_FILE, Source, Sources
from .yaml_source import value_at
from .schema_errors import parse
from .theme import check_folder
from .model import Item, Network, Page, PageMeta, Playbook, Ref, SiteConfig
from .model.language import LANGUAGES, Untranslated, in_words
from .model.schema import field_ref, unwrap, walk
from .parts import BY_STEM, PARTS, file_names
from .message import Message
from .words import kind_word
from .page_versions import page_settings

# Items whose ids only need to be unique inside their own file.
FILE_SCOPED_KINDS = {"checklist"}

def _kinds(model: type[BaseModel], seen: frozenset = frozenset()) -> set[str]:
    """The kinds of items a model holds, at any depth."""
    found: set[str] = set()
    for info in model.model_fields.values():
        for part in unwrap(info.annotation):
            if isinstance(part, type) and issubclass(part, BaseModel) and part not in seen:
                if issubclass(part, Item) and part.kind:
                    found.add(part.kind)
                found |= _kinds(part, seen | {model})
    if issubclass(model, Item) and model.kind:
        found.add(model.kind)
    return found


def _raw_ids(model: type[BaseModel], data: Any) -> Iterator[tuple[str, str | None]]:
    """(kind, id) of the items written in a file that did not validate, so that one mistake in it does
    not make every reference to its items look dangling; the id is None where it cannot be read."""
    if not isinstance(data, dict):
        return
    if issubclass(model, Item) and model.kind and "id" in data:
        # an id that is not a plain text (a mapping, a list): the item's real id is unknown
        yield model.kind, data["id"] if isinstance(data["id"], str) else None
    for name, info in model.model_fields.items():
        inner = next((t for t in unwrap(info.annotation) if isinstance(t, type) and issubclass(t, BaseModel)), None)
        value = data.get(name)
        if inner is None or value is None:
            continue
        for item in value if isinstance(value, list) else [value]:
            yield from _raw_ids(inner, item)


def _check_references(parsed: list[tuple[Source, BaseModel]], report: Report,
                      raw: set[tuple[str, str]], unknown_kinds: set[str]) -> None:
    ids: dict[tuple[str, str], dict[str, tuple[Source, tuple]]] = {}
    refs: list[tuple[Source, Ref, Any, tuple]] = []
    for source, model in parsed:
        for obj, name, value, loc in walk(model, ()):
            ref = field_ref(type(obj), name)
            if ref is not None and value is not None:
                refs.append((source, ref, value, loc))
            if name == "id" and isinstance(obj, Item) and obj.kind:
                scope = source.display if obj.kind in FILE_SCOPED_KINDS else ""
                seen = ids.setdefault((obj.kind, scope), {})
                if value in seen:
                    first, first_loc = seen[value]
                    line, _ = first.position(first_loc)
                    report.add(source.diagnostic(loc, "duplicate-id",
                                                 Message("duplicate-id.the-id-is-already-used", id=value,
                                                         kind=kind_word(obj.kind), file=first.display,
                                                         line=line), Message("duplicate-id.give-each-item-its-own")))
                else:
                    seen[value] = (source, loc)
    for source, ref, value, loc in refs:
        if ref.kind in unknown_kinds:  # defined in a file that could not be read: its errors come first
            continue
        targets = ids.get((ref.kind, ""), {})
        for i, target in enumerate(value if isinstance(value, list) else [value]):
            if target not in targets and (ref.kind, target) not in raw:
                where = loc + (i,) if isinstance(value, list) else loc
                # the ids of a file that did not validate are candidates too: it exists, with its own errors
                written = {*targets, *(known for kind, known in raw if kind == ref.kind and known is not None)}
                hint = did_you_mean(target, written) or (
                    Message("unknown-reference.known-ids", kind=kind_word(ref.kind),
                            ids=', '.join(sorted(targets))) if targets
                    else _undefined(ref.kind, parsed))
                report.add(source.diagnostic(where, "unknown-reference",
                                             Message("unknown-reference.no-has-the-id", kind=kind_word(ref.kind),
                                                     id=target), hint))


def _undefined(kind: str, parsed: list[tuple[Source, BaseModel]]) -> str:
    """What to do about a reference to a kind of item none of which is defined: often, the part that defines them
    is not in this playbook (every part but one is optional)."""
    defining = {names.kind: part for part in PARTS for names in part.names}.get(kind)
    present = {type(model) for _, model in parsed}
    if defining is not None and defining.model not in present:
        return Message("unknown-reference.no-file-yet", file=defining.file, kind=kind_word(kind))
    return Message("unknown-reference.none-defined-yet", kind=kind_word(kind))


CARDS = {"card_employee", "card_joining", "card_crisis"}  # the home page's cards by reader


def _check_titles(source: Source, config: SiteConfig, report: Report) -> None:
    """`titles` renames pages that exist: a part's page, the onboarding path, the glossary."""
    renamable = sorted({part.stem for part in PARTS if part.page} | {"onboarding", "glossary"} | CARDS)
    for key in config.titles:
        if key not in renamable:
            report.add(source.diagnostic(("titles", key), "unknown-title", Message("unknown-title.is-not-a-page-whose",
                                                                                   key=key), did_you_mean(key,
                                                                                                          renamable) or
                                         Message("mkdocs-value.write-one-of", values=', '.join(renamable)), key=True))


def _check_acknowledged_pages(source: Source, config: SiteConfig, report: Report) -> None:
    """`acknowledgements: pages` names parts, each asking on its page (the part shown on the home page, there)."""
    pages = sorted(part.stem for part in PARTS)
    for i, name in enumerate(config.acknowledgements.pages if config.acknowledgements else []):
        if name not in pages:
            report.add(source.diagnostic(("acknowledgements", "pages", i), "unknown-page",
                                         Message("invalid-page.names-no-part-of-the", name=name),
                                         did_you_mean(name, pages)
                                         or Message("mkdocs-value.write-one-of", values=', '.join(pages))))


def source_paths(root: Path, config: SiteConfig) -> list[Path]:
    """Everything a build reads or keeps, which publishing must never replace.

    A folder that validation refuses (outside the playbook, the playbook itself, a name no system
    accepts) is left out: its own error says what is wrong, and publishing never goes that far."""
    paths = [root / config.content_dir, root / "releases", root / CONFIG_FILE, root / ".playbook"]
    if config.theme_dir:
        paths.append(root / config.theme_dir)
    return [path for path in paths if not folder_name_problem(str(path)) and inside(path, root)
            and not inside(root, path)]


def _theme_problem(root: Path, name: str) -> tuple[Message, Message] | None:
    """What is wrong with theme_dir `name`, and what to do, or None."""
    shown, folder = printable(name), root / name
    problem = folder_name_problem(name)
    if "\x00" in name:  # already refused at the value, as an invisible character
        return None
    if problem:
        return Message("theme-dir.name-problem", name=shown, problem=problem), Message("theme-dir.give-a-folder-name")
    if not inside(folder, root):
        # the theme's templates run with the playbook's trust, and a release must be rebuilt from the repository
        hint = (Message("theme-dir.is-a-link", name=shown) if os.path.islink(folder) else
                Message("theme-dir.move-the-theme-into-the-playbook"))
        return Message("theme-dir.must-be-inside-the-playbook"), hint
    if inside(root, folder):
        return Message("theme-dir.is-the-playbook-folder", name=shown), Message("theme-dir.a-folder-of-its-own")
    found = what(folder)
    if found == "nothing":
        return Message("theme-dir.does-not-exist", name=shown), Message("theme-dir.create-it-or-remove")
    if found != "a folder":
        return (Message("theme-dir.is-not-a-folder", name=shown, found=found),
                Message("theme-dir.make-it-a-folder-or-remove"))
    return None


def _check_paths(sources: Sources, config: SiteConfig, report: Report) -> None:
    root = sources.root
    problem = folder_name_problem(config.output_dir)
    if problem and "\x00" not in config.output_dir:  # a NUL was refused at the value, as an invisible character
        report.add(sources.config.diagnostic(("output_dir",), "output-dir", Message("output-dir.output-dir",
                                                                                    name=printable(config.output_dir),
                                                                                    problem=problem),
                                             Message("output-dir.choose-a-folder-of-its")))
    elif not problem:  # outside the playbook is fine: the site is often published elsewhere
        try:
            reason = publish.refusal(root / config.output_dir, root, source_paths(root, config))
        except OSError as exc:  # a folder on the way that cannot be searched
            reason = Message("output-dir.cannot-look-into-the-output", name=printable(config.output_dir),
                             reason=exc.strerror)
        if reason:
            report.add(sources.config.diagnostic(("output_dir",), "output-dir", reason,
                                                 Message("output-dir.choose-a-folder-of-its")))
    theme = _theme_problem(root, config.theme_dir) if config.theme_dir else None
    if theme:
        report.add(sources.config.diagnostic(("theme_dir",), "theme-dir", *theme))
    elif config.theme_dir and "\x00" not in config.theme_dir:  # checked here, once, so that check, build,
        # serve and release all refuse it (a NUL in the name was refused at the value, as an invisible character)
        report.extend(check_folder(root / config.theme_dir, printable(Path(config.theme_dir).as_posix()),
                                   config.languages))


def _untranslated(value: Any, loc: tuple) -> Iterator[tuple[tuple, Untranslated]]:
    """Every text of a model shown in another language than the one it was validated for."""
    if isinstance(value, Untranslated):
        yield loc, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _untranslated(getattr(value, name), loc + (name,))
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _untranslated(item, loc + (i,))


def _check_translations(parsed: list[tuple[Source, BaseModel]], language: str, report: Report) -> None:
    for source, model in parsed:
        for loc, text in _untranslated(model, ()):
            if isinstance(value_at(source.data, loc), dict):  # written in some languages, not this one
                hint = Message("missing-translation.add-a-line-beside", language=language, shown=text.lang)
            else:
                hint = Message("missing-translation.write-it-as-two-lines", shown=text.lang, language=language)
            report.add(source.diagnostic(
                loc, "missing-translation", Message("missing-translation.no-text-here-the-one",
                                                    language=in_words(language), shown=in_words(text.lang)), hint,
                                         key=isinstance(loc[-1], str), severity=WARNING))


def _page_language(path: Path) -> tuple[str, str | None]:
    """The slug of a free page and the language its file name gives: 'guide.en.md' is the English 'guide'."""
    slug, dot, suffix = path.stem.rpartition(".")
    return (slug, suffix) if dot and suffix in LANGUAGES else (path.stem, None)


def _pages(sources: Sources, language: str, primary: str, languages: list[str], report: Report,
           known: bool = True) -> list[Page]:
    """The free pages in `language`: 'guide.en.md' in English, 'guide.md' (the main language) where it is missing.

    `known` is False when site_config.yml could not be read: which languages are published is then unknown."""
    versions: dict[str, dict[str, Source]] = {}
    for source in sources.pages:
        slug, written_in = _page_language(source.path)
        if slug in GENERATED_PAGES or slug in BY_STEM:
            report.add(Diagnostic("reserved-page", Message("reserved-page.a-free-page-cannot-be",
                                                           name=source.path.name), source.display,
                                  hint=Message("reserved-page.rename-it-for-example-notes", slug=slug)))
            continue
        if written_in is not None and written_in not in languages and known:
            report.add(Diagnostic("unpublished-language", Message("unpublished-language.is-in-which-the-site",
                                                                  name=source.path.name,
                                                                  language=in_words(written_in)), source.display, 1, 1,
                                  Message("unpublished-language.add-to-translations-in-site", language=written_in),
                                  severity=WARNING))
            continue
        written = versions.setdefault(slug, {})
        if (written_in or primary) in written:  # 'guide.md' and 'guide.fr.md' are both the French 'guide'
            report.add(Diagnostic("duplicate-page", Message("duplicate-page.and-are-both-the-version",
                                                            first=source.path.name,
                                                            second=written[written_in or primary].path.name,
                                                            language=in_words(written_in or primary), slug=slug),
                                  source.display, 1, 1, Message("duplicate-page.keep-one-of-them-a", slug=slug)))
            continue
        written[written_in or primary] = source
    pages = []
    for slug, written in versions.items():
        shown = language if language in written else primary if primary in written else next(iter(written))
        source = written[shown]
        meta = parse(source, PageMeta, report, context={"language": shown, "primary": shown})
        if meta is None:
            continue
        meta = page_settings(written, shown, primary, meta, report)
        body = source.body
        if shown != language:
            report.add(Diagnostic("missing-translation", Message("missing-translation.the-page-has-no-version",
                                                                 slug=slug, language=in_words(language),
                                                                 shown=in_words(shown)),
                                  source.display, 1, 1, Message("missing-translation.write-it-in-pages-md",
                                                                slug=slug) if language == primary
                                  else Message("missing-translation.write-it-in-pages-md-2", slug=slug,
                                               language=language), severity=WARNING))
            meta = meta.model_copy(update={"title": Untranslated(meta.title, shown),
                                           "description": Untranslated(meta.description, shown)})
            body = Untranslated(body, shown)
        pages.append(Page(slug=slug, meta=meta, body=body))
    return pages


# The pages the site generates, whose names a free page cannot take, besides those of the parts.
GENERATED_PAGES = {"index", "glossary", "onboarding", "networks", "signoff", "changes", "readiness"}


def _parts(sources: Sources, report: Report, failed: list, parsed: list, context: dict) -> dict[str, Any]:
    """Each content file checked against its part's model; a file of no part, or a required one missing, reported."""
    parts: dict[str, Any] = {}
    for stem, source in sources.parts.items():
        if stem not in BY_STEM:
            names = file_names()
            hint = did_you_mean(f"{stem}.yml", names, cutoff=0.75) or Message("unknown-file.the-content-files-are",
                                                                              names=', '.join(names))
            report.add(Diagnostic("unknown-file", Message("unknown-file.is-not-a-part-of", name=source.path.name),
                                  source.display, hint=hint))
            continue
        parts[stem] = parse(source, BY_STEM[stem].model, report, failed, context)
        if parts[stem] is not None:
            parsed.append((source, parts[stem]))
    content = sources.content_dir.relative_to(sources.root).as_posix()
    broken_stems = {path.stem for path in sources.broken if path.parent == sources.content_dir}
    for part in PARTS:
        if part.required and part.stem not in sources.parts and part.stem not in broken_stems:
            report.add(Diagnostic("missing-file", Message("missing-file.the-file-yml-is-missing", content=content,
                                                          stem=part.stem), f"{content}/",
                                  hint=Message("missing-file.create-yml-playbook-init-shows", content=content,
                                               stem=part.stem)))
    return parts


def main_language(sources: Sources) -> str | None:
    """The main language written in site_config.yml, read before the file is validated."""
    data = sources.config.data
    value = data.get("language") if isinstance(data, dict) else None
    return value if value in LANGUAGES else None


def validate(sources: Sources, today: date | None = None, frozen: bool = False,
             language: str | None = None) -> tuple[Playbook, list[Diagnostic]]:
    """Turn loaded sources into a Playbook in `language` (by default the main one), or raise PlaybookError
    listing every problem."""
    report = Report()
    report.extend(sources.problems)
    report.extend(check_sources(sources))
    report.extend(bounds.check_sources(sources))
    report.extend(markdown_text.warnings(sources))
    failed: list[tuple[Source, type[BaseModel]]] = []
    parsed: list[tuple[Source, BaseModel]] = []
    primary = main_language(sources)
    language = language or primary
    context = {"language": language, "primary": primary}
    config = parse(sources.config, SiteConfig, report, context=context)
    if config is not None:
        parsed.append((sources.config, config))
        for i, network in enumerate(config.networks):
            if network in config.networks[:i]:
                report.add(sources.config.diagnostic(("networks", i), "duplicate-network",
                                                     Message("duplicate-network.the-network-is-listed-twice",
                                                             id=network),
                                                     Message("duplicate-network.list-each-network-once")))
        _check_titles(sources.config, config, report)
        _check_acknowledged_pages(sources.config, config, report)
        if not frozen:  # a frozen release has no output or theme folder of its own
            _check_paths(sources, config, report)
        overrides = sources.root / config.theme_dir / "overrides" if config.theme_dir else None
        mkdocs_settings.check(sources.config, config.mkdocs, report, overrides, frozen)
    parts = _parts(sources, report, failed, parsed, context)
    networks: list[Network] = []
    for source in sources.networks:
        network = parse(source, Network, report, failed, context)
        if network is not None:
            networks.append(network)
            parsed.append((source, network))
    languages = config.languages if config is not None else [primary or "fr"]
    pages = _pages(sources, language or languages[0], primary or languages[0], languages, report,
                   known=config is not None)
    for part in PARTS:  # what a part reads from other files of the content (values from CSV files)
        if part.imports is not None and parts.get(part.stem) is not None:
            parts[part.stem] = part.imports(sources.parts[part.stem], parts[part.stem], sources, parts, report)
    raw = {pair for source, model in failed for pair in _raw_ids(model, source.data)}
    unknown_kinds = {kind for kind, item_id in raw if item_id is None}
    for path in sources.broken:  # unreadable files: what they define is unknown
        model = BY_STEM[path.stem].model if path.stem in BY_STEM else PageMeta
        unknown_kinds |= _kinds(Network) if path.parent.name == "networks" else _kinds(model)
    # ids, references, the decision tree and dates are the same in every language: checked in the main one
    translation = language is not None and primary is not None and language != primary
    if not translation:
        _check_references(parsed, report, raw, unknown_kinds)
    if language is not None:
        _check_translations(parsed, language, report)
    for part in PARTS:  # the checks of a part beyond its model
        if part.check is not None and parts.get(part.stem) is not None and not translation:
            part.check(sources.parts[part.stem], parts[part.stem], report, today or date.today())
    report.raise_if_errors()
    playbook = Playbook(config=config, parts={part.stem: parts.get(part.stem) for part in PARTS},
                        networks=networks, pages=pages, language="" if language == config.language else language or "")
    return playbook, report.warnings
