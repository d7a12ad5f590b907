"""The charts of measured results: drawn at build time by matplotlib, as SVG inline in the page.

matplotlib draws the chart (its scales, ticks and lines); its SVG is then rewritten into the few elements and
attributes the pages' allow-list keeps for figures (generator/sanitize.py): paths and texts with their colours
as attributes, each marker a path of its own, no ids, clip paths, style sheet or metadata. Its texts stay texts,
in the site's font, at 12 CSS px at least on a phone like the other figures (diagrams.py). The same input gives
the same bytes: matplotlib's ids are salted with a fixed text and its date left out, then dropped anyway.

A chart drawn is kept in the user's cache folder (`cached`), under the hash of everything its bytes depend on,
so that a build whose charts did not change reads them back and never imports matplotlib (about 0.4 s).
"""
from __future__ import annotations

import functools
import hashlib
import hmac
import importlib.metadata
import io
import json
import math
import os
import re
import tempfile
import xml.etree.ElementTree as etree
from html import escape
from pathlib import Path
from typing import Callable, Optional

from .cache import secret_key, user_folder
from .diagrams import FONT, INK

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}href"
WIDTH, HEIGHT = 340, 210  # CSS px at a scale of 1, which a phone shows: the text is 12 px there
LINE = "#3949ab"
TARGET = "#c62828"
_KEPT = {"fill", "stroke", "stroke-width", "stroke-dasharray", "opacity", "fill-opacity", "text-anchor",
         "font-weight"}


def _style(element: etree.Element) -> dict[str, str]:
    props = {}
    for declaration in element.get("style", "").split(";"):
        name, _, value = declaration.partition(":")
        if name.strip():
            props[name.strip()] = value.strip()
    return props


def _attributes(element: etree.Element, props: dict[str, str]) -> str:
    kept = {name: value for name, value in props.items() if name in _KEPT}
    if "font-size" in props:
        kept["font-size"] = props["font-size"].removesuffix("px")
    for name in ("x", "y", "d", "transform"):
        if element.get(name) is not None:
            kept[name] = " ".join(element.get(name).split())
    return "".join(f' {name}="{escape(value)}"' for name, value in kept.items())


def _rewrite(element: etree.Element, shapes: dict[str, etree.Element], out: list[str]) -> None:
    tag = element.tag.removeprefix(SVG)
    if tag in ("metadata", "style", "clipPath", "defs"):
        return
    if tag == "use":  # a marker: the shape it names, moved to its place
        shape = shapes[element.get(XLINK, "").lstrip("#")]
        props = {**_style(shape), **_style(element)}
        moved = f'translate({element.get("x", "0")} {element.get("y", "0")})'
        out.append(f'<path d="{escape(" ".join(shape.get("d", "").split()))}" transform="{moved}"'
                   f'{_attributes(etree.Element("x"), props)}/>')
    elif tag == "path":
        out.append(f"<path{_attributes(element, _style(element))}/>")
    elif tag == "text":
        out.append(f'<text{_attributes(element, _style(element))} style="{FONT}">{escape(element.text or "")}</text>')
    elif tag == "g":
        inner: list[str] = []
        for child in element:
            _rewrite(child, shapes, inner)
        if inner and element.get("transform") is not None:
            out.append(f'<g transform="{escape(element.get("transform"))}">' + "".join(inner) + "</g>")
        else:  # a group of matplotlib's own: its children stand for it
            out.extend(inner)


def _allowed(svg_text: str) -> str:
    """matplotlib's SVG, as the elements and attributes of the figures' allow-list (see the module's docstring)."""
    root = etree.fromstring(svg_text.encode("utf-8"))
    shapes = {e.get("id"): e for e in root.iter(f"{SVG}path") if e.get("id")}
    out: list[str] = []
    for child in root:
        _rewrite(child, shapes, out)
    return "".join(out)


