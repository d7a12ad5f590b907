"""The command line: parses arguments, calls a command, turns its errors into text and an exit code."""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import traceback
from datetime import date
from pathlib import Path
from typing import NoReturn

from .acknowledgements import USAGE_CODES, add_serve_options
from .diagnostics import PlaybookError
from .printer import format_json, format_text, format_warnings
from .messages import argparse_language, language_of, said, tr, word
from .message import Message

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse's parser, telling a usage error in the language of playbook's messages (see _usage_language)."""

    language = "en"

    def format_usage(self) -> str:
        formatter = self._get_formatter()
        formatter.add_usage(self.usage, self._actions, self._mutually_exclusive_groups,
                            prefix=f"{word('usage', self.language)}: ")
        return formatter.format_help()

    def parse_args(self, args=None, namespace=None):  # argparse's own words in the language of the messages
        with argparse_language(self.language):
            return super().parse_args(args, namespace)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: {word('error', self.language)}: {tr(message, self.language)}\n")


def _option(argv: list[str], short: str, long: str) -> str | None:
    """The value `argv` gives to the option `short`/`long` (its last one), read before argparse reads them."""
    found = None
    for i, arg in enumerate(argv):
        if (arg == long or (short and arg == short)) and i + 1 < len(argv):
            found = argv[i + 1]
        elif arg.startswith(long + "="):
            found = arg[len(long) + 1:]
        elif short and arg.startswith(short) and len(arg) > len(short):
            found = arg[len(short):]
    return found


def _usage_language(argv: list[str]) -> str:
    """The language of a usage error, decided before the arguments are understood: that of the playbook in the
    folder of -C/--dir (the current one by default), or for init the one asked by --lang, else the environment's."""
    command = next((arg for arg in argv if not arg.startswith("-")), None)
    if command == "init":
        asked = _option(argv, "", "--lang")
        return language_of(None, default=asked if asked in ("fr", "en") else None)
    return language_of(Path(_option(argv, "-C", "--dir") or "."))


# generator/build.py's ENGINES, spelled here so that the command line starts without loading the build stage
ENGINES = ("mkdocs", "zensical")
ENGINE_HELP = "what builds the site: mkdocs (MkDocs with Material) or zensical (default: engine of site_config.yml)"


