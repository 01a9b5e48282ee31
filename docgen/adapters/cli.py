"""Command line: `docgen …`. A thin adapter over docgen.api — parse, call, present.

Exit codes: 0 done, 1 the input has problems (registry, template, output), 2 wrong usage.
Only this module prints. Heavy modules (docxtpl, pymorphy3, calamine) are imported by the
API on first use, so `docgen --help` starts fast.

Why it is longer than the house's ~500 lines: it declares every command's options and help text
in Russian (the user's manual at the terminal) and formats each command's summary; it holds no
logic that could move below it, and splitting it by command would scatter the shared options.
"""

from __future__ import annotations

import atexit
import importlib.util
import json
import os
import signal
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.types

from docgen import __version__
from docgen.errors import DocgenError, OrderNumberNeeded, RegistryInvalid

if TYPE_CHECKING:
    from docgen.api import MakeResult, Selection


def _lazy(name: str) -> Any:
    """A module loaded on its first attribute access (the standard library's LazyLoader):
    ``docgen --help`` then costs click and this file, not the engine, the packs and lxml."""
    module = sys.modules.get(name)
    if module is not None:
        return module
    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.loader is not None, name
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module


api = _lazy("docgen.api")
lo_oxt = _lazy("docgen.adapters.lo.oxt")
field_reference = _lazy("docgen.packtools.fields")
_lint = _lazy("docgen.packtools.lint")
_preview = _lazy("docgen.packtools.preview")
_projection = _lazy("docgen.packtools.projection")
_scaffold = _lazy("docgen.packtools.scaffold")
_numbers = _lazy("docgen.ru.numbers")

_RU = {
    "Usage:": "Использование:",
    "Options": "Параметры",
    "Commands": "Команды",
    "Arguments": "Аргументы",
    "Show this message and exit.": "Показать эту справку и выйти.",
    "Show the version and exit.": "Показать версию и выйти.",
    "Error": "Ошибка",
    "Try {command!r} for help.": "Справка: {command!r}.",
    "Try '{command} {option}' for help.": "Справка: {command} {option}.",
    "Error: {message}": "Ошибка: {message}",
    "Invalid value: {message}": "Недопустимое значение: {message}",
    "Missing argument": "Не указан аргумент",
    "Missing option": "Не указан параметр",
    "Missing parameter": "Не указан параметр",
    "Missing parameter: {param_name}": "Не указан параметр: {param_name}",
    "No such option {name!r}.": "Нет такого параметра: {name!r}.",
    "No such command {name!r}.": "Нет такой команды: {name!r}.",
    "Could not open file {filename!r}: {message}": "Не удаётся открыть файл {filename!r}: {message}",
    "Did you mean {possibility}?": "Возможно, имелось в виду {possibility}?",
    "(Possible options: {possibilities})": "(возможные параметры: {possibilities})",
    "file": "Файл",
    "directory": "Папка",
    "path": "Путь",
    "{name} {filename!r} does not exist.": "{name} {filename!r} не существует.",
    "{name} {filename!r} is a file.": "{name} {filename!r} — это файл, а нужна папка.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} — это папка, а нужен файл.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} недоступен для чтения.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} недоступен для записи.",
    "(Did you mean one of: {possibilities}?)": "(Возможно, имелось в виду одно из: {possibilities}?)",
    "Missing argument {param_hint}.": "Не указан аргумент {param_hint}.",
    "Missing option {param_hint}.": "Не указан параметр {param_hint}.",
    "No such option: {name}": "Нет такого параметра: {name}",
    "Invalid value for {param_hint}: {message}": "Недопустимое значение {param_hint}: {message}",
    "Got unexpected extra argument ({args})": "Лишний аргумент: {args}",
    "Got unexpected extra arguments ({args})": "Лишние аргументы: {args}",
    "Option {name!r} requires an argument.": "Параметру {name!r} нужно значение.",
    "{name!r} is not a valid {type}.": "«{name}» — недопустимое значение.",
}


def _ru(message: str) -> str:
    return _RU.get(message, message)


def _russify_click() -> None:
    """click builds its texts with gettext; without a Russian catalogue we map the few we show."""
    for module in (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.types):
        if hasattr(module, "_"):
            module._ = _ru  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = lambda one, many, n: _ru(one if n == 1 else many)  # type: ignore[attr-defined]


_russify_click()


def _echo_err(text: str) -> None:
    click.echo(text, err=True)


def _run(func, *args, **kwargs):
    """Call the API; turn docgen's errors into a Russian message and an exit code."""
    try:
        return func(*args, **kwargs)
    except OrderNumberNeeded as exc:
        other = f" или --number {exc.alternative}" if exc.alternative else ""
        _echo_err(f"Ошибка: {exc} Номер указывается параметром --number, например --number {exc.number}{other}.")
        sys.exit(exc.exit_code)
    except DocgenError as exc:
        _echo_err(f"Ошибка: {exc}" if not isinstance(exc, RegistryInvalid) else str(exc))
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        _echo_err("Прервано. Незаконченные документы удалены.")
        sys.exit(130)
    except Exception as exc:  # a bug in docgen: no traceback (it could carry personal data)
        if os.environ.get("DOCGEN_DEBUG"):
            raise
        _echo_err(f"Внутренняя ошибка docgen ({type(exc).__name__}). Сообщите разработчикам; "
                  "подробности покажет запуск с переменной окружения DOCGEN_DEBUG=1.")
        sys.exit(3)


