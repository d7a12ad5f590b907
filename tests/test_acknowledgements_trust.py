"""Acknowledgements: whom the service believes. One identity header, in UTF-8 and NFC, compared one way everywhere;
the hosts it answers for; the proof that a request comes through the proxy (a secret, a Unix socket, addresses), and
the refusal to start without one; bounded JSON; the staff list a regular file; a private database; the request log."""
from __future__ import annotations

import logging
import os
import stat
import unicodedata

import pytest

pytest.importorskip("starlette", reason="the acknowledgements extra is not installed")
import sqlalchemy as sa  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402

from generator import cli  # noqa: E402
from generator.acknowledgements import charter, report, service, store  # noqa: E402
from generator.resources import example_dir  # noqa: E402

from .acknowledgement_servers import ServiceProcess  # noqa: E402
from .conftest import copy_playbook  # noqa: E402
from .test_acknowledgements import engine, playbook  # noqa: E402,F401  (the same fixtures: the example, a database)

HOST = "charter.intranet.example"
SECRET = "5b2f0c5e-the-proxy's-secret"



def make_app(playbook, engine, **settings):
    return service.application(service.Settings(playbook, engine, allowed_hosts=(HOST,), team_group="charter-team",
                                                **settings))


def client(app, host=HOST, peer=("127.0.0.1", 40000)) -> TestClient:
    return TestClient(app, base_url=f"http://{host}", client=peer)


def people(engine) -> list[str]:
    with engine.connect() as connection:
        return [row[0] for row in connection.execute(sa.select(store.acknowledgements.c.person))]


def acknowledge(http, playbook, headers: list) -> object:
    """GET /me then POST, with the same identity headers (raw, as a list: a header may come twice)."""
    known = charter.read(playbook)
    me = http.get("/api/acknowledgements/me", headers=headers)
    if me.status_code != 200:
        return me
    return http.post("/api/acknowledgements", json={"version": known.in_force, "content_hash": known.in_force_hash},
                     headers=[*headers, ("Origin", f"http://{HOST}"), ("X-Playbook-Token", me.json()["token"])])


# --- one identity, in UTF-8 and NFC -------------------------------------------------------------------------------

@pytest.mark.parametrize("headers", [
    [("Remote-User", "mallory"), ("Remote-User", "bob")],
    [("remote-user", "mallory"), ("REMOTE-USER", "bob")],
    [("Remote-User", "bob"), ("Remote-User", "bob")]])
def test_two_identity_headers_are_refused_and_logged(playbook, engine, headers, caplog):
    http = client(make_app(playbook, engine))
    with caplog.at_level(logging.WARNING, logger="playbook.acknowledgements"):
        answer = acknowledge(http, playbook, headers)
    assert (answer.status_code, answer.json()["error"]) == (400, "bad-identity")
    assert "more than one Remote-User header" in answer.json()["message"]
    assert any("2 Remote-User headers" in r.getMessage() and "'bob'" in r.getMessage() for r in caplog.records)
    assert people(engine) == []


def test_two_group_headers_are_refused(playbook, engine):
    http = client(make_app(playbook, engine))
    answer = http.get("/report", headers=[("Remote-User", "tom"), ("Remote-Groups", "charter-team"),
                                          ("Remote-Groups", "staff")])
    assert (answer.status_code, answer.json()["error"]) == (400, "bad-identity")
    assert http.get("/report", headers=[("Remote-User", "tom"), ("Remote-Groups", "staff, charter-team")]) \
        .status_code == 200


@pytest.mark.parametrize("name", ["Łukasz", "名前", "José", "Σίσυφος", "Алёна", "straße"])
def test_names_are_read_as_utf8_and_kept_exactly(playbook, engine, name):
    http = client(make_app(playbook, engine))
    answer = acknowledge(http, playbook, [(b"Remote-User", name.encode("utf-8"))])
    assert answer.status_code == 201, answer.text
    assert answer.json()["person"] == name
    assert people(engine) == [name]  # not 'JosÃ©'
    me = http.get("/api/acknowledgements/me", headers=[(b"Remote-User", name.encode("utf-8"))]).json()
    assert me["person"] == name and len(me["acknowledgements"]) == 1


