#!/usr/bin/env bash
# The fast command (under a minute): the house rules and the tests that need no LibreOffice,
# no pip and no docgen process — lint, types, import contracts, then `pytest -m "not slow"`.
#   bash scripts/check.sh             everything below
#   bash scripts/check.sh --lint      only ruff, mypy and lint-imports (scripts/test.sh runs this first)
# Extra arguments after --lint, or without it, go to pytest (e.g. -x, -k journal).
# Uses .venv (make it with: python3 -m venv .venv && .venv/bin/pip install -e ".[test]").
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${VENV:-.venv}/bin
unset PYTHONDONTWRITEBYTECODE  # cached bytecode: every pytest worker starts ~2 s sooner

lint_only=0
if [ "${1:-}" = "--lint" ]; then lint_only=1; shift; fi

echo "== ruff"; "$BIN/ruff" check docgen tests
echo "== mypy"; "$BIN/mypy"
echo "== import contracts"; "$BIN/lint-imports" --no-logo
[ "$lint_only" -eq 1 ] && exit 0

# Two workers on a two-core machine when pytest-xdist is there (one process otherwise); the
# expensive session fixtures are made once for both (tests/conftest.py: once_per_run).
# DOCGEN_TEST_WORKERS=1 runs in one process.
xdist=()
workers=${DOCGEN_TEST_WORKERS:-2}
if [ "$workers" -gt 1 ] && "$BIN/python" -c "import xdist" >/dev/null 2>&1; then
  xdist=(-n "$workers" --dist worksteal)
fi
echo "== pytest -m 'not slow'"
exec "$BIN/python" -m pytest -q -m "not slow" "${xdist[@]}" "$@"
