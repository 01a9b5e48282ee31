"""The schema dataclasses: registry sheets and fields, template schemas, and their vocabularies."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["BUILTIN", "DISTRICT", "FIELD_TYPES", "MUNICIPAL", "REGISTRY_KINDS", "ROW_PREDICATES", "SCHOOL",
           "SHEET_KINDS", "SHIPPED", "TEMPLATE_KINDS", "Field", "RegistrySchema", "Sheet", "TemplateField",
           "TemplateSchema"]

BUILTIN = "builtin"  # the name of the pack docgen ships
MUNICIPAL = "municipal"  # the district's pack docgen ships (docgen.plugins.municipal)
#: Kinds of registry workbook a template can be made from (``registry_kind`` in pack.yaml), in the
#: Russian of messages: «… делается из реестра школы». Each kind's schema is the ``registry.yaml`` of
#: the pack docgen ships for it (:data:`KIND_PACKS` in :mod:`docgen.plugins.catalog`).
SCHOOL, DISTRICT = "school", "district"
REGISTRY_KINDS = {SCHOOL: "реестр школы", DISTRICT: "реестр района"}
#: The packs shipped inside docgen: their templates keep plain ids (``district_roadmap``, not
#: ``municipal:district_roadmap``) and rank lowest, so any other pack's copy replaces them.
SHIPPED = (BUILTIN, MUNICIPAL)
FIELD_TYPES = (
    "text", "date", "integer", "percent", "choice", "sex", "school_class", "ref",
    "year", "digits", "email", "phone", "items", "urls",
)
SHEET_KINDS = ("table", "keyvalue")
TEMPLATE_KINDS = {
    "order": "приказ",
    "regulation": "положение",
    "agreement": "соглашение",
    "consent": "согласие",
    "protocol": "протокол",
    "roadmap": "дорожная карта",
    "plan": "план",
    "report": "отчёт",
    "list": "список",
    "letter": "письмо",
    "form": "форма",
}
ROW_PREDICATES = ("minor", "adult")
ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Field:
    """One column of a table sheet, or one parameter row of a key–value sheet."""

    key: str
    header: str
    type: str = "text"
    required: bool = False
    unique: bool = False
    help: str = ""
    aliases: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    ref: str | None = None
    digits: tuple[int, ...] = ()
    min: int | None = None
    max: int | None = None
    min_age: int | None = None
    max_age: int | None = None
    not_before: str | None = None
    # A reference to several sheets (``ref: [mentees, mentors]``): ``ref`` is the first, these
    # the others, looked up in that order.
    ref_more: tuple[str, ...] = ()
    # Required only when another field of the row has one of these values («*»: is filled):
    # ((field key, (value, …)), …); ``required_message`` replaces the standard text ({value}: the value).
    required_if: tuple[tuple[str, tuple[str, ...]], ...] = ()
    required_message: str = ""

    @property
    def headers(self) -> tuple[str, ...]:
        return (self.header, *self.aliases)

    @property
    def refs(self) -> tuple[str, ...]:
        """Every sheet a reference may point to, in look-up order."""
        return (self.ref, *self.ref_more) if self.ref else ()


@dataclass(frozen=True)
class Sheet:
    key: str
    name: str
    kind: str
    fields: tuple[Field, ...]
    required: bool = True
    help: str = ""
    id_field: str | None = None
    year_columns: dict[str, Any] | None = None

    def field(self, key: str) -> Field:
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(key)


@dataclass(frozen=True)
class RegistrySchema:
    sheets: tuple[Sheet, ...]
    path: Path
    blank_values: tuple[str, ...] = ()

    def sheet(self, key: str) -> Sheet:
        for s in self.sheets:
            if s.key == key:
                return s
        raise KeyError(key)

    def has_field(self, sheet_key: str, field_key: str) -> bool:
        try:
            self.sheet(sheet_key).field(field_key)
        except KeyError:
            return False
        return True


@dataclass(frozen=True)
class TemplateField:
    """A placeholder a template uses: its name, where the value comes from, what it means."""

    name: str
    help: str
    source: str = ""

    @property
    def sources(self) -> tuple[tuple[str, str], ...]:
        """(sheet key, field key) of each registry column the value comes from: «mentees.fio»,
        or several for a union of sheets («mentees.doc / mentors.doc»); none for «вычисляется: …»."""
        if not self.source or self.source.startswith("вычисляется"):
            return ()
        parts = [p.strip().partition(".") for p in self.source.split(" / ")]
        return tuple((sheet, key) for sheet, _, key in parts)


@dataclass(frozen=True)
class TemplateSchema:
    id: str
    title: str
    kind: str
    template: Path
    scope: str  # "workbook" or "rows"
    filename: str
    folder: str
    fields: tuple[TemplateField, ...]
    path: Path
    sheet: str | None = None
    record_name: str = "record"
    where: dict[str, Any] = field(default_factory=dict)
    sort: tuple[str, ...] = ()
    order_journal: bool = False
    description: str = ""
    group_by: str | None = None  # one document per distinct value of this field (rows scope)
    pack: str = BUILTIN
    registry: str = SCHOOL  # the kind of registry its documents are made from (its pack's registry_kind)
    # Every source sheet: ``(sheet,)``, or a union (``sheets: [mentees, mentors]``: the rows of
    # both, each record keeping its own sheet). ``sheet`` is the first of them.
    sheets: tuple[str, ...] = ()
    # Sheets read through references that the fields do not name (``child.parent`` → parents):
    # problems there block this template (docgen.engine.scope).
    needs: tuple[str, ...] = ()
    # «Организация» cells that must be filled for this template («org.publish_pages»).
    requires: tuple[str, ...] = ()
    when: dict[str, tuple[str, ...]] = field(default_factory=dict)  # made only when org settings match
    # A date column of the source rows that says the form was given out («Согласие выдано»):
    # ``make(..., consents=ConsentOptions(record_issued=True))`` dates it for the printed rows.
    issued: str | None = None

    @property
    def qualified(self) -> str:
        """``pack:id`` — unique whatever packs are installed."""
        return f"{self.pack}:{self.id}"

    @property
    def ref(self) -> str:
        """How docgen names the template to users and in the order journal: the plain id for
        the packs docgen ships (as it always was for the built-in one), ``pack:id`` for any other."""
        return self.id if self.pack in SHIPPED else self.qualified

    @property
    def kind_ru(self) -> str:
        return TEMPLATE_KINDS.get(self.kind, self.kind)

    @property
    def source_sheets(self) -> tuple[str, ...]:
        """The sheets whose rows documents are made from (empty for a workbook template)."""
        return self.sheets or ((self.sheet,) if self.sheet else ())

    def describe_source(self, registry: RegistrySchema) -> str:
        """Russian phrase: what one document is made from (for `docgen list`)."""
        if self.scope == "workbook":
            return "один документ на весь реестр" + self.describe_when(registry)
        names = [registry.sheet(k).name for k in self.source_sheets]
        sheet = registry.sheet(self.source_sheets[0])
        where = f"листа «{names[0]}»" if len(names) == 1 else \
            "листов " + " и ".join(f"«{n}»" for n in names)
        text = f"по документу на строку {where}"
        if self.group_by:
            text = f"по документу на каждое значение «{sheet.field(self.group_by).header}» {where}"
        conds = []
        for key, value in self.where.items():
            if key == "minor" and value:
                conds.append("только несовершеннолетние")
            elif key == "adult" and value:
                conds.append("только совершеннолетние")
            else:
                shown = ", ".join(value) if isinstance(value, (list, tuple)) else value
                conds.append(f"«{sheet.field(key).header}» = {shown}")
        return text + (f" ({'; '.join(conds)})" if conds else "") + self.describe_when(registry)

    def describe_when(self, registry: RegistrySchema) -> str:
        """«; делается, только если на листе «Организация» в «…» выбрано «…»» (empty without ``when``)."""
        parts = []
        for key, values in self.when.items():
            header = registry.sheet("org").field(key.partition(".")[2]).header
            shown = " или ".join(f"«{v}»" for v in values)
            parts.append(f"в «{header}» выбрано {shown}" + (" (пусто — по журналу «Приказы»)"
                                                            if key == "org.orders_variant" else ""))
        return f"; делается, только если на листе «Организация» {' и '.join(parts)}" if parts else ""