def test_a_name_in_nfd_is_the_same_person_in_nfc(playbook, engine):
    http = client(make_app(playbook, engine))
    decomposed = unicodedata.normalize("NFD", "José")
    assert decomposed != "José"
    assert acknowledge(http, playbook, [(b"Remote-User", decomposed.encode("utf-8"))]).status_code == 201
    assert people(engine) == ["José"]
    again = acknowledge(http, playbook, [(b"Remote-User", "José".encode("utf-8"))])
    assert again.status_code == 200  # already acknowledged: the same person
    assert store.of_person(engine, decomposed) == store.of_person(engine, "José")


def raw_get(app, path: str, headers: list[tuple[bytes, bytes]]) -> tuple[int, dict]:
    """GET `path` with headers given as bytes, as they come on the wire (Starlette's TestClient encodes them in
    UTF-8 itself): the status and the JSON answer."""
    import asyncio
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
             "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
             "headers": [(b"host", HOST.encode()), *headers], "client": ("127.0.0.1", 1), "server": (HOST, 80)}
    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)
    asyncio.run(app(scope, receive, send))
    import json
    return sent[0]["status"], json.loads(b"".join(m.get("body", b"") for m in sent[1:]))


def test_a_name_that_is_not_utf8_is_refused(playbook, engine):
    app = make_app(playbook, engine)
    status, answer = raw_get(app, "/api/acknowledgements/me", [(b"remote-user", b"Jos\xe9")])  # latin-1
    assert (status, answer["error"]) == (400, "bad-identity")
    assert "not UTF-8" in answer["message"]
    status, answer = raw_get(app, "/api/acknowledgements/me", [(b"remote-user", "José".encode())])
    assert (status, answer["person"]) == (200, "José")


def test_names_compare_exactly_in_the_database_the_report_and_the_staff_list(playbook, engine, tmp_path):
    """straße acknowledging does not make strasse done, nor alice Alice, nor σίσυφος Σίσυφος."""
    known = charter.read(playbook)
    for name in ("straße", "alice", "σίσυφος", "名前", unicodedata.normalize("NFD", "Chloé")):
        store.record(engine, name, known.in_force, known.in_force_hash)
    assert store.of_person(engine, "strasse") == [] and store.of_person(engine, "Alice") == []
    assert len(store.of_person(engine, "Chloé")) == 1
    staff = tmp_path / "staff.csv"
    staff.write_text("login;name\nstrasse;Hans Strasse\nAlice;Alice Grande\nΣίσυφος;Sisyphe\n名前;Namae\n"
                     + unicodedata.normalize("NFD", "Chloé") + ";Chloé Petit\n", encoding="utf-8")
    made = report.as_json(report.make(store.everyone(engine), known, None, report.read_people(staff)))
    done = {x["person"]: x["in_staff_list"] for x in made["acknowledged"]}
    assert done == {"straße": False, "alice": False, "σίσυφος": False, "名前": True, "Chloé": True}
    assert sorted(x["person"] for x in made["not_acknowledged"]) == sorted(["strasse", "Alice", "Σίσυφος"])


# --- the hosts the service answers for ----------------------------------------------------------------------------

def test_a_rebound_name_gets_nothing_not_even_with_dev_user(playbook, engine):
    """DNS rebinding: a page of rebind.evil.example, its name pointed at 127.0.0.1, asks the try-out service."""
    app = service.application(service.Settings(playbook, engine, dev_user="claire"))
    evil = client(app, host="rebind.evil.example:8400").get("/api/acknowledgements/me")
    assert (evil.status_code, evil.json()["error"]) == (400, "wrong-host")
    assert "token" not in evil.text and "claire" not in evil.text
    assert "--allowed-host" in evil.json()["message"]
    assert client(app, host="127.0.0.1:8400").get("/api/acknowledgements/me").json()["person"] == "claire"
    assert client(app, host="localhost:8400").get("/api/acknowledgements/me").status_code == 200


