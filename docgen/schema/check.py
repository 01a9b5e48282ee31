"""The one schema validator: YAML in, typed values out, every error naming the file and the key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docgen.errors import SchemaError
from docgen.fsutil.cache import parsed

__all__ = ["Checker", "join", "load_yaml"]



# PyYAML's problems (English) → what a methodologist should look for (Russian).
_YAML_PROBLEMS = (
    ("could not find expected ':'", "после ключа не найдено двоеточие «:»"),
    ("tab character", "табуляция в отступе: в YAML отступы делаются пробелами"),
    ("that cannot start any token", "знак, с которого не может начинаться значение (табуляция вместо "
                                    "пробелов, «@» или «`» в начале) — возьмите значение в кавычки"),
    ("mapping values are not allowed", "двоеточие в неожиданном месте: значение с «: » возьмите в кавычки"),
    ("found unexpected end of stream", "не закрыта кавычка"),
    ("found unknown escape character", "недопустимая последовательность с «\\» в кавычках"),
    ("expected <block end>", "неверный отступ: ключи одного уровня начинаются с одной позиции"),
    ("expected ',' or ']'", "не закрыт список […]"),
    ("expected ',' or '}'", "не закрыт словарь {…}"),
    ("could not determine a constructor", "теги вида !!python/… и !… не допускаются"),
    ("found undefined tag handle", "теги вида !!python/… и !… не допускаются"),
    ("found duplicate anchor", "одна и та же метка & повторяется"),
    ("found undefined alias", "ссылка * на метку, которой нет"),
)


def _yaml_reason(exc: Any) -> str:
    """A YAML error in Russian, with where it is (line and column, counted from 1)."""
    problem = f"{getattr(exc, 'problem', '') or ''} {getattr(exc, 'context', '') or ''} {exc}"
    reason = next((ru for en, ru in _YAML_PROBLEMS if en in problem), "ошибка записи (проверьте отступы, "
                                                                       "двоеточия и кавычки)")
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    where = f"строка {mark.line + 1}, столбец {mark.column + 1}: " if mark is not None else ""
    return f"{where}{reason}."


def load_yaml(path: Path) -> dict[str, Any]:
    """A YAML file that must hold a mapping (safe loader only: no Python objects); parsed once
    for the same bytes (:mod:`docgen.fsutil.cache`)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SchemaError(f"Файл схемы не найден: {path}") from None
    data = parsed("schemas", raw, lambda: _parse_yaml(raw, path))  # PyYAML's safe subset: same bytes, same data
    if not isinstance(data, dict):
        raise SchemaError(f"{path.name}: ожидался словарь ключей верхнего уровня.")
    return data


def _parse_yaml(raw: bytes, path: Path) -> Any:
    import yaml  # noqa: PLC0415 — 9 ms of every start: only when a file is not in the cache

    # libyaml's C loader when the wheel has it (10× faster on registry.yaml); same safe subset.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(raw.decode("utf-8"), Loader=loader)
    except UnicodeDecodeError:
        raise SchemaError(f"Файл {path.name} не читается как YAML: он не в кодировке UTF-8. Сохраните его "
                          "в UTF-8 (в Блокноте: «Сохранить как» → Кодировка UTF-8).") from None
    except yaml.YAMLError as exc:
        raise SchemaError(f"Файл {path.name} не читается как YAML: {_yaml_reason(exc)}") from None


def join(where: str, key: str) -> str:
    """«sheets[0]» + «name» → «sheets[0].name»; at the top level just «name»."""
    return f"{where}.{key}" if where else key


class Checker:
    """Small helper that turns a dict from YAML into typed values, naming file and key on error."""

    def __init__(self, path: Path):
        self.path = path

    def fail(self, where: str, message: str) -> SchemaError:
        return SchemaError(f"{self.path.name}, ключ «{where}»: {message}")

    def str_(self, data: dict, key: str, where: str, *, required: bool = True, default: str = "") -> str:
        value = data.get(key, None)
        if value is None:
            if required:
                raise self.fail(join(where, key), "обязательный ключ отсутствует.")
            return default
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            raise self.fail(join(where, key), "ожидалась строка.")
        return str(value)

    def bool_(self, data: dict, key: str, where: str, default: bool = False) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(join(where, key), "ожидалось true или false.")
        return value

    def int_(self, data: dict, key: str, where: str) -> int | None:
        value = data.get(key)
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.fail(join(where, key), "ожидалось целое число.")
        return value

    def list_(self, data: dict, key: str, where: str, item_type: type = str) -> tuple:
        value = data.get(key, [])
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, item_type) for v in value):
            raise self.fail(join(where, key), f"ожидался список ({item_type.__name__}).")
        return tuple(value)

    def unknown(self, data: dict, allowed: set[str], where: str) -> None:
        extra = sorted(set(data) - allowed)
        if extra:
            raise self.fail(join(where, extra[0]), "неизвестный ключ. Допустимые: " + ", ".join(sorted(allowed)) + ".")
