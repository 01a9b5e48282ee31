"""docgen.engine.plan: two runs in the same second keep both inventories (names unique per run); who
signs for a child (the first parent, each, one by relation) and who gets no form."""

from __future__ import annotations

from datetime import date

import pytest

from docgen import api
from docgen.errors import UsageError
from tests.helpers import EXAMPLE, docx_text, sheet_rows

AS_OF = date(2026, 11, 23)


def test_two_runs_in_the_same_second_keep_both_inventories(tmp_path, monkeypatch):
    from docgen.engine import plan as plan_module

    class Frozen(plan_module.datetime):  # type: ignore[misc, valid-type]
        @classmethod
        def now(cls, tz=None):
            return cls(2026, 11, 23, 10, 15, 2)

    monkeypatch.setattr(plan_module, "datetime", Frozen)
    out = tmp_path / "out"
    first = api.make(["consent_tracking"], EXAMPLE, out, as_of=AS_OF, select=api.Selection.parse(where=["Класс=5А"]))
    second = api.make(["consent_tracking"], EXAMPLE, out, as_of=AS_OF, select=api.Selection.parse(where=["Класс=6А"]))
    names = {p.name for p in out.glob("Описи/Опись *")}
    assert len(names) == 4, names  # .xlsx and .csv of each run
    assert {p.name for p in first.manifest} | {p.name for p in second.manifest} == names


# --------------------------------------------------------------------------- who signs for a child


def _parents() -> dict[str, list[tuple[str, str]]]:
    """Child code → [(parent's ФИО, «Кем приходится»)], read with openpyxl."""
    found: dict[str, list[tuple[str, str]]] = {}
    for row in sheet_rows(EXAMPLE, "Родители"):
        found.setdefault(str(row["Ребёнок"]), []).append((row["ФИО"], row["Кем приходится"]))
    return found


def _consents(tmp_path, person: str, parent: str, name: str = "out") -> api.MakeResult:
    return api.make(["consent_parent"], EXAMPLE, tmp_path / name, as_of=AS_OF,
                    select=api.Selection.parse(people=[person]), consents=api.ConsentOptions(parent=parent))


def test_the_first_parent_signs_by_default(tmp_path):
    code, parents = next((c, p) for c, p in _parents().items() if len(p) == 2)
    result = _consents(tmp_path, code, api.PARENT_FIRST)
    assert len(result.files) == 1 and result.no_form == []
    assert parents[0][0] in docx_text(result.files[0]) and parents[1][0] not in docx_text(result.files[0])


def test_each_parent_gets_a_form_named_apart(tmp_path):
    code, parents = next((c, p) for c, p in _parents().items() if len(p) == 2)
    result = _consents(tmp_path, code, api.PARENT_EACH)
    assert len(result.files) == 2
    names = [f.name for f in result.files]
    assert len(set(names)) == 2
    for (fio, relation), path in zip(parents, result.files):
        assert path.stem.endswith(f"({relation})")
        text = docx_text(path)
        other = next(f for f, _ in parents if f != fio)
        assert fio in text and other not in text  # «Я, Седых Надежда Борисовна, …»


def test_each_parent_keeps_files_sorted_by_class_then_child(tmp_path):
    result = api.make(["consent_parent"], EXAMPLE, tmp_path / "out", as_of=AS_OF,
                      select=api.Selection.parse(where=["Класс=5А"]),
                      consents=api.ConsentOptions(parent=api.PARENT_EACH))
    stems = [f.name.split(" — ")[0] for f in result.files]
    assert stems == sorted(stems, key=lambda s: s.split(" ", 1)[1])  # one class: by child
    assert len({f.name for f in result.files}) == len(result.files)


def test_by_relation_picks_that_parent_and_names_who_has_none(tmp_path):
    both = next(c for c, p in _parents().items() if {r for _, r in p} >= {"мать", "отец"})
    father = next(f for f, r in _parents()[both] if r == "отец")
    result = _consents(tmp_path, both, "отец")
    assert len(result.files) == 1 and father in docx_text(result.files[0])
    mother_only = next(c for c, p in _parents().items() if [r for _, r in p] == ["мать"])
    none = _consents(tmp_path, mother_only, "Отец", "none")
    assert none.files == []
    child = next(r for r in sheet_rows(EXAMPLE, "Наставляемые") if r["Код"] == mother_only)
    assert none.no_form == [f"{child['ФИО']} (Наставляемые!{child['_row']}): на листе «Родители» нет родителя "
                            "«Отец» (указаны: мать)"]


def test_an_unknown_choice_is_refused(tmp_path):
    with pytest.raises(UsageError, match="бабушка"):
        _consents(tmp_path, "У-001", "бабушка")
