"""The eight orders of the built-in pack, reprinted from the example registry's journal and
converted by real LibreOffice: no leftovers in the PDF text."""

from __future__ import annotations

import pytest

from docgen import ru as fmt
from tests.helpers import flat, soffice_pdf_texts

pytestmark = pytest.mark.slow  # acceptance: real LibreOffice, pip, processes

# the documents and helpers of the fast tests of the same documents (one definition each)
from tests.pack.test_orders import AS_OF, ORDERS, initials, journal, made, person  # noqa: E402, F401


def test_orders_convert_in_libreoffice(made, reg):
    texts = soffice_pdf_texts([made[tid] for tid in ORDERS])
    cur = person(reg.org.values["curator"])
    director = person(reg.org.values["director"])
    titles = {
        "order_working_group": "Об утверждении состава рабочей группы",
        "order_curator": "О назначении куратора внедрения",
        "order_regulation": "Об утверждении Положения о наставничестве",
        "order_roadmap": "Об утверждении дорожной карты",
        "order_mentor_register": "Об утверждении реестра наставников",
        "order_mentor_school": "Об организации «Школы наставников»",
        "order_pairs": "О закреплении наставнических пар (групп)",
        "order_ipr": "Об утверждении индивидуальных планов развития",
    }
    for tid in ORDERS:
        text = flat(texts[made[tid]])
        entry = journal(reg, tid)
        assert "ПРИКАЗ" in text and "ПРИКАЗЫВАЮ:" in text, tid
        assert titles[tid] in text, tid
        assert f"№ {entry['number']}" in text, tid
        assert flat(fmt.initials_first(director["fio"], "nom", director["sex"])) in text, tid
        assert "С приказом ознакомл" in text, tid
        for bad in ("{{", "{%", "None", "«»"):
            assert bad not in text, (tid, bad)
    position = fmt.position_case(cur["position"], "dat")
    assert flat(f"{position[:1].upper()}{position[1:]} {initials(cur, 'dat')}:") in flat(
        texts[made["order_regulation"]])
    assert fmt.fio_case(cur["fio"], "acc", cur["sex"]) in flat(texts[made["order_mentor_school"]])
    assert "Приложение" in flat(texts[made["order_pairs"]])
