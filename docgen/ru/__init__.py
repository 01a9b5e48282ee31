"""Russian language for school paperwork: pure functions, the bottom layer of docgen.

Names in cases and initials (:mod:`.names`, pytrovich), positions and agreeing words
(:mod:`.morph`, pymorphy3), counted nouns and numbers in words (:mod:`.numbers`, babel and
num2words), dates read and printed (:mod:`.dates`), school classes (:mod:`.classes`), and text
cleaning and comparison (:mod:`.text`). Nothing here knows about workbooks or templates; the
heavy libraries load on first use. The names below are the ones templates' filters and the
other layers use.
"""

from docgen.ru.cases import CASES, parse_case
from docgen.ru.classes import SchoolClass, parse_class, school_class
from docgen.ru.dates import (
                             DATE_HINT,
                             EPOCH_1904,
                             EXCEL_EPOCH,
                             age_on,
                             date_full_words,
                             date_num,
                             date_quoted,
                             date_words,
                             month_year,
                             parse_date,
)
from docgen.ru.morph import agree, name_case, position_case, warm_up
from docgen.ru.names import capitalise_name, detect_sex, fio_case, initials, initials_first, normalize_sex, split_fio
from docgen.ru.numbers import count, number_words, plural, years
from docgen.ru.text import NBSP, XML_ILLEGAL, clean_text, fold, is_blank, ru_sort_key

__all__ = [
    "CASES", "DATE_HINT", "EPOCH_1904", "EXCEL_EPOCH", "NBSP", "SchoolClass", "XML_ILLEGAL", "age_on", "agree",
    "capitalise_name", "clean_text", "count", "date_full_words", "date_num", "date_quoted", "date_words",
    "detect_sex", "fio_case", "fold", "initials", "initials_first", "is_blank", "month_year", "name_case",
    "normalize_sex", "number_words", "parse_case", "parse_class", "parse_date", "plural", "position_case",
    "ru_sort_key", "school_class", "split_fio", "warm_up", "years",
]
