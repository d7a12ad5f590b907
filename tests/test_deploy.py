"""The product deployed as an intranet administrator deploys it: the site `playbook build` publishes and the
acknowledgements service, behind Debian's nginx running deploy/nginx.conf as it is written (only its CHANGE lines
are given this test's values), basic authentication standing in for the company's single sign-on, employees in
Chromium. The guide's configuration blocks are these files."""
from __future__ import annotations

import base64
import grp
import hashlib
import http.server
import json
import os
import pwd
import re
import shlex
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

import httpx
import pytest

from generator import cli, publish
from generator.commands import build, release
from generator.resources import scaffold_dir

from .acknowledgement_servers import free_port
from .conftest import copy_playbook

REPO = Path(__file__).resolve().parent.parent
DEPLOY = REPO / "deploy"
NGINX = Path("/usr/sbin/nginx")
SETTING = "\nacknowledgements:\n  url: /acknowledgements/\n  pages: [personal_use]\n"
PASSWORDS = {"alice": "alice-password", "bob": "bob-password"}  # alice is in the team (deploy/nginx.conf's map)
# what a reader may send to pass for another, or for the team, or for the proxy
FORGED = {"Remote-User": "alice", "Remote-Groups": "charter-team", "X-Playbook-Proxy-Secret": "a guess"}
WORKERS = "www-data"  # Debian's nginx user: another user than the one who builds
AS_ROOT = os.geteuid() == 0


def ssha(password: str) -> str:
    """A salted SHA-1 password as nginx's auth_basic_user_file reads it ({SSHA}, RFC 2307), made without htpasswd."""
    salt = os.urandom(8)
    return "{SSHA}" + base64.b64encode(hashlib.sha1(password.encode() + salt).digest() + salt).decode()


def readable_folder(prefix: str) -> Path:
    """A folder nginx's workers (another user) may go through: pytest's own are private to the user running it."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    folder.chmod(0o755)
    return folder


@pytest.fixture(scope="module")
def deployed():
    """The minimal English starter with release 1.0 in force and the acknowledgements asked on personal_use,
    built once (umask 022, as on a Debian server) into a folder of its own."""
    folder = readable_folder("playbook-deploy-")
    root = copy_playbook(scaffold_dir("en", minimal=True), folder / "pb")
    with (root / "site_config.yml").open("a", encoding="utf-8") as config:
        config.write(SETTING)
    previous = os.umask(0o022)
    try:
        release.run(root, "1.0", "Claire Martin", "Director", date(2026, 3, 2))
        build.run(root, folder / "site")
    finally:
        os.umask(previous)
    yield folder, root, folder / "site"
    shutil.rmtree(folder, ignore_errors=True)


# --- the published site: readable by the web server's user ------------------------------------------------------

def modes(folder: Path) -> dict[str, set[int]]:
    found: dict[str, set[int]] = {"folders": set(), "files": set()}
    for path in [folder, *folder.rglob("*")]:
        kind = "folders" if path.is_dir() else "files"
        found[kind].add(stat.S_IMODE(path.lstat().st_mode))
    return found


def test_the_published_site_and_the_release_folders_are_readable_by_others(deployed):
    _, root, site = deployed
    assert modes(site) == {"folders": {0o755}, "files": {0o644}}
    assert stat.S_IMODE((root / "releases" / "1.0").stat().st_mode) == 0o755
    assert modes(root / "releases" / "1.0")["files"] == {0o444}  # a release's files stay read-only


@pytest.mark.parametrize("umask, folder_mode, file_mode", [(0o027, 0o750, 0o640), (0o077, 0o700, 0o600)])
def test_the_published_modes_follow_the_umask(tmp_path, umask, folder_mode, file_mode):
    output = tmp_path / "site"
    previous = os.umask(umask)
    try:
        with publish.staging(output) as staging:
            (staging / "latest").mkdir()
            (staging / "latest" / "index.html").write_text("<p>new</p>", encoding="utf-8")
            (staging / "latest" / "index.html").chmod(0o600)  # as a file copied from a private cache would be
            publish.swap_in(staging, output)
    finally:
        os.umask(previous)
    assert modes(output) == {"folders": {folder_mode}, "files": {file_mode}}


# --- the guide shows these files ---------------------------------------------------------------------------------

def acknowledgements_section() -> str:
    """The guide's page on running the service (docs/guide/how-to/acknowledgements.md)."""
    return (REPO / "docs" / "guide" / "how-to" / "acknowledgements.md").read_text(encoding="utf-8")