def _as_of(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return datetime.strptime(value, "%d.%m.%Y").date()
    except ValueError:
        raise click.BadParameter("дата пишется как ДД.ММ.ГГГГ") from None


PACKS = click.option("--pack", "pack_dirs", multiple=True, metavar="ПАПКА",
                     type=click.Path(path_type=Path),
                     help="Подключить набор шаблонов из папки (только шаблоны и схемы, без кода). "
                          "Можно повторять; ещё — переменная окружения DOCGEN_PACKS.")

AS_OF = click.option("--as-of", "as_of", metavar="ДД.ММ.ГГГГ", default=None,
                     help="На какую дату считать возраст (по умолчанию — сегодня).")


class _Progress:
    """A rich progress bar over the API's progress callback; silent with --quiet."""

    def __init__(self, quiet: bool):
        self.quiet = quiet
        self.bar: Any = None
        self.tasks: dict[str, int] = {}

    def __enter__(self):
        if not self.quiet:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn  # noqa: PLC0415 — not for --help
            self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                transient=True, console=None)
            self.bar.__enter__()
        return self

    def __call__(self, title: str, done: int, total: int) -> None:
        if self.bar is None:
            return
        if title not in self.tasks:
            self.tasks[title] = self.bar.add_task(title[:60], total=total)
        self.bar.update(self.tasks[title], completed=done)

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.__exit__(*exc)


def _places(places: list[str], shown: int = 6) -> str:
    """«Наставляемые!N3, Наставляемые!N5 … и ещё 12»."""
    text = ", ".join(places[:shown])
    return text + (f" и ещё {len(places) - shown}" if len(places) > shown else "")


def _parent_choice(value: str | None) -> str:
    """--parent: «первый» (or first), «каждый» (each), or a relation as «Кем приходится» spells it."""
    text = (value or "").strip().casefold()
    if text in ("", "первый", "first"):
        return api.PARENT_FIRST
    if text in ("каждый", "each", "все"):
        return api.PARENT_EACH
    return text


def _summary(result: MakeResult) -> None:
    titles = result.titles
    click.echo(f"Готово: {len(result.files)} док. за {result.seconds:.1f} с в папке {result.out_dir.resolve()}")
    if result.selection != "все строки":
        click.echo(f"  выбор: {result.selection}")
    for tid, n in result.counts.items():
        click.echo(f"  {n:5d}  {titles.get(tid, tid)}")
    for tid, why in result.skipped.items():
        click.echo(f"  пропущен: {titles.get(tid, tid)} — {why}")
    for path in result.print_files:
        click.echo(f"  для печати: {path.relative_to(result.out_dir)}")
    if result.pdfs:
        click.echo(f"  PDF: {len(result.pdfs)}")
    for line in result.registered:
        click.echo(f"  в журнал приказов записан {line}")
    if result.no_form:
        click.echo(f"  документ не сформирован — нет родителя, который должен подписать ({len(result.no_form)}):")
        for line in result.no_form:
            click.echo(f"    {line}")
    if result.issued:
        click.echo(f"  «Согласие выдано» отмечено: {len(result.issued)} ({_places(result.issued)})")
    if result.issued_already:
        click.echo(f"  «Согласие выдано» уже было заполнено и не изменено: {len(result.issued_already)} "
                   f"({_places(result.issued_already, 3)})")
    if result.issued_received:
        click.echo(f"  «Согласие выдано» не отмечено — согласие уже получено: {len(result.issued_received)} "
                   f"({_places(result.issued_received, 3)})")
    for old, new in result.kept.items():
        click.echo(f"  изменён после формирования и сохранён как есть: {old} — новый документ записан рядом: {new}")
    for note in result.recovered:
        click.echo(f"  после прерванного запуска: {note}")
    for path in result.extra:
        click.echo(f"  вывод расширения: {path.relative_to(result.out_dir)}")
    for path in result.attachments:
        click.echo(f"  таблица: {path.relative_to(result.out_dir).as_posix()}")
    if result.counted or result.broken:
        click.echo(f"  учтено реестров школ: {len(result.counted)}")
    for name, problems in result.broken.items():
        click.echo(f"  не учтён реестр {name}: проблем {len(problems)}")
        for line in problems[:_PLACES_SHOWN]:
            click.echo(f"    • {line}")
        if len(problems) > _PLACES_SHOWN:
            click.echo(f"    … и ещё {len(problems) - _PLACES_SHOWN} (все — на листе «Проблемы» сводной таблицы)")
    if result.manifest:
        click.echo(f"  опись: {result.manifest[0].relative_to(result.out_dir).as_posix()}")
    if result.archive:
        click.echo(f"  архив: {result.archive.name}")
    if result.warnings:
        click.echo(f"Предупреждения — документам не мешают ({len(result.warnings)}):")
        for line in _grouped(result.warnings):
            click.echo(f"  • {line}")


