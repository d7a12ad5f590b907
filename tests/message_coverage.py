"""A pytest plugin that lists every diagnostic the tests made which the French catalog does not cover.

Run any test modules with it, e.g. `pytest -p tests.message_coverage tests/test_theme.py`: each
Diagnostic created while they run is recorded with the test that made it, and the run fails at the
end, naming each message or hint that would be printed in English in a French playbook. It changes
nothing in the tests themselves, so it covers what the bad-inputs corpus does not (releases, locks,
serve, the theme's templates, MkDocs settings...).
"""
from __future__ import annotations

import os

from generator.diagnostics import Diagnostic
from generator.messages import translate_text

_made: dict[tuple[str, str], str] = {}  # (message, hint) -> the first test that made it


def pytest_configure(config) -> None:
    original = Diagnostic.__init__

    def recording(self, *args, **kwargs) -> None:
        original(self, *args, **kwargs)
        _made.setdefault((self.message, self.hint), os.environ.get("PYTEST_CURRENT_TEST", "?").split(" ")[0])

    Diagnostic.__init__ = recording  # type: ignore[method-assign]


def _uncovered() -> list[str]:
    out = []
    for (message, hint), test in _made.items():
        for text in (message, hint):
            if not translate_text(text, "fr")[1]:
                out.append(f"{test}: {text!r}")
    return list(dict.fromkeys(out))


def pytest_sessionfinish(session, exitstatus) -> None:
    if _uncovered() and exitstatus == 0:
        session.exitstatus = 1


def pytest_terminal_summary(terminalreporter) -> None:
    uncovered = _uncovered()
    terminalreporter.write_line(f"messages made by these tests: {len(_made)}, without a French translation: "
                                f"{len(uncovered)}")
    for line in uncovered:
        terminalreporter.write_line(f"  {line}")
