"""Who has acknowledged a release, and, given the staff list HR exports, who has not: one report, printed as text,
CSV or JSON by `playbook acknowledgements report`, and shown as a page of the service to the team."""
from __future__ import annotations

import csv
import html
import io
import json
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostic, PlaybookError
from ..files import read_text
from ..releases import parse_version
from ..theme import load_strings
from .charter import Known
from .identity import normal
from .store import Acknowledgement
from ..message import Message

MAX_PEOPLE_BYTES = 64 * 1024 * 1024  # a staff list of some hundred thousand people
# the column of the staff list that holds what the proxy sends as the user's name, and the one with people's names,
# as HR tools title them (compared without case)
LOGIN_COLUMNS = ("login", "username", "user", "uid", "email", "e-mail", "mail", "identifiant", "courriel")
NAME_COLUMNS = ("name", "full name", "display name", "nom complet", "nom", "employee", "salarié")


@dataclass(frozen=True)
class Person:
    login: str
    name: str = ""


@dataclass(frozen=True)
class Line:
    """One person in the report: their acknowledgement of the version reported on (if any), and their last one."""

    person: str
    name: str
    at: str  # when they acknowledged the version reported on, ISO 8601 in UTC; "" if they have not
    last_version: str  # the highest release they acknowledged, "" if none
    last_at: str
    listed: bool  # in the staff list (True when no list was given)


@dataclass(frozen=True)
class Report:
    version: str
    content_hash: str
    acknowledged: tuple[Line, ...]
    missing: tuple[Line, ...]  # only with a staff list
    with_list: bool


def read_people(path: Path) -> list[Person]:
    """The staff list: a CSV file with a header line, separated by commas, semicolons or tabs. It is read as playbook
    reads its content (files.read_text): a regular file only (a named pipe, a folder, a device are refused at once,
    where reading would wait forever or never end), UTF-8, bounded in size."""
    text = read_text(path, str(path), limit=MAX_PEOPLE_BYTES)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    header = [cell.strip().casefold() for cell in rows[0]] if rows else []
    login = next((header.index(name) for name in LOGIN_COLUMNS if name in header), None)
    if login is None:
        raise PlaybookError([Diagnostic(
            "acknowledgements-people", Message("acknowledgements-people.the-staff-list-has-no"), str(path), 1, 1,
            hint=Message("acknowledgements-people.title-that-column-with-one", names=', '.join(LOGIN_COLUMNS)))])
    name = next((header.index(title) for title in NAME_COLUMNS if title in header), None)
    people: dict[str, Person] = {}
    for row in rows[1:]:
        if len(row) > login and row[login].strip():
            shown = row[name].strip() if name is not None and len(row) > name else ""
            people.setdefault(normal(row[login]), Person(normal(row[login]), shown))
    return list(people.values())


def make(acknowledgements: list[Acknowledgement], known: Known, version: str | None = None,
         people: list[Person] | None = None) -> Report:
    """The report on `version` (by default the release in force); raises PlaybookError for an unknown one."""
    version = version or known.in_force
    if version is None or version not in known.hashes:
        hint = (Message("acknowledgements-version.the-releases-are", versions=', '.join(known.hashes)) if known.hashes
                else Message("acknowledgements-version.make-a-release-first-playbook"))
        raise PlaybookError([Diagnostic("acknowledgements-version",
                                        Message("acknowledgements-version.the-charter-has-no-release", version=version)
                                        if version else Message("acknowledgements-version.the-charter-has-no-release-2"), "releases",
                                        hint=hint)])
    by_person: dict[str, list[Acknowledgement]] = {}
    for made in acknowledgements:
        by_person.setdefault(normal(made.person), []).append(made)
    names = {p.login: p for p in people or []}  # read_people keeps them in NFC: compared exactly (identity.py)

    def line(key: str, shown: str, listed: bool) -> Line:
        own = by_person.get(key, [])
        this = next((a for a in own if a.version == version), None)
        last = max(own, key=lambda a: parse_version(a.version), default=None)
        return Line(shown, names[key].name if key in names else "", this.at.isoformat() if this else "",
                    last.version if last else "", last.at.isoformat() if last else "", listed)

    everyone = {key: own[0].person for key, own in by_person.items()}
    for key, person in names.items():
        everyone.setdefault(key, person.login)
    lines = [line(key, shown, people is None or key in names) for key, shown in everyone.items()]
    done = sorted((x for x in lines if x.at), key=lambda x: x.person.casefold())
    missing = sorted((x for x in lines if not x.at and x.listed), key=lambda x: x.person.casefold())
    return Report(version, known.hashes[version], tuple(done), tuple(missing) if people is not None else (),
                  people is not None)