_PLACES_SHOWN = 8


def _grouped(problems: list[Any]) -> list[str]:
    """One line per message: the same advice on sixteen rows is said once, with its cells."""
    groups: dict[tuple[str, str, str], list[Any]] = {}
    for p in problems:
        groups.setdefault((p.sheet, p.column or "", p.message), []).append(p)
    lines = []
    for (sheet, column, message), items in groups.items():
        if len(items) == 1:
            lines.append(str(items[0]))
            continue
        cells = [p.cell or (f"строка {p.row}" if p.row else "") for p in items]
        shown = ", ".join(c for c in cells[:_PLACES_SHOWN] if c)
        more = f" и ещё {len(cells) - _PLACES_SHOWN}" if len(cells) > _PLACES_SHOWN else ""
        head = f"{sheet} («{column}»)" if column else sheet
        lines.append(f"{head}, {_numbers.count(len(items), 'ячейка', 'ячейки', 'ячеек')} ({shown}{more}): {message}")
    return lines


class _Command(click.Command):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[ПАРАМЕТРЫ]")
        super().__init__(*args, **kwargs)


class _Group(click.Group):
    command_class = _Command


@click.group(cls=_Group, options_metavar="[ПАРАМЕТРЫ]", subcommand_metavar="КОМАНДА [АРГУМЕНТЫ]...",
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(version=__version__, message="docgen %(version)s")
def cli() -> None:
    """docgen — документы целевой модели наставничества из одного реестра (.xlsx).

    Приказы, согласия на обработку персональных данных и другие документы
    заполняются из книги-реестра по шаблонам .docx.

    \b
    Начать:  docgen web               — страница в браузере: всё без командной строки
             docgen demo              — пример на вымышленной школе
             docgen init реестр.xlsx  — пустой реестр для своей школы
             docgen check реестр.xlsx — проверить реестр
    Район:   docgen demo --district   — пример района из 10 школ
             docgen svod -r район.xlsx реестры-школ/ -o справка — сводная справка
             docgen make order_intro -r реестр.xlsx -o документы
    Наборы:  docgen packs             — установленные наборы шаблонов
             docgen pack new ИМЯ      — свой набор (add, lint, text, preview — шаблон,
                                        проверка, текст для истории, картинки)
    """


@cli.command()
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("docgen-demo"), show_default=True, help="Папка для документов.")
@click.option("--district", is_flag=True,
              help="Пример района: документы района и сводная справка по реестрам его школ.")
@click.option("-q", "--quiet", is_flag=True, help="Без индикатора хода работы.")
@AS_OF
def demo(out_dir: Path, district: bool, quiet: bool, as_of: str | None) -> None:
    """Сформировать все документы по встроенному примеру реестра (школы или, с --district, района)."""
    if district:
        click.echo(f"Пример реестра района: {api.example_district()}; реестры школ: {api.example_schools()}")
    else:
        click.echo(f"Пример реестра: {api.example_registry()}")
    with _Progress(quiet) as progress:
        result = _run(api.demo, out_dir, as_of=_as_of(as_of), district=district, progress=progress)
    _summary(result)


@cli.command()
@click.argument("path", metavar="ФАЙЛ", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--district", is_flag=True,
              help="Реестр района (орган управления образованием, школы, муниципальная дорожная карта, "
                   "показатели, журнал приказов) вместо реестра школы.")
@PACKS
def init(path: Path, district: bool, pack_dirs: tuple[Path, ...]) -> None:
    """Создать пустой реестр ФАЙЛ со всеми листами, подсказками и листом «Генератор».

    .xlsx — обычная книга (всё работает); .xlsm — с кнопками для Excel (нужна надстройка
    xlwings); .ods — для LibreOffice (создаётся через LibreOffice; новые приказы в нём
    регистрирует только меню «Документы» в Calc).
    """
    created = _run(api.init, path, kind=api.DISTRICT if district else api.SCHOOL, pack_dirs=pack_dirs)
    click.echo(f"Создан пустой реестр{' района' if district else ''}: {created}. "
               f"Заполните листы и проверьте: docgen check {created}")
    if created.suffix.lower() == ".ods":
        click.echo("Реестр .ods: новые приказы в журнал «Приказы» записывает только меню «Документы» "
                   "LibreOffice Calc (docgen oxt). Команда docgen make и страница docgen web печатают приказы "
                   "с номером из журнала (--reprint) и черновики (--draft), но не регистрируют новые. "
                   "Всё работает в реестре .xlsx.")


