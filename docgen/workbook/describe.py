"""Words and widths for the registry's columns: what may be written in a field, how wide it is.

Pure functions over the registry schema, shared by the blank workbook's instruction sheet and
column widths (:mod:`.blank`) and by anyone who explains a column to the user.
"""

from __future__ import annotations

from docgen.ru.numbers import plural
from docgen.schema.model import Field, RegistrySchema, Sheet

__all__ = ["DATE_FORMAT", "TEXT_FORMAT", "column_format", "column_width", "describe_type", "text_lines"]

DATE_FORMAT = "DD.MM.YYYY"
TEXT_FORMAT = "@"

# Column widths (in characters) for text fields, by field key; other types by type below.
_WIDTH_BY_KEY = {
    "code": 10,
    "fio": 36, "member": 36, "representative": 36,
    "position": 30, "representative_position": 30,
    "address": 42,
    "request": 45, "duties": 45, "event": 45, "result": 36, "title": 45, "formula": 45,
    "name": 45, "subject": 40, "full_name": 45, "doc": 45, "program": 32, "workplace": 36,
    "authority_doc": 40, "passport_issued_by": 34,
    "section": 34, "deadline": 22, "responsible": 28,
    "short_name": 26, "number": 10, "template": 16, "signed_by": 22, "file": 28,
    "unit": 10,
}
_WIDTH_BY_TYPE = {
    "date": 12, "year": 8, "integer": 10, "percent": 10, "sex": 6, "school_class": 8,
    "phone": 18, "email": 32, "text": 24, "items": 16, "urls": 45,
}
_MAX_WIDTH = 60
# Text columns whose values look like numbers but are not: leading zeros («0412») must survive.
_TEXT_KEYS = ("code", "passport_series", "passport_number")


# --------------------------------------------------------------------------- describing fields




def _ref_target(key: str | None, schema: RegistrySchema) -> Sheet | None:
    try:
        return schema.sheet(key or "")
    except KeyError:
        return None


def _ref_by(target: Sheet) -> str:
    """How a reference to ``target`` is written: «код или ФИО», «ФИО»."""
    ways: list[str] = []
    if target.id_field:
        header = target.field(target.id_field).header
        ways.append(header if header.isupper() else header[:1].lower() + header[1:])
    if any(f.key == "fio" for f in target.fields) and target.id_field != "fio":
        ways.append("ФИО")
    return " или ".join(ways) or "как в первом столбце листа"


def describe_type(field: Field, schema: RegistrySchema) -> str:
    """Return what may be written in a field, in Russian words («дата (ДД.ММ.ГГГГ)», …)."""
    t = field.type
    if t == "date":
        text = "дата (ДД.ММ.ГГГГ)"
    elif t == "integer":
        text = "целое число"
        if field.min is not None and field.max is not None:
            text += f" от {field.min} до {field.max}"
        elif field.min is not None:
            text += f" не меньше {field.min}"
        elif field.max is not None:
            text += f" не больше {field.max}"
    elif t == "percent":
        text = "проценты"
    elif t == "choice":
        text = "один из списка: " + ", ".join(field.choices)
    elif t == "sex":
        text = "пол (м/ж)"
    elif t == "school_class":
        text = "класс (7 «А»)"
    elif t == "ref":
        targets = [s for s in (_ref_target(key, schema) for key in field.refs) if s is not None]
        if len(targets) > 1:
            ways = " или ".join(dict.fromkeys(_ref_by(s) for s in targets))
            text = "ссылка на лист " + " или ".join(f"«{s.name}»" for s in targets) + f" ({ways})"
        else:
            text = f"ссылка на лист «{targets[0].name}» ({_ref_by(targets[0])})" if targets else "ссылка"
    elif t == "year":
        text = "год"
    elif t == "digits":
        lengths = [str(n) for n in field.digits]
        text = " или ".join(lengths) + " " + plural(field.digits[-1], "цифра", "цифры", "цифр")
    elif t == "email":
        text = "e-mail"
    elif t == "phone":
        text = "телефон"
    elif t == "items":
        text = f"номера строк от 1 до {field.max} через запятую (1, 2, 4)"
    elif t == "urls":
        text = "адреса страниц сайта (https://…) через «;»"
    else:
        text = "текст"
    extras = []
    if field.unique:
        extras.append("не повторяется")
    if field.min_age is not None or field.max_age is not None:
        lo = field.min_age if field.min_age is not None else 0
        hi = field.max_age
        extras.append(f"возраст от {lo} до {hi} лет" if hi is not None else f"возраст от {lo} лет")
    owner = _sheet_of(field, schema) if field.not_before or field.required_if else None
    for other, values in field.required_if:
        header = owner.field(other).header if owner is not None else other
        extras.append(f"обязательно, если заполнено «{header}»" if values == ("*",)
                      else f"обязательно, если «{header}» — {', '.join(values)}")
    if owner is not None and field.not_before:
        try:
            extras.append(f"не раньше, чем «{owner.field(field.not_before).header}»")
        except KeyError:
            pass
    return "; ".join([text, *extras])


def _sheet_of(field: Field, schema: RegistrySchema) -> Sheet | None:
    for sheet in schema.sheets:
        if any(f is field for f in sheet.fields):
            return sheet
    return None


def column_width(field: Field) -> float:
    """Return a column width (in characters) that suits the field's content and header."""
    if field.type == "choice":
        width = min(round(max(len(c) for c in field.choices) * 1.1) + 4, 34)
    elif field.type == "digits":
        width = max(field.digits) + 4
    elif field.type == "ref":
        width = _WIDTH_BY_KEY.get(field.key, 36 if field.ref == "staff" else 20)
    elif field.type == "text":
        width = _WIDTH_BY_KEY.get(field.key, _WIDTH_BY_TYPE["text"])
    elif field.type in ("items", "urls"):
        width = _WIDTH_BY_TYPE[field.type]
    else:
        width = _WIDTH_BY_TYPE.get(field.type, _WIDTH_BY_KEY.get(field.key, 14))
    # The header wraps at spaces, but its longest word must fit on one line.
    longest_word = max((len(w) for w in field.header.split()), default=0)
    return float(min(max(width, longest_word + 3), _MAX_WIDTH))


def column_format(field: Field) -> str | None:
    """Default number format of a whole column, so that typed values keep their meaning."""
    if field.type == "date":
        return DATE_FORMAT
    if field.type in ("digits", "phone", "school_class", "items") or field.key in _TEXT_KEYS:
        return TEXT_FORMAT
    return None


def text_lines(text: str, width: float) -> int:
    """Estimate how many lines ``text`` takes when wrapped in a column ``width`` characters wide."""
    capacity = max(int(width * 1.1) - 1, 4)
    total = 0
    for paragraph in str(text).split("\n"):
        line, count = 0, 1
        for word in paragraph.split():
            need = len(word) if line == 0 else line + 1 + len(word)
            if need <= capacity:
                line = need
            else:
                count += 1 + (len(word) - 1) // capacity
                line = len(word) % capacity or capacity
        total += count
    return max(total, 1)


