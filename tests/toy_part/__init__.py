"""A part of the charter from outside the package, declared as a part of a charter's own would be: the hashtags an
organisation uses. Its model and declaration are here, its page template in pages/, its strings in strings/ and its
example file in content/; tests register it (the `toy_part` fixture of test_toy_part.py) and take it away after."""
from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from pydantic import Field

from generator.model.base import Item, Markdown, Name, Prose, Strict
from generator.parts import Names, Part, Rule

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE / "content" / "hashtags.yml"


class Hashtag(Item):
    """A hashtag the organisation uses, and what for."""

    kind: ClassVar[str] = "hashtag"
    key: ClassVar[str] = "tag"  # what a list of changes calls it
    tag: Name = Field(examples=["#OurTeam"])
    """The hashtag, as written in posts."""
    use: Prose = ""
    """Optional: what posts it goes with."""


class Hashtags(Strict):
    """hashtags.yml (optional): the hashtags of the organisation."""

    introduction: Markdown = ""
    """Optional: what the hashtags are for."""
    hashtags: list[Hashtag] = Field(min_length=1)
    """The hashtags, in the order the page shows them."""


def _context(part: Hashtags, helpers: Any) -> dict[str, Any]:
    """The hashtags without a use, which the page lists at its end."""
    return {"hashtags_unexplained": [h for h in part.hashtags if not h.use]}


PART = Part(
    "hashtags", Hashtags, names=(Names("hashtag", "hashtags", "tag"),), untitled="hashtags", context=_context,
    templates=HERE / "pages", strings=HERE / "strings",
    rules=(Rule("content", "hashtags_explained", ("hashtags",),
                lambda pb, today: [h.tag for h in pb.hashtags.hashtags if not h.use], rank=3),))
