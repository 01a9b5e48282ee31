"""docgen.engine.plan: two runs in the same second keep both inventories (names unique per run)."""

from __future__ import annotations

from datetime import date

from docgen import api
from tests.helpers import EXAMPLE

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