def _draw(periods: list[str], values: list[Optional[float]], target: float, tick: Callable[[float], str],
          target_label: str, measured_label: str) -> str:
    import matplotlib  # imported when a playbook has results to draw: it takes a moment
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    settings = {"svg.hashsalt": "playbook", "svg.fonttype": "none", "font.size": 12, "axes.edgecolor": INK,
                "xtick.color": INK, "ytick.color": INK, "text.color": INK}
    with matplotlib.rc_context(settings):
        figure = Figure(figsize=(WIDTH / 72, HEIGHT / 72), dpi=72)
        axes = figure.add_subplot()
        xs = list(range(len(periods)))
        ys = [math.nan if v is None else v for v in values]  # a month not measured breaks the line
        axes.axhline(target, color=TARGET, linestyle=(0, (5, 3)), linewidth=1.5, label=target_label)
        axes.plot(xs, ys, color=LINE, linewidth=2, marker="o", markersize=5, label=measured_label)
        step = max(1, math.ceil(len(periods) / 4))  # four month labels at most: each up to 10 characters wide
        axes.set_xticks(xs[::step], periods[::step])
        axes.set_xlim(-0.5, max(len(periods) - 0.5, 0.5))
        known = [v for v in values if v is not None] + [target]
        low, high = min(known), max(known)
        axes.set_ylim(0 if low >= 0 else low * 1.1, high * 1.15 if high > 0 else 1)
        axes.yaxis.set_major_locator(MaxNLocator(nbins=4))
        axes.yaxis.set_major_formatter(FuncFormatter(lambda y, _: tick(y)))
        axes.spines[["top", "right"]].set_visible(False)
        axes.grid(axis="y", color="#bdbdbd", linewidth=0.6)
        one_line = len(target_label) + len(measured_label) <= 30  # else one entry a line, above the plot
        axes.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncols=2 if one_line else 1, frameon=False,
                    borderaxespad=0.2, handlelength=1.8, columnspacing=1.0, labelspacing=0.2)
        figure.subplots_adjust(left=0.2, right=0.97, top=0.84 if one_line else 0.76, bottom=0.13)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def line_chart(ident: str, title: str, periods: list[str], values: list[Optional[float]], target: float,
               tick: Callable[[float], str], target_label: str, measured_label: str) -> str:
    """The chart of an indicator's values over `periods` (None: not measured) against its target, as inline SVG
    titled `title` for screen readers; `tick` writes a value of the vertical scale."""
    body = _allowed(_draw(periods, values, target, tick, target_label, measured_label))
    ident = "chart-" + re.sub(r"[^a-z0-9_-]", "-", ident)
    return (f'<div class="playbook-diagram playbook-chart">\n<svg xmlns="http://www.w3.org/2000/svg" role="img" '
            f'aria-labelledby="{ident}-title" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
            f'style="min-width:{WIDTH}px">\n'
            f'<title id="{ident}-title">{escape(title)}</title>\n{body}\n</svg>\n</div>')


# the code whose change may change a chart's bytes: its drawing, the scale's numbers and the figures' font and ink
SOURCES = ("charts.py", "results_view.py", "diagrams.py")


@functools.lru_cache(maxsize=1)
def _code_version() -> str:
    """matplotlib's version and playbook's code that draws, read without importing matplotlib."""
    try:
        drawn_by = importlib.metadata.version("matplotlib")
    except importlib.metadata.PackageNotFoundError:
        drawn_by = ""
    code = hashlib.sha256(drawn_by.encode("utf-8"))
    for name in SOURCES:
        code.update(b"\0" + Path(__file__).with_name(name).read_bytes())
    return code.hexdigest()


def _signature(key: bytes, name: str, body: bytes) -> bytes:
    return hmac.new(key, name.encode("ascii") + b"\0" + body, hashlib.sha256).hexdigest().encode("ascii")


def cached(parts: tuple, draw: Callable[[], str]) -> str:
    """The chart `draw()` makes, `parts` being everything its bytes depend on besides the code (values, labels,
    language...). Kept between builds in the user's cache folder, signed with the key of the releases' cache: an
    entry changed or copied from elsewhere is never read back, the chart is drawn again; nothing is kept where
    no key can be made."""
    key = secret_key()
    if key is None:
        return draw()
    name = hashlib.sha256(json.dumps([_code_version(), *parts], ensure_ascii=False).encode("utf-8")).hexdigest()
    folder = user_folder() / "charts"
    try:
        signature, _, body = (folder / f"{name}.svg").read_bytes().partition(b"\n")
    except OSError:
        signature, body = b"", b""
    if signature and hmac.compare_digest(signature, _signature(key, name, body)):
        return body.decode("utf-8")
    chart = draw()
    body = chart.encode("utf-8")
    tmp = None
    try:  # written aside then moved in place: a build reading it at the same moment reads all of it or nothing
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "wb") as out:
            out.write(_signature(key, name, body) + b"\n" + body)
        os.replace(tmp, folder / f"{name}.svg")
    except OSError:  # a cache that cannot be written: the chart is drawn at each build, as before
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
    return chart
