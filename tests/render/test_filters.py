"""The filters of issue 15 (citing an order, a word by sex, protocol numbers) and the declension
of an organisation's name kept between runs (issue 19)."""

from __future__ import annotations

from datetime import date

import pytest

from docgen.context.objects import Obj
from docgen.render.environment import make_env
from docgen.render.filters import f_act, f_by_sex, f_numbers

NB = "\u00a0"


def test_act_cites_number_date_and_appendix_or_leaves_blanks():
    act = Obj(number="125-од", date=date(2025, 9, 3), appendix=None)
    assert f_act(act, "тв") == f"приказом от 03.09.2025 №{NB}125-од"
    assert f_act(act) == f"приказ от 03.09.2025 №{NB}125-од"
    single = Obj(number="118-од", date=date(2025, 9, 1), appendix=2)
    assert f_act(single, "тв") == f"приказом от 01.09.2025 №{NB}118-од (приложение №{NB}2)"
    assert f_act(None, "тв") == f"приказом от ____________ №{NB}______"


def test_act_works_in_a_template():
    env = make_env()
    out = env.from_string("утверждённой {{ a|act('тв') }}").render(a=Obj(number="7", date=date(2026, 1, 2),
                                                                         appendix=None))
    assert out == f"утверждённой приказом от 02.01.2026 №{NB}7"


def test_by_sex_chooses_the_word_or_gives_both():
    assert f_by_sex(Obj(fio="Иванова Анна Петровна", sex="ж"), "пришёл", "пришла") == "пришла"
    assert f_by_sex(Obj(fio="Иванов Иван Петрович", sex="м"), "пришёл", "пришла") == "пришёл"
    assert f_by_sex(Obj(fio="Ким Ли", sex=None), "пришёл", "пришла") == "пришёл (пришла)"
    assert f_by_sex([Obj(sex="м"), Obj(sex="ж")], "готов", "готова") == "готов (готова)"


def test_numbers_make_ranges_of_three_or_more():
    assert f_numbers([1, 2, 3, 4, 5, 6]) == "1–6"
    assert f_numbers([19, 20]) == "19, 20"
    assert f_numbers([1, 2, 3, 7]) == "1–3, 7"
    assert f_numbers(["5а", 7]) == "5а, 7"
    assert f_numbers([]) == ""


def test_a_schools_name_is_declined_once_and_kept_between_runs(tmp_path):
    """The second batch takes the declined name from the cache: pymorphy3 (85 ms) is not loaded."""
    from tests.helpers import two_runs

    code = ("import sys; from docgen.render.filters import declined_name; "
            "print(declined_name('Муниципальное бюджетное общеобразовательное учреждение «Школа № 7»', 'dat')); "
            "print('pymorphy3' in sys.modules)")
    first, again = (out.split("\n")[:2] for out in two_runs(code, tmp_path / "cache"))
    assert first[0] == again[0] == "Муниципальному бюджетному общеобразовательному учреждению «Школа № 7»"
    assert (first[1], again[1]) == ("True", "False")


@pytest.mark.parametrize("case", ["gen", "dat", "ins", "pre", "nom"])
def test_a_kept_declension_is_the_one_pymorphy3_makes(tmp_path, monkeypatch, case):
    from docgen.fsutil import cache
    from docgen.render.filters import declined_name
    from docgen.ru.morph import name_case

    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "_CACHES", {})
    for name in ("Муниципальное автономное общеобразовательное учреждение «Лицей № 1»",
                 "Государственное бюджетное учреждение дополнительного образования «Дом творчества»", ""):
        for _ in range(2):
            assert declined_name(name, case) == name_case(name, case)
            monkeypatch.setattr(cache, "_CACHES", {})


def test_only_an_organisations_row_is_kept_never_text_a_template_passes(tmp_path, monkeypatch):
    """`{{ child.fio|name_case('дат') }}` declines a child's name: it must not reach the cache."""
    from docgen.fsutil import cache
    from docgen.render.filters import f_name_case

    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "_CACHES", {})
    f_name_case("Ершова Анна Петровна", "дат")
    f_name_case(Obj(fio="Ершова Анна Петровна"), "дат")
    assert not list((tmp_path / "cache").rglob("*.json"))
    f_name_case(Obj(full_name="Муниципальное бюджетное общеобразовательное учреждение «Школа № 7»"), "дат")
    [entry] = (tmp_path / "cache").rglob("*.json")
    assert "Ершова" not in entry.read_text(encoding="utf-8")