def _parser(language: str = "en") -> argparse.ArgumentParser:
    parser = _Parser(
        prog="playbook", description="Build a social media charter written in YAML into an intranet site.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    build = sub.add_parser("build", help="validate the playbook and build the site")
    build.add_argument("--out", type=Path, help="output folder (default: output_dir of site_config.yml)")
    build.add_argument("--audience", choices=("team", "staff"), default="team",
                       help="team: the full site (default); staff: for all employees, without restricted entries")
    build.add_argument("--jobs", "-j", type=_jobs, default=None,
                       help="how many versions to build at once (default: the number of processors)")
    build.add_argument("--engine", choices=ENGINES, help=ENGINE_HELP)
    render = sub.add_parser("render", help="write what the engine builds the draft from, and build nothing")
    render.add_argument("--out", type=Path, required=True,
                        help="folder to write into: one mkdocs.yml and its docs/ per language")
    render.add_argument("--audience", choices=("team", "staff"), default="team",
                        help="team: the full site (default); staff: for all employees, without restricted entries")
    check = sub.add_parser("check", help="validate the playbook without building")
    check.add_argument("--format", choices=("text", "json"), default="text", help="how to print problems")
    check.add_argument("--report", action="store_true",
                       help="also score the playbook against the ten steps of the method it follows")
    serve = sub.add_parser("serve", help="preview the site, rebuilt whenever a source file changes")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=_port, default=8000)
    serve.add_argument("--lang", choices=["fr", "en"], help="the language to preview (default: the main one)")
    serve.add_argument("--engine", choices=ENGINES, help=ENGINE_HELP)
    release = sub.add_parser("release", help="freeze the current content as an approved release")
    release.add_argument("version", help="the release number, higher than the last one (e.g. 2.0)")
    release.add_argument("--approved-by", required=True, help="the person who approves the release")
    release.add_argument("--role", required=True, help="that person's role, e.g. 'Directrice générale'")
    release.add_argument("--date", type=_date, help="date of approval, YYYY-MM-DD (default: today)")
    release.add_argument("--sign", type=Path, metavar="KEY",
                         help="the approver signs the release with this SSH key (see approvers.yml)")
    sign = sub.add_parser("sign", help="sign an approved release with its approver's SSH key")
    sign.add_argument("version", help="the release to sign")
    sign.add_argument("--key", type=Path, required=True, help="the approver's private SSH key (or its .pub with an agent)")
    verify = sub.add_parser("verify", help="check that no approved release was changed")
    verify.add_argument("--anchor", action="store_true",
                        help="anchor releases made before playbook recorded them in releases/chain.json (once)")
    diff = sub.add_parser("diff", help="what changed between two versions (release numbers or 'draft')")
    diff.add_argument("old")
    diff.add_argument("new", nargs="?", default="draft")
    diff.add_argument("--format", choices=("text", "json"), default="text",
                      help="text: one line a change, changed words as [-deleted-]{+inserted+} (coloured on a "
                           "terminal); json: each change and its pieces")
    schema = sub.add_parser("schema", help="write the JSON Schema of every content file, for editors")
    schema.add_argument("--out", type=Path, help="folder to write into (default: schemas/ in the playbook folder)")
    init = sub.add_parser("init", help="create a new playbook folder that builds as it is")
    init.add_argument("directory", type=Path)
    init.add_argument("--lang", choices=("fr", "en"), default="fr", help="language of the new playbook")
    init.add_argument("--minimal", action="store_true",
                      help="only the charter, its personal-use and comment policies (default: every part)")
    acks = sub.add_parser("acknowledgements", help="record and report who acknowledged the charter in force")
    ack_sub = acks.add_subparsers(dest="action", required=True, metavar="ACTION")
    ack_serve = ack_sub.add_parser("serve", help="run the service that records acknowledgements")
    add_serve_options(ack_serve, _port)
    ack_report = ack_sub.add_parser("report", help="who acknowledged the release in force, and who has not")
    ack_report.add_argument("--version", help="the release to report on (default: the one in force)")
    ack_report.add_argument("--format", choices=("text", "csv", "json"), default="text")
    for command in (ack_serve, ack_report):
        command.add_argument("--db", help="postgresql://… (default: acknowledgements.sqlite3 in the playbook folder)")
        command.add_argument("--people", type=Path, metavar="FILE.csv", help="the staff list, as HR exports it")
    for command in (build, render, check, serve, release, sign, verify, diff, schema, ack_serve, ack_report):
        loudness = command.add_mutually_exclusive_group()
        loudness.add_argument("-q", "--quiet", action="store_true", help="print only errors")
        loudness.add_argument("-v", "--verbose", action="store_true", help="print details and timings")
        command.add_argument("-C", "--dir", type=Path, default=Path("."), dest="root",
                             help="the playbook folder (default: the current folder)")
    for each in (parser, *sub.choices.values()):
        each.language = language
    return parser


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(said(Message("cli.is-not-a-date", text=text))) from None


def _reporter(args: argparse.Namespace, language: str = "en"):
    """Progress lines on standard error, in `language`: none with --quiet, details too with --verbose."""
    def report(message: str, detail: bool = False) -> None:
        if not args.quiet and (args.verbose or not detail):
            print(tr(message, language), file=sys.stderr, flush=True)
    return report


# The last line after errors, per command: it says what the errors left undone, and a build's also that
# the site already published was left as it was.
BUILD_CLOSING = Message("cli.nothing-was-built")
CLOSING = {"build": BUILD_CLOSING, "serve": BUILD_CLOSING, "release": Message("cli.no-release-was-made"),
           "init": Message("cli.no-playbook-was-created")}
NOT_STARTED = Message("cli.the-preview-was-not-started")  # serve, when it could not listen on its address
REBUILD_FAILED = Message("cli.the-preview-still-shows")  # serve, after a change that broke the playbook


def _closing(command: str, exc: PlaybookError) -> str:
    """The closing line of `command` stopped by `exc`."""
    if command == "serve":
        from .build import ADDRESS  # only here: MkDocs' side of playbook is slow to import
        if any(d.code == ADDRESS for d in exc.diagnostics):
            return NOT_STARTED
    return CLOSING.get(command, "")


def _print_problems(exc: PlaybookError, root: Path, as_json: bool = False, closing: str = "",
                    language: str = "en") -> None:
    """Every problem of `exc`, in `language`, then the count of errors and what they left undone."""
    if as_json:
        print(format_json(exc.diagnostics, language))
        return
    color = sys.stderr.isatty()
    cache: dict = {}  # each file read once for all its problems
    for diagnostic in exc.diagnostics:
        print(format_text(diagnostic, root, color=color, cache=cache, language=language), file=sys.stderr)
    if os.environ.get("PLAYBOOK_DEBUG") and exc.__cause__ is not None:
        traceback.print_exception(exc.__cause__, file=sys.stderr)
    errors = sum(1 for d in exc.diagnostics if d.severity == "error")
    count = Message("cli.errors", n=errors)
    print("\n" + tr(Message("cli.errors-closing", errors=count, closing=closing) if closing else count, language),
          file=sys.stderr, flush=True)


