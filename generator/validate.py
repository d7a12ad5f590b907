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
                                                 f"the id '{value}' is already used by another {obj.kind.replace('_', ' ')} "
                                                 f"({first.display}:{line})", "give each item its own id"))
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
                    f"known {ref.kind.replace('_', ' ')} ids: {', '.join(sorted(targets))}" if targets
                    else _undefined(ref.kind, parsed))
                report.add(source.diagnostic(where, "unknown-reference",
                                             f"no {ref.kind.replace('_', ' ')} has the id '{target}'", hint))


def _undefined(kind: str, parsed: list[tuple[Source, BaseModel]]) -> str:
    """What to do about a reference to a kind of item none of which is defined: often, the part that defines them
    is not in this playbook (every part but one is optional)."""
    defining = {names.kind: part for part in PARTS for names in part.names}.get(kind)
    present = {type(model) for _, model in parsed}
    if defining is not None and defining.model not in present:
        return f"the playbook has no {defining.file} yet: add it with this {kind.replace('_', ' ')}, or remove the reference"
    return f"no {kind.replace('_', ' ')} is defined yet"


CARDS = {"card_employee", "card_joining", "card_crisis"}  # the home page's cards by reader


def _check_titles(source: Source, config: SiteConfig, report: Report) -> None:
    """`titles` renames pages that exist: a part's page, the onboarding path, the glossary."""
    renamable = sorted({part.stem for part in PARTS if part.page} | {"onboarding", "glossary"} | CARDS)
    for key in config.titles:
        if key not in renamable:
            report.add(source.diagnostic(("titles", key), "unknown-title", f"'{key}' is not a page whose title "
                                         "can be changed", did_you_mean(key, renamable) or
                                         f"write one of: {', '.join(renamable)}", key=True))


def _check_acknowledged_pages(source: Source, config: SiteConfig, report: Report) -> None:
    """`acknowledgements: pages` names parts, each asking on its page (the part shown on the home page, there)."""
    pages = sorted(part.stem for part in PARTS)
    for i, name in enumerate(config.acknowledgements.pages if config.acknowledgements else []):
        if name not in pages:
            report.add(source.diagnostic(("acknowledgements", "pages", i), "unknown-page", f"'{name}' names no part "
                                         "of the playbook", did_you_mean(name, pages) or f"write one of: "
                                         f"{', '.join(pages)}"))


def source_paths(root: Path, config: SiteConfig) -> list[Path]:
    """Everything a build reads or keeps, which publishing must never replace.

    A folder that validation refuses (outside the playbook, the playbook itself, a name no system
    accepts) is left out: its own error says what is wrong, and publishing never goes that far."""
    paths = [root / config.content_dir, root / "releases", root / CONFIG_FILE, root / ".playbook"]
    if config.theme_dir:
        paths.append(root / config.theme_dir)
    return [path for path in paths if not folder_name_problem(str(path)) and inside(path, root)
            and not inside(root, path)]


def _theme_problem(root: Path, name: str) -> tuple[str, str] | None:
    """What is wrong with theme_dir `name`, and what to do, or None."""
    shown, folder = printable(name), root / name
    problem = folder_name_problem(name)
    if "\x00" in name:  # already refused at the value, as an invisible character
        return None
    if problem:
        return f"theme_dir '{shown}' {problem}", "give a folder name such as 'theme'"
    if not inside(folder, root):
        # the theme's templates run with the playbook's trust, and a release must be rebuilt from the repository
        hint = (f"'{shown}' is a link: put a copy of the theme in its place" if os.path.islink(folder) else
                "move the theme into the playbook folder (such as 'theme') and set theme_dir to it")
        return "the theme folder must be inside the playbook folder", hint
    if inside(root, folder):
        return f"theme_dir '{shown}' is the playbook folder itself", "give the theme a folder of its own, such as 'theme'"
    found = what(folder)
    if found == "nothing":
        return f"the theme folder '{shown}' does not exist", "create it, or remove theme_dir from site_config.yml"
    if found != "a folder":
        return (f"the theme folder '{shown}' is {found}, not a folder",
                "make it a folder holding overrides/ and strings/, or remove theme_dir from site_config.yml")
    return None


