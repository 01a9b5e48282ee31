"""Tests for docgen.formatting: exact strings, NBSP included."""

from __future__ import annotations

import datetime as dt
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docgen import ru as f
from docgen.ru import (
    CASES,
    NBSP,
    age_on,
    agree,
    count,
    date_full_words,
    date_num,
    date_quoted,
    date_words,
    detect_sex,
    fio_case,
    initials,
    initials_first,
    month_year,
    normalize_sex,
    number_words,
    parse_case,
    plural,
    position_case,
    ru_sort_key,
    school_class,
    split_fio,
)

ALL_CASES = ("nom", "gen", "dat", "acc", "ins", "pre")


# --------------------------------------------------------------------------- cases


@pytest.mark.parametrize(
    "alias, expected",
    [
        ("nom", "nom"),
        ("gen", "gen"),
        ("dat", "dat"),
        ("acc", "acc"),
        ("ins", "ins"),
        ("pre", "pre"),
        ("им", "nom"),
        ("род", "gen"),
        ("дат", "dat"),
        ("вин", "acc"),
        ("тв", "ins"),
        ("твор", "ins"),
        ("пр", "pre"),
        ("пред", "pre"),
        ("именительный", "nom"),
        ("Родительный", "gen"),
        ("ДАТЕЛЬНЫЙ", "dat"),
        ("винительный", "acc"),
        ("творительный", "ins"),
        ("предложный", "pre"),
        ("дат.", "dat"),
        ("род. п.", "gen"),
        ("  Твор. ", "ins"),
        ("дательный падеж", "dat"),
        ("NOM", "nom"),
    ],
)
def test_parse_case_aliases(alias: str, expected: str) -> None:
    assert parse_case(alias) == expected


@pytest.mark.parametrize("bad", ["", "датив", "xyz", "п."])
def test_parse_case_error(bad: str) -> None:
    with pytest.raises(ValueError) as exc:
        parse_case(bad)
    message = str(exc.value)
    assert message.startswith(f"Неизвестный падеж «{bad}». Допустимо: именительный, родительный")
    assert "предложный" in message


def test_cases_table_values_are_canonical() -> None:
    assert set(CASES.values()) == set(ALL_CASES)
    for code in ALL_CASES:
        assert CASES[code] == code


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


# --------------------------------------------------------------------------- positions

POSITIONS = [
    ("заместитель директора по УВР", "dat", "заместителю директора по УВР"),
    ("заместитель директора по УВР", "gen", "заместителя директора по УВР"),
    ("педагог-психолог", "dat", "педагогу-психологу"),
    ("педагог-психолог", "ins", "педагогом-психологом"),
    ("учитель-логопед", "dat", "учителю-логопеду"),
    ("учитель-логопед", "acc", "учителя-логопеда"),
    ("главный специалист Комитета по образованию", "acc", "главного специалиста Комитета по образованию"),
    ("главный специалист Комитета по образованию", "dat", "главному специалисту Комитета по образованию"),
    ("Директор МБОУ «СШ №4»", "dat", "Директору МБОУ «СШ №4»"),
    ("классный руководитель", "dat", "классному руководителю"),
    ("классный руководитель", "ins", "классным руководителем"),
    ("советник директора по воспитанию", "dat", "советнику директора по воспитанию"),
    ("техник", "dat", "технику"),
    ("старший вожатый", "dat", "старшему вожатому"),
    ("старший вожатый", "acc", "старшего вожатого"),
    ("тьютор", "acc", "тьютора"),
    ("тьютор", "dat", "тьютору"),
    ("учитель начальных классов", "pre", "учителе начальных классов"),
    ("главная медсестра", "acc", "главную медсестру"),
    ("заведующая хозяйством", "dat", "заведующей хозяйством"),
    ("заведующий библиотекой", "acc", "заведующего библиотекой"),
    ("ДИРЕКТОР", "gen", "ДИРЕКТОРА"),
    ("и.о. директора", "dat", "и.о. директора"),
    ("учитель", "nom", "учитель"),
    ("учитель, классный руководитель", "dat", "учителю, классному руководителю"),
    ("учитель истории, обществознания", "dat", "учителю истории, обществознания"),
]


