"""docgen.journal.numbering: the next order number proposed from the journal's entries."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docgen.journal.numbering import propose_number
from tests.journal.support import D1, D2, entries


@pytest.mark.parametrize("items, on, expected", [
    ((), D1, "1"),
    ((("41-од", D1),), D2, "42-од"),
    ((("95-од", date(2025, 8, 25)), ("96-од", date(2025, 8, 26)), ("118-од", date(2025, 9, 1))), D1, "119-од"),
    ((("152-осн.", D1),), D2, "153-осн."),
    ((("7", D1),), D2, "8"),
    ((("42", D1),), D2, "43"),
    # «39/3»: the last run varies among entries of one shape, so it is the running one.
    ((("39/1", D1), ("39/2", D1)), D2, "39/3"),
    # A single entry cannot tell which run counts: the first one, as in «41-од».
    ((("39/3", D1),), D2, "40/3"),
    ((("01-01/15", D1), ("01-01/16", D2)), D2, "01-01/17"),
    ((("01-01/15", D1),), D2, "02-01/15"),
    # Several runs vary: the one with the most distinct values.
    ((("1/5", D1), ("2/5", D1), ("3/6", D2)), D2, "4/6"),
    # Zero padding is kept, and grows past it naturally.
    ((("07-од", D1),), D2, "08-од"),
    ((("09-од", D1),), D2, "10-од"),
    ((("007", D1),), D2, "008"),
    ((("07-од", D1), ("08-од", D1), ("09-од", D1), ("10-од", D2)), D2, "11-од"),
    ((("099", D1),), D2, "100"),
    # The maximum counts, not the latest: a gap or an out-of-order row does not go backwards.
    ((("12-од", D1), ("5-од", D2)), D2, "13-од"),
    # Year restart: entries of other years never count; the shape comes from the latest one.
    ((("118-од", date(2025, 12, 29)),), date(2026, 1, 12), "1-од"),
    ((("07-од", date(2025, 12, 29)),), date(2026, 1, 12), "01-од"),
    ((("118-од", date(2025, 12, 29)), ("1-од", date(2026, 1, 9)), ("2-од", date(2026, 1, 10))),
     date(2026, 1, 12), "3-од"),
    ((("200-од", date(2024, 5, 5)), ("5-од", D1)), D2, "6-од"),
    ((("41-од", date(2026, 2, 1)),), D2, "1-од"),  # a later year's entries do not count either
    # Mixed shapes: the latest entry (by date, then row) decides the shape.
    ((("95-од", date(2025, 9, 1)), ("96-од", date(2025, 9, 2)), ("3-к", date(2025, 9, 3))), D1, "4-к"),
    ((("95-од", date(2025, 9, 1)), ("3-к", date(2025, 9, 2)), ("96-од", date(2025, 9, 3))), D1, "97-од"),
    ((("5-к", date(2025, 9, 10)), ("100-од", date(2025, 9, 1))), D2, "6-к"),  # by date, not by row
    ((("5-к", D1), ("100-од", D1)), D2, "101-од"),  # same date: the lower row is later
    ((("41-ОД", D1), ("42 – од", D1)), D2, "43 – од"),  # shapes compare like headers
    # Numbers without digits («без номера») and undated entries.
    ((("41-од", D1), ("б/н", D2)), D2, "42-од"),
    ((("б/н", D1),), D2, "1"),
    ((("41-од", None),), D2, "1-од"),
    ((("41-од", None), ("3-к", D1)), D2, "4-к"),
])
def test_propose_number(items, on, expected):
    assert propose_number(entries(*items), on) == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["{}-од", "{:02d}-од", "{}/3", "39/{}", "{}", "01-01/{}", "{}-к"]),
                          st.integers(0, 300), st.dates(date(2024, 1, 1), date(2026, 12, 31))), max_size=25),
       st.dates(date(2024, 1, 1), date(2026, 12, 31)))
def test_proposed_number_is_never_taken_that_year(items, on):
    journal = entries(*((fmt.format(n), d) for fmt, n, d in items))
    proposed = propose_number(journal, on)
    assert proposed not in {e.number for e in journal if e.date.year == on.year}
    assert re.search(r"[0-9]", proposed)
