"""`python -m docgen.adapters.bridge`: one action as JSON in (stdin), JSON out (stdout).

How the LibreOffice Calc extension calls docgen: its macro runs inside LibreOffice's own
Python, which has no docgen dependencies, so it starts docgen's interpreter with this module
and exchanges JSON (UTF-8). See :mod:`docgen.adapters.buttons` for the request and the answer.
"""

from __future__ import annotations

import json
import sys

from docgen.adapters import buttons


def main() -> int:
    try:
        request = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        answer = {"ok": False, "summary": f"Ошибка: запрос к docgen не читается ({exc}).", "error": str(exc)}
    else:
        try:
            answer = buttons.run(request)
        except Exception as exc:  # a bug in docgen: no traceback (it could carry personal data)
            answer = {"ok": False, "error": type(exc).__name__,
                      "summary": f"Внутренняя ошибка docgen ({type(exc).__name__}). Сообщите разработчикам."}
    sys.stdout.buffer.write(json.dumps(answer, ensure_ascii=False).encode("utf-8"))
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