@pytest.mark.parametrize("position, case, expected", POSITIONS)
def test_position_case(position: str, case: str, expected: str) -> None:
    assert position_case(position, case) == expected


def test_position_case_empty() -> None:
    assert position_case("", "dat") == ""
    assert position_case(None, "dat") == ""  # type: ignore[arg-type]


# --------------------------------------------------------------------------- agreement


@pytest.mark.parametrize(
    "word, sex, case, expected",
    [
        ("ответственный", "ж", "nom", "ответственная"),
        ("ответственный", "ж", "ins", "ответственной"),
        ("ответственный", "м", "nom", "ответственный"),
        ("ответственный", "м", "ins", "ответственным"),
        ("ответственный", "м", "acc", "ответственного"),
        ("ответственный", None, "nom", "ответственные"),
        ("ответственный", None, "dat", "ответственным"),
        ("Ответственный", "ж", "nom", "Ответственная"),
        ("ознакомлен", "ж", "nom", "ознакомлена"),
        ("ознакомлен", "м", "nom", "ознакомлен"),
        ("ознакомлен", None, "nom", "ознакомлены"),
        ("ознакомлен", "ж", "ins", "ознакомлена"),
        ("действующий", "ж", "nom", "действующая"),
        ("именуемый", "женский", "nom", "именуемая"),
        ("именуемый в дальнейшем", "ж", "nom", "именуемая в дальнейшем"),
        ("", "ж", "nom", ""),
    ],
)
def test_agree(word: str, sex: str | None, case: str, expected: str) -> None:
    assert agree(word, sex, case) == expected


# --------------------------------------------------------------------------- numbers

PLURAL_TABLE = [
    (0, "наставников"),
    (1, "наставник"),
    (2, "наставника"),
    (5, "наставников"),
    (11, "наставников"),
    (21, "наставник"),
    (22, "наставника"),
    (25, "наставников"),
    (101, "наставник"),
    (111, "наставников"),
]


@pytest.mark.parametrize("n, expected", PLURAL_TABLE)
def test_plural(n: int, expected: str) -> None:
    assert plural(n, "наставник", "наставника", "наставников") == expected


def test_plural_fraction_and_negative() -> None:
    assert plural(1.5, "наставник", "наставника", "наставников") == "наставника"
    assert plural(-1, "наставник", "наставника", "наставников") == "наставник"


@pytest.mark.parametrize("n, expected", PLURAL_TABLE)
def test_count(n: int, expected: str) -> None:
    assert count(n, "наставник", "наставника", "наставников") == f"{n}{NBSP}{expected}"


def test_count_fraction() -> None:
    assert count(1.5, "день", "дня", "дней") == f"1,5{NBSP}дня"  # type: ignore[arg-type]


def test_number_words() -> None:
    assert number_words(370) == "триста семьдесят"
    assert number_words(1, "f") == "одна"
    assert number_words(2, "ж") == "две"
    assert number_words(1, "n") == "одно"
    assert number_words(21, "f", "gen") == "двадцати одной"
    assert number_words(370, case="твор") == "тремястами семьюдесятью"
    assert number_words(21, case="acc") == "двадцать один"
    assert number_words(0) == "ноль"
    assert number_words(2.0) == "два"
    assert number_words(1.5) == "одна целая пять десятых"
    assert number_words(None) == ""  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="Неизвестный род"):
        number_words(1, "x")


# --------------------------------------------------------------------------- dates

D = dt.date(2021, 3, 5)
DT = dt.datetime(2020, 11, 18, 14, 30)


def test_date_num() -> None:
    assert date_num(D) == "05.03.2021"
    assert date_num(DT) == "18.11.2020"
    assert date_num("2021-03-05") == "05.03.2021"
    assert date_num(None) == ""


