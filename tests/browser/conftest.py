"""Browser tests of Motcua's pages: a real `motcua serve` on a fresh
database (SQLite, or PostgreSQL when MOTCUA_BROWSER_BACKEND=postgres), driven
by Playwright in Debian's Chromium, with axe-core checking every page.

Environment:
  MOTCUA_BIN                the `motcua` binary (default target/debug/motcua)
  MOTCUA_BROWSER_BACKEND    sqlite (default) or postgres
  MOTCUA_TEST_POSTGRES_URL  where PostgreSQL databases may be created
  MOTCUA_CHROMIUM           the browser (default /usr/bin/chromium)
  MOTCUA_AXE_JS             axe-core's axe.min.js (npm package axe-core)
  MOTCUA_SCREENSHOTS        where screenshots go (default target/screenshots)
"""

import email
import email.policy
import json
import os
import pathlib
import random
import re
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest
from playwright.sync_api import sync_playwright

ROOT = pathlib.Path(__file__).resolve().parents[2]
BACKEND = os.environ.get("MOTCUA_BROWSER_BACKEND", "sqlite")
SCREENSHOTS = pathlib.Path(os.environ.get("MOTCUA_SCREENSHOTS", ROOT / "target" / "screenshots")) / BACKEND
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


class Server:
    """A running `motcua serve --demo` and a way to call its JSON API."""

    def __init__(self, url, mail_dir):
        self.url = url
        self.mail_dir = pathlib.Path(mail_dir)

    def mail_link(self, address, path, after=0):
        """The link to `path` in the newest e-mail the server wrote to
        `address` (the worker sends it within a second or two), among the
        e-mails after the first `after` to that address."""
        deadline = time.time() + 30
        while time.time() < deadline:
            found = []
            for file in sorted(self.mail_dir.glob("*.eml"), key=lambda f: f.stat().st_mtime):
                message = email.message_from_bytes(file.read_bytes(), policy=email.policy.default)
                if address not in str(message["To"]):
                    continue
                text = message.get_body(preferencelist=("plain",)).get_content()
                link = re.search(r"https?://\S+" + re.escape(path) + r"\?token=[A-Za-z0-9._-]+", text)
                if link:
                    found.append(link.group(0))
            if len(found) > after:
                return found[-1]
            time.sleep(0.2)
        raise AssertionError(f"no e-mail to {address} with a link to {path}")

    def mails_to(self, address):
        """How many e-mails the server wrote to `address`."""
        return sum(
            address in str(email.message_from_bytes(f.read_bytes(), policy=email.policy.default)["To"])
            for f in self.mail_dir.glob("*.eml")
        )

    def api(self, method, path, body=None, token=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method)
        request.add_header("content-type", "application/json")
        if token:
            request.add_header("authorization", "Bearer " + token)
        try:
            with urllib.request.urlopen(request) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def put_file(self, path, name, content, token):
        """PUTs one file as a raw body named by Content-Disposition."""
        request = urllib.request.Request(self.url + path, data=content, method="PUT")
        request.add_header("content-type", "application/pdf")
        request.add_header("content-disposition", f'attachment; filename="{name}"')
        request.add_header("authorization", "Bearer " + token)
        with urllib.request.urlopen(request) as response:
            assert response.status == 200, response.read()

    def assign_to_specialist(self, code):
        """Assigns dossier `code` (at version 1) to the demo case officer."""
        clerk = self.login("clerk")
        status, users = self.api("GET", "/api/v1/agencies/000.25.01.H26/users", token=clerk)
        assert status == 200, users
        specialist = next(u for u in users if u["username"] == "specialist")
        status, body = self.api(
            "POST",
            f"/api/v1/dossiers/{code}/assign",
            {"version": 1, "unit_id": specialist["unit"]["id"], "assignee_id": specialist["id"]},
            token=clerk,
        )
        assert status == 200, body

    def login(self, username):
        status, body = self.api("POST", "/api/v1/auth/login", {"username": username, "password": "demo"})
        assert status == 200, body
        return body["access_token"]

    def receive_dossier(self):
        """A dossier received at the counter by the demo clerk: its code."""
        status, body = self.api(
            "POST",
            "/api/v1/dossiers",
            {
                "procedure_code": "1.001612",
                "applicant": {
                    "full_name": "Nguyễn Văn An",
                    "id_number": "001203004567",
                    "birth_date": "1990-05-17",
                    "phone": "0912345678",
                    "email": "an.nguyen@example.vn",
                    "address": "12 Phan Đình Phùng, phường Ba Đình, Hà Nội",
                },
                "documents": [{"index": 0, "copy_type": "original", "count": 1}],
                "result_delivery": {"method": "counter"},
            },
            token=self.login("clerk"),
        )
        assert status == 201, body
        return body["dossier"]["code"]


def _database():
    """A fresh database URL and a function that removes it."""
    if BACKEND == "postgres":
        admin = os.environ["MOTCUA_TEST_POSTGRES_URL"]
        name = "motcua_browser_" + uuid.uuid4().hex
        subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], check=True)
        url = admin.rsplit("/", 1)[0] + "/" + name

        def drop():
            subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], check=False)

        return url, drop
    folder = tempfile.mkdtemp(prefix="motcua-browser-")
    return f"sqlite://{folder}/motcua.sqlite3", lambda: shutil.rmtree(folder, ignore_errors=True)


