"""The parts of the strategy: the charter itself (the home page), its objectives, its audiences, its editorial line."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from . import NETWORKS, Answer, Names, Part, Rule
from .. import diagrams, strategy_steps
from ..diagnostics import WARNING, Diagnostic
from ..message import Message
from ..model.language import in_words
from ..model.strategy import Audiences, Charter, EditorialLine, Objectives

if TYPE_CHECKING:
    from ..load import Source
    from ..page_context import Helpers

CHARTER = Part("charter", Charter, required=True, page=False,
               onboarding=("day_1", 0))

OBJECTIVES = Part(
    "objectives", Objectives, names=(Names("objective", "objectives", "title"),), untitled="objectives", onboarding=("week_1", 3),
    rules=(Rule("audiences", "objectives_described", ("objectives",),
                lambda pb, today: [o.title for o in pb.objectives.objectives if not o.description], rank=2),
           Rule("evaluation", "kpis_per_objective", ("objectives",),
                lambda pb, today: [o.title for o in pb.objectives.objectives if len(o.kpis) < 2], rank=2),
           Rule("objective", "objectives_prioritised", ("objectives",),
                lambda pb, today: [o.title for o in pb.objectives.objectives if o.priority is None]),
           Rule("target_audiences", "audiences_on_channels", ("objectives", "audiences"),
                lambda pb, today: _audiences_off_their_networks(pb)),
           Rule("channels", "networks_serve_objectives", ("objectives", NETWORKS),
                lambda pb, today: [n.name for n in pb.official_networks
                                   if not any(n.id in o.networks for o in pb.objectives.objectives)])),
    answers=(Answer("objective", lambda part, pb, words: strategy_steps.count(words, "objectives",
                                                                              len(part.objectives))),))


def _audiences_off_their_networks(pb: Any) -> list[str]:
    """'objective: audience' where an objective aims at an audience on none of the networks it uses."""
    audiences = {a.id: a for a in pb.audiences.audiences}
    return [f"{o.title}: {audiences[a].name}" for o in pb.objectives.objectives for a in o.audiences
            if a in audiences and not set(audiences[a].where) & set(o.networks)]


AUDIENCES = Part(
    "audiences", Audiences, names=(Names("audience", "audiences", "name"),), untitled="audiences", onboarding=("week_1", 2),
    rules=(Rule("audiences", "audiences_aimed", ("audiences", "objectives"),
                lambda pb, today: [a.name for a in pb.audiences.audiences
                                   if a.id not in {x for o in pb.objectives.objectives for x in o.audiences}], rank=1),
           Rule("networks", "audiences_located", ("audiences",),
                lambda pb, today: [a.name for a in pb.audiences.audiences if not a.where], rank=2)),
    answers=(Answer("target_audiences", lambda part, pb, words: strategy_steps.count(words, "audiences",
                                                                                     len(part.audiences))),))


def editorial_context(line: EditorialLine, helpers: Helpers) -> dict[str, Any]:
    """The content mix figure, and each network's editorial line for its network page."""
    enum, label = helpers.strings["enum"], helpers.strings["label"]
    return {
        "editorial_by_network": {n.network: n for n in line.networks},
        "mix_diagram": lambda: Markup(diagrams.content_mix(
            line, lambda n: helpers.name("network", n), lambda k: enum["mix"].get(k, k.capitalize()), label["mix"])),
    }


def unlabelled_mix(source: Source, line: EditorialLine, labels: dict, language: str,
                   theme: str) -> list[Diagnostic]:
    """A warning at every kind of content of a mix that a translation has no label for: it would show as written."""
    out = []
    for i, network in enumerate(line.networks):
        for kind in network.mix:
            if kind not in labels["enum"]["mix"]:
                out.append(source.diagnostic(
                    ("networks", i, "mix", kind), "missing-translation",
                    Message("missing-translation.the-kind-of-content-has", kind=kind, language=in_words(language)),
                    Message("missing-translation.add-it-under-enum-mix", theme=theme, language=language), key=True,
                    severity=WARNING))
    return out


EDITORIAL = Part(
    "editorial", EditorialLine, names=(Names("pillar", "pillars", "name"),), untitled="networks", context=editorial_context, onboarding=("week_1", 1), labels_check=unlabelled_mix,
    rules=(Rule("content", "editorial_per_network", ("editorial", NETWORKS),
                lambda pb, today: [n.name for n in pb.official_networks
                                   if n.id not in {e.network for e in pb.editorial.networks}], rank=1),
           Rule("content", "pillar_examples", ("editorial",),
                lambda pb, today: [p.name for p in pb.editorial.pillars if not p.examples], rank=2),
           Rule("distribution", "best_times", ("editorial",),
                lambda pb, today: [n.network for n in pb.editorial.networks if not n.rhythm.best_times], rank=2),
           Rule("editorial_line", "values_stated", ("editorial",),
                lambda pb, today: [] if pb.editorial.values else ["values"])),
    answers=(Answer("editorial_line", lambda part, pb, words: strategy_steps.count(words, "pillars",
                                                                                   len(part.pillars))),))