def test_every_configuration_block_of_the_guide_is_in_a_deploy_file():
    """The guide shows excerpts of deploy/'s files: every block of its page on the service but the commands and the
    site's settings is in one of them, as it is."""
    section = acknowledgements_section()
    blocks = re.findall(r"^```(\w*)\n(.*?)^```$", section, re.S | re.M)
    assert all(language for language, _ in blocks), "a block of the Acknowledgements section says no language"
    configs = [(language, text) for language, text in blocks if language not in ("sh", "yaml", "json")]
    assert {language for language, _ in configs} == {"nginx", "caddyfile"}
    files = {path.name: path.read_text(encoding="utf-8") for path in DEPLOY.iterdir()}
    for language, text in configs:
        assert any(text in written for written in files.values()), f"not in deploy/ as it is:\n{text}"
    assert "(../deploy/nginx.conf)" in section and "(../deploy/Caddyfile)" in section  # the links to the whole files


def test_the_commands_of_the_section_are_ones_playbook_accepts():
    """The guide's `playbook acknowledgements serve …` lines (an option renamed would leave them behind)."""
    section = acknowledgements_section()
    commands = [shlex.split(line, comments=True)
                for text in re.findall(r"^```sh\n(.*?)^```$", section, re.S | re.M)
                for line in text.replace("\\\n", " ").splitlines() if line.startswith("playbook ")]
    served = [command[1:] for command in commands if command[1:3] == ["acknowledgements", "serve"]]
    assert len(served) >= 3
    for arguments in served:
        cli._parser("en").parse_args(arguments)  # argparse stops the test on an option it does not know