def test_date_words() -> None:
    assert date_words(D) == f"5 марта 2021{NBSP}г."
    assert date_words(DT) == f"18 ноября 2020{NBSP}г."
    assert "\u202f" not in date_words(D)
    assert date_words("05.03.2021") == f"5 марта 2021{NBSP}г."
    assert date_words("") == ""


def test_date_quoted() -> None:
    assert date_quoted(D) == f"«05» марта 2021{NBSP}г."
    assert date_quoted(DT) == f"«18» ноября 2020{NBSP}г."


def test_month_year() -> None:
    assert month_year(D) == f"март 2021{NBSP}г."
    assert month_year(DT) == f"ноябрь 2020{NBSP}г."


def test_date_full_words() -> None:
    assert date_full_words(DT) == "восемнадцатое ноября две тысячи двадцатого года"
    assert date_full_words(D) == "пятое марта две тысячи двадцать первого года"
    assert date_full_words(dt.date(2000, 1, 1)) == "первое января двухтысячного года"


def test_bad_date() -> None:
    with pytest.raises(ValueError, match="Не удалось распознать дату «вчера»"):
        date_num("вчера")


def test_age_on() -> None:
    birth = dt.date(2010, 3, 5)
    assert age_on(birth, dt.date(2021, 3, 4)) == 10
    assert age_on(birth, dt.date(2021, 3, 5)) == 11
    assert age_on(birth, dt.date(2021, 3, 6)) == 11
    assert age_on(dt.datetime(2010, 3, 5, 23, 0), dt.datetime(2021, 3, 5, 0, 0)) == 11
    assert age_on(birth, dt.date(2021, 2, 28)) == 10
    assert age_on(birth, birth) == 0
    with pytest.raises(ValueError):
        age_on(None, birth)


# --------------------------------------------------------------------------- classes, sorting


def test_school_class() -> None:
    assert school_class(7, "А") == f"7{NBSP}«А» класс"
    assert school_class(7, "а", "gen") == f"7{NBSP}«А» класса"
    assert school_class(7, "А", "pre") == f"7{NBSP}«А» классе"
    assert school_class(7, "А", "dat") == f"7{NBSP}«А» классу"
    assert school_class(7, "А", "ins") == f"7{NBSP}«А» классом"
    assert school_class(7, "А", word=False) == f"7{NBSP}«А»"
    assert school_class(7, "") == f"7{NBSP}класс"
    assert school_class(7, None, "pre") == f"7{NBSP}классе"  # type: ignore[arg-type]
    assert school_class(7, "", word=False) == "7"
    assert school_class("11", "«Б»") == f"11{NBSP}«Б» класс"
    assert school_class(7, "A") == f"7{NBSP}«А» класс"  # Latin A → Cyrillic А
    assert school_class("7А", "") == f"7{NBSP}«А» класс"
    with pytest.raises(ValueError):
        school_class("седьмой", "А")


def test_ru_sort_key() -> None:
    names = ["Ёлкин", "Андреев", "Жуков", "Егоров", "ежов", "Евсеев"]
    assert sorted(names)[0] == "Ёлкин"  # code-point order is wrong
    assert sorted(names, key=ru_sort_key) == ["Андреев", "Евсеев", "Егоров", "ежов", "Ёлкин", "Жуков"]
    # equal up to ё/е: the original string breaks the tie, whatever the input order
    assert sorted(["Ёж", "Еж"], key=ru_sort_key) == sorted(["Еж", "Ёж"], key=ru_sort_key)
    assert ru_sort_key("Ёлкин") == ("елкин", "Ёлкин")
    assert ru_sort_key(None) == ("", "")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- module hygiene


def test_heavy_libraries_are_lazy() -> None:
    import importlib.util
    import subprocess

    code = (
        "import sys, docgen.ru; "
        "print(any(m.split('.')[0] in ('pymorphy3', 'pytrovich') for m in sys.modules))"
    )
    spec = importlib.util.find_spec("docgen")
    assert spec is not None and spec.submodule_search_locations
    root = str(__import__("pathlib").Path(list(spec.submodule_search_locations)[0]).parent)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root, check=True)
    assert out.stdout.strip() == "False"


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