def test_the_host_refusal_speaks_the_playbooks_language(playbook, engine):
    app = make_app(playbook, engine, language="fr")
    answer = client(app, host="other.example").get("/healthz")
    assert answer.status_code == 400 and "ce service ne répond pas pour l'hôte 'other.example'" in \
        answer.json()["message"]


def test_the_port_is_not_compared_and_a_domain_may_be_named(playbook, engine):
    app = service.application(service.Settings(playbook, engine, allowed_hosts=(".intranet.example",)))
    for host in ("intranet.example", "charter.intranet.example:8443", "CHARTER.Intranet.Example."):
        assert client(app, host=host).get("/healthz").status_code == 200, host
    for host in ("evilintranet.example", "intranet.example.evil.example"):
        assert client(app, host=host).get("/healthz").status_code == 400, host


def test_the_origin_check_works_with_the_port_forwarded(playbook, engine):
    """A proxy forwarding the Host as the browser sent it (nginx: Host $http_host) keeps the site's port."""
    app = service.application(service.Settings(playbook, engine, allowed_hosts=(HOST,)))
    http = TestClient(app, base_url=f"http://{HOST}:8443", client=("127.0.0.1", 1))
    known = charter.read(playbook)
    token = http.get("/api/acknowledgements/me", headers={"Remote-User": "ana"}).json()["token"]

    def post(origin):
        return http.post("/api/acknowledgements", json={"version": known.in_force, "content_hash":
                                                        known.in_force_hash},
                         headers={"Remote-User": "ana", "Origin": origin, "X-Playbook-Token": token})
    assert post(f"http://{HOST}").status_code == 403  # another port: another origin
    assert post(f"http://{HOST}:8443").status_code == 201


# --- the proof that a request comes through the proxy -------------------------------------------------------------

def test_without_the_proxys_secret_a_local_program_records_nothing(playbook, engine):
    app = make_app(playbook, engine, proxy_secret=SECRET.encode(), trusted=[])
    http = client(app)  # from 127.0.0.1, as any program of the computer
    for secret in (None, "wrong", SECRET + "x"):
        headers = [("Remote-User", "mallory")] + ([("X-Playbook-Proxy-Secret", secret)] if secret else [])
        answer = acknowledge(http, playbook, headers)
        assert (answer.status_code, answer.json()["error"]) == (403, "not-from-proxy"), secret
        assert "X-Playbook-Proxy-Secret" in answer.json()["message"]
    assert people(engine) == []
    assert acknowledge(http, playbook, [("Remote-User", "alice"), ("X-Playbook-Proxy-Secret", SECRET)]) \
        .status_code == 201
    assert people(engine) == ["alice"]
    assert http.get("/healthz").status_code == 200  # for load balancers: no identity, no secret


def test_the_secret_and_an_address_may_both_be_asked(playbook, engine):
    app = make_app(playbook, engine, proxy_secret=SECRET.encode(), trusted=[service.trusted_network("10.0.0.5")])
    with_secret = [("Remote-User", "alice"), ("X-Playbook-Proxy-Secret", SECRET)]
    assert client(app, peer=("10.0.0.6", 1)).get("/api/acknowledgements/me", headers=with_secret).status_code == 403
    assert client(app, peer=("10.0.0.5", 1)).get("/api/acknowledgements/me", headers=with_secret).status_code == 200