@cli.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="Вывести в формате JSON.")
@PACKS
def list_(as_json: bool, pack_dirs: tuple[Path, ...]) -> None:
    """Показать шаблоны: код, название, вид документа и из чего он делается."""
    templates = _run(api.list_templates, pack_dirs)
    if as_json:
        click.echo(json.dumps([t.to_dict() for t in templates], ensure_ascii=False, indent=2))
        return
    for t in templates:
        click.echo(f"{t.id}\n    {t.title}\n    {t.kind_ru}; {t.source}")
        if t.replaces:
            plain = t.id.partition(":")[2] or t.id
            click.echo(f"    используется вместо {', '.join(t.replaces)} (по коду «{plain}»): {t.origin}")
        if t.replaced_by:
            click.echo(f"    не используется по коду «{t.id}»: его заменяет {t.replaced_by}")


@cli.command()
@click.argument("template_ids", nargs=-1, metavar="[ШАБЛОН]...")
@click.option("--all", "all_", is_flag=True, help="Все шаблоны.")
@click.option("--markdown", is_flag=True, help="Страница Markdown (как docs/ПОЛЯ.md).")
@PACKS
def fields(template_ids: tuple[str, ...], all_: bool, markdown: bool, pack_dirs: tuple[Path, ...]) -> None:
    """Поля шаблона: что пишется в {{ }} в Word, что это значит и откуда берётся."""
    if not template_ids and not all_:
        raise click.UsageError("Укажите код шаблона (docgen list) или --all.")
    ids = [] if all_ else list(template_ids)
    if markdown:
        click.echo(_run(field_reference.reference, ids, markdown=True, pack_dirs=pack_dirs), nl=False)
        return
    for ref, (title, rows) in _run(field_reference.reference, ids, pack_dirs=pack_dirs).items():
        click.echo(f"{ref} — {title}")
        for row in rows:
            click.echo(f"  {row.placeholder}\n      {row.meaning}\n      откуда: {row.source}")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Вывести в формате JSON.")
@PACKS
def packs(as_json: bool, pack_dirs: tuple[Path, ...]) -> None:
    """Показать наборы шаблонов: версии, откуда подключены, шаблоны; и почему набор не подключён."""
    found = _run(api.list_packs, pack_dirs)
    writers = _run(api.list_writers, pack_dirs)
    warnings = _run(api.plugin_warnings, pack_dirs)
    if as_json:
        click.echo(json.dumps({"packs": [p.to_dict() for p in found], "writers": writers,
                               "warnings": warnings}, ensure_ascii=False, indent=2))
        return
    for p in found:
        click.echo(f"{p.name} {p.version}".rstrip() + (f" — {p.title}" if p.title else ""))
        click.echo(f"    откуда: {p.origin}")
        if p.author or p.license:
            click.echo(f"    автор: {p.author or '—'}; лицензия: {p.license or '—'}")
        if p.requires:
            click.echo(f"    для docgen {p.requires}")
        if p.error:
            click.echo(f"    НЕ ПОДКЛЮЧЁН: {p.error}")
        else:
            click.echo(f"    шаблоны: {', '.join(p.templates)}")
            for ref, by in (p.replacing or {}).items():
                click.echo(f"    {ref} используется вместо {by}")
            for ref, by in (p.replaced or {}).items():
                click.echo(f"    {ref} заменён шаблоном {by}")
    for name, title in writers.items():
        click.echo(f"вывод --writer {name}: {title}")
    for line in warnings:
        click.echo(f"внимание: {line}")


@cli.command()
@click.option("-o", "--out", "out", type=click.Path(path_type=Path), default=Path("."), show_default=True,
              help="Папка для docgen.oxt.")
@click.option("--python", "python", metavar="ПУТЬ", help="Python, в котором установлен docgen (по умолчанию — этот).")
def oxt(out: Path, python: str | None) -> None:
    """Собрать расширение LibreOffice Calc (меню «Документы») — docgen.oxt.

    Установите его двойным щелчком или через «Сервис → Управление расширениями»
    и перезапустите LibreOffice. Не переименовывайте файл.
    """
    path = _run(lo_oxt.build, out, python=python)
    click.echo(f"Расширение: {path}. Установите его в LibreOffice и перезапустите LibreOffice; "
               "в Calc появится меню «Документы».")


@cli.command()
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default="свободный",
              help="Порт на 127.0.0.1.")
@click.option("--no-browser", is_flag=True, help="Не открывать браузер (адрес будет показан).")
def web(port: int, no_browser: bool) -> None:
    """Страница в браузере: выбрать реестр, проверить, сформировать и скачать документы.

    Работает только на этом компьютере (адрес 127.0.0.1); окно команды не закрывайте,
    пока работаете. Для тех, у кого Р7-Офис или МойОфис, и для всех, кто не любит командную строку.
    """
    from docgen.adapters.web import serve  # noqa: PLC0415 — Flask: only for this command

    try:
        serve(port, open_browser=not no_browser, say=lambda text: click.echo(text))
    except OSError as exc:
        _echo_err(f"Ошибка: страница не запущена: {exc}.")
        sys.exit(1)


