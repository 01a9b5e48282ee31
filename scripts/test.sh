#!/usr/bin/env bash
# The whole test suite, on a fresh Debian/Ubuntu machine or a developer's one.
# Installs what the tests need (LibreOffice Writer/Calc, poppler-utils, fonts, Chromium, python3-venv,
# the Open XML validator's cache) when missing, makes .venv with the project and its test extras,
# checks the house rules (scripts/check.sh --lint: ruff, mypy, import contracts), then runs pytest:
# every test, the slow acceptance ones too.
# The fast command while working: bash scripts/check.sh (lint + types + tests not marked slow).
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v soffice >/dev/null 2>&1 || need_apt+=(libreoffice-writer-nogui libreoffice-calc-nogui)
# the Calc extension's tests: Python macros inside LibreOffice, and pyuno for the test driver
[ -e /usr/lib/libreoffice/program/pythonscript.py ] || need_apt+=(libreoffice-script-provider-python)
[ -x /usr/bin/python3 ] && /usr/bin/python3 -c "import uno" >/dev/null 2>&1 || need_apt+=(python3-uno)
command -v pdftotext >/dev/null 2>&1 || need_apt+=(poppler-utils)
[ -e /usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf ] || need_apt+=(fonts-liberation)
# the page `docgen web` in a real browser (tests/acceptance): Debian's Chromium and its WebDriver
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need_apt+=(chromium-driver)
# the Open XML validator of tests/acceptance/test_ooxml_validator.py makes its venv with the system python3
command -v python3 >/dev/null 2>&1 && python3 -c "import ensurepip, venv" >/dev/null 2>&1 || need_apt+=(python3-venv)
if [ ${#need_apt[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "Устанавливаю системные пакеты: ${need_apt[*]}"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${need_apt[@]}"
fi

# The validator (../shared/tools/ooxml/validate, or $OOXML_VALIDATE): Microsoft's Open XML SDK on
# a .NET 8 runtime through pythonnet, all PyPI wheels (no dotnet install), put into a cache venv
# (~/.cache/ooxml-validator) on its first run. Run it once here so a fresh machine installs it
# before the tests start; on a machine that has it this costs a second.
validate=${OOXML_VALIDATE:-../shared/tools/ooxml/validate}
if [ -x "$validate" ]; then
  for mode in "" --xsd; do
    if ! said=$("$validate" $mode templates/order_intro.docx 2>&1 >/dev/null); then
      echo "$said" >&2
      echo "Проверка OOXML ($validate $mode) не запустилась: tests/acceptance/test_ooxml_validator.py не пройдёт" >&2
    fi
  done
fi

PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[test]"
bash scripts/check.sh --lint  # ruff, mypy, import contracts (the fast command's first half)
exec .venv/bin/python -m pytest "$@"
