"""The site's figures in the release PDF: the same SVG that diagrams.py draws for the pages, turned into
ReportLab drawings by svglib, so that the PDF and the site show one figure, drawn once."""
from __future__ import annotations

import io
import logging
import re
from typing import Any

from reportlab.lib.units import cm
from reportlab.platypus import KeepTogether, Spacer

_VIEW_BOX = re.compile(r'viewBox="0 0 ([0-9.]+) ([0-9.]+)"')


def figure(html: str, width_cm: float = 17) -> list[Any]:
    """The flowables of one figure of diagrams.py (its HTML, which wraps an <svg>), scaled to `width_cm` at most."""
    from svglib.svglib import svg2rlg

    start, end = html.find("<svg"), html.rfind("</svg>")
    size = _VIEW_BOX.search(html)
    if start < 0 or end < 0 or size is None:
        return []
    width, height = float(size.group(1)), float(size.group(2))
    svg = html[start:end + len("</svg>")].replace('width="100%"', f'width="{width:.0f}" height="{height:.0f}"', 1)
    quiet = logging.getLogger("svglib")
    level, quiet.level = quiet.level, logging.ERROR  # fonts named by the page's CSS stack: Helvetica stands in
    try:
        drawing = svg2rlg(io.BytesIO(svg.encode("utf-8")))
    finally:
        quiet.setLevel(level)
    if drawing is None:
        return []
    scale = min(1.0, width_cm * cm / drawing.width)
    drawing.width, drawing.height = drawing.width * scale, drawing.height * scale
    drawing.scale(scale, scale)
    return [KeepTogether([Spacer(1, 0.2 * cm), drawing, Spacer(1, 0.3 * cm)])]
