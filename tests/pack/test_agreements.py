"""The five agreements of the built-in pack: one per row of each kind from the example registry
(their PDF text is checked in tests/acceptance/pack/test_agreements.py)."""

from __future__ import annotations

from datetime import date

from docgen import api
from docgen import ru as fmt

AS_OF = date(2026, 11, 23)
AGREEMENTS = ["agreement_mentor", "agreement_mentee", "agreement_parent", "agreement_pair", "agreement_partner"]


def _age(rec) -> int | None:
    birth = rec.values.get("birth_date")
    return fmt.age_on(birth, AS_OF) if isinstance(birth, date) else None


def _minor(rec) -> bool:
    age = _age(rec)
    return age is not None and age < 18


def test_one_agreement_per_row_of_each_kind(tmp_path, registry):
    result = api.make(AGREEMENTS, api.example_registry(), tmp_path, as_of=AS_OF, outputs=api.Outputs(manifest=False))
    mentees = registry.rows("mentees")
    assert result.counts == {
        "agreement_mentor": len(registry.rows("mentors")),
        "agreement_mentee": len([r for r in mentees if not _minor(r)]),
        "agreement_parent": len([r for r in mentees if _minor(r)]),
        "agreement_pair": len(registry.rows("pairs")),
        "agreement_partner": len(registry.rows("partners")),
    }
