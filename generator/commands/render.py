"""playbook render: the engine's sources of the draft (mkdocs.yml and docs/ per language), built by nothing.

What `build` hands to the engine, written where the author can read it: to see or debug the Markdown and
settings a page comes from, or to run the engine alone on them (`mkdocs build -f DIR/fr/mkdocs.yml`). The
folder is replaced whole, in one swap, like a published site, and only if playbook wrote it.
"""
from __future__ import annotations

from pathlib import Path

from .. import project, publish, releases
from ..audience import TEAM, for_audience
from ..builder import output_dir, write_draft_sources


def run(root: Path, out: Path, audience: str = TEAM) -> dict[str, Path]:
    """Write the sources of the draft, as `build` would build them for `audience`, into `out/<language>/`; returns
    each language's mkdocs.yml. On any error `out` is left as it was."""
    root = root.resolve()
    draft = project.check(root)
    for_audience(draft.playbook, audience)  # an unknown audience fails before anything is written
    known = releases.list_releases(root)
    output = output_dir(root, draft.playbook.config, out)
    with publish.locked(output):
        publish.clean_leftovers(output)
        with publish.staging(output) as staging:
            written = write_draft_sources(root, draft, known, staging, audience)
            publish.mark(staging)
            publish.swap_in(staging, output)
    return {language: output / config.relative_to(staging) for language, config in written.items()}