def test_the_systemd_unit_starts_the_service_on_the_proxys_socket():
    unit = (DEPLOY / "playbook-acknowledgements.service").read_text(encoding="utf-8")
    settings = dict(line.split("=", 1) for line in unit.splitlines() if re.match(r"^[A-Z]\w*=", line))
    program, *arguments = settings["ExecStart"].split()
    assert program.endswith("/playbook") and arguments[:2] == ["acknowledgements", "serve"]
    args = cli._parser("en").parse_args(arguments)  # what playbook itself accepts
    assert args.proxy_secret_file and args.allowed_host == ["charter.intranet.example"]
    socket = str(args.unix_socket)
    assert f"proxy_pass http://unix:{socket}:/;" in (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    assert f"reverse_proxy unix/{socket} {{" in (DEPLOY / "Caddyfile").read_text(encoding="utf-8")
    assert settings["RuntimeDirectory"] == Path(socket).parent.name and settings["Group"] == WORKERS


# --- nginx, the service behind it, and the readers ---------------------------------------------------------------

def rendered(text: str, values: dict[str, str]) -> str:
    """deploy/nginx.conf with this test's values in place of the administrator's (each one must be there)."""
    for written, value in values.items():
        assert written in text, f"deploy/nginx.conf no longer says {written!r}"
        text = text.replace(written, value)
    return text


def wait_for(check, what: str, log: Path, seconds: float = 30) -> None:
    """Wait until `check()` is true; else fail with what the server wrote in `log`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except (httpx.HTTPError, OSError):
            pass
        time.sleep(0.1)
    written = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    raise RuntimeError(f"{what} did not start within {seconds:.0f} s:\n{written[-3000:]}")


class Process:
    """A server in a process of its own, stopped (then killed if it lingers) by `stop`."""

    def __init__(self, command: list[str], log: Path, stop_signal: int = signal.SIGTERM) -> None:
        self.log = log.open("w", encoding="utf-8")
        self.stop_signal = stop_signal
        self.process = subprocess.Popen(command, stdout=self.log, stderr=subprocess.STDOUT)

    @classmethod
    def around(cls, process: subprocess.Popen, stop_signal: int = signal.SIGTERM) -> "Process":
        made = cls.__new__(cls)
        made.process, made.stop_signal, made.log = process, stop_signal, None
        return made

    def running(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        if self.running():
            self.process.send_signal(self.stop_signal)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.log is not None:
            self.log.close()


def start_service(root: Path, work: Path, *where: str) -> Process:
    secret_file = work / "proxy-secret"
    command = [sys.executable, "-m", "generator.cli", "acknowledgements", "serve", "-C", str(root),
               "--team-group", "charter-team", "--proxy-secret-file", str(secret_file),
               "--allowed-host", "127.0.0.1", *where]  # the name the readers' browsers use, as in the README
    return Process(command, work / "service.log")


def write_secret(work: Path) -> str:
    """The proxy's secret: the service's file, and nginx's line that sends it (root's only, as the README says)."""
    secret = base64.urlsafe_b64encode(os.urandom(24)).decode()
    (work / "proxy-secret").write_text(secret + "\n", encoding="ascii")
    (work / "proxy-secret.conf").write_text(f'proxy_set_header X-Playbook-Proxy-Secret "{secret}";\n')
    (work / "proxy-secret.caddy").write_text(f'header_up X-Playbook-Proxy-Secret "{secret}"\n')
    for name in ("proxy-secret", "proxy-secret.conf", "proxy-secret.caddy"):
        (work / name).chmod(0o600)  # nginx's master and Caddy read it as root
    return secret


def start_nginx(work: Path, site: Path, upstream: str, started: list[Process]) -> str:
    """nginx running deploy/nginx.conf in `work`, in front of `site` and of the service at `upstream` (the
    socket's `http://unix:PATH:`, or `http://HOST:PORT` for a service on another machine); its address."""
    (work / "htpasswd").write_text("".join(f"{who}:{ssha(password)}\n" for who, password in PASSWORDS.items()))
    port = free_port()
    server = rendered((DEPLOY / "nginx.conf").read_text(encoding="utf-8"), {
        "listen 80;": f"listen 127.0.0.1:{port};",
        "root /srv/charter/site;": f"root {site};",
        "/etc/nginx/charter.htpasswd": str(work / "htpasswd"),
        "http://unix:/run/playbook/acknowledgements.sock:": upstream,
        "/etc/nginx/playbook-proxy-secret.conf": str(work / "proxy-secret.conf")})
    (work / "charter.conf").write_text(server, encoding="utf-8")
    temporary = "\n".join(f"    {kind}_temp_path {work / kind};" for kind in
                          ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (work / "nginx.conf").write_text(f"""{f'user {WORKERS};' if AS_ROOT else ''}
worker_processes 1;
daemon off;
pid {work / 'nginx.pid'};
error_log {work / 'error.log'} warn;
events {{ worker_connections 128; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {work / 'access.log'};
{temporary}
    include {work / 'charter.conf'};
}}
""", encoding="utf-8")
    nginx = Process([str(NGINX), "-p", str(work), "-c", str(work / "nginx.conf"), "-e", str(work / "error.log")],
                    work / "nginx.out", stop_signal=signal.SIGQUIT)
    started.append(nginx)
    address = f"http://127.0.0.1:{port}"
    wait_for(lambda: nginx.running() and httpx.get(f"{address}/", timeout=2).status_code == 401, "nginx",
             work / "error.log")
    return address


def need_nginx() -> None:
    if not NGINX.exists():
        if os.environ.get("CI"):
            raise RuntimeError(f"{NGINX} is missing: .ci/run must install Debian's nginx")
        pytest.skip("Debian's nginx is not installed (apt-get install nginx)")


@pytest.fixture(scope="module")
def behind_nginx(deployed):
    """nginx running deploy/nginx.conf, its workers as www-data (when the tests run as root, as in CI), in front of
    the site and of the service on its Unix socket; the address and the work folder."""
    need_nginx()
    _, root, site = deployed
    work = readable_folder("playbook-nginx-")
    started: list[Process] = []
    try:
        write_secret(work)
        sockets = work / "run"
        sockets.mkdir()
        if AS_ROOT:  # as systemd's RuntimeDirectory with Group=www-data: the socket (0660) is www-data's group's
            shutil.chown(sockets, group=WORKERS)
            sockets.chmod(0o2770)
        socket_path = sockets / "acknowledgements.sock"
        service = start_service(root, work, "--unix-socket", str(socket_path))
        started.append(service)
        with httpx.Client(transport=httpx.HTTPTransport(uds=str(socket_path)), base_url="http://127.0.0.1",
                          headers={"X-Playbook-Proxy-Secret": (work / "proxy-secret").read_text().strip()}) as local:
            wait_for(lambda: service.running() and local.get("/healthz").status_code == 200, "the service",
                     work / "service.log")
        yield start_nginx(work, site, f"http://unix:{socket_path}:", started), work
    finally:
        for process in reversed(started):
            process.stop()
        shutil.rmtree(work, ignore_errors=True)


class Echo(http.server.BaseHTTPRequestHandler):
    """A service that answers what it received: the path and the headers, as JSON."""

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        body = json.dumps({"path": self.path, "headers": [[k.lower(), v] for k, v in self.headers.items()]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def echo():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Echo)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def nginx_to_another_machine(deployed, echo):
    """deploy/nginx.conf with the service "on another machine" (TCP), here a service that echoes what it receives."""
    need_nginx()
    _, _, site = deployed
    work = readable_folder("playbook-nginx-tcp-")
    started: list[Process] = []
    try:
        secret = write_secret(work)
        yield start_nginx(work, site, echo, started), secret, work
    finally:
        for process in started:
            process.stop()
        shutil.rmtree(work, ignore_errors=True)


def client(address: str, who: str | None = None) -> httpx.Client:
    auth = (who, PASSWORDS[who]) if who else None
    return httpx.Client(base_url=address, auth=auth, timeout=30)


def test_nginx_workers_are_another_user(nginx_to_another_machine):
    if not AS_ROOT:
        pytest.skip("not root: nginx cannot run its workers as www-data, so the site's modes are not put to the test")
    _, _, work = nginx_to_another_machine
    master = int((work / "nginx.pid").read_text().strip())
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    owners = {pwd.getpwuid(Path(f"/proc/{child}").stat().st_uid).pw_name for child in children}
    assert owners == {WORKERS}


def test_every_page_of_the_site_is_served(nginx_to_another_machine, deployed):
    address, _, _ = nginx_to_another_machine
    _, _, site = deployed
    pages = sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))
    assert len(pages) > 10
    with client(address, "bob") as bob:
        refused = [(page, status) for page in pages if (status := bob.get(f"/{page}").status_code) != 200]
        assert refused == []
        assert bob.get("/latest/").status_code == 200
    assert httpx.get(f"{address}/latest/index.html").status_code == 401  # no password, no page


def test_the_health_check_needs_no_password_from_the_load_balancer(behind_nginx):
    address, _ = behind_nginx
    answer = httpx.get(f"{address}/acknowledgements/healthz")
    assert answer.status_code == 200 and answer.json() == {"status": "ok"}
    assert httpx.get(f"{address}/acknowledgements/api/acknowledgements/me").status_code == 401


def acknowledged(root: Path, capsys) -> list[str]:
    """The people the database holds as having acknowledged the release in force (playbook's own report)."""
    capsys.readouterr()
    assert cli.main(["acknowledgements", "report", "-q", "-C", str(root), "--format", "json"]) == 0
    return sorted(line["person"] for line in json.loads(capsys.readouterr().out)["acknowledged"])


def test_a_reader_acknowledges_in_chromium_as_the_person_nginx_knows(behind_nginx, deployed, browser, capsys,
                                                                      tmp_path):
    address, _ = behind_nginx
    _, root, _ = deployed
    context = browser.new_context(http_credentials={"username": "alice", "password": PASSWORDS["alice"]},
                                  viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{address}/latest/personal_use.html")
    button = page.get_by_role("button", name="I have read and accept version 1.0")
    button.wait_for()
    page.wait_for_function("!document.querySelector('.playbook-ack button').disabled")
    button.scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "personal_use-390.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # the box fits a phone's width
    button.click()
    page.locator(".playbook-ack__status").filter(has_text="You acknowledged version 1.0 on").wait_for()
    page.screenshot(path=str(tmp_path / "personal_use-390-acknowledged.png"))
    context.close()
    assert "alice" in acknowledged(root, capsys)


def test_headers_forged_by_a_reader_change_nothing(behind_nginx, deployed, capsys):
    address, _ = behind_nginx
    _, root, _ = deployed
    with client(address, "bob") as bob:
        me = bob.get("/acknowledgements/api/acknowledgements/me", headers=FORGED)
        assert me.status_code == 200 and me.json()["person"] == "bob"
        in_force = me.json()["in_force"]
        posted = bob.post("/acknowledgements/api/acknowledgements", json=in_force,
                          headers={**FORGED, "Origin": address, "X-Playbook-Token": me.json()["token"]})
        assert posted.status_code in (200, 201) and posted.json()["person"] == "bob", posted.text
        assert bob.get("/acknowledgements/report?format=json", headers=FORGED).status_code == 403
    assert "bob" in acknowledged(root, capsys) and set(acknowledged(root, capsys)) <= {"alice", "bob"}
    with client(address, "alice") as alice:
        report = alice.get("/acknowledgements/report?format=json")
        assert report.status_code == 200, report.text
        assert "bob" in [line["person"] for line in report.json()["acknowledged"]]


def test_the_service_is_out_of_reach_of_other_local_users(behind_nginx):
    _, work = behind_nginx
    socket_path = work / "run" / "acknowledgements.sock"
    assert stat.S_IMODE(socket_path.stat().st_mode) == 0o660  # only its owner and nginx's group may connect
    # a program that may open it still needs the proxy's secret to be believed
    with httpx.Client(transport=httpx.HTTPTransport(uds=str(socket_path)), base_url="http://127.0.0.1") as local:
        assert local.get("/api/acknowledgements/me", headers={"Remote-User": "alice"}).status_code == 403
    if not AS_ROOT:
        pytest.skip("not root: no other local user to try the socket as")
    assert grp.getgrgid(socket_path.stat().st_gid).gr_name == WORKERS
    attempt = subprocess.run(["runuser", "-u", "nobody", "--", "/usr/bin/python3", "-c",
                              "import socket, sys; s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])",
                              str(socket_path)], capture_output=True, text=True, timeout=30)
    assert attempt.returncode != 0 and "PermissionError" in attempt.stderr, attempt.stderr


def received(answer: httpx.Response) -> tuple[str, dict[str, list[str]]]:
    """The path and the headers (each name: its values) that the echoing service received."""
    assert answer.status_code == 200, answer.text
    headers: dict[str, list[str]] = {}
    for name, value in answer.json()["headers"]:
        headers.setdefault(name, []).append(value)
    return answer.json()["path"], headers


def test_what_nginx_passes_to_the_service(nginx_to_another_machine):
    address, secret, _ = nginx_to_another_machine
    host = address.removeprefix("http://")
    with client(address, "bob") as bob:
        path, headers = received(bob.get("/acknowledgements/api/acknowledgements/me", headers=FORGED))
    assert path == "/api/acknowledgements/me"  # proxy_pass's trailing slash: the service's own paths
    assert headers["remote-user"] == ["bob"] and "remote-groups" not in headers
    assert "authorization" not in headers  # bob's password stays with nginx
    assert headers["host"] == [host]  # with its port: the origin the browser's page has
    assert headers["x-playbook-proxy-secret"] == [secret]
    with client(address, "alice") as alice:
        _, headers = received(alice.get("/acknowledgements/report", headers={"Remote-Groups": "other"}))
    assert headers["remote-user"] == ["alice"] and headers["remote-groups"] == ["charter-team"]
    path, headers = received(httpx.get(f"{address}/acknowledgements/healthz"))  # no password: the load balancer
    assert path == "/healthz" and "remote-user" not in headers


@pytest.fixture(scope="module")
def caddy_to_another_machine(deployed, echo):
    """deploy/Caddyfile served by `caddy run`, the service "on another machine": the echoing one."""
    caddy = shutil.which("caddy")
    if caddy is None:
        if os.environ.get("CI"):
            raise RuntimeError("caddy is missing: .ci/run must install Debian's caddy")
        pytest.skip("Caddy is not installed (Debian 12: apt-get install caddy)")
    _, _, site = deployed
    work = readable_folder("playbook-caddy-")
    env = {**os.environ, "HOME": str(work), "XDG_CONFIG_HOME": str(work), "XDG_DATA_HOME": str(work)}
    started: list[Process] = []
    try:
        secret = write_secret(work)
        hashes = {who: subprocess.run([caddy, "hash-password", "--plaintext", password], check=True, env=env,
                                      capture_output=True, text=True).stdout.strip()
                  for who, password in PASSWORDS.items()}
        port = free_port()
        config = "{\n\tadmin off\n\tauto_https off\n}\n" + rendered(
            (DEPLOY / "Caddyfile").read_text(encoding="utf-8"), {
                "charter.intranet.example {": f"http://127.0.0.1:{port} {{",
                "alice $2a$14$…": "\n\t\t".join(f"{who} {hashed}" for who, hashed in hashes.items()),
                "unix//run/playbook/acknowledgements.sock": echo.removeprefix("http://"),
                "root * /srv/charter/site": f"root * {site}",
                "/etc/caddy/playbook-proxy-secret.caddy": str(work / "proxy-secret.caddy")})
        (work / "Caddyfile").write_text(config, encoding="utf-8")
        process = subprocess.Popen([caddy, "run", "--config", str(work / "Caddyfile"), "--adapter", "caddyfile"],
                                   env=env, stdout=subprocess.DEVNULL, stderr=(work / "caddy.log").open("w"))
        started.append(Process.around(process))
        address = f"http://127.0.0.1:{port}"
        wait_for(lambda: process.poll() is None and httpx.get(f"{address}/", timeout=2).status_code == 401, "Caddy",
                 work / "caddy.log")
        yield address, secret
    finally:
        for running in started:
            running.stop()
        shutil.rmtree(work, ignore_errors=True)


def test_what_caddy_passes_to_the_service(caddy_to_another_machine, deployed):
    address, secret = caddy_to_another_machine
    with client(address, "bob") as bob:
        path, headers = received(bob.get("/acknowledgements/api/acknowledgements/me", headers=FORGED))
        assert bob.get("/latest/personal_use.html").status_code == 200
    assert path == "/api/acknowledgements/me"
    assert headers["remote-user"] == ["bob"] and headers.get("remote-groups", [""]) == [""]
    assert "authorization" not in headers and headers["host"] == [address.removeprefix("http://")]
    assert headers["x-playbook-proxy-secret"] == [secret]
    with client(address, "alice") as alice:
        _, headers = received(alice.get("/acknowledgements/report", headers={"Remote-Groups": "other"}))
    assert headers["remote-user"] == ["alice"] and headers["remote-groups"] == ["charter-team"]
    path, headers = received(httpx.get(f"{address}/acknowledgements/healthz"))
    assert path == "/healthz" and "remote-user" not in headers
    assert httpx.get(f"{address}/latest/personal_use.html").status_code == 401
