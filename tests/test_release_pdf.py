"""The release PDF is the release's own pages printed (WeasyPrint): every page of the menu in its order, free
pages, crisis contacts and glossary included, after a cover and a table of contents, before the signature block;
the same release gives the same bytes, and the printer reads nothing but the built site."""
from __future__ import annotations

import io
import re
from pathlib import Path

import lxml.html
import pytest
from PIL import Image
from pypdf import PdfReader

from generator.diagnostics import PlaybookError
from generator.pdf import print_pdf
from generator.theme import load_strings
from generator.versions import VersionInfo

# what a page shows only in a browser: the PDF leaves it out
INTERACTIVE = ("//script | //button | //form | //*[@hidden] | //a[contains(@class, 'headerlink')]"
               " | //a[contains(concat(' ', normalize-space(@class), ' '), ' md-button ')]")
BLOCKS = {"p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "summary", "caption", "figcaption"}


def _squeezed(text: str) -> str:
    """Text without its spaces: where a line breaks in the PDF is the printer's business, not the words."""
    return re.sub(r"\s+", "", text)


def _menu(site: Path) -> list[str]:
    """The pages of the menu, in its order, as a reader of the home page finds them."""
    home = lxml.html.fromstring((site / "index.html").read_bytes())
    found = []
    for href in home.xpath("//nav[contains(@class, 'md-nav--primary')]//a[contains(@class, 'md-nav__link')]/@href"):
        if href.endswith(".html") and "#" not in href and href not in found:
            found.append(href)
    return found


def _own_text(element) -> str:
    """The text of a block without the blocks inside it (a list item without its sub-list); the marks a reader
    without colour sees around deleted and inserted words."""
    text = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag not in BLOCKS and child.tag != "svg":
            inner = _own_text(child)
            text.append({"del": f"[-{inner}-]", "ins": f"{{+{inner}+}}"}.get(child.tag, inner))
        text.append(child.tail or "")
    return "".join(text)


def _blocks(page: Path) -> list[str]:
    """Every paragraph, list item, cell and heading of a page's article, as a reader sees it on paper."""
    article = lxml.html.fromstring(page.read_bytes()).xpath("//article")[0]
    for element in article.xpath(INTERACTIVE):
        element.drop_tree()
    return [text for element in article.iter(*BLOCKS) if (text := _squeezed(_own_text(element)))]


def _pdf_text(pdf: Path) -> list[str]:
    """The text of each page of the PDF, without its running header and page number."""
    reader = PdfReader(pdf)
    title = _squeezed(reader.metadata["/Title"])
    pages = []
    for page in reader.pages:
        lines = [line for line in page.extract_text().split("\n")
                 if not re.fullmatch(r"\d+ / \d+", line.strip()) and not _squeezed(line).startswith(title)]
        pages.append(_squeezed("".join(lines)))
    return pages


@pytest.fixture(scope="module")
def printed(_example_built):
    site = _example_built.site / "2.0"
    return site, _pdf_text(site / "charter-2.0.pdf")


def test_every_page_of_the_release_is_in_its_pdf_in_the_menus_order(printed):
    site, pages = printed
    text = "".join(pages)
    menu = _menu(site)
    assert {"glossary.html", "crisis.html", "pages/outils-et-acces.html", "pages/formation-ambassadeurs.html",
            "networks/linkedin.html"} <= set(menu)
    at = 0
    for path in menu:
        blocks = _blocks(site / path)
        missing = [block for block in blocks if block not in text]
        assert not missing, f"{path}: {missing[:3]}"
        start = text.find(blocks[0], at)  # its title, after the pages before it in the menu
        assert start >= at, path
        at = start


def test_the_pdf_has_the_crisis_contacts_and_the_glossary(printed):
    _, pages = printed
    text = "".join(pages)
    crisis = text[text.index("Gestiondecriseetbadbuzz" + "Quiappelermaintenant"):]
    for expected in ("InèsBenaliAppeler+33 1 99 00 10 21",
                     "Suppléant : Théo Garnier, community manager, +33 1 99 00 10 22",
                     "Trois réflexes valent à tous les niveaux : écouter avant de parler"):
        assert _squeezed(expected) in crisis, expected
    # a term of the glossary with its definition, which the pages show on the glossary page only
    assert _squeezed("message d'attente Charte Court texte validé à l'avance, publié dès le début d'un incident") in text


def test_the_pdf_opens_with_the_approval_record_and_ends_with_the_signature_block(printed):
    site, pages = printed
    cover, last = pages[0], pages[-1]
    for expected in ("Version2.0", "ApprouvéeparClaireVasseur", "Directricegénérale", "2026-07-06",
                     "Empreinteducontenu(SHA-256)"):
        assert expected in cover, expected
    assert pages[1].startswith("Sommaire")
    assert last.startswith("Approbation") and "ApprouvéeparClaireVasseur" in last and "Signature" in last
    assert last.endswith("Signature")  # the place to sign, last
    # the running header: the charter's title, the version and its date of approval, spaces kept
    header = PdfReader(site / "charter-2.0.pdf").pages[5].extract_text().split("\n")
    assert any(line.endswith("2.0 — approuvée le 2026-07-06") for line in header), header


def test_the_same_release_prints_the_same_bytes(example_built, tmp_path):
    site = example_built.site / "2.0"
    again = tmp_path / "again.pdf"
    version = VersionInfo(name="2.0", state="current", approved_by="Claire Vasseur", role="Directrice générale",
                          date="2026-07-06", pdf="again.pdf")
    first = print_pdf(site, version, load_strings("fr"), "Charte", "fr", tmp_path / "first.pdf").read_bytes()
    assert print_pdf(site, version, load_strings("fr"), "Charte", "fr", again).read_bytes() == first
    reader = PdfReader(again)
    assert reader.metadata["/CreationDate"].startswith("D:20260706")


def _images(reader: PdfReader) -> set[str]:
    """The images the pages of a PDF draw."""
    return {name for page in reader.pages for name, xobject in page.get("/Resources", {}).get("/XObject", {}).items()
            if xobject.get_object().get("/Subtype") == "/Image"}


def test_the_printer_reads_nothing_outside_the_built_site(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    for path, colour in ((site / "icon.png", "red"), (tmp_path / "secret.png", "blue")):
        drawn = io.BytesIO()
        Image.new("RGB", (8, 8), colour).save(drawn, "PNG")
        path.write_bytes(drawn.getvalue())
    page = ('<html><body><nav class="md-nav md-nav--primary"><a class="md-nav__link" href="index.html">Home</a>'
            '</nav><article class="md-content__inner"><h1>Home</h1><p>Text</p><img src="icon.png" alt="">'
            '<img src="../secret.png" alt=""><img src="https://example.org/x.png" alt=""></article></body></html>')
    (site / "index.html").write_text(page, encoding="utf-8")
    version = VersionInfo(name="1.0", state="current", approved_by="A", role="B", date="2026-01-01", pdf="x.pdf")
    reader = PdfReader(print_pdf(site, version, load_strings("en"), "Charter", "en", site / "x.pdf"))
    assert "Text" in reader.pages[2].extract_text()
    assert len(_images(reader)) == 1  # the site's own image; neither the file beside the site nor the web address


def test_a_site_without_menu_is_refused_with_a_message(tmp_path):
    (tmp_path / "index.html").write_text("<html><body><p>nothing</p></body></html>", encoding="utf-8")
    version = VersionInfo(name="1.0", state="current", pdf="x.pdf")
    with pytest.raises(PlaybookError) as raised:
        print_pdf(tmp_path, version, load_strings("en"), "Charter", "en", tmp_path / "x.pdf")
    assert "no menu to print the PDF from" in raised.value.diagnostics[0].message
    assert not (tmp_path / "x.pdf").exists()
