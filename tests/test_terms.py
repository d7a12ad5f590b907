"""Glossary marks (generator/terms.py, generator/glossary.py) and the glossary page, at the render stage."""
from __future__ import annotations

import re
from datetime import date

import markdown

from generator.glossary import Entry, Glossary
from generator.load import load_project
from generator.render import render
from generator.validate import validate

from .conftest import edit

EXTENSIONS = ["abbr", "admonition", "attr_list", "md_in_html", "toc", "generator.terms"]


def html(text: str, page: str = "crisis.md", entries: list[Entry] | None = None) -> str:
    glossary = Glossary(entries if entries is not None else [
        Entry("story", "A photo that lasts a day.", aliases=["stories"], networks=["instagram"], anchor="term-story"),
        Entry("hashtag", "A word after #.", networks=["x"], anchor="term-hashtag"),
        Entry("holding statement", "A first short answer.", general=True, anchor="term-holding-statement"),
        Entry("KPI", "An indicator.", general=True, anchor="term-kpi")])
    return markdown.markdown(glossary.finish(page, text), extensions=EXTENSIONS)


def rendered(root):
    playbook, _ = validate(load_project(root), today=date(2026, 11, 27))
    return render(playbook)


def test_a_mark_links_to_the_entry_and_names_the_term_in_its_tooltip():
    out = html("Publish a holding statement first.")
    assert ('<a class="pb-term" href="glossary.md#term-holding-statement" '
            'title="holding statement\nA first short answer.">holding statement</a>') in out
    assert "<abbr" not in out
    # from a page in a folder, and on the glossary itself
    assert 'href="../glossary.md#term-kpi"' in html("A KPI.", page="networks/x.md")
    assert 'href="#term-kpi"' in html("A KPI.", page="glossary.md")


def test_whole_terms_only():
    out = html("KPIs, sub-KPI, KPI-based, KPI2 and KPI, then (KPI).")
    assert out.count('class="pb-term"') == 2, out


def test_a_network_term_only_on_its_network_page_and_the_glossary():
    text = "Post a story, add a hashtag."
    assert 'term-story' not in html(text, page="crisis.md") and 'term-hashtag' not in html(text, page="crisis.md")
    on_instagram = html(text, page="networks/instagram.md")
    assert 'term-story' in on_instagram and 'term-hashtag' not in on_instagram
    assert 'term-story' in html(text, page="glossary.md") and 'term-hashtag' in html(text, page="glossary.md")


def test_no_mark_in_headings_links_summaries_or_lists_of_changes():
    text = ("# A KPI\n\n## Holding statement {: #hs }\n\n[A KPI link](other.md)\n\n"
            '<div class="pb-no-terms" markdown>\n\n- KPI changed\n\n</div>\n\nA KPI here.\n')
    out = html(text)
    assert out.count('class="pb-term"') == 1, out
    assert re.search(r"<h1[^>]*>A KPI</h1>", out) and re.search(r'<h2 id="hs">Holding statement</h2>', out)
    assert "<li>KPI changed</li>" in out


def test_no_mark_in_the_title_of_a_box():
    text = '!!! success "Each KPI has a target"\n    A KPI here.\n'
    out = html(text)
    assert out.count('class="pb-term"') == 1, out
    assert '<p class="admonition-title">Each KPI has a target</p>' in out


def test_the_table_of_contents_holds_no_mark():
    md = markdown.Markdown(extensions=EXTENSIONS)
    glossary = Glossary([Entry("KPI", "An indicator.", general=True, anchor="term-kpi")])
    md.convert(glossary.finish("kpis.md", "## Each KPI\n\nText.\n"))
    assert md.toc_tokens[0]["name"] == "Each KPI" and "pb-term" not in md.toc


def test_the_authors_own_abbreviations_stay():
    out = html("The HR team.\n\n*[HR]: Human resources\n")
    assert '<abbr title="Human resources">HR</abbr>' in out


def test_definitions_stay_text():
    entries = [Entry("hostile", 'Says <img src=x onerror=alert(1)> & "quotes"', general=True, anchor="term-hostile")]
    out = html("A hostile word.", entries=entries)
    assert "<img" not in out and "&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;" in out


def test_glossary_page_one_heading_per_term_under_its_letter(starter):
    edit(starter / "content" / "charter.yml", "lexicon:\n", "lexicon:\n  - term: Écran partagé\n"
         "    definition: A screen seen by everyone in a call.\n    aliases: [shared screen]\n")
    site = rendered(starter)
    text = site.page("glossary.md").text
    terms = re.findall(r"^### (.+) \{ #(term-[\w-]+) \}$", text, re.M)
    letters = re.findall(r"^## (.) \{ #letter-(\w+) \}$", text, re.M)
    assert ("Écran partagé", "term-ecran-partage") in terms
    assert len(terms) == len({anchor for _, anchor in terms}) >= 8
    assert [letter for letter, _ in letters] == sorted({name[0].upper().replace("É", "E") for name, _ in terms})
    index = text[:text.index("## ")]
    assert all(f"[{letter}](#letter-{slug})" in index for letter, slug in letters)
    entry = text[text.index("### Écran partagé"):]
    entry = entry[:entry.index("\n### ")]
    assert "Also written: shared screen" in entry and "Charter\n{: .pb-term-networks" in entry
    company_page = text[text.index("### company page"):]
    assert company_page.split("\n\n")[1].startswith("[LinkedIn](networks/linkedin.md)\n{: .pb-term-networks")