@cli.group(cls=_Group, options_metavar="[ПАРАМЕТРЫ]", subcommand_metavar="КОМАНДА [АРГУМЕНТЫ]...")
def pack() -> None:
    """Свой набор шаблонов: создать, проверить, сделать картинки и текст шаблонов."""


@pack.command(name="new")
@click.argument("name", metavar="ИМЯ")
@click.option("--dir", "dest", type=click.Path(file_okay=False, path_type=Path),
              help="Папка проекта (по умолчанию — ./ИМЯ).")
@click.option("--title", default="", help="Название набора по-русски.")
@click.option("--author", default="", help="Автор или школа.")
def pack_new(name: str, dest: Path | None, title: str, author: str) -> None:
    """Создать набор ИМЯ: pyproject с точкой входа, шаблон со схемой, тест и README."""
    root = _run(_scaffold.new_pack, name, dest, title=title, author=author)
    click.echo(f"Создан набор «{name}» в папке {root}.")
    click.echo(f"  проверить:    docgen pack lint {root}")
    click.echo(f"  установить:   pip install {root}")
    click.echo(f"  без установки: docgen make {name}:spravka_mentor --pack {root} -r реестр.xlsx -o документы")
    click.echo(f"  новый шаблон: docgen pack add КОД {root}")


@pack.command(name="add")
@click.argument("template_id", metavar="КОД")
@click.argument("folder", metavar="[ПАПКА]", required=False, default=".",
                type=click.Path(file_okay=False, path_type=Path))
@click.option("--title", default="", help="Название документа по-русски (заголовок шаблона и схемы).")
def pack_add(template_id: str, folder: Path, title: str) -> None:
    """Добавить в набор шаблон КОД: templates/КОД.docx на общей основе (поля и шрифт по
    ГОСТ Р 7.0.97), схему schemas/КОД.yaml и текст шаблона templates/КОД.txt."""
    added = _run(_scaffold.add_template, folder, template_id, title=title)
    where = "" if str(folder) == "." else f" {folder}"
    click.echo(f"В набор «{added.pack}» добавлен шаблон «{added.template_id}»:")
    click.echo(f"  {added.docx} — откройте в Word и напишите текст; поля пишутся в {{{{ }}}}")
    click.echo(f"  {added.schema} — название, откуда берутся данные, описание полей")
    click.echo(f"  {added.projection} — текст шаблона для просмотра изменений")
    click.echo(f"После правки в Word: docgen pack text{where} и docgen pack lint{where}.")


@pack.command(name="lint")
@click.argument("folder", metavar="[ПАПКА]", required=False, default=".",
                type=click.Path(file_okay=False, path_type=Path))
@click.option("-r", "--registry", type=click.Path(dir_okay=False, path_type=Path),
              help="Реестр для проверочной отрисовки (по умолчанию — встроенный пример).")
@click.option("--json", "as_json", is_flag=True, help="Вывести проблемы в формате JSON.")
@AS_OF
def pack_lint(folder: Path, registry: Path | None, as_json: bool, as_of: str | None) -> None:
    """Проверить набор в ПАПКЕ: схемы, поля шаблонов, разбитые теги, блоки; отрисовать каждый шаблон."""
    report = _run(_lint.lint_pack, folder, registry_path=registry, as_of=_as_of(as_of))
    if as_json:
        click.echo(json.dumps({"pack": report.pack, "templates": report.templates, "rendered": report.rendered,
                               "problems": [p.to_dict() for p in report.problems]}, ensure_ascii=False, indent=2))
    else:
        for p in report.problems:
            click.echo(str(p))
        done = ", ".join(f"{t} — {n}" for t, n in report.rendered.items()) or "—"
        click.echo(f"Набор «{report.pack}»: шаблонов {len(report.templates)}; отрисовано документов: {done}.")
        click.echo(f"Ошибок: {len(report.errors)}, предупреждений: {len(report.warnings)}.")
    sys.exit(1 if report.errors else 0)


@pack.command(name="preview")
@click.argument("folder", metavar="[ПАПКА]", required=False, default=".",
                type=click.Path(file_okay=False, path_type=Path))
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Куда положить картинки (по умолчанию — ПАПКА/previews).")
@click.option("-r", "--registry", type=click.Path(dir_okay=False, path_type=Path),
              help="Реестр для примеров (по умолчанию — встроенный пример).")
@AS_OF
def pack_preview(folder: Path, out_dir: Path | None, registry: Path | None, as_of: str | None) -> None:
    """Картинки первой страницы каждого шаблона (LibreOffice → PDF → PNG) и галерея для README."""
    result = _run(_preview.preview_pack, folder, out_dir, registry_path=registry, as_of=_as_of(as_of))
    click.echo(f"Картинок: {len(result.images)} в папке {result.out_dir}; галерея: {result.gallery.name}.")
    for tid, why in result.skipped.items():
        click.echo(f"  без картинки: {tid} — {why}")
    if result.readme_updated:
        click.echo("  галерея вставлена в README.md (между метками docgen:gallery).")


