"""Fifty officers at once (bench/load.py runs this file with Locust): each signs in as one of the
demo's staff at the largest prison and goes about the day's work, a few seconds between pages.
Only staff who sign in with a password alone take part: the roles that must give a second factor
(security, headquarters) would need an authenticator here."""

import json
import os
import random

from locust import HttpUser, between, task

PASSWORD = "custodia-demo-2026"
STAFF = (
    "reception",
    "wing",
    "casemanager",
    "psychologist",
    "director",
    "deputy",
    "health",
    "coordinator",
    "visits",
)
# Health-care staff and programme coordinators do not open files (accounts/roles.py).
FILE_READERS = {"reception", "wing", "casemanager", "psychologist", "director", "deputy"}
PRISON_ID = os.environ["LOAD_PRISON_ID"]


class Officer(HttpUser):
    wait_time = between(1, 4)

    def on_start(self) -> None:
        self.username = random.choice(STAFF)
        self.client.get("/en/accounts/login/", name="sign-in page")
        token = self.client.cookies.get("csrftoken", "")
        self.client.post(
            "/en/accounts/login/",
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{self.host}/en/accounts/login/"},
            name="sign in",
        )
        self.people: list[int] = []
        if self.username in FILE_READERS:
            people = self.client.get(f"/api/v1/prisoners/?prison={PRISON_ID}&limit=100", name="API: people")
            self.people = [p["id"] for p in json.loads(people.text)["items"]] if people.ok else []

    @task(3)
    def home(self) -> None:
        self.client.get("/en/", name="home")

    @task(4)
    def prisoner_list(self) -> None:
        if self.username in FILE_READERS:
            self.client.get(f"/en/prisoners/?prison={PRISON_ID}&legal_status=pre_trial", name="prisoner list")

    @task(6)
    def prisoner_file(self) -> None:
        if self.people:
            self.client.get(f"/en/prisoners/{random.choice(self.people)}/", name="prisoner file")

    @task(2)
    def worklist(self) -> None:
        if self.username in ("casemanager", "psychologist", "director"):
            self.client.get(f"/en/assessments/worklist/?prison={PRISON_ID}", name="assessment worklist")

    @task(2)
    def measures(self) -> None:
        if self.username in ("wing", "director", "deputy", "health", "casemanager"):
            self.client.get(f"/en/measures/?prison={PRISON_ID}", name="measures in force")

    @task(1)
    def statistics(self) -> None:
        if self.username in ("director", "deputy"):
            self.client.get("/en/statistics/", name="statistics")

    @task(1)
    def network(self) -> None:
        if self.username in ("director", "deputy"):
            self.client.get(f"/en/networks/prisons/{PRISON_ID}/", name="network of the prison's VEPs")

    @task(1)
    def security_audits(self) -> None:
        if self.username in ("director", "deputy"):
            self.client.get("/en/security-audits/", name="security audits")

    @task(2)
    def visit_sessions(self) -> None:
        if self.username in ("visits", "casemanager", "director"):
            self.client.get("/en/visits/", name="visit sessions (week)")

    @task(1)
    def person_visits(self) -> None:
        if self.username == "casemanager" and self.people:
            self.client.get(f"/en/visits/prisoners/{random.choice(self.people)}/", name="a person's visits")

    @task(2)
    def information_to_give(self) -> None:
        if self.username in ("reception", "casemanager"):
            self.client.get(f"/en/induction/awaiting/?prison={PRISON_ID}", name="information sheet to give")

    @task(1)
    def information_given(self) -> None:
        if self.username == "reception" and self.people:
            self.client.get(f"/en/induction/prisoners/{random.choice(self.people)}/", name="information given (person)")

    @task(1)
    def complaints(self) -> None:
        if self.username in ("director", "deputy"):
            self.client.get("/en/complaints/?open=1", name="complaints, awaiting answer")