def _jobs(text: str) -> int:
    """A number of jobs for --jobs: at least one."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(said(Message("cli.is-not-a-number-of-jobs", text=text)))
    return int(text)


def _port(text: str) -> int:
    """A TCP port for --port: 0 would let the system choose one the message could not name."""
    try:
        port = int(text)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(said(Message("cli.is-not-a-port", text=text)))
    return port


def _build(args: argparse.Namespace, root: Path, lang: str) -> None:
    from .builder import default_jobs
    from .commands import build
    built = build.run(root, args.out, args.audience, log=_reporter(args, lang), jobs=args.jobs or default_jobs(),
                      engine_name=args.engine)
    for line in format_warnings(built.warnings, root, args.verbose, lang) if not args.quiet else []:
        print(line, file=sys.stderr)
    summary = Message("cli.built-pages-into", pages=built.pages, output=built.output)
    if built.versions:
        versions = ", ".join(built.versions)
        summary = Message("cli.built-pages-into-versions-reused", pages=built.pages, output=built.output,
                          versions=versions, reused=", ".join(built.reused)) if built.reused else \
            Message("cli.built-pages-into-versions", pages=built.pages, output=built.output, versions=versions)
    if not args.quiet:
        print(tr(summary, lang))


def _render(args: argparse.Namespace, root: Path, lang: str) -> None:
    from .commands import render
    from .model.language import in_words
    written = render.run(root, args.out, args.audience)
    for language, config_file in written.items() if not args.quiet else ():
        print(tr(Message("cli.wrote-the-sources-into-the", language=in_words(language), folder=config_file.parent,
                         config=config_file), lang))


def _check(args: argparse.Namespace, root: Path, lang: str) -> None:
    from .commands import check
    from .readiness import assess
    checked = check.run(root)
    if args.format == "json":
        document = json.loads(format_json(checked.warnings, lang))
        if args.report:
            document["readiness"] = [{"step": c.step, "check": c.name, "passed": c.passed, "missing": c.missing}
                                     for c in assess(checked.playbook).checks]
        print(json.dumps(document, ensure_ascii=False, indent=2))
        return
    for line in format_warnings(checked.warnings, root, args.verbose, lang) if not args.quiet else []:
        print(line, file=sys.stderr)
    if not args.quiet:
        print(tr(Message("cli.the-playbook-is-valid", networks=Message("cli.networks",
                                                                       n=len(checked.playbook.networks)),
                         warnings=Message("cli.warnings", n=len(checked.warnings))), lang))
    if args.report:
        from .readiness import text_report
        from .theme import load_strings
        print("\n" + text_report(assess(checked.playbook), load_strings(checked.playbook.config.language)))


def _serve(args: argparse.Namespace, root: Path, lang: str) -> None:
    from .commands import serve
    serve.run(root, args.host, args.port, language=args.lang,
              report=lambda exc: _print_problems(exc, root, closing=REBUILD_FAILED, language=lang),
              ready=lambda url: print(tr(Message("cli.serving-on-ctrl-c-to", url=url), lang), flush=True),
              engine_name=args.engine,
              warn=lambda warnings: [print(line, file=sys.stderr) for line in
                                     format_warnings(warnings, root, args.verbose, lang) if not args.quiet])


def _release(args: argparse.Namespace, root: Path, lang: str) -> None:
    from .commands import release
    made = release.run(root, args.version, args.approved_by, args.role, args.date,
                       warn=lambda warnings: [print(line, file=sys.stderr) for line in
                                              format_warnings(warnings, root, args.verbose, lang) if not args.quiet],
                       key=args.sign)
    manifest = made.manifest
    print(tr(Message("cli.release-approved-by-on-frozen", version=manifest.version, name=manifest.approved_by,
                     role=manifest.role, date=manifest.date.isoformat(), folder=made.folder), lang))
    print(tr(Message("cli.content-hash", hash=manifest.content_hash), lang))
    for line in manifest.changes:
        print(f"  - {line}")
    if args.sign is not None:
        print(tr(Message("cli.signed-by-with", name=manifest.approved_by, key=args.sign), lang))


def _change_json(line: str) -> dict:
    from .redline import parts
    pieces = parts(line)
    return {"text": line, "pieces": [{"kind": kind, "text": text} for kind, text in pieces],
            "before": "".join(text for kind, text in pieces if kind != "inserted"),
            "after": "".join(text for kind, text in pieces if kind != "deleted")}


def _sign(args: argparse.Namespace, root: Path, lang: str) -> None:
    from .commands import sign
    written = sign.run(root, args.version, args.key)
    print(tr(Message("cli.release-signed", version=args.version, file=written), lang))


def _verify(args: argparse.Namespace, root: Path, lang: str) -> None:
    from .commands import verify
    checked = verify.run(root, record_anchor=args.anchor)
    for item in checked:
        print(tr(Message("cli.intact", version=item.version, hash=item.manifest.content_hash[:16]), lang))
    for line in format_warnings(verify.warnings(root), root, args.verbose, lang) if not args.quiet else []:
        print(line, file=sys.stderr)
    print(tr(Message("cli.releases-verified-anchored", n=len(checked)) if args.anchor else
             Message("cli.releases-verified", n=len(checked)), lang))


def _diff(args: argparse.Namespace, root: Path, lang: str) -> None:
    from .commands import diff
    from .redline import to_terminal
    changes = diff.run(root, args.old, args.new)
    if args.format == "json":  # each change as written, and as pieces: same, deleted, inserted
        print(json.dumps({"from": args.old, "to": args.new, "changes": [_change_json(line) for line in changes]},
                         ensure_ascii=False, indent=2))
        return
    colour = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    for line in changes:
        print(f"- {to_terminal(line) if colour else line}")
    print(tr(Message("cli.changes-from-to", n=len(changes), old=args.old, new=args.new), lang))


def _schema(args: argparse.Namespace, root: Path, lang: str) -> None:
    from .commands import schema
    written = schema.run(root, args.out)
    if not args.quiet:
        print(tr(Message("cli.wrote-schemas-into", n=len(written), folder=written[0].parent), lang))


def _init(args: argparse.Namespace, root: Path, lang: str) -> None:
    from .commands import init
    target = init.run(args.directory, args.lang, args.minimal)
    print(tr(Message("cli.created-a-new-playbook", target=target), lang))


def _reader_gone() -> None:
    """The reader of the output went away (`playbook check | head -1`): what is left to print, and what
    Python would flush while exiting, goes nowhere, so that the command ends without a word."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError, AttributeError):  # a stream without a file (tests)
            os.dup2(devnull, stream.fileno())
    os.close(devnull)


