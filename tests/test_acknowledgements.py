"""Acknowledgements: the service's API (Starlette's TestClient), its refusals, the report and the commands."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

pytest.importorskip("starlette", reason="the acknowledgements extra is not installed")
import sqlalchemy as sa  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402

from generator import cli  # noqa: E402
from generator.acknowledgements import charter, report, service, store  # noqa: E402
from generator.resources import example_dir  # noqa: E402

from .acknowledgement_servers import token  # noqa: E402
from .conftest import copy_playbook  # noqa: E402

PROXY = ("127.0.0.1", 40000)
HOST = "charter.intranet.example"


@pytest.fixture(scope="module")
def playbook(tmp_path_factory):
    """The example, whose release 2.0 is in force and 1.0 no longer."""
    return copy_playbook(example_dir(), tmp_path_factory.mktemp("ack") / "example")


@pytest.fixture
def engine(tmp_path):
    made = store.engine(f"sqlite:///{tmp_path / 'ack.sqlite3'}")
    store.migrate(made)
    yield made
    made.dispose()


@pytest.fixture
def app(playbook, engine):
    return service.application(service.Settings(playbook, engine, team_group="charter-team", allowed_hosts=(HOST,)))


def client(app, peer=PROXY) -> TestClient:
    return TestClient(app, base_url=f"http://{HOST}", client=peer)


def in_force(playbook) -> tuple[str, str]:
    known = charter.read(playbook)
    return known.in_force, known.in_force_hash


def rows(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(sa.select(sa.func.count()).select_from(store.acknowledgements)).scalar_one()


def post(http, person, body, **headers):
    sent = {name: value for name, value in {"Remote-User": person, "Origin": f"http://{HOST}", **headers}.items()
            if value is not None}
    if isinstance(body, (bytes, str)):
        return http.post("/api/acknowledgements", content=body,
                         headers={"Content-Type": "application/json", **sent})
    return http.post("/api/acknowledgements", json=body, headers=sent)


def test_a_reader_acknowledges_once(app, engine, playbook):
    version, content = in_force(playbook)
    http = client(app)
    me = http.get("/api/acknowledgements/me", headers={"Remote-User": "alice"}).json()
    assert me["person"] == "alice" and me["acknowledgements"] == []
    assert me["in_force"] == {"version": version, "content_hash": content}
    first = post(http, "alice", {"version": version, "content_hash": content}, **{"X-Playbook-Token": me["token"]})
    assert first.status_code == 201, first.text
    again = post(http, "alice", {"version": version, "content_hash": content}, **{"X-Playbook-Token": me["token"]})
    assert again.status_code == 200 and again.json() == first.json()
    mine = http.get("/api/acknowledgements/me", headers={"Remote-User": "alice"}).json()["acknowledgements"]
    assert [(a["version"], a["content_hash"]) for a in mine] == [(version, content)]
    assert rows(engine) == 1
    assert http.get("/healthz").status_code == 200


def test_the_token_is_the_same_for_every_instance(playbook, engine):
    """Several instances behind a load balancer: the token of one is good for the others (the secret is in the
    database)."""
    one, two = (client(service.application(service.Settings(playbook, engine, allowed_hosts=(HOST,))))
                for _ in range(2))
    given = one.get("/api/acknowledgements/me", headers={"Remote-User": "bob"}).json()["token"]
    assert given == two.get("/api/acknowledgements/me", headers={"Remote-User": "bob"}).json()["token"]
    assert given == token(store.secret(engine), "bob")


def refusals(playbook, secret):
    version, content = in_force(playbook)
    good = {"version": version, "content_hash": content}
    mine = {"X-Playbook-Token": token(secret, "carol")}
    old = charter.read(playbook).hashes["1.0"]
    return {  # name: (what is sent, status, error code)
        "no identity": (lambda http: http.post("/api/acknowledgements", json=good,
                                               headers={"Origin": f"http://{HOST}", **mine}), 401, "no-identity"),
        "other origin": (lambda http: post(http, "carol", good, Origin="https://attacker.example", **mine),
                         403, "other-origin"),
        "cross-site without origin": (lambda http: post(http, "carol", good, Origin=None, **mine,
                                                        **{"Sec-Fetch-Site": "cross-site"}), 403, "other-origin"),
        "no token": (lambda http: post(http, "carol", good), 403, "bad-token"),
        "another's token": (lambda http: post(http, "carol", good, **{"X-Playbook-Token": token(secret, "dan")}),
                            403, "bad-token"),
        "unknown version": (lambda http: post(http, "carol", {"version": "9.0", "content_hash": content}, **mine),
                            422, "unknown-version"),
        "wrong hash": (lambda http: post(http, "carol", {"version": version, "content_hash": "0" * 64}, **mine),
                       422, "unknown-hash"),
        "release no longer in force": (lambda http: post(http, "carol", {"version": "1.0", "content_hash": old},
                                                         **mine), 409, "not-in-force"),
        "malformed": (lambda http: post(http, "carol", b'{"version": "2.0",', **mine), 400, "malformed"),
        "not an object": (lambda http: post(http, "carol", b'["2.0"]', **mine), 422, "malformed"),
        "extra key": (lambda http: post(http, "carol", {**good, "person": "eve"}, **mine), 422, "malformed"),
        "oversized": (lambda http: post(http, "carol", b'{"version": "' + b"9" * 10000 + b'"}', **mine),
                      413, "too-large"),
        "a form": (lambda http: http.post("/api/acknowledgements", data=good, headers={
            "Remote-User": "carol", "Origin": f"http://{HOST}", **mine}), 415, "not-json"),
    }


@pytest.mark.parametrize("name", [
    "no identity", "other origin", "cross-site without origin", "no token", "another's token", "unknown version",
    "wrong hash", "release no longer in force", "malformed", "not an object", "extra key", "oversized", "a form"])
def test_refusals_write_nothing(app, engine, playbook, name):
    send, status, code = refusals(playbook, store.secret(engine))[name]
    answer = send(client(app))
    assert (answer.status_code, answer.json()["error"]) == (status, code), answer.text
    assert answer.json()["message"]
    assert rows(engine) == 0


def test_an_identity_from_elsewhere_than_the_proxy_is_not_believed(app, engine, playbook):
    version, content = in_force(playbook)
    http = client(app, peer=("10.9.8.7", 40000))
    answer = post(http, "carol", {"version": version, "content_hash": content},
                  **{"X-Playbook-Token": token(store.secret(engine), "carol")})
    assert (answer.status_code, answer.json()["error"]) == (403, "not-from-proxy")
    assert "10.9.8.7" in answer.json()["message"]
    assert client(app, peer=("10.9.8.7", 1)).get("/api/acknowledgements/me",
                                                  headers={"Remote-User": "carol"}).status_code == 403
    assert rows(engine) == 0


def test_a_configured_proxy_network_is_believed(playbook, engine):
    settings = service.Settings(playbook, engine, trusted=[service.trusted_network("10.9.8.0/24")],
                                allowed_hosts=(HOST,))
    assert client(service.application(settings), ("10.9.8.7", 1)).get(
        "/api/acknowledgements/me", headers={"Remote-User": "carol"}).status_code == 200
    assert client(service.application(settings)).get(
        "/api/acknowledgements/me", headers={"Remote-User": "carol"}).status_code == 403


def test_health_says_when_the_database_does_not_answer(app, engine):
    with engine.begin() as connection:
        connection.execute(sa.text("DROP TABLE acknowledgements"))
    assert client(app).get("/healthz").status_code == 503


def test_the_report_page_is_for_the_team_only(app, engine, playbook):
    version, content = in_force(playbook)
    store.record(engine, "alice", version, content)
    http = client(app)
    assert http.get("/report", headers={"Remote-User": "eve"}).status_code == 403
    assert http.get("/report", headers={"Remote-User": "eve", "Remote-Groups": "staff, sales"}).status_code == 403
    page = http.get("/report", headers={"Remote-User": "tom", "Remote-Groups": "staff, charter-team"})
    assert page.status_code == 200 and "alice" in page.text and "<script" not in page.text
    assert page.headers["content-security-policy"].startswith("default-src 'none'")  # runs and loads nothing
    as_json = http.get("/report?format=json", headers={"Remote-User": "tom", "Remote-Groups": "charter-team"}).json()
    assert [x["person"] for x in as_json["acknowledged"]] == ["alice"]


STAFF = "Identifiant;Nom;Service\nalice;Alice Martin;Ventes\nbob;Bob Durand;RH\nchloe;Chloé Petit;Com\n"


def test_report_lists_who_has_not_and_their_last_version(playbook, engine, tmp_path, capsys):
    """A new release asks everyone again: bob acknowledged 1.0 only, and is listed with it."""
    known = charter.read(playbook)
    store.record(engine, "alice", "2.0", known.hashes["2.0"])
    store.record(engine, "alice", "1.0", known.hashes["1.0"])
    store.record(engine, "bob", "1.0", known.hashes["1.0"])
    store.record(engine, "zoe", "2.0", known.hashes["2.0"])  # not in the staff list (a contractor)
    staff = tmp_path / "staff.csv"
    staff.write_text("\ufeff" + STAFF, encoding="utf-8")
    made = report.make(store.everyone(engine), known, None, report.read_people(staff))
    document = report.as_json(made)
    assert [(x["person"], x["in_staff_list"]) for x in document["acknowledged"]] == [("alice", True), ("zoe", False)]
    assert [(x["person"], x["name"], x["last_version"]) for x in document["not_acknowledged"]] == [
        ("bob", "Bob Durand", "1.0"), ("chloe", "Chloé Petit", None)]
    assert report.as_csv(made).splitlines()[1].startswith("alice,Alice Martin,yes,")
    assert "Not acknowledged yet (2)" in report.as_text(made) and "last acknowledged: version 1.0" in \
        report.as_text(made)
    store.record(engine, "=HYPERLINK(\"http://evil.example\")", "2.0", known.hashes["2.0"])
    cells = report.as_csv(report.make(store.everyone(engine), known, None, None)).splitlines()
    assert any(line.startswith("\"'=HYPERLINK(") for line in cells), cells  # shown as text by a spreadsheet
    on_old = report.as_json(report.make(store.everyone(engine), known, "1.0", None))
    assert [x["person"] for x in on_old["acknowledged"]] == ["alice", "bob"]


def test_report_command(playbook, tmp_path, capsys):
    root = copy_playbook(playbook, tmp_path / "pb")
    made = store.engine(store.database_url(root, None))
    store.migrate(made)
    store.record(made, "alice", "2.0", charter.read(root).hashes["2.0"])
    made.dispose()
    (tmp_path / "staff.csv").write_text(STAFF, encoding="utf-8")
    assert cli.main(["acknowledgements", "report", "-C", str(root), "--people", str(tmp_path / "staff.csv"),
                     "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["version"] == "2.0" and len(document["not_acknowledged"]) == 2
    assert cli.main(["acknowledgements", "report", "-C", str(root), "--version", "7.0"]) == 1
    assert "la charte n'a pas de version 7.0" in capsys.readouterr().err  # the example is French
    (tmp_path / "bad.csv").write_text("Prénom;Service\nAlice;Ventes\n", encoding="utf-8")
    assert cli.main(["acknowledgements", "report", "-C", str(root), "--people", str(tmp_path / "bad.csv")]) == 1
    err = capsys.readouterr().err
    assert "bad.csv:1:1" in err and "identifiant" in err


def test_report_without_database_says_so(playbook, tmp_path, capsys):
    root = copy_playbook(playbook, tmp_path / "pb")
    assert cli.main(["acknowledgements", "report", "-C", str(root)]) == 1
    assert "acknowledgements.sqlite3" in capsys.readouterr().err
    assert not (root / store.DEFAULT_FILE).exists()


def test_dev_user_only_on_this_computer(playbook, capsys):
    assert cli.main(["acknowledgements", "serve", "-C", str(playbook), "--dev-user", "me", "--host", "0.0.0.0"]) == 1
    assert "--dev-user" in capsys.readouterr().err


def test_without_the_extra_the_command_says_how_to_install_it(playbook, monkeypatch, capsys):
    import importlib.util
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "sqlalchemy" else real(name, *a))
    assert cli.main(["acknowledgements", "report", "-C", str(playbook)]) == 1
    err = capsys.readouterr().err
    assert "pip install 'playbook[acknowledgements]'" in err and "Traceback" not in err


def test_times_are_kept_in_utc(engine, playbook):
    version, content = in_force(playbook)
    made, new = store.record(engine, "alice", version, content)
    assert new and made.at.tzinfo is not None
    read = store.of_person(engine, "alice")[0].at
    assert read.utcoffset() == timedelta(0) and abs(read - made.at) < timedelta(seconds=1)
    assert abs(datetime.now(timezone.utc) - read) < timedelta(minutes=1)