def test_the_service_refuses_to_start_without_a_proof(playbook, capsys, tmp_path):
    assert cli.main(["acknowledgements", "serve", "-C", str(playbook)]) == 2
    err = capsys.readouterr().err
    assert "le service ne peut pas distinguer le proxy de l'entreprise" in err  # the example is French
    for option in ("--unix-socket", "--proxy-secret-file", "--trust-loopback", "--dev-user"):
        assert option in err
    english = copy_playbook(example_dir(), tmp_path / "en")
    (english / "site_config.yml").write_text((english / "site_config.yml").read_text("utf-8")
                                             .replace("language: fr", "language: en", 1), encoding="utf-8")
    assert cli.main(["acknowledgements", "serve", "-C", str(english), "--trusted-proxy", "10.0.0.5"]) == 2
    assert "cannot tell the company's proxy from any other program" in capsys.readouterr().err


def test_a_real_service_with_a_secret_file_logs_neither_secret_nor_token(playbook, tmp_path):
    secret_file = tmp_path / "proxy-secret"
    secret_file.write_text(SECRET + "\n", encoding="utf-8")
    secret_file.chmod(0o644)
    server = ServiceProcess(playbook, f"sqlite:///{tmp_path / 'ack.sqlite3'}",
                            proof=("--proxy-secret-file", str(secret_file)))
    try:
        known = charter.read(playbook)
        body = {"version": known.in_force, "content_hash": known.in_force_hash}
        with server.client(timeout=10) as http:
            assert http.get("/api/acknowledgements/me", headers={"Remote-User": "mallory"}).status_code == 403
            proxied = {"Remote-User": "alice", "X-Playbook-Proxy-Secret": SECRET}
            token = http.get("/api/acknowledgements/me?token=abc", headers=proxied).json()["token"]
            answer = http.post("/api/acknowledgements", json=body, headers={
                **proxied, "X-Playbook-Token": token, "Origin": server.url})
            assert answer.status_code == 201, answer.text
    finally:
        output = server.stop()
    assert "tous les utilisateurs de cet ordinateur peuvent lire" in output  # world-readable (the example is French)
    assert SECRET not in output and token not in output and "token=abc" not in output
    lines = [line for line in output.splitlines() if '"POST /api/acknowledgements HTTP/1.1"' in line]
    assert len(lines) == 1 and lines[0].startswith("127.0.0.1 - alice [") and " 201 " in lines[0], output
    assert any('"GET /api/acknowledgements/me HTTP/1.1" 200' in line for line in output.splitlines()), output
    assert any('- - [' in line and " 403 " in line for line in output.splitlines()), output


def test_a_real_service_on_a_unix_socket(playbook, tmp_path):
    socket_path = tmp_path / "ack.sock"
    server = ServiceProcess(playbook, f"sqlite:///{tmp_path / 'ack.sqlite3'}", "--allowed-host", HOST, "--allowed-host",
                            "localhost", proof=(),
                            uds=socket_path)
    try:
        assert stat.S_ISSOCK(os.stat(socket_path).st_mode)
        assert stat.S_IMODE(os.stat(socket_path).st_mode) == 0o660
        with server.client(timeout=10) as http:
            headers = {"Remote-User": "Łukasz".encode("utf-8"), "Host": HOST}  # UTF-8 on the wire
            me = http.get("/api/acknowledgements/me", headers=headers)
            assert me.status_code == 200 and me.json()["person"] == "Łukasz"  # believed: it came on the socket
            known = charter.read(playbook)
            answer = http.post("/api/acknowledgements", headers={**headers, "Origin": f"http://{HOST}",
                                                                 "X-Playbook-Token": me.json()["token"]},
                               json={"version": known.in_force, "content_hash": known.in_force_hash})
            assert answer.status_code == 201, answer.text
            assert http.get("/healthz", headers={"Host": "rebind.evil.example"}).status_code == 400
    finally:
        server.stop()
    assert not socket_path.exists()


# --- bounded input, regular files, a private database, a log without secrets --------------------------------------

