"""The allow-list every page's HTML goes through last (generator/sanitize.py), case by case."""
from __future__ import annotations

import pytest

from generator.sanitize import clean_html, safe_url


@pytest.mark.parametrize("url", ["/\\tracker.example/p.png", "\\\\tracker.example/p.png", "//tracker.example/p.png",
                                 "/ /tracker.example/p.png", "https://tracker.example/p.png", "data:image/png;base64,AA",
                                 "&#47;&#47;tracker.example/p.png", "javascript:alert(1)"])
def test_an_image_from_outside_the_site_is_refused(url):
    assert not safe_url(url, loads=True)
    assert clean_html(f'<img src="{url}" alt="x">') == '<img alt="x">'


@pytest.mark.parametrize("url", ["images/logo.png", "../assets/a.svg", "#top", "logo.png?v=2"])
def test_an_image_of_the_site_stays(url):
    assert clean_html(f'<img src="{url}" alt="x">') == f'<img src="{url}" alt="x">'


@pytest.mark.parametrize("html", [
    '<img src=x onerror=alert(1)>', '<svg onload=alert(1)></svg>', '<script>alert(1)</script>',
    '<iframe src="https://a.example"></iframe>', '<a href="java\tscript:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>', '<form action="https://a.example"><input type=submit></form>',
    '<math><mtext></mtext><mglyph><style><img src=x onerror=alert(1)></style></mglyph></math>',
    '<div style="background:url(//a.example/p.png)">x</div>', '<base href="https://a.example/">',
    '<svg><line marker-end="url(https://a.example/m.svg#m)"/></svg>', '<meta http-equiv="refresh" content="0;url=x">',
    '<link rel=stylesheet href="//a.example/x.css">', '<object data="x.swf"></object>', '<!-- <script> -->',
    '<template><script>alert(1)</script></template>', '<noscript><img src=x onerror=alert(1)></noscript>',
])
def test_nothing_that_runs_or_loads_is_left(html):
    out = clean_html(html).lower()
    for bad in ("<script", "onerror", "onload", "<iframe", "javascript", "<form", "url(", "<base", "<meta", "<link",
                "<object", "<!--", "a.example/p", "alert(1)</"):
        assert bad not in out, (html, out)


def test_what_the_pages_are_made_of_stays_as_it_is():
    figure = ('<svg viewBox="0 0 10 10" role="img" aria-labelledby="t"><title id="t">Tree</title><defs>'
              '<marker id="m" markerWidth="3" markerHeight="3" refX="1" refY="1" orient="auto"><path d="M0 0"></path>'
              '</marker></defs><line x1="0" y1="0" x2="5" y2="5" stroke="#000" marker-end="url(#m)"></line>'
              '<text x="1" y="2" text-anchor="middle" style="font-family:Arial"><tspan x="1" dy="1">Oui</tspan>'
              '</text></svg>')
    assert clean_html(figure) == figure
    untranslated = '<p><pb-untranslated lang="fr">Texte</pb-untranslated></p>'
    assert clean_html(untranslated) == untranslated
    box = ('<label class="task-list-control"><input type="checkbox" aria-label="Item" data-item="ab12" disabled>'
           '<span class="task-list-indicator"></span></label>')
    assert clean_html(box) == box.replace("disabled>", 'disabled="">')
    cell = '<table><tbody><tr><td style="text-align:center">1</td></tr></tbody></table>'
    assert clean_html(cell) == cell
    link = '<a href="https://example.org/charte" title="Charte">charte</a> <a href="mailto:a@b.fr">a</a>'
    assert clean_html(link) == link


def test_the_tabs_of_an_allowed_extension_keep_working():
    tabs = ('<div class="tabbed-set tabbed-alternate" data-tabs="1:2"><input checked="checked" id="__tabbed_1_1" '
            'name="__tabbed_1" type="radio"><div class="tabbed-labels"><label for="__tabbed_1_1">A</label></div></div>')
    assert clean_html(tabs) == tabs


@pytest.mark.parametrize("html", ['<p id="__config">{"base": "https://a.example/"}</p>', '<p id=" __search">x</p>',
                                  '<label for="__drawer">x</label>', '<h2 id="__nav_1">x</h2>', '<p id="__md_scope">x</p>'])
def test_an_id_of_the_theme_cannot_be_taken_by_a_page(html):
    assert "__" not in clean_html(html)


def test_the_ids_of_a_page_stay():
    assert clean_html('<h2 id="moderation">x</h2>') == '<h2 id="moderation">x</h2>'
    assert clean_html('<sup id="fnref:1">1</sup>') == '<sup id="fnref:1">1</sup>'
