"""The buttons of the workbook: one list of actions and one function that runs them.

Both spreadsheet adapters — Excel through xlwings (:mod:`docgen.adapters.excel`) and the
LibreOffice Calc extension (:mod:`docgen.adapters.lo`, out of process through
:mod:`docgen.adapters.bridge`) — only read what the user chose (the «Генератор» sheet, the
selected rows), call :func:`run` with a JSON-able request, and write the JSON-able answer back
(a summary cell, the «Проблемы» sheet, new journal rows). Every decision is made here.

Request::

    {"action": "generate" | "generate_selected" | "check" | "open_folder",
     "registry": "/path/реестр.xlsx",            # the file on disk, saved by the adapter
     "source": "/path/реестр.xlsx",              # check: the user's file, when "registry" is a copy of the
                                                 # open book's current state (never saved for a check)
     "settings": {"Шаблон": "...", ...},         # column A → column B of «Генератор», as read
     "selection": {"sheet": "Наставляемые", "address": "A14:D20,A25"} | {"sheet": …, "rows": [14, 15]},
     "as_of": "2026-11-23", "open": true}

Answer::

    {"ok": bool, "summary": "…", "error": "…", "out_dir": "…", "files": [...],
     "problems": [{"sheet", "cell", "row", "column", "message", "value", "place"}, …],
     "problems_table": [[header…], [row…], …] | None,  # for «Проблемы»; None: not checked
     "journal": [{"sheet": "Приказы", "cells": {"A12": {"text": "119-од"}, "B12": {"date": "2026-11-23"}}}]}
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from docgen import api
from docgen.errors import DocgenError, OrderNumberNeeded, Problem, RegistryInvalid, UsageError
from docgen.ooxml.a1 import rows_of
from docgen.plugins.catalog import catalog as pack_catalog
from docgen.records.selection import Selection
from docgen.workbook.generator import (
    ACTIONS,
    DEFAULT_OUT,
    GENERATOR_SHEET,
    ORDER_CHOICES,
    PARENT_CHOICES,
    PROBLEM_HEADERS,
    PROBLEMS_SHEET,
    SCOPES,
    SETTINGS,
    YES_NO,
)


def rows_from_address(address: str) -> list[int]:
    """Worksheet rows of a selection address: «$A$2:$D$3,$A$5» → [2, 3, 5]; «A2:XFD3» (whole rows)
    → [2, 3]. Sheet prefixes («Лист1!», «$Лист1.») are ignored."""
    try:
        return rows_of(address)
    except ValueError:
        raise UsageError(f"Не удаётся понять выделение «{address}».") from None


def _choice_id(value: Any, catalog: Any) -> str:
    """«consent_parent — Согласие родителя…» or the title alone → the template id."""
    text = str(value or "").strip()
    if not text:
        raise UsageError(f"На листе «{GENERATOR_SHEET}» не выбран шаблон (строка «Шаблон»).")
    head = re.split(r"\s+[—–-]\s+", text, maxsplit=1)[0].strip()
    for t in catalog.templates.values():
        if head in (t.ref, t.qualified) or text == t.title:
            return t.ref
    return head  # catalog.find explains what is wrong


def _settings(raw: dict[str, Any]) -> dict[str, str]:
    by_label = {label.casefold(): key for key, label in SETTINGS}
    out = {key: "" for key, _ in SETTINGS}
    for label, value in (raw or {}).items():
        key = by_label.get(str(label).strip().rstrip(":").casefold())
        if key:
            out[key] = "" if value is None else str(value).strip()
    return out


def _yes(settings: dict[str, str], key: str) -> bool:
    value = settings[key].casefold()
    if value and value not in YES_NO and value not in ("истина", "true", "1", "ложь", "false", "0"):
        label = dict(SETTINGS)[key]
        raise UsageError(f"«{label}» на листе «{GENERATOR_SHEET}»: «{settings[key]}». Выберите «да» или «нет».")
    return value in ("да", "истина", "true", "1")


def _order_date(text: str) -> date | None:
    """«Дата приказа» as the adapter read it: a date cell (ISO from xlwings), or text ДД.ММ.ГГГГ."""
    text = text.strip()
    if not text:
        return None
    for pattern in ("%d.%m.%Y", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise UsageError(f"«Дата приказа» на листе «{GENERATOR_SHEET}»: «{text}». Пишите дату как ДД.ММ.ГГГГ "
                     "или оставьте строку пустой (сегодня).")


def _parent(settings: dict[str, str]) -> str:
    """«Кто подписывает за ребёнка»: empty or «первый указанный» → the first parent, «каждый
    родитель» → each, else a relation as «Кем приходится» spells it (the api checks it)."""
    value = settings["parent"].casefold()
    if not value or value == PARENT_CHOICES[0]:
        return api.PARENT_FIRST
    if value == PARENT_CHOICES[1]:
        return api.PARENT_EACH
    return value


def _out_dir(settings: dict[str, str], registry: Path) -> Path:
    text = settings["out_dir"] or DEFAULT_OUT
    path = Path(os.path.expandvars(os.path.expanduser(text)))
    return path if path.is_absolute() else registry.parent / path


def _problem_rows(problems: list[Problem]) -> list[dict[str, Any]]:
    return [{"sheet": p.sheet, "cell": p.cell, "row": p.row, "column": p.column, "message": _message(p),
             "value": None if p.value is None else str(p.value), "place": p.place, "severity": p.severity}
            for p in problems]


def _message(p: Problem) -> str:
    """A warning stops no document: said first, so the «Проблемы» sheet tells them apart."""
    return f"Предупреждение (документам не мешает): {p.message}" if p.is_warning else p.message


def _problems_table(problems: list[Problem]) -> list[list[str]]:
    rows = [PROBLEM_HEADERS]
    for p in sorted(problems, key=lambda p: p.is_warning):
        rows.append([p.sheet, p.cell or (f"строка {p.row}" if p.row else ""), p.column or "", _message(p),
                     "" if p.value is None else str(p.value)])
    return rows


def _answer(ok: bool, summary: str, **extra: Any) -> dict[str, Any]:
    # problems_table None: the registry was not checked (a usage error) — adapters leave the
    # «Проблемы» sheet as it is; [header] alone: checked and clean — adapters clear it.
    base = {"ok": ok, "summary": summary, "error": "", "out_dir": "", "files": [], "problems": [],
            "problems_table": None, "journal": []}
    base.update(extra)
    return base


def _busy_lock(registry: Path) -> Any:
    """A lock per registry file (in the temporary folder, not beside the user's book), so that a
    second click while docgen works on the same book is refused instead of queued."""
    from filelock import FileLock  # noqa: PLC0415 — only when an action runs

    key = hashlib.sha256(os.path.normcase(str(registry.resolve())).encode("utf-8")).hexdigest()[:16]
    return FileLock(os.path.join(tempfile.gettempdir(), f"docgen-action-{key}.lock"), timeout=0)


def run(request: dict[str, Any]) -> dict[str, Any]:
    """Run one action; never raises for the user's mistakes — they come back in the answer."""
    try:
        action = request.get("action")
        registry = Path(str(request.get("registry") or ""))
        if not registry.name:
            raise UsageError("Книга-реестр не сохранена в файл: сохраните её и нажмите кнопку ещё раз.")
        source = Path(str(request.get("source") or registry))
        as_of = date.fromisoformat(request["as_of"]) if request.get("as_of") else None
        settings = _settings(request.get("settings") or {})
        if action == "open_folder":
            return _open_folder(_out_dir(settings, source), bool(request.get("open", True)))
        if action not in ("check", "generate", "generate_selected"):
            known = ", ".join(a.id for a in ACTIONS)
            raise UsageError(f"Неизвестное действие «{action}». Есть: {known}.")
        from filelock import Timeout  # noqa: PLC0415 — with the lock above

        lock = _busy_lock(source)
        try:
            lock.acquire()
        except Timeout:
            return _answer(False, "docgen уже выполняет действие с этой книгой. Дождитесь его окончания "
                                  "(итог появится в строке «Результат») и нажмите кнопку снова.", error="занято")
        try:
            if action == "check":
                return _check(registry, as_of, source.name)
            return _generate(registry, settings, request.get("selection"), as_of, action == "generate_selected")
        finally:
            lock.release()
    except OrderNumberNeeded as exc:
        other = f" или {exc.alternative}" if exc.alternative else ""
        return _answer(False, f"Приказ не сформирован. {exc} Впишите номер в строку «Номер приказа» листа "
                              f"«{GENERATOR_SHEET}» (например {exc.number}{other}) и нажмите кнопку ещё раз.",
                       error=str(exc))
    except RegistryInvalid as exc:
        n = len(exc.problems)
        return _answer(False,
                       f"В реестре проблем: {n}. Список — на листе «{PROBLEMS_SHEET}»; документы не сформированы.",
                       problems=_problem_rows(exc.problems), problems_table=_problems_table(exc.problems))
    except DocgenError as exc:
        return _answer(False, f"Ошибка: {exc}", error=str(exc))


def _check(registry: Path, as_of: date | None, name: str) -> dict[str, Any]:
    problems = api.check(registry, as_of=as_of)
    errors = [p for p in problems if not p.is_warning]
    if not problems:
        return _answer(True, f"Реестр {name} проверен: проблем нет.", problems_table=[PROBLEM_HEADERS])
    if not errors:
        return _answer(True, f"Реестр {name} проверен: ошибок нет, предупреждений: {len(problems)}. "
                             f"Список — на листе «{PROBLEMS_SHEET}».",
                       problems=_problem_rows(problems), problems_table=_problems_table(problems))
    warned = f", предупреждений: {len(problems) - len(errors)}" if len(problems) > len(errors) else ""
    return _answer(False, f"В реестре проблем: {len(errors)}{warned}. Список — на листе «{PROBLEMS_SHEET}».",
                   problems=_problem_rows(problems), problems_table=_problems_table(problems))


def _generate(registry: Path, settings: dict[str, str], selection: dict[str, Any] | None, as_of: date | None,
              selected_only: bool) -> dict[str, Any]:
    catalog = pack_catalog()
    schema = catalog.find(_choice_id(settings["template"], catalog))
    scope = settings["scope"].casefold() or SCOPES[0]
    if selected_only:
        scope = SCOPES[1]
    if scope not in SCOPES:
        raise UsageError(f"«Что формировать» на листе «{GENERATOR_SHEET}»: «{settings['scope']}». "
                         f"Выберите: {', '.join(SCOPES)}.")
    select = None
    if scope == SCOPES[1]:
        if schema.scope != "rows":
            raise UsageError(f"«{schema.title}» делается на весь реестр: выделять строки не нужно. "
                             "Выберите «весь реестр».")
        sheets = [catalog.registry_schema.sheet(k) for k in schema.source_sheets]
        chosen = (selection or {}).get("sheet") or ""
        sheet = next((x for x in sheets if x.name.casefold() == chosen.casefold()), None)
        if sheet is None:
            where = f"на листе «{chosen}»" if chosen else "нигде"
            names = " или ".join(f"«{x.name}»" for x in sheets)
            raise UsageError(f"«{schema.title}» делается по листу {names}, а строки выделены {where}. "
                             f"Перейдите на лист {names}, выделите строки с людьми и нажмите кнопку ещё раз.")
        rows = selection.get("rows") if selection else None
        rows = [int(r) for r in rows] if rows else rows_from_address(str((selection or {}).get("address") or ""))
        rows = [r for r in rows if r > 1]
        if not rows:
            raise UsageError(f"На листе «{sheet.name}» не выделено ни одной строки с данными.")
        prefix = f"{sheet.name}!" if sheet is not sheets[0] else ""  # rows of the first sheet need no name
        select = Selection.parse(rows=prefix + ",".join(str(r) for r in rows))
    elif scope == SCOPES[2]:
        conditions = [c for c in re.split(r"[\r\n]+", settings["condition"]) if c.strip()]
        if not conditions:
            raise UsageError(f"Выбрано «по условию», но условие на листе «{GENERATOR_SHEET}» не заполнено "
                             "(например: Класс=7А).")
        select = Selection.parse(where=conditions)
    if _yes(settings, "without_consent"):
        if schema.scope != "rows":
            raise UsageError(f"«Только без согласия» выбирает строки, а «{schema.title}» делается на весь реестр. "
                             "Выберите «нет».")
        select = replace(select or Selection(), without_consent=True)
    printing = settings["print_file"].casefold()
    outputs = api.Outputs(merge=printing.startswith("да"), duplex="двусторон" in printing,
                          pdf=_yes(settings, "pdf"), zip=_yes(settings, "zip"))
    mode = settings["orders"].casefold() or ORDER_CHOICES[0]
    orders = api.OrderOptions(register=not mode.startswith("номер из"), draft=mode.startswith("черновик"),
                              number=settings["number"] or None, date=_order_date(settings["order_date"]),
                              in_workbook=True)
    out_dir = _out_dir(settings, registry)
    consents = api.ConsentOptions(parent=_parent(settings), record_issued=_yes(settings, "record_issued"))
    result = api.make([schema.ref], registry, out_dir, as_of=as_of, select=select, outputs=outputs, orders=orders,
                      consents=consents)
    journal = [{"sheet": sheet, "cells": {a: ({"date": v.isoformat()} if isinstance(v, date) else {"text": str(v)})
                                          for a, v in cells.items()}}
               for sheet, cells in result.journal_cells]
    lines = [f"Сформировано документов: {len(result.files)} — {schema.title}.", f"Папка: {out_dir}"]
    if result.selection != "все строки":
        lines.append(f"Выбор: {result.selection}")
    lines += [f"Для печати: {p.name}" for p in result.print_files]
    if result.pdfs:
        lines.append(f"PDF: {len(result.pdfs)}")
    if result.archive:
        lines.append(f"Архив: {result.archive.name}")
    lines += [f"«{old}» изменён после формирования и сохранён как есть; новый документ — «{new}»."
              for old, new in result.kept.items()]
    lines += [f"В журнал приказов добавлен {r}. Сохраните книгу." for r in result.registered]
    if result.no_form:
        lines.append(f"Без документа — нет родителя, который должен подписать ({len(result.no_form)}): "
                     + "; ".join(result.no_form) + ".")
    if result.issued:
        lines.append(f"«Согласие выдано» отмечено: {len(result.issued)}. Сохраните книгу.")
    if result.issued_already:
        lines.append(f"«Согласие выдано» уже было заполнено и не изменено: {len(result.issued_already)}.")
    if result.issued_received:
        lines.append(f"«Согласие выдано» не отмечено — согласие уже получено: {len(result.issued_received)}.")
    if result.warnings:
        lines.append(f"Предупреждений в реестре: {len(result.warnings)} (документам не мешают; список — кнопка "
                     "«Проверить реестр»).")
    return _answer(True, "\n".join(lines), out_dir=str(out_dir), files=[str(f) for f in result.files], journal=journal,
                   problems_table=[PROBLEM_HEADERS])


def _open_folder(path: Path, really: bool) -> dict[str, Any]:
    if not path.is_dir():
        return _answer(False, f"Папки {path} ещё нет: сначала сформируйте документы.", error="нет папки")
    if really:
        try:
            if sys.platform == "win32":
                os.startfile(str(path))  # type: ignore[attr-defined]
            elif sys.platform == "darwin":
                subprocess.Popen(["open", str(path)])
            elif shutil.which("xdg-open"):
                subprocess.Popen(["xdg-open", str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            else:
                return _answer(True, f"Папка с документами: {path}", out_dir=str(path))
        except OSError:
            return _answer(True, f"Папка с документами: {path} (открыть не удалось — откройте её вручную).",
                           out_dir=str(path))
    return _answer(True, f"Открыта папка: {path}", out_dir=str(path))