def test_deeply_nested_json_is_refused_not_a_crash(playbook, engine):
    http = client(make_app(playbook, engine))
    token = http.get("/api/acknowledgements/me", headers={"Remote-User": "alice"}).json()["token"]
    for body in (b"[" * 2000 + b"]" * 2000, b'{"version": ' + b"[" * 1900 + b"]" * 1900 + b"}",
                 b'{"a": ' * 30 + b"1" + b"}" * 30):
        assert len(body) < service.MAX_BODY
        answer = http.post("/api/acknowledgements", content=body, headers={
            "Remote-User": "alice", "Origin": f"http://{HOST}", "X-Playbook-Token": token,
            "Content-Type": "application/json"})
        assert (answer.status_code, answer.json()["error"]) == (400, "malformed"), answer.text
    assert people(engine) == []
    brackets_in_strings = b'{"version": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", "content_hash": "{{{{{{{{{{{{{{{{{{{{{{{{{{"}'
    answer = http.post("/api/acknowledgements", content=brackets_in_strings, headers={
        "Remote-User": "alice", "Origin": f"http://{HOST}", "X-Playbook-Token": token,
        "Content-Type": "application/json"})
    assert answer.json()["error"] == "unknown-version"  # read, not taken for nesting


@pytest.mark.parametrize("kind", ["a named pipe", "a folder"])
def test_the_staff_list_must_be_a_regular_file(playbook, tmp_path, capsys, kind):
    root = copy_playbook(playbook, tmp_path / "pb")
    made = store.engine(store.database_url(root, None))
    store.migrate(made)
    made.dispose()
    odd = tmp_path / "staff.csv"
    os.mkfifo(odd) if kind == "a named pipe" else odd.mkdir()
    assert cli.main(["acknowledgements", "report", "-C", str(root), "--people", str(odd)]) == 1
    err = capsys.readouterr().err
    assert f"staff.csv n'est pas un fichier ordinaire ({'un tube nommé' if 'pipe' in kind else 'un dossier'})" in err
    assert cli.main(["acknowledgements", "serve", "-C", str(root), "--dev-user", "me", "--people", str(odd)]) == 1
    assert "n'est pas un fichier ordinaire" in capsys.readouterr().err


def test_the_database_is_private(tmp_path):
    path = tmp_path / "ack.sqlite3"
    made = store.engine(f"sqlite:///{path}")
    store.migrate(made)
    with made.connect() as connection:  # open: WAL's files exist
        connection.execute(sa.select(sa.func.count()).select_from(store.acknowledgements)).scalar_one()
        for name in ("ack.sqlite3", "ack.sqlite3-wal", "ack.sqlite3-shm"):
            assert stat.S_IMODE(os.stat(tmp_path / name).st_mode) == 0o600, name
    made.dispose()


def test_a_database_in_the_site_folder_is_refused(playbook, tmp_path, capsys):
    root = copy_playbook(playbook, tmp_path / "pb")
    (root / "site").mkdir()
    inside = root / "site" / "ack.sqlite3"
    assert cli.main(["acknowledgements", "serve", "-C", str(root), "--dev-user", "me", "--db",
                     f"sqlite:///{inside}"]) == 1
    assert "est dans le dossier du site" in capsys.readouterr().err
    assert not inside.exists()
    from generator.diagnostics import PlaybookError
    with pytest.raises(PlaybookError):
        store.outside_the_site(store.database_url(root, "sqlite:///" + str(root / "site/../site/x.sqlite3")), root)
    store.outside_the_site(store.database_url(root, None), root)  # the default: beside the site


def test_a_database_others_may_open_is_named_at_start(playbook, tmp_path):
    path = tmp_path / "old.sqlite3"
    made = store.engine(f"sqlite:///{path}")
    store.migrate(made)
    made.dispose()
    assert store.shared_file(f"sqlite:///{path}") is None
    path.chmod(0o644)  # made by an earlier version of playbook
    assert store.shared_file(f"sqlite:///{path}") == str(path)
    server = ServiceProcess(playbook, f"sqlite:///{path}")
    output = server.stop()
    assert f"peuvent ouvrir la base de données {path} : rendez-la privée avec chmod 600" in output


