"""A free page in several languages: where it stands and who may read it, whatever language it is shown in,
and a warning where a translation's settings disagree with its main version's."""
from __future__ import annotations

from .diagnostics import WARNING, Report
from .load import Source
from .message import Message
from .model import PageMeta
from .model.language import in_words
from .schema_errors import parse


def page_settings(written: dict[str, Source], shown: str, primary: str, meta: PageMeta,
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
        said = dict(language=in_words(language), value=meta.visibility, where=where, main=main.visibility,
                    applies=Message("page-visibility.restricted") if applies == "restricted" else
                    Message("page-visibility.public"))
        report.add(source.diagnostic(
            ("visibility",), "page-visibility",
            Message("page-visibility.differs-left-out", **said) if applies == "restricted" else
            Message("page-visibility.differs", **said),
            Message("page-visibility.write-visibility-restricted-in-and", where=where) if meta.visibility == "restricted"
            else Message("page-visibility.remove-visibility-from-this-file"), key=True, severity=WARNING))
    if "order" in written and meta.order != main.order:
        report.add(source.diagnostic(
            ("order",), "page-order",
            Message("page-order.the-version-says-order-the", language=in_words(language), value=meta.order,
                    where=where, main=main.order, order=main.order),
            Message("page-order.remove-order-from-this-file", where=where), key=True, severity=WARNING))
