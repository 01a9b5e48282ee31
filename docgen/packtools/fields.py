"""The field reference for methodologists: what each placeholder of a template means and where
its value comes from — so a school can edit a template in Word without reading code.

`docgen fields ID` prints it; `docgen fields --all --markdown` writes the page kept in the
repository (docs/ПОЛЯ.md), which a test compares with the schemas so it cannot go stale.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

from docgen.plugins.catalog import catalog
from docgen.schema.model import RegistrySchema, TemplateSchema


@dataclass(frozen=True)
class FieldRow:
    placeholder: str  # as typed in Word: {{ child.fio }}
    meaning: str
    source: str  # «лист «Наставляемые», столбец «ФИО»» or «вычисляется: …»


def source_text(source: str, registry: RegistrySchema) -> str:
    """«mentees.fio» → «лист «Наставляемые», столбец «ФИО»»; «org.inn» → «лист «Организация», строка «ИНН»»."""
    if not source:
        return "—"
    if source.startswith("вычисляется"):
        return source
    texts = []
    for part in source.split(" / "):
        sheet_key, _, key = part.strip().partition(".")
        try:
            sheet = registry.sheet(sheet_key)
            field = sheet.field(key)
        except KeyError:
            return source
        where = "строка" if sheet.kind == "keyvalue" else "столбец"
        texts.append(f"лист «{sheet.name}», {where} «{field.header}»")
    return "; ".join(texts)


def field_rows(schema: TemplateSchema, registry: RegistrySchema) -> list[FieldRow]:
    return [FieldRow("{{ " + f.name + " }}", f.help, source_text(f.source, registry)) for f in schema.fields]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown_page(schemas: list[TemplateSchema], registry: RegistrySchema | Callable[[TemplateSchema], RegistrySchema]
                  ) -> str:
    """One section per template: what it is, what one document is made from, the fields.
    ``registry``: the schema the templates read, or a function giving each template's (a school's
    or a district's registry)."""
    registry_of = registry if callable(registry) else (lambda _t: registry)
    lines = ["# Поля шаблонов", "",
             "Страница создана командой `docgen fields --all --markdown`; не правьте её вручную.",
             "Поле пишется в шаблоне Word в двойных фигурных скобках; фильтры для падежей и дат — в README.", ""]
    for s in schemas:
        lines += [f"## {s.title}", "", f"Код: `{s.ref}` · вид: {s.kind_ru} · {s.describe_source(registry_of(s))}", ""]
        if s.description:
            lines += [s.description, ""]
        lines += ["| Поле | Что это | Откуда |", "|---|---|---|"]
        for row in field_rows(s, registry_of(s)):
            lines.append(f"| `{_cell(row.placeholder)}` | {_cell(row.meaning)} | {_cell(row.source)} |")
        lines.append("")
    return "\n".join(lines)


def reference(template_ids: list[str] | None = None, *, markdown: bool = False,
              pack_dirs: Sequence[str | Path] = ()) -> Any:
    """The field reference of templates (all when ``template_ids`` is empty): rows per template
    (``{ref: (title, rows)}``), or the Markdown page (``markdown=True``)."""
    found = catalog(pack_dirs)
    schemas = [found.find(t) for t in template_ids] if template_ids else list(found.templates.values())
    if markdown:
        return markdown_page(schemas, lambda t: found.registry_schema_of(t.registry))
    return {s.ref: (s.title, field_rows(s, found.registry_schema_of(s.registry))) for s in schemas}
