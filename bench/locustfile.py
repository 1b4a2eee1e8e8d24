"""Fifty officers at once (bench/load.py runs this file with Locust): each signs in as one of the
demo's staff at the largest prison and goes about the day's work, a few seconds between pages,
reading and writing: reception admits people, wing officers take people to court and back, case
managers start assessments and rate their items. Writes go through the API with the session's
CSRF token, as the pages' own forms would. Only staff who sign in with a password alone take part:
the roles that must give a second factor (security, headquarters) would need an authenticator here."""

import json
import os
import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from locust import HttpUser, between, events, task

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
# Signing in and what each officer loads once after it: all arrive within seconds, as at a change
# of shift, and each password is hashed slowly on purpose (Argon2). bench/load.py shows them apart.
SIGN_IN = ("sign-in page", "sign in", "API: people", "API: assessment worklist")
# The day's work: every other request, once every officer has signed in. The requests made while
# the others are still signing in wait behind their password checks: that burst is measured by
# the sign-in rows, not counted twice.
DAY: dict[str, Any] = {"times": [], "failures": 0, "signed_in": 0, "officers": 0, "refused": {}}


@events.init.add_listener
def _officers(environment: Any, **_: Any) -> None:
    DAY["officers"] = environment.parsed_options.num_users if environment.parsed_options else 0


@events.request.add_listener
def _count(name: str, response_time: float, exception: Exception | None, **_: Any) -> None:
    if name not in SIGN_IN and DAY["signed_in"] >= DAY["officers"]:
        DAY["times"].append(response_time)
        DAY["failures"] += exception is not None


@events.quitting.add_listener
def _write(**_: Any) -> None:
    """The response times of the day's work, for bench/load.py's percentile over all its pages."""
    if path := os.environ.get("LOAD_DAY"):
        kept = {key: DAY[key] for key in ("times", "failures", "refused")}
        Path(path).write_text(json.dumps(kept | {"sign_in": SIGN_IN}))


GIVEN_NAMES = ("Amina", "Joseph", "Grace", "Moses", "Halima", "Peter", "Aisha", "Samuel")
FAMILY_NAMES = ("Okello", "Nakato", "Ssebunya", "Achieng", "Mugisha", "Atim", "Kato", "Namutebi")


def now() -> str:
    return datetime.now(UTC).isoformat()


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
        self.at_court: set[int] = set()
        self.due: list[dict[str, Any]] = []  # worklist items with no assessment under way
        self.items: dict[tuple[str, int], list[dict[str, Any]]] = {}  # each instrument version's items
        self.draft: dict[str, Any] | None = None  # the assessment this case manager is rating
        self.ratings_left = 0  # a few ratings each, then the next person on the worklist
        if self.username == "casemanager":
            worklist = self.client.get(
                f"/api/v1/assessments/worklist?prison={PRISON_ID}&limit=200", name="API: assessment worklist"
            )
            if worklist.ok:
                self.due = [item for item in worklist.json()["items"] if item["open_assessment"] is None]
                random.shuffle(self.due)
        DAY["signed_in"] += 1

    def write(self, method: str, url: str, payload: dict[str, Any], name: str) -> Any:
        """A write; 422 counts as answered, not failed: it is the register refusing correctly
        what another officer on the same demo account already did (the assessment already started,
        the person already at court, the file changed since it was read). The refusals are counted
        apart and printed, so that a write refused every time cannot pass for one that works."""
        headers = {"X-CSRFToken": self.client.cookies.get("csrftoken", ""), "Referer": self.host}
        with self.client.request(
            method, url, json=payload, headers=headers, name=name, catch_response=True
        ) as response:
            if response.status_code == 422:
                response.success()
                DAY["refused"][name] = DAY["refused"].get(name, 0) + 1
            return response

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

    @task(2)
    def admit(self) -> None:
        if self.username != "reception":
            return
        born = date(1960, 1, 1) + timedelta(days=random.randrange(16000))
        self.write(
            "POST",
            "/api/v1/prisoners/",
            {
                "identity": {
                    "names": [{"given_names": random.choice(GIVEN_NAMES), "family_name": random.choice(FAMILY_NAMES)}],
                    "sex": random.choice(("male", "female")),
                    "nationality": "UG",
                    "date_of_birth": born.isoformat(),
                },
                "commitment": {
                    "prison_id": int(PRISON_ID),
                    "admitted_at": now(),
                    "authority": "Chief Magistrate's Court, Nakawa",
                    "reference": f"CO-LOAD-{random.randrange(10**9)}",
                    "order_date": date.today().isoformat(),
                    "reasons": "Remanded pending trial",
                    "legal_status": "pre_trial",
                },
            },
            name="API: admit a person",
        )

    @task(3)
    def court_and_back(self) -> None:
        if self.username != "wing" or not self.people:
            return
        if self.at_court:
            person = self.at_court.pop()
            movement = {"kind": "return", "occurred_at": now(), "reason": "Back from the High Court"}
        else:
            person = random.choice(self.people)
            self.at_court.add(person)
            movement = {"kind": "court_production", "occurred_at": now(), "reason": "High Court, Kampala"}
        self.write("POST", f"/api/v1/prisoners/{person}/movements", movement, name="API: record a movement")

    @task(3)
    def rate(self) -> None:
        if self.username != "casemanager":
            return
        if self.draft is None:
            if not self.due:
                return
            item = self.due.pop()
            started = self.write(
                "POST",
                "/api/v1/assessments/",
                {"prisoner": item["prisoner"]["id"], "instrument": item["instrument"]["id"]},
                name="API: start an assessment",
            )
            self.draft = started.json() if started.status_code == 201 else None
            self.ratings_left = 4
            return
        instrument = self.draft["instrument"]
        key = (instrument["id"], instrument["version"])
        if key not in self.items:
            definition = self.client.get(
                f"/api/v1/assessments/instruments/{key[0]}/{key[1]}", name="API: an instrument"
            ).json()
            self.items[key] = [item for domain in definition["domains"] for item in domain["items"]]
        ratings = [
            {"item_code": item["code"], "value": random.choice(item["scale"])["value"], "evidence": "Seen on the wing"}
            for item in random.sample(self.items[key], min(3, len(self.items[key])))
        ]
        rated = self.write(
            "PUT",
            f"/api/v1/assessments/{self.draft['id']}/ratings",
            {"version": self.draft["version"], "ratings": ratings},
            name="API: rate items",
        )
        self.ratings_left -= 1
        self.draft = rated.json() if rated.status_code == 200 and self.ratings_left else None
