"""docgen.ru.names: sex, names in cases and initials (pytrovich), exact strings with NBSP,
and properties: no input crashes, every well-formed Russian name declines in every case."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from docgen import ru as formatting
from docgen.ru import (
    NBSP,
    detect_sex,
    fio_case,
    initials,
    initials_first,
    normalize_sex,
    split_fio,
)
from tests.strategies import ALL_CASES, CASE_NAMES, CHEAP, SEXES, any_text, ok_or_russian_value_error, russian_phrase

# --------------------------------------------------------------------------- sex


@pytest.mark.parametrize(
    "value, expected",
    [
        ("м", "м"),
        ("М", "м"),
        (" муж ", "м"),
        ("Мужской", "м"),
        ("m", "м"),
        ("MALE", "м"),
        ("ж", "ж"),
        ("Ж", "ж"),
        ("жен.", "ж"),
        ("женский", "ж"),
        ("F", "ж"),
        ("female", "ж"),
        (None, None),
        ("", None),
        ("   ", None),
        (float("nan"), None),
    ],
)
def test_normalize_sex(value: object, expected: str | None) -> None:
    assert normalize_sex(value) == expected


def test_normalize_sex_error() -> None:
    with pytest.raises(ValueError, match="Непонятное значение пола «x»"):
        normalize_sex("x")


def test_detect_sex() -> None:
    assert detect_sex("Дундукова Ольга Ивановна") == "ж"
    assert detect_sex("Петров-Водкин Кузьма Сергеевич") == "м"
    assert detect_sex("Фомин Пётр Ильич") == "м"
    assert detect_sex("Фомина Анна Никитична") == "ж"
    assert detect_sex("Алиев Гасан Ибрагим оглы") == "м"
    assert detect_sex("Алиева Айгюль Ибрагим кызы") == "ж"
    assert detect_sex("КАБЫШЕВА ЗЯМЗЯМ АМАНГЕЛЬДОВНА") == "ж"
    # explicit value wins over the patronymic
    assert detect_sex("Дундукова Ольга Ивановна", "м") == "м"
    assert detect_sex("Власова Анна", "жен") == "ж"
    # nothing to go on
    assert detect_sex("Власова Анна") is None
    assert detect_sex("Власова") is None
    assert detect_sex("Дундукова О.И.") is None
    assert detect_sex("") is None
    assert detect_sex(None) is None  # type: ignore[arg-type]


# --------------------------------------------------------------------------- names


def test_split_fio() -> None:
    assert split_fio("Дундукова Ольга Ивановна") == ("Дундукова", "Ольга", "Ивановна")
    assert split_fio("  Дундукова   Ольга\tИвановна ") == ("Дундукова", "Ольга", "Ивановна")
    assert split_fio("Алиев Гасан Ибрагим оглы") == ("Алиев", "Гасан", "Ибрагим оглы")
    assert split_fio("Власова Анна") == ("Власова", "Анна", "")
    assert split_fio("Власова") == ("Власова", "", "")
    assert split_fio("Дундукова О.И.") == ("Дундукова", "О.", "И.")
    assert split_fio("Дундукова О. И.") == ("Дундукова", "О.", "И.")
    assert split_fio("О.И. Дундукова") == ("Дундукова", "О.", "И.")
    assert split_fio("") == ("", "", "")
    assert split_fio(None) == ("", "", "")  # type: ignore[arg-type]


FIO_TABLE = [
    # (fio, sex, gen, dat, acc, ins, pre)
    (
        "Дундукова Ольга Ивановна",
        None,
        "Дундуковой Ольги Ивановны",
        "Дундуковой Ольге Ивановне",
        "Дундукову Ольгу Ивановну",
        "Дундуковой Ольгой Ивановной",
        "Дундуковой Ольге Ивановне",
    ),
    (
        "Петров-Водкин Кузьма Сергеевич",
        None,
        "Петрова-Водкина Кузьмы Сергеевича",
        "Петрову-Водкину Кузьме Сергеевичу",
        "Петрова-Водкина Кузьму Сергеевича",
        "Петровым-Водкиным Кузьмой Сергеевичем",
        "Петрове-Водкине Кузьме Сергеевиче",
    ),
    (
        "Шевченко Тарас Григорьевич",
        None,
        "Шевченко Тараса Григорьевича",
        "Шевченко Тарасу Григорьевичу",
        "Шевченко Тараса Григорьевича",
        "Шевченко Тарасом Григорьевичем",
        "Шевченко Тарасе Григорьевиче",
    ),
    (
        "Келлер Анна Ивановна",
        None,
        "Келлер Анны Ивановны",
        "Келлер Анне Ивановне",
        "Келлер Анну Ивановну",
        "Келлер Анной Ивановной",
        "Келлер Анне Ивановне",
    ),
    (
        "Келлер Иван Иванович",
        None,
        "Келлера Ивана Ивановича",
        "Келлеру Ивану Ивановичу",
        "Келлера Ивана Ивановича",
        "Келлером Иваном Ивановичем",
        "Келлере Иване Ивановиче",
    ),
    (
        "Черных Олег Петрович",
        None,
        "Черных Олега Петровича",
        "Черных Олегу Петровичу",
        "Черных Олега Петровича",
        "Черных Олегом Петровичем",
        "Черных Олеге Петровиче",
    ),
    (
        "Акопян Ашот Гургенович",
        None,
        "Акопяна Ашота Гургеновича",
        "Акопяну Ашоту Гургеновичу",
        "Акопяна Ашота Гургеновича",
        "Акопяном Ашотом Гургеновичем",
        "Акопяне Ашоте Гургеновиче",
    ),
    (
        "Кабышева Зямзям Амангельдовна",
        None,
        "Кабышевой Зямзям Амангельдовны",
        "Кабышевой Зямзям Амангельдовне",
        "Кабышеву Зямзям Амангельдовну",
        "Кабышевой Зямзям Амангельдовной",
        "Кабышевой Зямзям Амангельдовне",
    ),
    (
        "Алиев Гасан Ибрагим оглы",
        None,
        "Алиева Гасана Ибрагим оглы",
        "Алиеву Гасану Ибрагим оглы",
        "Алиева Гасана Ибрагим оглы",
        "Алиевым Гасаном Ибрагим оглы",
        "Алиеве Гасане Ибрагим оглы",
    ),
    (
        "ИВАНОВ ИВАН ИВАНОВИЧ",
        None,
        "ИВАНОВА ИВАНА ИВАНОВИЧА",
        "ИВАНОВУ ИВАНУ ИВАНОВИЧУ",
        "ИВАНОВА ИВАНА ИВАНОВИЧА",
        "ИВАНОВЫМ ИВАНОМ ИВАНОВИЧЕМ",
        "ИВАНОВЕ ИВАНЕ ИВАНОВИЧЕ",
    ),
    (
        "ПЕТРОВ-ВОДКИН КУЗЬМА СЕРГЕЕВИЧ",
        None,
        "ПЕТРОВА-ВОДКИНА КУЗЬМЫ СЕРГЕЕВИЧА",
        "ПЕТРОВУ-ВОДКИНУ КУЗЬМЕ СЕРГЕЕВИЧУ",
        "ПЕТРОВА-ВОДКИНА КУЗЬМУ СЕРГЕЕВИЧА",
        "ПЕТРОВЫМ-ВОДКИНЫМ КУЗЬМОЙ СЕРГЕЕВИЧЕМ",
        "ПЕТРОВЕ-ВОДКИНЕ КУЗЬМЕ СЕРГЕЕВИЧЕ",
    ),
    ("Власова", "ж", "Власовой", "Власовой", "Власову", "Власовой", "Власовой"),
    ("Власов", "м", "Власова", "Власову", "Власова", "Власовым", "Власове"),
    (
        "Дундукова О.И.",
        "ж",
        "Дундуковой О.И.",
        "Дундуковой О.И.",
        "Дундукову О.И.",
        "Дундуковой О.И.",
        "Дундуковой О.И.",
    ),
    (
        "Руссо Жан-Жак",
        "м",
        "Руссо Жана-Жака",
        "Руссо Жану-Жаку",
        "Руссо Жана-Жака",
        "Руссо Жаном-Жаком",
        "Руссо Жане-Жаке",
    ),
]


@pytest.mark.parametrize("row", FIO_TABLE, ids=[r[0] for r in FIO_TABLE])
def test_fio_case_table(row: tuple) -> None:
    fio, sex, *forms = row
    assert fio_case(fio, "nom", sex) == fio
    for case, expected in zip(ALL_CASES[1:], forms):
        assert fio_case(fio, case, sex) == expected, case


def test_fio_case_misc() -> None:
    assert fio_case("  Дундукова   Ольга  Ивановна ", "дат.") == "Дундуковой Ольге Ивановне"
    # explicit sex overrides; Russian sex spelling accepted
    assert fio_case("Власова Анна", "род", "Женский") == "Власовой Анны"
    # nominative never needs the sex
    assert fio_case("Власова Анна") == "Власова Анна"
    assert fio_case("О.И. Дундукова", "dat", "ж") == "О.И. Дундуковой"
    assert fio_case("", "dat") == ""
    assert fio_case(None, "dat") == ""  # type: ignore[arg-type]


def test_fio_case_unknown_sex() -> None:
    with pytest.raises(ValueError) as exc:
        fio_case("Власова Анна", "dat")
    message = str(exc.value)
    assert "«Власова Анна»" in message
    assert "Неизвестен пол" in message
    assert "Заполните столбец «Пол»" in message
    with pytest.raises(ValueError, match="«Дундукова О.И.»"):
        fio_case("Дундукова О.И.", "gen")


def test_fio_case_bad_case() -> None:
    with pytest.raises(ValueError, match="Неизвестный падеж «xx»"):
        fio_case("Дундукова Ольга Ивановна", "xx")


def test_initials() -> None:
    assert initials("Дундукова Ольга Ивановна") == f"Дундукова{NBSP}О.И."
    assert initials("Дундукова Ольга Ивановна", "dat") == f"Дундуковой{NBSP}О.И."
    assert initials("Дундукова Ольга Ивановна", "вин") == f"Дундукову{NBSP}О.И."
    assert initials("Петров-Водкин Кузьма Сергеевич", "ins") == f"Петровым-Водкиным{NBSP}К.С."
    assert initials("ИВАНОВ ИВАН ИВАНОВИЧ", "gen") == f"ИВАНОВА{NBSP}И.И."
    assert initials("иванов иван иванович") == f"Иванов{NBSP}И.И."  # typed all small: capitals restored
    assert initials("Алиев Гасан Ибрагим оглы") == f"Алиев{NBSP}Г.И."
    assert initials("Власова Анна", "gen", "ж") == f"Власовой{NBSP}А."
    assert initials("Дундукова О. И.", "dat", "ж") == f"Дундуковой{NBSP}О.И."
    assert initials("Руссо Жан-Жак") == f"Руссо{NBSP}Ж.-Ж."
    assert initials("Власова") == "Власова"
    assert initials("") == ""
    assert initials(None) == ""  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="Пол"):
        initials("Власова Анна", "dat")


def test_initials_first() -> None:
    assert initials_first("Дундукова Ольга Ивановна") == f"О.И.{NBSP}Дундукова"
    assert initials_first("Дундукова Ольга Ивановна", "dat") == f"О.И.{NBSP}Дундуковой"
    assert initials_first("Келлер Иван Иванович", "ins") == f"И.И.{NBSP}Келлером"
    assert initials_first("Келлер Анна Ивановна", "ins") == f"А.И.{NBSP}Келлер"
    assert initials_first("Власова Анна") == f"А.{NBSP}Власова"
    assert initials_first("Власова") == "Власова"
    assert initials_first("") == ""


# --------------------------------------------------------------------------- caching


def test_declension_is_cached() -> None:
    from docgen.ru import names

    names._fio_case_cached.cache_clear()
    fio_case("Дундукова Ольга Ивановна", "dat")
    fio_case("Дундукова Ольга Ивановна", "dat")
    assert names._fio_case_cached.cache_info().hits >= 1


# --------------------------------------------------------------------------- property

CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
word = st.text(alphabet=CYRILLIC, min_size=1, max_size=12)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    words=st.lists(word, min_size=1, max_size=3),
    sex=st.sampled_from(["м", "ж"]),
    case=st.sampled_from(ALL_CASES),
)
def test_fio_case_never_raises_with_sex(words: list[str], sex: str, case: str) -> None:
    result = fio_case(" ".join(words), case, sex)
    assert isinstance(result, str)
    assert len(result.split(" ")) == len(words)


@CHEAP
@given(text=st.one_of(any_text, russian_phrase,
                      st.lists(st.sampled_from(["Иванова", "О.И.", "О.", "И.", "Ж.-Ж.", "оглы", "кызы",
                                                "Ольга", "Ивановна", "ИЛЬИЧ", "-", "."]),
                               max_size=4).map(" ".join)),
       case=CASE_NAMES, sex=SEXES)
@example(text="Иванов Иван", case="dat", sex=None)
@example(text="- -", case="gen", sex=None)
@example(text="Иванова О.И.", case="gen", sex="ж")
def test_name_functions_never_crash(text: str, case: str, sex: Any) -> None:
    for fn in (formatting.fio_case, formatting.initials, formatting.initials_first):
        ok_or_russian_value_error(fn, text, case, sex)
    parts = formatting.split_fio(text)
    assert isinstance(parts, tuple) and len(parts) == 3 and all(isinstance(p, str) for p in parts)
    result = ok_or_russian_value_error(formatting.detect_sex, text, sex)
    assert result in (None, "м", "ж")
    ok_or_russian_value_error(formatting.normalize_sex, text)
    ok_or_russian_value_error(formatting.parse_case, text)


# Well-formed Russian names: (male, female) pairs.
SURNAMES = [
    ("Иванов", "Иванова"), ("Королёв", "Королёва"), ("Соловьёв", "Соловьёва"),
    ("Смирнов", "Смирнова"), ("Кузнецов", "Кузнецова"), ("Лебедев", "Лебедева"),
    ("Дундуков", "Дундукова"), ("Пушкин", "Пушкина"), ("Ильин", "Ильина"),
    ("Толстой", "Толстая"), ("Достоевский", "Достоевская"), ("Горький", "Горькая"),
    ("Шевченко", "Шевченко"), ("Черных", "Черных"), ("Белых", "Белых"),
    ("Петров-Водкин", "Петрова-Водкина"), ("Римский-Корсаков", "Римская-Корсакова"),
    ("Салтыков-Щедрин", "Салтыкова-Щедрина"), ("Ковалёв", "Ковалёва"), ("Зайцев", "Зайцева"),
]


MALE_NAMES = ["Иван", "Пётр", "Артём", "Семён", "Алексей", "Сергей", "Андрей", "Дмитрий",
              "Николай", "Михаил", "Илья", "Никита", "Лев", "Павел", "Фёдор", "Юрий", "Игорь",
              "Олег", "Константин", "Григорий"]


FEMALE_NAMES = ["Ольга", "Анна", "Мария", "Алёна", "Наталья", "Елена", "Татьяна", "Ирина",
                "Светлана", "Юлия", "Ксения", "Дарья", "Любовь", "Софья", "Екатерина", "Вера",
                "Надежда", "Лидия", "Полина", "Марина"]


PATRONYMICS = [
    ("Иванович", "Ивановна"), ("Петрович", "Петровна"), ("Семёнович", "Семёновна"),
    ("Артёмович", "Артёмовна"), ("Алексеевич", "Алексеевна"), ("Сергеевич", "Сергеевна"),
    ("Андреевич", "Андреевна"), ("Дмитриевич", "Дмитриевна"), ("Николаевич", "Николаевна"),
    ("Михайлович", "Михайловна"), ("Ильич", "Ильинична"), ("Никитич", "Никитична"),
    ("Львович", "Львовна"), ("Павлович", "Павловна"), ("Фёдорович", "Фёдоровна"),
    ("Юрьевич", "Юрьевна"), ("Игоревич", "Игоревна"), ("Олегович", "Олеговна"),
    ("Кузьмич", "Кузьминична"), ("Саввич", "Саввична"),
]


STYLES = {"title": lambda s: s, "upper": str.upper, "lower": str.lower}


@st.composite
def russian_fio(draw):
    sex = draw(st.sampled_from(["м", "ж"]))
    k = 0 if sex == "м" else 1
    last = draw(st.sampled_from(SURNAMES))[k]
    first = draw(st.sampled_from(MALE_NAMES if sex == "м" else FEMALE_NAMES))
    middle = draw(st.sampled_from(PATRONYMICS))[k]
    style = draw(st.sampled_from(sorted(STYLES)))
    words = [STYLES[style](w) for w in (last, first, middle)]
    sep = draw(st.sampled_from([" ", "  ", "\t", " \u00a0"]))
    pad = draw(st.sampled_from(["", " ", "\n"]))
    return pad + sep.join(words) + pad, " ".join(words), sex, style


def _has_style(text: str, style: str) -> bool:
    if style == "upper":
        return text == text.upper()
    # "lower" input prints in title case (capitals restored), so it is checked like "title"
    return all(part[:1].isupper() and part[1:] == part[1:].lower()
               for word in text.split(" ") for part in word.split("-"))


INITIALS_RE = re.compile(r"([^\s\u00a0]+)\u00a0([А-ЯЁ])\.([А-ЯЁ])\.")
INITIALS_FIRST_RE = re.compile(r"([А-ЯЁ])\.([А-ЯЁ])\.\u00a0([^\s\u00a0]+)")


@CHEAP
@given(person=russian_fio())
@example(person=("ПЕТРОВА-ВОДКИНА АЛЁНА АРТЁМОВНА", "ПЕТРОВА-ВОДКИНА АЛЁНА АРТЁМОВНА", "ж", "upper"))
@example(person=("королёв пётр семёнович", "королёв пётр семёнович", "м", "lower"))
def test_russian_fio_declines_in_every_case(person) -> None:
    raw, clean, sex, style = person
    if style == "lower":  # a name typed all small gets its capitals back (docgen.ru.names.capitalise_name)
        clean = " ".join(formatting.names._title_word(w) for w in clean.split(" "))
    last, first, middle = clean.split(" ")
    assert formatting.split_fio(raw) == (last, first, middle)
    assert formatting.detect_sex(raw) == sex
    assert formatting.fio_case(raw, "nom") == clean  # the nominative round-trips
    title = " ".join(formatting.names._title_word(w) for w in clean.split(" "))
    for case in ALL_CASES:
        form = formatting.fio_case(raw, case)
        assert form and len(form.split(" ")) == 3, (case, form)
        assert all(form.split(" ")), form
        assert _has_style(form, style), (case, form)
        # ALL CAPS and lower case decline exactly like the title-case spelling
        assert form.lower() == formatting.fio_case(title, case).lower(), (case, form)
        # an explicit sex that agrees with the patronymic changes nothing
        assert formatting.fio_case(raw, case, sex) == form
        d_last, d_first, d_middle = form.split(" ")
        if case == "gen":
            assert d_middle.lower().endswith("а" if sex == "м" else "ы"), form
        if last.lower() in ("шевченко", "черных", "белых"):
            assert d_last == last, form  # indeclinable
        elif case == "dat" and last.lower().endswith(("ов", "ев", "ёв", "ин", "ова", "ева", "ёва", "ина")):
            for part in d_last.lower().split("-"):  # both halves of a double surname
                assert part.endswith("у" if sex == "м" else "ой"), form
        m = INITIALS_RE.fullmatch(formatting.initials(raw, case))
        assert m, formatting.initials(raw, case)
        assert m.group(1) == d_last
        assert m.group(2) == first[0].upper() and m.group(3) == middle[0].upper()
        m = INITIALS_FIRST_RE.fullmatch(formatting.initials_first(raw, case))
        assert m, formatting.initials_first(raw, case)
        assert m.group(3) == d_last
        assert m.group(1) == first[0].upper() and m.group(2) == middle[0].upper()
        # «Фамилия И.О.» and «И.О. Фамилия» decline the surname alone, with the sex given
        short = formatting.initials(raw)
        assert formatting.initials(short, case, sex) == formatting.initials(raw, case)
        assert formatting.fio_case(short, case, sex) == formatting.initials(raw, case).replace("\u00a0", " ")
        signature = formatting.initials_first(raw)
        assert formatting.initials_first(signature, case, sex) == formatting.initials_first(raw, case)
    # without a patronymic the sex must be given; with it, every case is non-empty
    two = f"{last} {first}"
    with pytest.raises(ValueError, match="Пол"):
        formatting.fio_case(two, "dat")
    for case in ALL_CASES:
        assert len(formatting.fio_case(two, case, sex).split(" ")) == 2
    assert formatting.initials(two) == f"{last}\u00a0{first[0].upper()}."
