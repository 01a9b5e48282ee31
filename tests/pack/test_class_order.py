"""Class-prefixed file names (issue 15, §4.5): «5А …», never zero-padded, and every listing docgen
writes — the zip, the inventory — puts 5 «А» before 10 «А» (Windows Explorer, macOS Finder and the
GNOME and KDE file dialogs LibreOffice uses sort the folder itself the same way). The consents of
the pupil mentors of a class stand among those of the mentees of that class."""

from __future__ import annotations

import csv
import re
import zipfile
from datetime import date

from docgen import api
from tests.helpers import EXAMPLE, sheet_rows, years_on

ON = date(2026, 11, 23)
PREFIX = re.compile(r"^(\d{1,2})([А-Я]) ")


def _class_key(name: str) -> tuple[int, str]:
    m = PREFIX.match(name)
    assert m, name
    return int(m[1]), m[2]


def test_class_prefixes_read_naturally_and_listings_keep_class_order(tmp_path):
    result = api.make(["consent_parent", "consent_tracking"], EXAMPLE, tmp_path, as_of=ON,
                      outputs=api.Outputs(zip=True))
    consents = [p.name for p in result.by_template["consent_parent"]]
    assert not any(re.match(r"^0\d", n) for n in consents)  # «5А», not «05А»
    minors = [r for sheet in ("Наставляемые", "Наставники") for r in sheet_rows(EXAMPLE, sheet)
              if r["Класс"] and r["Дата рождения"] and years_on(r["Дата рождения"], ON) < 18]
    expected_classes = sorted({(int(re.match(r"\d+", r["Класс"])[0]), r["Класс"][-2]) for r in minors})
    with zipfile.ZipFile(result.archive) as zf:
        members = [n.rsplit("/", 1)[-1] for n in zf.namelist() if n.startswith("Согласия родителей/")]
    assert [_class_key(n) for n in members] == sorted(_class_key(n) for n in members)
    assert sorted({_class_key(n) for n in members}) == expected_classes
    assert expected_classes[0] == (5, "А") and expected_classes[-1][0] == 11
    # a pupil mentor's consent is filed with his class, in alphabetical order among the mentees
    mentor = next(r for r in minors if r["Код"].startswith("Н-"))
    klass = (int(re.match(r"\d+", mentor["Класс"])[0]), mentor["Класс"][-2])
    same = [n for n in members if _class_key(n) == klass]
    assert f"{klass[0]}{klass[1]} {mentor['ФИО']} — согласие родителя.docx" in same
    assert len(same) == sum(1 for r in minors if (int(re.match(r"\d+", r["Класс"])[0]), r["Класс"][-2]) == klass)
    inventory = next(p for p in result.manifest if p.suffix == ".csv")
    with open(inventory, encoding="utf-8-sig", newline="") as f:
        listed = [r["Файл"].rsplit("/", 1)[-1] for r in csv.DictReader(f, delimiter=";")
                  if r["Файл"].startswith("Учёт согласий/")]
    assert [_class_key(n) for n in listed] == sorted(_class_key(n) for n in listed)
    assert listed[0] == "5А — лист учёта согласий.docx"
