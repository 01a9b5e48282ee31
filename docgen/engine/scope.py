"""Which problems of a registry stop which documents.

A school fills its registry over weeks: a parent row still missing for one child must not
stop an order that never reads «Родители». So a problem is an *error* for the templates that
read the data it is about — and stops the whole batch of those templates, listed with every
other error at once (no document of a batch is ever skipped silently) — and a *warning* when no
template being made reads that data: it is shown in the summary and nothing stops.

What a template reads (:func:`reads`) is known from its schema: the sheets its documents are
made from, ``needs``, the columns its fields come from (and the sheets those columns refer to),
the sheets behind the context roots and computed attributes it names, «Организация» always,
and the journal «Приказы» for orders. Its ``requires`` cells (the pages a distribution consent
names) are errors of that template alone.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterable

from docgen.context import ATTRIBUTE_SHEETS, ROOT_SHEETS
from docgen.errors import Problem
from docgen.records.model import Record
from docgen.schema.model import RegistrySchema, TemplateSchema

__all__ = ["blocks_text", "reads", "required_cells", "scope_problems"]

_QUOTED = re.compile(r"«([^«»]+)»")
_SHOWN = 6  # templates named in «мешает: …» before «и ещё N»


def reads(schema: TemplateSchema, registry: RegistrySchema) -> frozenset[str]:
    """Keys of the registry sheets a template's documents are made from."""
    names = {s.name: s.key for s in registry.sheets}
    found = {"org", *schema.source_sheets, *schema.needs}
    if schema.order_journal:
        found.add("orders")
    for f in schema.fields:
        for sheet_key, key in f.sources:
            found.add(sheet_key)
            if registry.has_field(sheet_key, key):
                found.update(registry.sheet(sheet_key).field(key).refs)
        if f.source.startswith("вычисляется"):
            found.update(names[n] for n in _QUOTED.findall(f.source) if n in names)
        parts = f.name.split(".")
        found.update(ROOT_SHEETS.get(parts[0], ()))
        for part in parts[1:]:
            found.update(ATTRIBUTE_SHEETS.get(part, ()))
    return frozenset(k for k in found if k in {s.key for s in registry.sheets})


def _blocked(schemas: list[TemplateSchema], registry: RegistrySchema) -> list[tuple[str, frozenset[str]]]:
    return [(s.ref, reads(s, registry)) for s in schemas]


def scope_problems(problems: Iterable[Problem], schemas: list[TemplateSchema],
                   registry: RegistrySchema) -> list[Problem]:
    """Each problem with ``severity`` and ``blocks`` set for these templates: an error blocks the
    templates that read its sheet (or the sheets it ``concerns``); one that blocks none of them is a
    warning. Warnings by nature stay warnings. A problem that already names its template (``blocks``
    set: a ``requires`` cell) keeps it."""
    keys = {s.name: s.key for s in registry.sheets}
    table = _blocked(schemas, registry)
    result = []
    for p in problems:
        if p.is_warning:
            result.append(replace(p, blocks=()))
            continue
        if p.blocks:
            result.append(p)
            continue
        about = set(p.concerns) or {keys.get(p.sheet, p.sheet)}
        blocks = tuple(ref for ref, sheets in table if about & sheets)
        result.append(replace(p, blocks=blocks, severity="error" if blocks else "warning"))
    return result


def required_cells(schemas: list[TemplateSchema], registry: RegistrySchema, org: Record,
                   found: Iterable[Problem] = ()) -> list[Problem]:
    """«Организация» cells a template ``requires`` that are empty: an error of that template. A
    cell whose value was refused (``found`` has a problem there) is not reported twice."""
    sheet = registry.sheet("org")
    said = {p.cell for p in found if p.sheet == sheet.name and p.cell}
    problems = []
    for schema in schemas:
        for name in schema.requires:
            key = name.partition(".")[2]
            if org.values.get(key) is not None or org.cells.get(key) in said:
                continue
            field = sheet.field(key)
            cell = org.cells.get(key)
            where = f"лист «{sheet.name}», {cell}" if cell else \
                f"лист «{sheet.name}»: добавьте строку «{field.header}» в столбец A"
            problems.append(Problem(sheet=sheet.name, column=field.header, cell=cell, blocks=(schema.ref,),
                                    message=f"Для документа «{schema.title}» нужно заполнить «{field.header}» "
                                            f"({where})."))
    return problems


def blocks_text(problem: Problem, total: int) -> str:
    """«мешает: consent_parent, agreement_parent», «мешает всем документам (51)», shortened."""
    refs = problem.blocks
    if total > _SHOWN and len(refs) == total:
        return f"мешает всем документам ({total})"
    shown = ", ".join(refs[:_SHOWN])
    more = f" и ещё {len(refs) - _SHOWN}" if len(refs) > _SHOWN else ""
    return f"мешает: {shown}{more}"