def test_a_new_playbook_keeps_the_database_out_of_git(tmp_path):
    import shutil
    import subprocess
    from generator.commands import init
    root = init.run(tmp_path / "new", "en")
    assert "acknowledgements.sqlite3*" in (root / ".gitignore").read_text(encoding="utf-8").splitlines()
    if shutil.which("git"):
        subprocess.run(["git", "init", "-q", str(root)], check=True)
        for name in ("acknowledgements.sqlite3", "acknowledgements.sqlite3-wal", "site/index.html"):
            assert subprocess.run(["git", "-C", str(root), "check-ignore", "-q", name]).returncode == 0, name
        assert subprocess.run(["git", "-C", str(root), "check-ignore", "-q", "site_config.yml"]).returncode == 1


def test_the_request_log_has_one_line_a_request_and_no_token(playbook, engine, caplog):
    http = client(make_app(playbook, engine))
    with caplog.at_level(logging.INFO, logger="playbook.acknowledgements.access"):
        answer = acknowledge(http, playbook, [("Remote-User", "José Ñ".encode())])
        http.get("/report?token=sesame", headers={"Remote-User": "eve"})
    token = http.get("/api/acknowledgements/me", headers={"Remote-User": "José Ñ".encode()}).json()["token"]
    lines = [r.getMessage() for r in caplog.records if r.name == "playbook.acknowledgements.access"]
    assert answer.status_code == 201 and len(lines) == 3, lines
    assert lines[0].startswith("127.0.0.1 - José\\x20Ñ [")  # a space escaped: one field
    assert '"GET /api/acknowledgements/me HTTP/1.1" 200' in lines[0]
    assert '"POST /api/acknowledgements HTTP/1.1" 201' in lines[1]
    assert '"GET /report HTTP/1.1" 403' in lines[2] and "sesame" not in lines[2]
    assert not any(token in line for line in lines)


def test_the_report_page_wraps_on_a_phone(playbook, engine, browser):
    """At 390 px, the 64-character content hash and long names wrap instead of making the page scroll sideways."""
    known = charter.read(playbook)
    for name in ("alice", "firstname.lastname-of-a-very-long-login@subsidiary.intranet.example", "名前" * 20):
        store.record(engine, name, known.in_force, known.in_force_hash)
    page_html = client(make_app(playbook, engine)).get(
        "/report", headers={"Remote-User": "tom", "Remote-Groups": "charter-team"}).text
    assert known.in_force_hash in page_html
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        page.set_content(page_html)
        widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert widths[0] <= widths[1], widths
    finally:
        page.close()


def test_a_staff_list_over_its_bound_is_refused(tmp_path, monkeypatch):
    from generator.diagnostics import PlaybookError
    monkeypatch.setattr(report, "MAX_PEOPLE_BYTES", 64)
    staff = tmp_path / "staff.csv"
    staff.write_text("login\n" + "".join(f"person-{i}\n" for i in range(20)), encoding="utf-8")
    with pytest.raises(PlaybookError) as refused:
        report.read_people(staff)
    assert "playbook reads at most 0 KB from it" in refused.value.diagnostics[0].message


@pytest.mark.parametrize("what", ["a named pipe", "empty"])
def test_the_proxys_secret_file_must_be_a_file_with_a_secret(playbook, tmp_path, capsys, what):
    secret = tmp_path / "secret"
    os.mkfifo(secret) if what == "a named pipe" else secret.write_text("\n", encoding="utf-8")
    assert cli.main(["acknowledgements", "serve", "-C", str(playbook), "--proxy-secret-file", str(secret)]) == 1
    err = capsys.readouterr().err
    assert ("n'est pas un fichier ordinaire (un tube nommé)" if what == "a named pipe"
            else "le fichier du secret du proxy est vide") in err