_TEXT_STATES = {"missing": "нет файла .txt", "stale": ".txt устарел: шаблон изменён",
                "orphan": "шаблона .docx нет, лишний .txt"}
_TEXT_DONE = {"missing": "записан", "stale": "обновлён", "orphan": "удалён"}


@pack.command(name="text")
@click.argument("folder", metavar="[ПАПКА]", required=False, default=".",
                type=click.Path(file_okay=False, path_type=Path))
@click.option("--check", is_flag=True,
              help="Ничего не записывать, только проверить: код выхода 1, если текст какого-то шаблона "
                   "отсутствует или устарел.")
def pack_text(folder: Path, check: bool) -> None:
    """Текст шаблонов для просмотра изменений: рядом с каждым templates/ИМЯ.docx — ИМЯ.txt.

    В тексте — абзацы с полями и оформлением, таблицы по строкам, колонтитулы и диаграммы:
    по нему в истории изменений (git) видно, что поменялось внутри файла Word. После правки
    шаблона запустите эту команду и сохраните .txt вместе с .docx.
    """
    report = _run(_projection.update_projections, folder, check=check)
    again = "docgen pack text" + ("" if str(folder) == "." else f" {folder}")
    if check:
        if report.changes:
            click.echo(f"Текст шаблонов набора «{report.pack}» не соответствует шаблонам:")
            for c in report.changes:
                click.echo(f"  templates/{c.projection.name} — {_TEXT_STATES[c.state]}")
            click.echo(f"Обновите: {again} — и сохраните файлы .txt вместе с шаблонами .docx.")
            sys.exit(1)
        click.echo(f"Набор «{report.pack}»: текст всех шаблонов ({report.templates}) соответствует .docx.")
        return
    for c in report.changes:
        click.echo(f"  {_TEXT_DONE[c.state]} {c.projection}")
    if report.changes:
        click.echo(f"Набор «{report.pack}»: шаблонов {report.templates}, изменено текстов: {len(report.changes)}. "
                   "Сохраните файлы .txt вместе с шаблонами .docx.")
    else:
        click.echo(f"Набор «{report.pack}»: текст всех шаблонов ({report.templates}) уже соответствует .docx.")


@cli.command()
@click.argument("registry", metavar="РЕЕСТР", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--for", "templates", multiple=True, metavar="ШАБЛОН",
              help="Проверить для этих документов (коды из docgen list; можно повторять): проблемы в том, "
                   "что они не читают, — предупреждения. По умолчанию — для всех шаблонов.")
@click.option("--json", "as_json", is_flag=True, help="Вывести проблемы в формате JSON.")
@AS_OF
@PACKS
def check(registry: Path, templates: tuple[str, ...], as_json: bool, as_of: str | None,
          pack_dirs: tuple[Path, ...]) -> None:
    """Проверить РЕЕСТР (.xlsx, .xlsm, .ods) и показать все проблемы сразу.

    Ошибки мешают документам, которые читают эти данные (у каждой сказано, каким);
    предупреждения документам не мешают. Код выхода 1 — если есть ошибки.
    """
    problems = _run(api.check, registry, as_of=_as_of(as_of), pack_dirs=pack_dirs, templates=list(templates))
    errors = [p for p in problems if not p.is_warning]
    warnings = [p for p in problems if p.is_warning]
    if as_json:
        click.echo(json.dumps([p.to_dict() for p in problems], ensure_ascii=False, indent=2))
    else:
        listed = _run(api.list_templates, pack_dirs)  # «всем документам»: all of the registry's kind
        kinds = {t.registry for t in listed if any(t.id in p.blocks for p in errors)} or {api.SCHOOL}
        total = len(templates) or sum(1 for t in listed if t.registry in kinds)
        if errors:
            click.echo(f"Ошибки — мешают документам ({len(errors)}):")
            for p in errors:
                click.echo(f"  • {p} ({api.blocks_text(p, total)})")
        if warnings:
            click.echo(f"Предупреждения — документам не мешают ({len(warnings)}):")
            for p in warnings:
                click.echo(f"  • {p}")  # docgen check lists every cell: it is the list to work through
        if not problems:
            click.echo(f"Реестр {registry.name} проверен: проблем нет.")
        elif not errors:
            click.echo(f"Реестр {registry.name} проверен: ошибок нет.")
    sys.exit(1 if errors else 0)


@cli.command(epilog="""\b
Примеры:
  docgen svod -r район.xlsx реестры-школ/ -o справка
  docgen svod -r район.xlsx школа1.xlsx школа2.xlsx -o справка --strict
  docgen svod -r район.xlsx реестры-школ/ -o документы district_order_roadmap district_letter_schools""")
@click.argument("schools", nargs=-1, required=True, metavar="РЕЕСТРЫ_ШКОЛ...",
                type=click.Path(exists=False, path_type=Path))
