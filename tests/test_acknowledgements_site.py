"""Acknowledgements on the site: without the setting the site is what it was, fully static; with it, the chosen pages
of the release in force carry the button, which a reader presses (keyboard included) and which says so calmly when
the service is out of reach."""
from __future__ import annotations

import functools
import http.server
import shutil
import threading
import time
from datetime import date
from pathlib import Path

import pytest

from generator.audit import POLICY
from generator.commands import build, release
from generator.resources import scaffold_dir

from .conftest import copy_playbook, edit
from .test_browser import _Quiet

SETTING = "\nacknowledgements:\n  url: /acknowledgements/\n  pages: [personal_use]\n"


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """The minimal English starter with release 1.0 in force, built without the setting and with it."""
    base = tmp_path_factory.mktemp("ack-site")
    root = copy_playbook(scaffold_dir("en", minimal=True), base / "pb")
    release.run(root, "1.0", "Claire Martin", "Director", date(2026, 3, 2))
    build.run(root, base / "static")
    with (root / "site_config.yml").open("a", encoding="utf-8") as config:
        config.write(SETTING)
    build.run(root, base / "asking")
    return root, base / "static", base / "asking"


def test_without_the_setting_the_site_stays_static(sites):
    _, static, _ = sites
    assert not list(static.rglob("acknowledge.js"))
    for path in static.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "playbook-ack" not in text and "/acknowledgements/" not in text, path
        assert POLICY in text, path  # the entry pages that send readers on too


def test_the_release_in_force_asks_on_the_chosen_pages_only(sites):
    _, static, asking = sites
    for folder in ("latest", "1.0"):
        page = (asking / folder / "personal_use.html").read_text(encoding="utf-8")
        assert page.count('class="playbook-ack"') == 1 and 'data-version="1.0"' in page
        assert "I have read and accept version 1.0" in page and "assets/javascripts/acknowledge.js" in page
        assert POLICY in page  # a path on the site's own server: the policy lets nothing else in
        assert (asking / folder / "assets/javascripts/acknowledge.js").is_file()
    assert "playbook-ack" not in (asking / "draft" / "personal_use.html").read_text(encoding="utf-8")
    assert "playbook-ack" not in (asking / "latest" / "index.html").read_text(encoding="utf-8")
    # the other pages are those of the static site
    assert (asking / "latest" / "comments.html").read_bytes() == (static / "latest" / "comments.html").read_bytes()


def test_a_service_elsewhere_is_let_in_by_the_pages_policy_only(sites, tmp_path):
    root, _, _ = sites
    copy = copy_playbook(root, tmp_path / "pb")
    edit(copy / "site_config.yml", "url: /acknowledgements/", "url: https://ack.intranet.example/charter/")
    edit(copy / "site_config.yml", "pages: [personal_use]", "pages: [personal_use]\n  audiences: [staff]\n  draft: true")
    build.run(copy, tmp_path / "team")
    assert "playbook-ack" not in (tmp_path / "team" / "latest" / "personal_use.html").read_text(encoding="utf-8")
    build.run(copy, tmp_path / "staff", audience="staff")
    for folder in ("latest", "draft"):
        page = (tmp_path / "staff" / folder / "personal_use.html").read_text(encoding="utf-8")
        assert "connect-src 'self' https://ack.intranet.example;" in page
    assert "connect-src 'self';" in (tmp_path / "staff" / "latest" / "index.html").read_text(encoding="utf-8")


def test_a_page_the_release_lacks_is_named(sites, tmp_path, capsys):
    from generator import cli
    root, _, _ = sites
    copy = copy_playbook(root, tmp_path / "pb")
    edit(copy / "site_config.yml", "pages: [personal_use]", "pages: [personal_use, crisis]")
    assert cli.main(["build", "-q", "-C", str(copy), "--out", str(tmp_path / "out")]) == 1
    assert "no page 'crisis'" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
    for written in ("personal-use", "personal_uses"):  # not a file name; not a part (did you mean…)
        edit(copy / "site_config.yml", "pages: [personal_use, ", f"pages: [personal_use, {written}]\n  #")
        assert cli.main(["check", "-q", "-C", str(copy)]) == 1
        line = next(i for i, text in enumerate((copy / "site_config.yml").read_text("utf-8").splitlines(), 1)
                    if f"{written}]" in text)
        err = capsys.readouterr().err
        assert f"site_config.yml:{line}:" in err and f"'{written}' names no part of the playbook" in err, err
        assert "personal_use" in err.split("names no part of the playbook")[1] and "Traceback" not in err
        edit(copy / "site_config.yml", f"pages: [personal_use, {written}]\n  #", "pages: [personal_use, ")


def test_the_charter_part_asks_on_the_home_page(sites, tmp_path):
    root, _, _ = sites
    copy = copy_playbook(root, tmp_path / "pb")
    edit(copy / "site_config.yml", "pages: [personal_use]", "pages: [charter]")
    build.run(copy, tmp_path / "out")
    assert "playbook-ack" in (tmp_path / "out" / "latest" / "index.html").read_text(encoding="utf-8")
    assert "playbook-ack" not in (tmp_path / "out" / "latest" / "personal_use.html").read_text(encoding="utf-8")


