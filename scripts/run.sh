#!/usr/bin/env bash
# `make run`: migrate, deploy bpmn/, load demo data, then run the emulators, a worker and the API
# (gunicorn on :8000) until Ctrl-C. Everything stops together.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export DATABASE_URL=${DATABASE_URL:-sqlite:///$PWD/var/reglament.db}
mkdir -p var
$BIN/reglament migrate
$BIN/reglament deploy bpmn/
$BIN/reglament sandbox > var/sandbox.log 2>&1 &
pids=($!)
trap 'kill "${pids[@]}" 2>/dev/null; wait' EXIT INT TERM
$BIN/reglament demo
$BIN/reglament worker > var/worker.log 2>&1 &
pids+=($!)
echo "API: http://127.0.0.1:${PORT:-8000}/api/v1/openapi.json   (logs in var/)"
echo "Staff pages: http://127.0.0.1:${PORT:-8000}/   (demo users: specialist/specialist, director/director, …)"
$BIN/reglament serve --host "${HOST:-127.0.0.1}" --port "${PORT:-8000}" &
pids+=($!)
wait -n "${pids[@]}"
