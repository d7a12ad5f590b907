"""The site's figures in the release PDF: the same SVG that diagrams.py draws for the pages, turned into
ReportLab drawings by svglib, so that the PDF and the site show one figure, drawn once."""
from __future__ import annotations

import io
import logging
import re
from typing import Any

from reportlab.lib.units import cm
from reportlab.platypus import KeepTogether, Spacer, Table, TableStyle

_VIEW_BOX = re.compile(r'viewBox="0 0 ([0-9.]+) ([0-9.]+)"')


def figure(html: str, width_cm: float = 17) -> list[Any]:
    """The flowables of one figure of diagrams.py (its HTML, which wraps an <svg>), scaled to `width_cm` at most."""
    drawn = drawing(html, width_cm)
    return [KeepTogether([Spacer(1, 0.2 * cm), drawn, Spacer(1, 0.3 * cm)])] if drawn is not None else []


def drawing(html: str, width_cm: float) -> Any:
    """The ReportLab drawing of one figure (its HTML, which wraps an <svg>), scaled to `width_cm` at most; None when
    it holds no figure."""
    from svglib.svglib import svg2rlg

    html = str(html)  # plain text: a Markup would escape what is replaced in it
    start, end = html.find("<svg"), html.rfind("</svg>")
    size = _VIEW_BOX.search(html)
    if start < 0 or end < 0 or size is None:
        return None
    width, height = float(size.group(1)), float(size.group(2))
    svg = html[start:end + len("</svg>")].replace('width="100%"', f'width="{width:.0f}" height="{height:.0f}"', 1)
    quiet = logging.getLogger("svglib")
    level, quiet.level = quiet.level, logging.ERROR  # fonts named by the page's CSS stack: Helvetica stands in
    try:
        drawn = svg2rlg(io.BytesIO(svg.encode("utf-8")))
    finally:
        quiet.setLevel(level)
    if drawn is None:
        return None
    scale = min(1.0, width_cm * cm / drawn.width)
    drawn.width, drawn.height = drawn.width * scale, drawn.height * scale
    drawn.scale(scale, scale)
    return drawn


def figure_grid(figures: list[tuple[Any, str]], columns: int = 2, width_cm: float = 8.4) -> list[Any]:
    """Several figures side by side, `columns` a row, each under its caption (a flowable) and scaled to `width_cm` at
    most."""
    drawn = [(caption, drawing(html, width_cm)) for caption, html in figures]
    cells = [[caption, figure] for caption, figure in drawn if figure is not None]
    if not cells:
        return []
    rows = [cells[i:i + columns] + [""] * (columns - len(cells[i:i + columns])) for i in range(0, len(cells), columns)]
    grid = Table(rows, colWidths=[width_cm * cm + 0.2 * cm] * columns, hAlign="LEFT")
    grid.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]))
    return [Spacer(1, 0.3 * cm), grid]