@click.option("-r", "--registry", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Реестр района (docgen init --district).")
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Папка для справки и таблиц.")
@click.option("-t", "--template", "template_ids", multiple=True, metavar="ШАБЛОН",
              help="Ещё и эти документы района из того же реестра (коды из docgen list). Можно повторять.")
@click.option("--strict", is_flag=True,
              help="Если хоть один реестр школы с ошибками — ничего не формировать (по умолчанию такой "
                   "реестр называется в сводке и не учитывается, остальные учитываются).")
@click.option("--merge", is_flag=True, help="Ещё и один файл для печати всех документов.")
@click.option("--pdf", is_flag=True, help="PDF через LibreOffice.")
@click.option("--zip", "zip_", is_flag=True, help="Всё сформированное — ещё и одним архивом .zip.")
@click.option("--no-manifest", is_flag=True, help="Не составлять опись.")
@PACKS
@click.option("-q", "--quiet", is_flag=True, help="Без индикатора хода работы.")
@AS_OF
def svod(schools: tuple[Path, ...], registry: Path, out_dir: Path, template_ids: tuple[str, ...], strict: bool,
         merge: bool, pdf: bool, zip_: bool, no_manifest: bool, pack_dirs: tuple[Path, ...], quiet: bool,
         as_of: str | None) -> None:
    """Свести реестры школ района в аналитическую справку, сводную таблицу и сводный реестр.

    РЕЕСТРЫ_ШКОЛ — файлы реестров школ и папки с ними. Каждый реестр проверяется, как
    docgen check; реестр с ошибками называется (файл, лист, ячейка) и не учитывается,
    остальные учитываются. Школы сопоставляются с листом «Школы» реестра района по ИНН.
    Приказы района среди -t печатаются с номером из журнала (без новой записи).
    """
    outputs = api.Outputs(merge=merge, pdf=pdf, zip=zip_, manifest=not no_manifest)
    with _Progress(quiet) as progress:
        result = _run(api.svod, registry, list(schools), out_dir, template_ids=list(template_ids),
                      as_of=_as_of(as_of), strict=strict, outputs=outputs, progress=progress, pack_dirs=pack_dirs)
    _summary(result)


def _selection(rows: str | None, where: tuple[str, ...], people: tuple[str, ...], minors: bool | None,
               without_consent: bool) -> Selection:
    return _run(api.Selection.parse, rows=rows, where=where, people=people, minors=minors,
                without_consent=without_consent)


@cli.command(epilog="""\b
Примеры:
  docgen make consent_parent -r реестр.xlsx -o согласия --where "Класс=7А" --merge --duplex
  docgen make consent_parent -r реестр.xlsx -o согласия --without-consent --pdf --zip
  docgen make consent_parent -r реестр.xlsx -o согласия --person "Иванов Иван" --person У-012
  docgen make consent_parent -r реестр.xlsx -o согласия --where "Класс=7А" --parent каждый --record-issued
  docgen make order_intro -r реестр.xlsx -o приказы             (новый номер в журнале)
  docgen make order_intro -r реестр.xlsx -o приказы --reprint   (номер из журнала)
  docgen make order_intro -r реестр.xlsx -o приказы --draft     (черновик без номера)
  docgen make ensk:order_intro --pack ./ensk -r реестр.xlsx -o приказы  (шаблон из набора)""")
@click.argument("template_ids", nargs=-1, required=True, metavar="ШАБЛОН...")
@click.option("-r", "--registry", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Файл реестра (.xlsx, .xlsm, .ods).")
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Папка для документов.")
@click.option("--rows", metavar="12-40", help="Только строки листа с этими номерами (как в Excel).")
@click.option("--where", "where", multiple=True, metavar="'Столбец=значение'",
              help="Условие по столбцу реестра, например «Класс=7А», «Форма наставничества=ученик – ученик», "
                   "«Согласие на обработку ПД получено=пусто». Несколько значений — через «;». "
                   "Можно повторять.")
@click.option("--person", "people", multiple=True, metavar="ФИО|КОД",
              help="Только этот человек (код или ФИО). Можно повторять.")
@click.option("--minors", "minors", flag_value=True, default=None, help="Только несовершеннолетние.")
@click.option("--adults", "minors", flag_value=False, help="Только совершеннолетние.")
@click.option("--without-consent", is_flag=True, help="Только те, от кого согласие ещё не получено.")
@click.option("--merge", is_flag=True,
              help="Ещё и один файл для печати: все документы подряд, каждый с новой страницы.")
@click.option("--duplex", is_flag=True,
              help="Файл для двусторонней печати: каждый документ с нечётной страницы (номера страниц в нём "
                   "не печатаются).")
@click.option("--pdf", is_flag=True, help="PDF через LibreOffice: файла для печати, а без --merge — каждого документа.")
@click.option("--zip", "zip_", is_flag=True, help="Всё сформированное — ещё и одним архивом .zip.")
@click.option("--no-manifest", is_flag=True, help="Не составлять опись (по умолчанию опись .xlsx и .csv с SHA-256).")
@click.option("--number", metavar="НОМЕР", help="Номер приказа вместо предложенного (например 42-од).")
@click.option("--date", "order_date", metavar="ДД.ММ.ГГГГ", help="Дата приказа (по умолчанию — сегодня).")
@click.option("--reprint", is_flag=True, help="Приказ с номером и датой из журнала, без новой записи в журнал.")
@click.option("--draft", is_flag=True, help="Черновик приказа на согласование: «№ ____», журнал не меняется.")
@click.option("--parent", "parent", metavar="первый|каждый|мать|отец|…",
              help="Кто подписывает согласия и соглашения за ребёнка: первый указанный на листе «Родители» "
                   "(по умолчанию), каждый родитель (по документу на каждого) или родитель с этим значением "
                   "«Кем приходится» (мать, отец, опекун, попечитель, приёмный родитель); у кого такого нет — "
                   "документа нет, итог называет этих детей.")
@click.option("--record-issued", is_flag=True,
              help="Записать сегодняшнюю дату (или --as-of) в «Согласие выдано» у тех, кому напечатано согласие "
                   "на обработку, — только в пустые ячейки; реестр (.xlsx, .xlsm) записывается так же "
                   "безопасно, как журнал приказов, с резервной копией.")
@click.option("--writer", "writers", multiple=True, metavar="ИМЯ",
              help="Дополнительный вывод из установленного набора (список — docgen packs). Можно повторять.")
@PACKS
@click.option("-q", "--quiet", is_flag=True, help="Без индикатора хода работы.")
@AS_OF
def make(template_ids: tuple[str, ...], registry: Path, out_dir: Path, rows: str | None, where: tuple[str, ...],
         people: tuple[str, ...], minors: bool | None, without_consent: bool, merge: bool, duplex: bool,
         pdf: bool, zip_: bool, no_manifest: bool, number: str | None, order_date: str | None, reprint: bool,
         draft: bool, parent: str | None, record_issued: bool, writers: tuple[str, ...], pack_dirs: tuple[Path, ...],
         quiet: bool, as_of: str | None) -> None:
    """Сформировать документы по шаблонам ШАБЛОН... (коды из docgen list).

    Документы пишутся во временную папку и появляются в папке -o только
    целиком; при ошибке или Ctrl-C ничего не остаётся и журнал приказов не меняется.
    """
    selection = _selection(rows, where, people, minors, without_consent)
    outputs = api.Outputs(merge=merge, duplex=duplex, pdf=pdf, zip=zip_, manifest=not no_manifest,
                          writers=writers)
    orders = api.OrderOptions(register=not reprint, number=number, date=_as_of(order_date), draft=draft)
    with _Progress(quiet) as progress:
        result = _run(api.make, list(template_ids), registry, out_dir, as_of=_as_of(as_of), select=selection,
                      outputs=outputs, orders=orders, progress=progress, pack_dirs=pack_dirs,
                      consents=api.ConsentOptions(parent=_parent_choice(parent), record_issued=record_issued))
    _summary(result)


def _terminate(signum, frame) -> None:
    """SIGTERM (`kill`) and SIGHUP (the terminal closed) end the run like Ctrl-C: the batch's
    staging is removed and LibreOffice is stopped."""
    raise KeyboardInterrupt


def main() -> None:
    signal.signal(signal.SIGTERM, _terminate)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, _terminate)
    try:
        cli(prog_name="docgen", standalone_mode=True)
    except KeyboardInterrupt:
        _echo_err("Прервано.")
        sys.exit(130)
    except Exception as exc:  # outside the API calls (summary, progress bar): still no traceback
        if os.environ.get("DOCGEN_DEBUG"):
            raise
        _echo_err(f"Внутренняя ошибка docgen ({type(exc).__name__}). Сообщите разработчикам; "
                  "подробности покажет запуск с переменной окружения DOCGEN_DEBUG=1.")
        sys.exit(3)


def script() -> None:
    """The ``docgen`` command: :func:`main`, then leave without Python's own teardown.

    At exit CPython takes apart every module and everything it still holds (the catalog, the
    compiled templates, pymorphy3's dictionaries): measured 0.1 s after a batch of 1000 — a
    tenth of the whole run (issue 19). Nothing of docgen's needs it: files are closed and the
    staging folder removed by context managers before :func:`main` returns. So the streams are
    flushed and the exit handlers run here (the web page's closing, logging), then the process
    ends. An exception other than SystemExit (``DOCGEN_DEBUG``) leaves the usual way, with its
    traceback."""
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = _exit_status(exc.code)
    leave(code)


def _exit_status(code: object) -> int:
    """What Python's own exit makes of ``SystemExit(code)``: the text of a non-number goes to
    the error stream and the status is 1."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def leave(code: int) -> None:
    """End the process now: flush the streams, run the exit handlers, skip the teardown."""
    atexit._run_exitfuncs()
    if "logging" in sys.modules:
        sys.modules["logging"].shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`docgen list | head`): as Python's own exit says it
            code = code or 120
    os._exit(code)


if __name__ == "__main__":
    script()