def _check_paths(sources: Sources, config: SiteConfig, report: Report) -> None:
    root = sources.root
    problem = folder_name_problem(config.output_dir)
    if problem and "\x00" not in config.output_dir:  # a NUL was refused at the value, as an invisible character
        report.add(sources.config.diagnostic(("output_dir",), "output-dir", f"output_dir '{printable(config.output_dir)}' "
                                             f"{problem}", "choose a folder of its own for the site, such as 'site'"))
    elif not problem:  # outside the playbook is fine: the site is often published elsewhere
        try:
            reason = publish.refusal(root / config.output_dir, root, source_paths(root, config))
        except OSError as exc:  # a folder on the way that cannot be searched
            reason = f"cannot look into the output folder '{printable(config.output_dir)}': {exc.strerror}"
        if reason:
            report.add(sources.config.diagnostic(("output_dir",), "output-dir", reason,
                                                 "choose a folder of its own for the site, such as 'site'"))
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
                hint = f"add a line '{language}: ...' beside '{text.lang}: ...'"
            else:
                hint = f"write it as two lines, '{text.lang}: ...' and '{language}: ...'"
            report.add(source.diagnostic(
                loc, "missing-translation", f"no {in_words(language)} text here: the {in_words(text.lang)} one "
                "is shown instead, marked as not translated", hint, key=isinstance(loc[-1], str), severity=WARNING))


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
        if slug in RESERVED_SLUGS:
            report.add(Diagnostic("reserved-page", f"a free page cannot be named '{source.path.name}': "
                                  "the site generates a page of that name", source.display,
                                  hint=f"rename it, for example '{slug}-notes.md'"))
            continue
        if written_in is not None and written_in not in languages and known:
            report.add(Diagnostic("unpublished-language", f"'{source.path.name}' is in {in_words(written_in)}, "
                                  "which the site is not published in", source.display, 1, 1,
                                  f"add '{written_in}' to translations in site_config.yml, or remove the file",
                                  severity=WARNING))
            continue
        written = versions.setdefault(slug, {})
        if (written_in or primary) in written:  # 'guide.md' and 'guide.fr.md' are both the French 'guide'
            report.add(Diagnostic("duplicate-page", f"'{source.path.name}' and '{written[written_in or primary].path.name}' "
                                  f"are both the {in_words(written_in or primary)} version of the page '{slug}'",
                                  source.display, 1, 1, f"keep one of them; a page in the main language needs no "
                                  f"language in its name ({slug}.md)"))
            continue
        written[written_in or primary] = source
    pages = []
    for slug, written in versions.items():
        shown = language if language in written else primary if primary in written else next(iter(written))
        source = written[shown]
        meta = parse(source, PageMeta, report, context={"language": shown, "primary": shown})
        if meta is None:
            continue
        meta = _page_settings(written, shown, primary, meta, report)
        body = source.body
        if shown != language:
            report.add(Diagnostic("missing-translation", f"the page '{slug}' has no {in_words(language)} version: "
                                  f"the {in_words(shown)} one is shown instead, marked as not translated",
                                  source.display, 1, 1, f"write it in pages/{slug}.md" if language == primary
                                  else f"write it in pages/{slug}.{language}.md", severity=WARNING))
            meta = meta.model_copy(update={"title": Untranslated(meta.title, shown),
                                           "description": Untranslated(meta.description, shown)})
            body = Untranslated(body, shown)
        pages.append(Page(slug=slug, meta=meta, body=body))
    return pages


def _page_settings(written: dict[str, Source], shown: str, primary: str, meta: PageMeta,
                   report: Report) -> PageMeta:
    """Where a free page stands and who may read it, whatever language it is shown in.

    Its place is the main version's: a translation only translates. It is restricted if any of its versions
    says so: a translation marked restricted may hold what the main one does not, so it must not reach staff,
    and a page present in one language of the staff site only would break the language switcher."""
    metas = {language: meta if language == shown else parse(
        source, PageMeta, Report(), context={"language": language, "primary": language})
        for language, source in written.items()}
    restricted = any(m is not None and m.visibility == "restricted" for m in metas.values())
    main = metas.get(primary)
    if shown != primary and main is not None:
        _disagreements(written[shown], written[primary].display, shown, meta, main, restricted, report)
    return meta.model_copy(update={"visibility": "restricted" if restricted else meta.visibility,
                                   "order": main.order if main is not None else meta.order})


def _disagreements(source: Source, where: str, language: str, meta: PageMeta, main: PageMeta, restricted: bool,
                   report: Report) -> None:
    """A warning at a translation's `visibility` or `order` that differs from its main version's (in `where`)."""
    written = source.data if isinstance(source.data, dict) else {}
    if "visibility" in written and meta.visibility != main.visibility:
        applies = "restricted" if restricted else main.visibility
        report.add(source.diagnostic(
            ("visibility",), "page-visibility",
            f"the {in_words(language)} version says 'visibility: {meta.visibility}', the main one ({where}) "
            f"'{main.visibility}': the page is {applies} in every language"
            + (", left out of the staff site" if applies == "restricted" else ""),
            f"write 'visibility: restricted' in {where} and remove it here" if meta.visibility == "restricted"
            else "remove 'visibility' from this file: the main version's applies", key=True, severity=WARNING))
    if "order" in written and meta.order != main.order:
        report.add(source.diagnostic(
            ("order",), "page-order",
            f"the {in_words(language)} version says 'order: {meta.order}', the main one ({where}) "
            f"'{main.order}': the page stands at {main.order} in every language",
            f"remove 'order' from this file, or set it in {where}", key=True, severity=WARNING))


# The pages the site generates, whose names a free page cannot take.
RESERVED_SLUGS = {"index", "glossary", "onboarding", "networks", "signoff", "changes", "readiness",
                  *(part.stem for part in PARTS)}


def _parts(sources: Sources, report: Report, failed: list, parsed: list, context: dict) -> dict[str, Any]:
    """Each content file checked against its part's model; a file of no part, or a required one missing, reported."""
    parts: dict[str, Any] = {}
    for stem, source in sources.parts.items():
        if stem not in BY_STEM:
            names = file_names()
            hint = did_you_mean(f"{stem}.yml", names, cutoff=0.75) or f"the content files are: {', '.join(names)}"
            report.add(Diagnostic("unknown-file", f"'{source.path.name}' is not a part of a playbook",
                                  source.display, hint=hint))
            continue
        parts[stem] = parse(source, BY_STEM[stem].model, report, failed, context)
        if parts[stem] is not None:
            parsed.append((source, parts[stem]))
    content = sources.content_dir.relative_to(sources.root).as_posix()
    broken_stems = {path.stem for path in sources.broken if path.parent == sources.content_dir}
    for part in PARTS:
        if part.required and part.stem not in sources.parts and part.stem not in broken_stems:
            report.add(Diagnostic("missing-file", f"the file {content}/{part.stem}.yml is missing", f"{content}/",
                                  hint=f"create {content}/{part.stem}.yml ('playbook init' shows an example of each part)"))
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
                                                     f"the network '{network}' is listed twice",
                                                     "list each network once"))
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