def _environment(port, database, work, **extra):
    return dict(
        os.environ,
        MOTCUA_BIND=f"127.0.0.1:{port}",
        MOTCUA_DATABASE_URL=database,
        MOTCUA_JWT_SECRET="browser-tests-secret-at-least-32-bytes-long",
        MOTCUA_PUBLIC_URL=f"http://127.0.0.1:{port}",
        MOTCUA_FILES_DIR=f"{work}/files",
        MOTCUA_MAIL_DIR=f"{work}/mail",
        MOTCUA_LOOKUP_RATE_PER_MINUTE="100000",
        MOTCUA_LOGIN_RATE_PER_MINUTE="100000",
        MOTCUA_LOGIN_ACCOUNT_RATE_PER_MINUTE="100000",
        MOTCUA_LOG="warn",
        **extra,
    )


def _start(env, work):
    """`motcua serve --demo` with `env`, once it answers /readyz: the
    process, its log file and its address."""
    binary = os.environ.get("MOTCUA_BIN", str(ROOT / "target" / "debug" / "motcua"))
    log = open(f"{work}/server.log", "a")
    process = subprocess.Popen([binary, "serve", "--demo"], env=env, stdout=log, stderr=subprocess.STDOUT)
    url = "http://" + env["MOTCUA_BIND"]
    for _ in range(300):
        try:
            with urllib.request.urlopen(url + "/readyz") as response:
                if response.status == 200:
                    break
        except (urllib.error.URLError, ConnectionError):
            pass
        if process.poll() is not None:
            break
        time.sleep(0.1)
    else:
        process.kill()
        raise RuntimeError(open(f"{work}/server.log").read())
    if process.poll() is not None:
        raise RuntimeError("the server stopped:\n" + open(f"{work}/server.log").read())
    return process, log, url


def _stop(process, log):
    process.terminate()
    process.wait(timeout=10)
    log.close()


@pytest.fixture(scope="session")
def server():
    database, drop = _database()
    work = tempfile.mkdtemp(prefix="motcua-browser-files-")
    port = random.randint(20000, 40000)
    process, log, url = _start(_environment(port, database, work), work)
    yield Server(url, f"{work}/mail")
    _stop(process, log)
    drop()
    shutil.rmtree(work, ignore_errors=True)


@pytest.fixture(scope="module")
def training_server():
    """A training installation with late dossiers: two dossiers received and
    assigned to the demo case officer today, then the server restarted with
    its clock eight days ahead (`MOTCUA_TRAINING_CLOCK_SHIFT`), so both are
    overdue and the SLA sweep has drafted their apologies. The server, and
    the codes by screen width."""
    database, drop = _database()
    work = tempfile.mkdtemp(prefix="motcua-training-")
    port = random.randint(40001, 60000)
    env = _environment(port, database, work)
    process, log, url = _start(env, work)
    server = Server(url, f"{work}/mail")
    codes = {}
    for width in ("phone", "desktop"):
        codes[width] = server.receive_dossier()
        server.assign_to_specialist(codes[width])
    _stop(process, log)
    process, log, url = _start(
        dict(env, MOTCUA_TRAINING_CLOCK_SHIFT="8d", MOTCUA_SLA_SWEEP_SECONDS="1", MOTCUA_JOB_POLL_MS="200"), work
    )
    specialist_token = server.login("specialist")
    deadline = time.time() + 30
    while True:
        status, drafts = server.api("GET", "/api/v1/apologies?state=draft", token=specialist_token)
        assert status == 200, drafts
        if {d["dossier"]["code"] for d in drafts} >= set(codes.values()):
            break
        assert time.time() < deadline, f"no apology drafted: {drafts}"
        time.sleep(0.2)
    yield server, codes
    _stop(process, log)
    drop()
    shutil.rmtree(work, ignore_errors=True)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=os.environ.get("MOTCUA_CHROMIUM", "/usr/bin/chromium"),
            args=["--no-sandbox", "--disable-dev-shm-usage"],
        )
        yield chromium
        chromium.close()


@pytest.fixture(params=["phone", "desktop"])
def page(request, browser):
    """A page in a fresh browser context, at phone or desktop width."""
    viewport = PHONE if request.param == "phone" else DESKTOP
    # axe is injected as a script, which our CSP forbids: the tests lift it
    # (the HTTP tests check the header itself).
    context = browser.new_context(viewport=viewport, locale="vi-VN", bypass_csp=True)
    page = context.new_page()
    page.width_name = request.param
    yield page
    context.close()


def check_accessibility(page):
    """axe-core on the page as it is: no violation of serious or critical
    impact (WCAG 2.1 A and AA rules, and best practices)."""
    axe = os.environ.get("MOTCUA_AXE_JS")
    assert axe, "MOTCUA_AXE_JS must name axe-core's axe.min.js"
    page.add_script_tag(path=axe)
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
    )
    serious = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, json.dumps(
        [{"id": v["id"], "impact": v["impact"], "nodes": [n["html"] for n in v["nodes"][:3]]} for v in serious],
        ensure_ascii=False,
        indent=1,
    )
    return result


def screenshot(page, name):
    """A full-page screenshot, `<name>-<phone|desktop>.png`, for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{page.width_name}.png"), full_page=True)
