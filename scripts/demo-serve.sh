#!/usr/bin/env bash
# `make demo`'s last step: the web server and, beside it, the worker that runs the background jobs
# (large exports; docs/exports.md). The worker stops with the server: Ctrl+C, or the server ending
# any other way, stops it too (gracefully: a job under way is finished or, if killed, reported
# failed by the next look at it).
set -uo pipefail
PYTHON=${PYTHON:-.venv/bin/python}
PORT=${PORT:-8000}

"$PYTHON" manage.py db_worker --no-reload --interval 1 &
worker=$!
stop_worker() {
  kill -TERM "$worker" 2>/dev/null && wait "$worker" 2>/dev/null
}
trap stop_worker EXIT
trap 'exit 130' INT TERM
"$PYTHON" manage.py runserver "127.0.0.1:$PORT"