def as_json(report: Report) -> dict:
    def shown(x: Line) -> dict:
        return {"person": x.person, "name": x.name, "acknowledged_at": x.at or None,
                "last_version": x.last_version or None, "last_acknowledged_at": x.last_at or None,
                "in_staff_list": x.listed}
    document = {"version": report.version, "content_hash": report.content_hash,
                "acknowledged": [shown(x) for x in report.acknowledged]}
    if report.with_list:
        document["not_acknowledged"] = [shown(x) for x in report.missing]
    return document


def _cell(text: str) -> str:
    """A cell a spreadsheet shows as text: one that starts like a formula (=, +, -, @, a tab or a return; a name from
    the proxy or the staff list may) gets a leading quote, so that opening the report runs nothing."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def as_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["person", "name", "acknowledged", "acknowledged_at", "last_version", "last_acknowledged_at"])
    for x in (*report.acknowledged, *report.missing):
        writer.writerow([_cell(x.person), _cell(x.name), "yes" if x.at else "no", x.at, x.last_version, x.last_at])
    return out.getvalue()


def _labels(language: str) -> dict:
    return load_strings(language)["acknowledgements"]


def _who(x: Line) -> str:
    return f"{x.person} ({x.name})" if x.name else x.person


def as_text(report: Report, language: str = "en") -> str:
    labels = _labels(language)
    lines = [labels["report_title"].format(version=report.version), "",
             labels["report_done"].format(count=len(report.acknowledged))]
    lines += [f"  {_who(x)}  {x.at[:16].replace('T', ' ')}" + ("" if x.listed else f"  ({labels['not_listed']})")
              for x in report.acknowledged]
    if report.with_list:
        lines += ["", labels["report_missing"].format(count=len(report.missing))]
        lines += [f"  {_who(x)}  " + (labels["last_version"].format(version=x.last_version) if x.last_version
                                      else labels["never"]) for x in report.missing]
    return "\n".join(lines)


def as_html(report: Report, language: str = "en") -> str:
    """The report as the team's page: plain HTML, no script, nothing loaded from anywhere."""
    labels = _labels(language)
    e = html.escape

    def table(rows: tuple[Line, ...], done: bool) -> str:
        head = (f"<tr><th scope=col>{e(labels['person'])}</th><th scope=col>{e(labels['name'])}</th>"
                f"<th scope=col>{e(labels['when' if done else 'last'])}</th></tr>")
        body = "".join(f"<tr><td>{e(x.person)}</td><td>{e(x.name)}</td><td>"
                       + (e(x.at[:16].replace("T", " ")) if done else
                          e(labels["last_version"].format(version=x.last_version) if x.last_version
                            else labels["never"])) + "</td></tr>" for x in rows)
        return f"<table>{head}{body}</table>"

    title = e(labels["report_title"].format(version=report.version))
    parts = [f"<!DOCTYPE html><html lang=\"{e(language)}\"><head><meta charset=\"utf-8\"><title>{title}</title>"
             "<style>body{font-family:sans-serif;margin:2rem;max-width:60rem}table{border-collapse:collapse}"
             "td,th{border:1px solid #999;padding:.3rem .6rem;text-align:left;overflow-wrap:anywhere}"
             "code{overflow-wrap:anywhere;word-break:break-all}@media(max-width:40rem){body{margin:1rem}}"
             "</style><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head><body>",
             f"<h1>{title}</h1><p><code>{e(report.content_hash)}</code></p>",
             f"<h2>{e(labels['report_done'].format(count=len(report.acknowledged)))}</h2>",
             table(report.acknowledged, True)]
    if report.with_list:
        parts += [f"<h2>{e(labels['report_missing'].format(count=len(report.missing)))}</h2>",
                  table(report.missing, False)]
    parts.append('<p><a href="?format=csv">CSV</a> · <a href="?format=json">JSON</a></p></body></html>')
    return "".join(parts)