@pytest.fixture
def with_service(sites, tmp_path):
    """The site and the service on one address, as the README's proxy serves them, the reader being 'alice'."""
    uvicorn = pytest.importorskip("uvicorn")
    from starlette.applications import Starlette
    from starlette.routing import Mount
    from starlette.staticfiles import StaticFiles
    from generator.acknowledgements import service, store
    root, _, asking = sites
    engine = store.engine(f"sqlite:///{tmp_path / 'ack.sqlite3'}")
    store.migrate(engine)
    app = Starlette(routes=[
        Mount("/acknowledgements", app=service.application(service.Settings(root, engine, dev_user="alice"))),
        Mount("/", app=StaticFiles(directory=asking, html=True))])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)
    engine.dispose()


def test_a_reader_accepts_with_the_keyboard(with_service, browser):
    page = browser.new_page()
    page.goto(f"{with_service}/latest/personal_use.html")
    button = page.get_by_role("button", name="I have read and accept version 1.0")
    button.wait_for()
    page.wait_for_function("!document.querySelector('.playbook-ack button').disabled")
    button.focus()
    page.keyboard.press("Enter")
    status = page.locator(".playbook-ack__status")
    status.filter(has_text="You acknowledged version 1.0 on").wait_for()
    page.reload()
    status.filter(has_text="You acknowledged version 1.0 on").wait_for()
    assert not button.is_visible()
    page.close()


def test_a_service_out_of_reach_leaves_the_page_readable(sites, browser):
    _, _, asking = sites
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(asking)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/latest/personal_use.html")
        page.locator(".playbook-ack__status").filter(has_text="cannot be reached right now").wait_for()
        assert page.locator("article h1").is_visible() and page.locator("article p").count() > 2
        page.close()
    finally:
        server.shutdown()


@pytest.mark.parametrize("url, message, hint", [
    ("//ack.evil.example/", "'//ack.evil.example/' starts with '//': a browser reads it as the address of the server "
     "'ack.evil.example', another site, not as a path of this one", "write https://ack.evil.example/… in full if that "
     "server is meant; a path of the site's server starts with a single '/'"),
    ("https://ack.intranet.example:99999/", "'https://ack.intranet.example:99999/' is not an address a browser can "
     "read", "write it as a path such as /acknowledgements/, or https://charter.intranet.example/"),
])
def test_an_address_of_another_server_is_written_in_full(starter, url, message, hint):
    from generator.diagnostics import PlaybookError
    from generator.load import load_project
    from generator.messages import translate
    from generator.validate import validate
    with (starter / "site_config.yml").open("a", encoding="utf-8") as config:
        config.write(SETTING.replace("/acknowledgements/", f'"{url}"'))
    with pytest.raises(PlaybookError) as caught:
        validate(load_project(starter))
    [problem] = caught.value.diagnostics
    line = (starter / "site_config.yml").read_text(encoding="utf-8").splitlines().index(f'  url: "{url}"') + 1
    assert (problem.where, problem.message, problem.hint) == (f"site_config.yml:{line}:8", message, hint)
    french, covered = translate(problem, "fr")
    assert covered and (french.message, french.hint) != (message, hint)


@pytest.mark.parametrize("link", ["//evil.example/x", "https://x.com:99999/maison", "https://?to=evil.example",
                                  "https:///evil.example/"])
def test_every_address_setting_is_read_as_the_browser_reads_it(starter, link):
    """The footer's links are addresses too, checked by the same helper: a port no server has, no server at all
    (a browser goes from https:///evil.example/ to evil.example)."""
    from .test_mkdocs_settings import errors, set_mkdocs
    config = (starter / "site_config.yml").read_text(encoding="utf-8")
    set_mkdocs(starter, f"extra:\n  social:\n    - {{icon: fontawesome/brands/x, link: '{link}'}}\n")
    [problem] = errors(starter)
    assert problem.message == "'extra.social.0.link' must be an https:, http: or mailto: address"
    (starter / "site_config.yml").write_text(config, encoding="utf-8")
    set_mkdocs(starter, "extra:\n  social:\n    - {icon: fontawesome/brands/x, link: 'https://x.com/maison'}\n")
    from generator.commands import check
    check.run(starter)  # the same setting with its server written in full passes


def test_the_box_reads_its_words_from_the_theme_folder_first(sites, tmp_path):
    root, _, _ = sites
    copy = copy_playbook(root, tmp_path / "pb")
    (copy / "look" / "strings").mkdir(parents=True)
    (copy / "look" / "strings" / "en.yml").write_text(
        'acknowledgements:\n  button: "Yes, I have read version {version}"\n', encoding="utf-8")
    edit(copy / "site_config.yml", "\nacknowledgements:", "\ntheme_dir: look\nacknowledgements:")
    build.run(copy, tmp_path / "out")
    page = (tmp_path / "out" / "latest" / "personal_use.html").read_text(encoding="utf-8")
    assert "Yes, I have read version 1.0</button>" in page
    # a word the theme leaves out keeps its built-in text
    assert "Version 1.0 of the charter is in force: confirm that you have read it." in page