def test_a_socket_path_that_holds_a_file_is_left_alone(playbook, tmp_path, capsys):
    taken = tmp_path / "ack.sock"
    taken.write_text("not a socket", encoding="utf-8")
    assert cli.main(["acknowledgements", "serve", "-C", str(playbook), "--db", f"sqlite:///{tmp_path / 'a.sqlite3'}",
                     "--unix-socket", str(taken)]) == 1
    assert "existe et n'est pas un socket" in capsys.readouterr().err
    assert taken.read_text(encoding="utf-8") == "not a socket"


def test_names_recorded_before_are_read_again_as_utf8_in_nfc(tmp_path):
    """Before, a name was kept as Starlette decodes a header (latin-1): the migration reads them as they were sent."""
    from alembic import command
    from alembic.config import Config
    from datetime import datetime, timezone
    made = store.engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    config = Config()
    config.set_main_option("script_location", str(store.MIGRATIONS))
    with made.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        at = datetime(2026, 3, 2, tzinfo=timezone.utc)
        for number, person in enumerate(["JosÃ©", "José", unicodedata.normalize("NFD", "Chloé"), "Åsa", "bob"]):
            connection.execute(store.acknowledgements.insert().values(
                person=person, version="2.0", content_hash="0" * 64, acknowledged_at=at.replace(minute=number)))
    store.migrate(made)
    rows = {a.person: a.at.minute for a in store.everyone(made)}
    made.dispose()
    assert rows == {"José": 0, "Chloé": 2, "Åsa": 3, "bob": 4}  # the first record of José kept; Åsa was latin-1


def test_going_back_to_the_earlier_service_writes_names_as_it_reads_them(tmp_path):
    """Down from 0002, names are as the earlier service decodes a header sent in UTF-8 (latin-1); up again, as now."""
    from alembic import command
    from alembic.config import Config
    made = store.engine(f"sqlite:///{tmp_path / 'ack.sqlite3'}")
    store.migrate(made)
    for person in ("José", "Łukasz", "bob"):
        store.record(made, person, "2.0", "0" * 64)
    config = Config()
    config.set_main_option("script_location", str(store.MIGRATIONS))
    with made.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0001")
    assert sorted(a.person for a in store.everyone(made)) == ["JosÃ©", "bob", "Å\x81ukasz"]
    store.migrate(made)
    assert sorted(a.person for a in store.everyone(made)) == ["José", "bob", "Łukasz"]
    made.dispose()


@pytest.mark.parametrize("origin, host, same", [
    ("https://charter.example", "charter.example", True),
    ("https://charter.example", "charter.example:443", True),
    ("https://charter.example:8443", "charter.example:8443", True),  # nginx: Host $http_host
    ("https://charter.example:8443", "charter.example", False),  # a port dropped: another origin
    ("http://[::1]:8400", "[::1]:8400", True),
    ("https://charter.example", "evil.example", False),
    ("https://charter.example", "charter.example:x", False),
    ("ftp://charter.example", "charter.example", False)])
def test_the_origin_is_compared_by_name_and_port(origin, host, same):
    from generator.acknowledgements.identity import same_origin
    assert same_origin(origin, host) is same


def test_the_default_hosts_are_the_listening_address_this_computer_and_the_origins():
    from generator.acknowledgements.identity import default_hosts
    assert default_hosts("127.0.0.1", ()) == ("localhost", "127.0.0.1", "::1")
    assert default_hosts("10.0.0.3", ("https://intranet.example:8443",)) == (
        "localhost", "127.0.0.1", "::1", "10.0.0.3", "intranet.example")
    assert "0.0.0.0" not in default_hosts("0.0.0.0", ())  # no browser sends it: name the host with --allowed-host
