"""Whether the readers can read the colours of the configured palette: WCAG contrast of the pairs the site shows.

Material paints the header and tab bar in the primary colour, with white (or, on the light colours, 87 %
black) text, and colours the links of the text from the primary colour, on the page's background: white
in the default scheme, dark grey-blue in 'slate'. Below 4.5:1 (WCAG AA for body text), a reader with low
vision, or on a phone in the sun, cannot read them. The colours are Material's own (its palette style sheet);
'white', 'black' and 'custom' are left out: the first two are readable, the last is the user's own CSS.
The accent colour is left out too: Material shows it only under the pointer, over a link already readable.
"""
from __future__ import annotations

from typing import Any
from .message import Message

AA = 4.5  # WCAG 2 level AA, for text under 18 pt

WHITE = "#ffffff"
DARK_TEXT = (0x000000, 0.87)  # Material's text on the light primary colours: #000000de
SLATE = "#1e2129"  # hsl(225, 15%, 14%): the background of the 'slate' scheme, at Material's default hue
# name: (primary colour, its text is dark, link colour in 'default', link colour in 'slate')
PALETTE = {
    "red": ("#ef5552", False, None, None), "pink": ("#e92063", False, None, "#ed5487"),
    "purple": ("#ab47bd", False, None, "#c46fd3"), "deep purple": ("#7e56c2", False, None, "#a47bea"),
    "indigo": ("#4051b5", False, None, "#5488e8"), "blue": ("#2094f3", False, None, None),
    "light blue": ("#02a6f2", False, None, None), "cyan": ("#00bdd6", False, None, None),
    "teal": ("#009485", False, None, "#00ccb8"), "green": ("#4cae4f", False, None, "#71c174"),
    "light green": ("#8bc34b", False, "#72ad2e", None), "lime": ("#cbdc38", True, "#8b990a", None),
    "yellow": ("#ffec3d", True, "#b8a500", None), "amber": ("#ffc105", True, "#d19d00", None),
    "orange": ("#ffa724", True, "#e68a00", None), "deep orange": ("#ff6e42", False, None, "#ff764d"),
    "brown": ("#795649", False, None, "#c1775c"), "grey": ("#757575", False, "#4051b5", "#5e8bde"),
    "blue grey": ("#546d78", False, "#4051b5", "#5e8bde"),
}
# Primary colours whose header and links read well on white: what to choose instead.
READABLE = ["indigo", "deep purple", "brown", "blue grey"]


def _rgb(colour: str) -> tuple[float, float, float]:
    value = int(colour.lstrip("#"), 16)
    return ((value >> 16) & 255) / 255, ((value >> 8) & 255) / 255, (value & 255) / 255


def _over(colour: tuple[int, float], background: str) -> tuple[float, float, float]:
    """A translucent colour (0xRRGGBB, opacity) as it shows over an opaque background."""
    value, alpha = colour
    front = _rgb(f"#{value:06x}")
    return tuple(alpha * f + (1 - alpha) * b for f, b in zip(front, _rgb(background)))


def luminance(rgb: tuple[float, float, float]) -> float:
    """WCAG 2 relative luminance of an sRGB colour (components from 0 to 1)."""
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def ratio(front: tuple[float, float, float] | str, back: tuple[float, float, float] | str) -> float:
    """WCAG 2 contrast ratio of two colours (hex texts or RGB triples), from 1 to 21."""
    a, b = (luminance(_rgb(c) if isinstance(c, str) else c) for c in (front, back))
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def pairs(option: dict[str, Any]) -> list[tuple[str, float]]:
    """What the readers see of one palette option, with its contrast ratio: ('header', ratio), ('links', ratio)."""
    primary = option.get("primary", "indigo")
    if not isinstance(primary, str) or primary not in PALETTE:
        return []
    fill, dark_text, link, slate_link = PALETTE[primary]
    text = _over(DARK_TEXT, fill) if dark_text else _rgb(WHITE)
    found = [("header", ratio(text, fill))]
    if option.get("scheme") == "slate":
        found.append(("links", ratio(slate_link or fill, SLATE)))
    else:
        found.append(("links", ratio(link or fill, WHITE)))
    return found


def check(c: Any, loc: tuple, option: dict[str, Any]) -> None:
    """Warn, at the palette's 'primary' (or the palette itself), of every pair under WCAG AA."""
    for what, value in pairs(option):
        if value >= AA:
            continue
        where = loc + ("primary",) if "primary" in option else loc
        shown = f"{value:.2f}".rstrip("0").rstrip(".")
        primary = option.get("primary", "indigo")
        names = ", ".join(f"'{n}'" for n in READABLE)
        message = (Message("low-contrast.the-header-s-text-on", primary=primary, shown=shown) if what == "header" else
                   Message("low-contrast.the-links-in-primary-colour", primary=primary, shown=shown))
        c.report.add(c.source.diagnostic(
            ("mkdocs", *where), "low-contrast", message,
            Message("low-contrast.choose-a-darker-primary-colour", names=names),
            severity="warning"))