def _acknowledgements(args: argparse.Namespace, root: Path, lang: str) -> None:
    from .commands import acknowledgements
    if args.action == "serve":
        acknowledgements.serve(root, acknowledgements.ServeOptions.of(args), lang, ready=lambda url: print(
            tr(Message("cli.acknowledgements-on-ctrl-c-to", url=url), lang), flush=True))
        return
    from .acknowledgements import report
    made = acknowledgements.report(root, args.db, args.version, args.people)
    shown = {"json": lambda: json.dumps(report.as_json(made), ensure_ascii=False, indent=2),
             "csv": lambda: report.as_csv(made).rstrip("\n"), "text": lambda: report.as_text(made, lang)}
    print(shown[args.format]())


# One small function per command: it calls the command and prints what it did.
COMMANDS = {"build": _build, "render": _render, "check": _check, "serve": _serve, "release": _release, "verify": _verify,
            "diff": _diff, "schema": _schema, "init": _init, "sign": _sign, "acknowledgements": _acknowledgements}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = _parser(_usage_language(argv)).parse_args(argv)
    root = getattr(args, "root", Path(".")).resolve()
    # messages follow the playbook's main language (a new playbook's: --lang), read before anything can fail
    lang = language_of(None, default=args.lang) if args.command == "init" else language_of(root)
    try:
        COMMANDS[args.command](args, root, lang)
    except PlaybookError as exc:  # the one place where problems become messages and an exit code
        try:
            _print_problems(exc, root, getattr(args, "format", "text") == "json", _closing(args.command, exc), lang)
        except BrokenPipeError:
            _reader_gone()
        return EXIT_USAGE if any(d.code in USAGE_CODES for d in exc.diagnostics) else EXIT_INVALID
    except KeyboardInterrupt:
        return EXIT_INVALID
    except BrokenPipeError:
        _reader_gone()
        return EXIT_OK
    except Exception as exc:  # a bug of playbook, not of the playbook's author
        if os.environ.get("PLAYBOOK_DEBUG"):
            raise
        error = f"{type(exc).__name__}: {exc}"
        print(tr(Message("cli.internal-error-unchanged", error=error) if args.command in ("build", "serve") else
                 Message("cli.internal-error", error=error), lang), file=sys.stderr)
        return EXIT_INVALID
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
