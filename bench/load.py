"""The load test: fifty officers at once on PostgreSQL (`make load`).

Builds the Uganda scenario (LOAD_SCALE, 1.0 by default) in a PostgreSQL database of its own,
serves it with gunicorn (three workers on two cores), and runs bench/locustfile.py headless:
USERS officers arriving ten a second, for SECONDS (three minutes by default). Prints each page's median, 95th and 99th
percentile and its failures, beside the single-officer bench (`make bench`): a page that is fast
for one officer can collapse under fifty. Target: no failure, and p95 within 1 s for every page."""

import argparse
import csv
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
TARGET_P95_MS = 1000
# The requests of signing in, all fifty within five seconds as at a change of shift: the password is
# hashed slowly on purpose (Argon2), so they are shown apart and not held to the target.
SIGN_IN = {"sign-in page", "sign in", "API: people"}
os.environ.setdefault("CUSTODIA_ENV", "development")


def psql(sql: str, url: str) -> None:
    subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-qc", sql], check=True)


def build(url: str, database: str, scale: float) -> None:
    admin = url.rsplit("/", 1)[0] + "/postgres"
    psql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)', admin)
    psql(f'CREATE DATABASE "{database}"', admin)
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    started = time.perf_counter()
    subprocess.run(
        [PYTHON, "manage.py", "demo", "--country", "uganda", "--scale", str(scale)], cwd=ROOT, env=env, check=True
    )
    print(f"scenario built in {time.perf_counter() - started:.1f} s")


def largest_prison(url: str) -> str:
    out = subprocess.run(
        [
            "psql",
            url,
            "-Atc",
            "SELECT current_prison_id FROM register_prisoner WHERE current_prison_id IS NOT NULL "
            "GROUP BY 1 ORDER BY count(*) DESC LIMIT 1",
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout.strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default="postgres://postgres@127.0.0.1:5432/custodia_load")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=180)
    parser.add_argument("--port", type=int, default=8792)
    parser.add_argument("--reuse", action="store_true", help="reuse the database of the last run")
    parser.add_argument("--locust", default="locust", help="the locust command")
    args = parser.parse_args()

    if not args.reuse:
        build(args.url, args.url.rsplit("/", 1)[1], args.scale)
    env = {**os.environ, "DATABASE_URL": args.url, "CUSTODIA_DEBUG": "0"}
    server = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "config.wsgi",
            "--workers",
            "3",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    out = ROOT / "var" / "load"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{args.port}/en/ping/", timeout=5)
                break
            except OSError:
                time.sleep(0.2)
        subprocess.run(
            [
                args.locust,
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "-u",
                str(args.users),
                "-r",
                "10",
                "-t",
                f"{args.seconds}s",
                "--host",
                f"http://127.0.0.1:{args.port}",
                "--csv",
                str(out),
                "--only-summary",
            ],
            env={**env, "LOAD_PRISON_ID": largest_prison(args.url)},
            check=False,
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    return report(Path(f"{out}_stats.csv"), args.users)


def report(stats: Path, users: int) -> int:
    print(f"\n{users} officers at once, PostgreSQL, gunicorn 3 workers")
    print(f"{'page':<26}{'requests':>9}{'failures':>9}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}  target")
    failed = False
    with stats.open() as f:
        for row in csv.DictReader(f):
            name = row["Name"]
            if name == "Aggregated":
                continue
            p95 = float(row["95%"])
            ok = int(row["Failure Count"]) == 0 and (p95 <= TARGET_P95_MS or name in SIGN_IN)
            failed |= not ok
            verdict = "shown" if name in SIGN_IN else "ok" if ok else "MISSED"
            print(
                f"{name:<26}{row['Request Count']:>9}{row['Failure Count']:>9}"
                f"{row['50%']:>8}{row['95%']:>8}{row['99%']:>8}  {verdict}"
            )
    print(f"(target: no failure and p95 <= {TARGET_P95_MS} ms; signing in, all at once, is shown but not held to it)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
