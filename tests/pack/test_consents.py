"""The adults' consents of the built-in pack: one per adult, none for minors (their PDF text is
checked in tests/acceptance/pack/test_consents.py)."""

from __future__ import annotations

from datetime import date

from docgen import api
from docgen import ru as fmt

AS_OF = date(2026, 11, 23)


def _adult(rec) -> bool:
    birth = rec.values.get("birth_date")
    return not (isinstance(birth, date) and fmt.age_on(birth, AS_OF) < 18)


def test_one_consent_per_adult_and_none_for_minors(tmp_path, registry):
    result = api.make(["consent_adult", "consent_adult_mentee", "consent_distribution"],
                      api.example_registry(), tmp_path, as_of=AS_OF, outputs=api.Outputs(manifest=False))
    adult_mentors = [r for r in registry.rows("mentors") if _adult(r)]
    adult_mentees = [r for r in registry.rows("mentees") if _adult(r)]
    assert len(adult_mentors) < len(registry.rows("mentors"))  # the example has pupil mentors
    assert result.counts == {"consent_adult": len(adult_mentors), "consent_adult_mentee": len(adult_mentees),
                             "consent_distribution": len(adult_mentors)}
    names = " ".join(p.name for p in result.files)
    minor = next(r for r in registry.rows("mentors") if not _adult(r))
    assert minor.values["fio"] not in names
    assert all(r.values["fio"] in names for r in adult_mentees)
