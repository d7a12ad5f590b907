"""playbook build: every release and the draft, built into a folder beside the site, then published in one swap."""
from __future__ import annotations

from pathlib import Path

from .. import build as engine
from .. import project, publish, releases
from ..acknowledgements.site import add_buttons
from ..audience import TEAM, for_audience
from ..builder import Built, Progress, build_all, output_dir, quiet
from ..diagnostics import PlaybookError
from ..load import CONFIG_FILE, load_yaml
from ..message import Message


def run(root: Path, out: Path | None = None, audience: str = TEAM, log: Progress = quiet, jobs: int = 1,
        engine_name: str | None = None) -> Built:
    """Build the site and publish it, `jobs` versions at a time, with `engine_name` (by default the engine of
    site_config.yml); on any error the previously published site is left as it was."""
    root = root.resolve()
    draft = project.check(root)  # fail before touching the output folder
    for_audience(draft.playbook, audience)  # an unknown audience fails here too
    engine_name = engine_name or draft.playbook.config.engine
    engine.require(engine_name)
    problems = releases.verify(root)
    if problems:
        raise PlaybookError(problems)
    known = releases.list_releases(root)
    output = output_dir(root, draft.playbook.config, out)
    releases.clean_leftovers(root, "build")
    # one build of an output folder at a time; the lock also proves the staging folders found dead
    with publish.locked(output):
        publish.clean_leftovers(output)
        with publish.staging(output) as staging:
            log(Message("build.building-for-the-audience", audience=audience, output=output) if known else
                Message("build.building-the-site"), True)
            built = build_all(root, draft, known, staging, audience, log, jobs, engine_name)
            add_buttons(staging, draft.playbook.config, known, audience, root)  # only where site_config.yml asks
            publish.mark(staging)
            publish.swap_in(staging, output)
    built.output = output
    built.warnings += engine.gaps(engine_name, load_yaml(root / CONFIG_FILE, CONFIG_FILE), draft.languages)
    return built
