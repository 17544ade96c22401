"""Load scenario of issue 20 against a running server with the province demo
(``load_demo --scale N``; the demo logins, password ``Demo#2026pass``).

    CADRE_OTP_ROLES= gunicorn cadre_portal.wsgi -w 2 -b 127.0.0.1:8020 &
    .venv/bin/locust -f bench/locustfile.py --host http://127.0.0.1:8020 --headless \\
        -u 50 -r 5 -t 3m --csv bench/results/locust --html bench/results/locust.html

Who does what (weights are the share of simulated users):
- 组织部 staff of the province, a city and a county browse the 干部名册 (first pages and
  searches), open profiles found on it, use the person picker, read the 年轻干部库 and
  the home page, and export a searched roster to Excel (a county's, so it stays small);
- unit committees open their 推荐清单 and add a person from their roster;
- leaders of the province and of a county read the 领导驾驶舱 and each of its panels;
- one importer uploads a 500-row 干部名册 (bench/import_roster.py) again and again; its
  units are not the demo's, so the preview reports them row by row.
"""

from __future__ import annotations

import random
import re
import sys
import tempfile
from pathlib import Path

from locust import HttpUser, between, task

sys.path.insert(0, str(Path(__file__).resolve().parent))
import import_roster

PASSWORD = "Demo#2026pass"
IMPORT_ROWS = 500
SURNAMES = "王李张刘陈杨黄赵吴周"
PINYIN = ["wang", "zhang", "li", "liu", "chen", "zw", "lx"]
PANELS = [
    "summary", "young_by_region", "warnings", "targets", "age_structure", "education",
    "source", "funnel", "talks", "training", "appointments",
]  # fmt: skip
CADRE_LINK = re.compile(r'href="/pool/cadres/(\d+)/"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Login(HttpUser):
    abstract = True
    usernames: list[str] = []

    def on_start(self):
        username = random.choice(self.usernames)
        page = self.client.get("/login/", name="/login/")
        token = CSRF.search(page.text).group(1)
        self.client.post(
            "/login/",
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{self.host}/login/"},
            name="/login/ POST",
            allow_redirects=False,  # the home page is a task of its own
        )

    def csrf(self, path: str, name: str) -> tuple[str, str]:
        page = self.client.get(path, name=name)
        found = CSRF.search(page.text)
        return page.text, found.group(1) if found else ""


class Staff(Login):
    weight = 5
    wait_time = between(1, 4)
    usernames = ["sheng_zuzhibu", "shi_zuzhibu", "zuzhibu", "zuzhibu"]

    @task(4)
    def browse(self):
        page = random.randint(1, 20)
        response = self.client.get(f"/pool/cadres/?page={page}", name="/pool/cadres/?page=N")
        ids = CADRE_LINK.findall(response.text)
        if ids:
            self.client.get(f"/pool/cadres/{random.choice(ids)}/", name="/pool/cadres/<id>/")

    @task(3)
    def search(self):
        query = random.choice(SURNAMES) + random.choice("伟强芳敏军")
        self.client.get(f"/pool/cadres/?q={query}", name="/pool/cadres/?q=")

    @task(3)
    def picker(self):
        self.client.get(
            f"/pool/people/search/?q={random.choice(PINYIN)}", name="/pool/people/search/"
        )

    @task(2)
    def pool(self):
        self.client.get("/pool/members/", name="/pool/members/")

    @task(1)
    def home(self):
        self.client.get("/", name="/ (home)")

    @task(1)
    def export(self):
        query = random.choice(SURNAMES) + random.choice("伟强芳敏军")
        self.client.get(f"/pool/cadres/?q={query}&export=xlsx", name="/pool/cadres/?export=xlsx")


class UnitCommittee(Login):
    weight = 2
    wait_time = between(2, 6)
    usernames = ["qingshi"]

    @task
    def my_list(self):
        text, token = self.csrf("/pool/lists/mine/", "/pool/lists/mine/")
        choices = re.findall(r'name="cadre" value="(\d+)"', text) or re.findall(
            r'<option value="(\d+)"', text
        )
        if token and choices:
            self.client.post(
                "/pool/lists/mine/add/",
                {"cadre": random.choice(choices), "csrfmiddlewaretoken": token},
                headers={"Referer": f"{self.host}/pool/lists/mine/"},
                name="/pool/lists/mine/add/ POST",
            )


class Leader(Login):
    weight = 2
    wait_time = between(3, 8)
    usernames = ["sheng_lingdao", "lingdao"]

    @task
    def dashboard(self):
        self.client.get("/dashboard/", name="/dashboard/")
        for key in PANELS:
            self.client.get(f"/api/dashboard/{key}/", name=f"/api/dashboard/{key}/")


class Importer(Login):
    fixed_count = 1
    wait_time = between(5, 10)
    usernames = ["zuzhibu"]

    def on_start(self):
        super().on_start()
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "名册.xlsx"
            import_roster.write_xlsx(path, IMPORT_ROWS)
            self.roster = path.read_bytes()

    @task
    def import_roster(self):
        _, token = self.csrf("/pool/imports/", "/pool/imports/")
        self.client.post(
            "/pool/imports/",
            {"kind": "roster", "csrfmiddlewaretoken": token},
            files={"file": ("名册.xlsx", self.roster)},
            headers={"Referer": f"{self.host}/pool/imports/"},
            name="/pool/imports/ POST",
        )
        self.client.get("/pool/imports/history/", name="/pool/imports/history/")
