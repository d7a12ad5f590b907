"""Words that messages are given as parameters, as Messages: each language says them in its own forms.

The kind of an item (`audience`, `calendar entry`) is a word with forms in French: "aucun public",
"ids de public", "un autre public"; a template asks for the form it needs (`{kind:none}`), see message.py.
"""
from __future__ import annotations

from .message import Message

KINDS = {
    "audience": Message("kind.audience"),
    "objective": Message("kind.objective"),
    "pillar": Message("kind.pillar"),
    "kpi": Message("kind.kpi"),
    "role": Message("kind.role"),
    "watch": Message("kind.watch"),
    "checklist": Message("kind.checklist"),
    "network": Message("kind.network"),
    "calendar_entry": Message("kind.calendar-entry"),
    "template": Message("kind.template"),
    "comment_category": Message("kind.comment-category"),
    "personal_rule": Message("kind.personal-rule"),
    "crisis_level": Message("kind.crisis-level"),
    "holding_statement": Message("kind.holding-statement"),
    "training_session": Message("kind.training-session"),
    "action": Message("kind.action"),
}


def kind_word(kind: str) -> str:
    """The kind of an item (`calendar_entry`) as a word of the messages; a kind without one, in English words."""
    return KINDS.get(kind, kind.replace("_", " "))


YAML_TYPES = {  # the end of a YAML tag
    "timestamp": Message("yaml-type.timestamp"), "bool": Message("yaml-type.bool"), "int": Message("yaml-type.int"),
    "float": Message("yaml-type.float"), "str": Message("yaml-type.str"), "null": Message("yaml-type.null"),
    "binary": Message("yaml-type.binary"), "seq": Message("yaml-type.seq"), "map": Message("yaml-type.map"),
    "set": Message("yaml-type.set"), "omap": Message("yaml-type.omap"),
}


def yaml_type_word(tag: str) -> Message | str:
    """A YAML type (the end of its tag: 'timestamp', 'bool') as a word of the messages; another, as it is written."""
    return YAML_TYPES.get(tag, tag)
