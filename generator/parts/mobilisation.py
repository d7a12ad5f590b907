"""Training and mobilisation: the training sessions, then the ambassadors programme that names some of them."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import Names, Part, Rule
from ..model.mobilisation import Ambassadors, Training

if TYPE_CHECKING:
    from ..page_context import Helpers


def newcomer_sessions(training: Training, group: str) -> list[tuple[str, str, str, str]]:
    """The sessions a newcomer takes in this group of the onboarding path (their `onboarding`), in the charter's
    order: each a box of the path, leading to the session on the training page."""
    return [("training", s.title, f"training-session-{s.id}", s.id) for s in training.sessions if s.onboarding == group]


TRAINING = Part(
    "training", Training, names=(Names("training_session", "sessions", "title"),), untitled="sessions", newcomer_steps=newcomer_sessions,
    rules=(Rule("training", "team_training", ("training",),
                lambda pb, today: [] if any(s.roles for s in pb.training.sessions) else ["training.yml"], rank=4),
           Rule("training", "staff_training", ("training",),
                lambda pb, today: [] if any(s.all_staff for s in pb.training.sessions) else ["training.yml"],
                rank=5)))


def ambassadors_context(_: Ambassadors, helpers: Helpers) -> dict[str, Any]:
    """The training sessions by id, to show those the ambassadors take with their format and length (none when the
    charter has no training.yml, or for a session this audience may not read)."""
    training = helpers.playbook.parts.get("training")
    return {"training_sessions": {s.id: s for s in training.sessions} if training is not None else {}}


def _programme(pb: Any) -> list[str]:
    """What the ambassadors programme does not say yet: who may join, how they are trained, their rules."""
    programme = pb.ambassadors
    return [key for key, said in (("eligibility", programme.eligibility),
                                  ("training", programme.training or programme.training_notes),
                                  ("rules", programme.rules)) if not said]


AMBASSADORS = Part(
    "ambassadors", Ambassadors, context=ambassadors_context,
    rules=(Rule("training", "ambassadors_programme", ("ambassadors",), lambda pb, today: _programme(pb), rank=6),))
