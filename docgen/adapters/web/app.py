"""The page's routes (Flask): read the form, call :mod:`docgen.api` through the state, show the answer.

Every request must come to ``127.0.0.1``/``localhost`` on our port (the Host header: a page of
another site renamed to point here — DNS rebinding — is refused) from a browser that opened the
address with its key (a cookie); every form must carry the page's token and come from the page's
own origin (Origin/Referer). Pages and downloads are never cached and load nothing from elsewhere
(Content-Security-Policy: 'self' only).
"""

from __future__ import annotations

import re
import secrets
import shutil
from datetime import date, datetime
from pathlib import Path
from typing import Any

from flask import Flask, abort, jsonify, redirect, render_template, request, send_file, url_for
from werkzeug.utils import secure_filename

from docgen import api
from docgen.adapters.web.state import Job, Registry, State
from docgen.errors import DocgenError, OrderNumberNeeded

COOKIE = "docgen_key"
SUFFIXES = (".xlsx", ".xlsm", ".ods")
MAX_UPLOAD = 100 * 1024 * 1024
CSP = ("default-src 'none'; img-src 'self'; style-src 'self'; script-src 'self'; connect-src 'self'; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
AGES = {"all": None, "minors": True, "adults": False}
# the catalog's groups on the page, in the order a school needs them
KINDS = {"order": "Приказы", "consent": "Согласия", "agreement": "Соглашения", "regulation": "Положения",
         "roadmap": "Дорожные карты", "plan": "Планы и программы", "protocol": "Протоколы",
         "form": "Формы, анкеты, памятки", "list": "Списки и реестры", "report": "Отчёты", "letter": "Письма"}


def _upload_name(filename: str) -> str:
    """A safe file name that keeps Russian letters (Werkzeug's secure_filename drops them)."""
    name = Path(filename.replace("\\", "/")).name
    name = re.sub(r'[\x00-\x1f<>:"/\\|?*]', "_", name).strip(" .")
    return name[:120] or secure_filename(filename) or "реестр.xlsx"


def create_app(state: State) -> Flask:
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_UPLOAD
    app.config["DOCGEN_PORT"] = 0
    app.jinja_env.globals.update(csrf=state.csrf)

    # ------------------------------------------------------------------ the guards

    def _origins() -> set[str]:
        port = app.config["DOCGEN_PORT"]
        return {f"http://127.0.0.1:{port}", f"http://localhost:{port}"}

    @app.before_request
    def guard() -> Any:
        port = app.config["DOCGEN_PORT"]
        if request.host not in {f"127.0.0.1:{port}", f"localhost:{port}"}:
            abort(403, "Страница docgen открывается только по адресу 127.0.0.1 этого компьютера.")
        if request.endpoint == "static":
            return None
        key = request.args.get("k")
        if key is not None and secrets.compare_digest(key, state.secret) and request.method == "GET":
            response = redirect(url_for("start"))
            response.set_cookie(COOKIE, state.secret, httponly=True, samesite="Strict", path="/")
            return response
        if not secrets.compare_digest(request.cookies.get(COOKIE, ""), state.secret):
            abort(403, "Откройте страницу по адресу, который показала команда docgen web "
                       "(в нём есть ключ ?k=…).")
        if request.method == "POST":
            origin = request.headers.get("Origin") or _origin_of(request.headers.get("Referer", ""))
            if origin not in _origins():
                abort(403, "Запрос пришёл не со страницы docgen и отклонён.")
            if not secrets.compare_digest(request.form.get("csrf", ""), state.csrf):
                abort(403, "Форма устарела или пришла не со страницы docgen. Обновите страницу и повторите.")
        return None

    @app.after_request
    def headers(response: Any) -> Any:
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Frame-Options"] = "DENY"
        if request.endpoint != "static":
            response.headers["Cache-Control"] = "no-store"
        return response

    @app.errorhandler(403)
    def refused(error: Any) -> Any:
        return render_template("message.html", title="Доступ запрещён", text=error.description), 403

    @app.errorhandler(404)
    def missing(error: Any) -> Any:
        return render_template("message.html", title="Не найдено",
                               text="Такой страницы нет: возможно, docgen был перезапущен. Начните с главной."), 404

    @app.errorhandler(413)
    def too_big(error: Any) -> Any:
        return render_template("message.html", title="Файл слишком большой",
                               text=f"Реестр больше {MAX_UPLOAD // 1024 // 1024} МБ не принимается."), 413

    # ------------------------------------------------------------------ choosing the registry

    def _registry(rid: str) -> Registry:
        reg = state.registries.get(rid)
        if reg is None:
            abort(404)
        return reg

    @app.get("/")
    def start() -> Any:
        return render_template("start.html", registries=list(state.registries.values()), error="",
                               path_value="")

    @app.post("/registry/upload")
    def upload() -> Any:
        file = request.files.get("registry")
        if file is None or not file.filename:
            return _start_error("Выберите файл реестра (.xlsx, .xlsm или .ods).")
        name = _upload_name(file.filename)
        if Path(name).suffix.lower() not in SUFFIXES:
            return _start_error(f"«{name}» — не книга .xlsx, .xlsm или .ods.")
        reg = state.add_upload(name, file.save)
        return redirect(url_for("registry", rid=reg.id))

    @app.post("/registry/path")
    def by_path() -> Any:
        text = request.form.get("path", "").strip().strip('"')
        path = Path(text).expanduser()
        if not text:
            return _start_error("Впишите путь к файлу реестра.", text)
        if not path.is_absolute():
            return _start_error("Укажите полный путь, например C:\\Документы\\реестр.xlsx.", text)
        if not path.is_file():
            return _start_error(f"Файла «{path}» нет на этом компьютере.", text)
        if path.suffix.lower() not in SUFFIXES:
            return _start_error(f"«{path.name}» — не книга .xlsx, .xlsm или .ods.", text)
        reg = state.add_path(path)
        return redirect(url_for("registry", rid=reg.id))

    @app.post("/registry/example")
    def example() -> Any:
        source = api.example_registry()
        reg = state.add_upload("пример-реестр.xlsx", lambda p: shutil.copyfile(source, p))
        return redirect(url_for("registry", rid=reg.id))

    def _start_error(text: str, path_value: str = "") -> Any:
        return render_template("start.html", registries=list(state.registries.values()), error=text,
                               path_value=path_value), 400

    # ------------------------------------------------------------------ the registry's page

    @app.get("/r/<rid>")
    def registry(rid: str) -> Any:
        return _registry_page(_registry(rid))

    def _registry_page(reg: Registry, *, form: dict[str, Any] | None = None, error: str = "",
                       need: OrderNumberNeeded | None = None, status: int = 200) -> Any:
        templates = api.list_templates()
        by_kind: dict[str, list[api.TemplateInfo]] = {}
        for t in templates:
            if not t.replaced_by and t.registry == api.SCHOOL:  # the page reads a school's registry
                by_kind.setdefault(t.kind, []).append(t)
        order = list(KINDS)
        groups = [(KINDS.get(kind, items[0].kind_ru.capitalize()), items)
                  for kind, items in sorted(by_kind.items(), key=lambda kv: (order.index(kv[0]) if kv[0] in order
                                                                              else len(order), kv[0]))]
        classes: list[str] = []
        proposal = None
        try:
            classes = api.column_values(reg.path, "Класс")
            proposal = api.order_proposal(reg.path)
        except DocgenError:
            pass  # the check shows why; the page still offers everything else
        busy = reg.lock.locked()
        running = next((j for j in reg.jobs if j.status == "running"), None)
        return render_template("registry.html", reg=reg, groups=groups, classes=classes, proposal=proposal,
                               form=form or {}, error=error, need=need, busy=busy, running=running,
                               today=f"{date.today():%d.%m.%Y}", pdf=api.pdf_available(),
                               relations=api.parent_relations(),
                               previews={t.id for t in templates if api.template_preview(t.id) is not None},
                               ), status

    @app.post("/r/<rid>/check")
    def check(rid: str) -> Any:
        reg = _registry(rid)
        if not reg.lock.acquire(blocking=False):
            return _registry_page(reg, error="С этим реестром уже идёт работа: дождитесь её окончания.", status=409)
        try:
            state.check(reg)
        finally:
            reg.lock.release()
        return redirect(url_for("registry", rid=rid) + "#check")

    @app.post("/r/<rid>/make")
    def make(rid: str) -> Any:
        reg = _registry(rid)
        form = {k: request.form.getlist(k) if k in ("template", "class") else request.form.get(k, "")
                for k in request.form}
        chosen = request.form.getlist("template")
        if not chosen:
            return _registry_page(reg, form=form, error="Отметьте хотя бы один документ.", status=400)
        templates = {t.id: t for t in api.list_templates()}
        unknown = [t for t in chosen if t not in templates]
        if unknown:
            return _registry_page(reg, form=form, error=f"Нет шаблона «{unknown[0]}».", status=400)
        try:
            options = _make_options(reg, [templates[t] for t in chosen])
        except _Ask as ask:
            return _registry_page(reg, form=form, error=ask.text, need=ask.need, status=400)
        except DocgenError as exc:
            return _registry_page(reg, form=form, error=str(exc), status=400)
        if not reg.lock.acquire(blocking=False):
            return _registry_page(reg, form=form, error="С этим реестром уже идёт работа: дождитесь её окончания.",
                                  status=409)
        job = state.start_job(reg, chosen, [templates[t].title for t in chosen], **options)
        return redirect(url_for("job", rid=rid, jid=job.id))

    def _make_options(reg: Registry, chosen: list[api.TemplateInfo]) -> dict[str, Any]:
        f = request.form
        rows_wanted = any(t.rows for t in chosen)
        where = []
        classes = [c for c in f.getlist("class") if c]
        if classes and rows_wanted:
            where.append("Класс=" + ";".join(classes))
        people = [line.strip() for line in re.split(r"[\r\n]+", f.get("people", "")) if line.strip()]
        select = None
        if rows_wanted:
            select = api.Selection.parse(rows=f.get("rows") or None, where=where, people=people,
                                         minors=AGES.get(f.get("age", "all")),
                                         without_consent=bool(f.get("without_consent")))
            if select.is_empty():
                select = None
        outputs = api.Outputs(merge=bool(f.get("merge")) or bool(f.get("duplex")), duplex=bool(f.get("duplex")),
                              pdf=bool(f.get("pdf")), zip=True)
        orders = api.OrderOptions(register=False, draft=True)
        if any(t.order for t in chosen):
            orders = _order_options(reg, [t for t in chosen if t.order])
        parent = f.get("parent") or api.PARENT_FIRST
        consents = api.ConsentOptions(parent=parent, record_issued=bool(f.get("record_issued")))
        return {"select": select, "outputs": outputs, "orders": orders, "consents": consents}

    def _order_options(reg: Registry, chosen: list[api.TemplateInfo]) -> api.OrderOptions:
        f = request.form
        mode = f.get("order_mode", "new")
        on = _date(f.get("order_date", ""))
        if mode == "draft":
            return api.OrderOptions(register=False, draft=True, date=on)
        if mode == "reprint":
            return api.OrderOptions(register=False)
        start = {"restart": api.YEAR_RESTART, "continue": api.YEAR_CONTINUE}.get(f.get("year_start", ""))
        number = f.get("order_number", "").strip()
        proposal = api.order_proposal(reg.path, on, year_start=start)
        if not proposal.confirmed and not (f.get("year_start") == "own" and number):
            need = OrderNumberNeeded(proposal.why, number=proposal.number, alternative=proposal.alternative,
                                     new_year=proposal.new_year)
            raise _Ask("Подтвердите номер приказа: " + proposal.why, need)
        if number and (number != proposal.number or not proposal.confirmed):
            if len(chosen) > 1:
                raise _Ask("Свой номер можно указать, когда формируется один приказ: отметьте один приказ "
                           "или оставьте предложенный номер.", None)
            return api.OrderOptions(number=number, date=on)
        return api.OrderOptions(date=on, year_start=start)

    def _date(text: str) -> date | None:
        text = text.strip()
        if not text:
            return None
        for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
            try:
                return datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        raise _Ask(f"Дата приказа «{text}» не понята: пишите ДД.ММ.ГГГГ, например 01.09.2026.", None)

    # ------------------------------------------------------------------ jobs and downloads

    def _job(rid: str, jid: str) -> Job:
        job = state.jobs.get(jid)
        if job is None or job.registry.id != rid:
            abort(404)
        return job

    @app.get("/r/<rid>/job/<jid>")
    def job(rid: str, jid: str) -> Any:
        return render_template("job.html", job=_job(rid, jid), reg=_registry(rid))

    @app.get("/r/<rid>/job/<jid>/status")
    def job_status(rid: str, jid: str) -> Any:
        j = _job(rid, jid)
        return jsonify(status=j.status, step=j.step, done=j.done, total=j.total)

    @app.get("/r/<rid>/job/<jid>/file/<int:n>")
    def download(rid: str, jid: str, n: int) -> Any:
        j = _job(rid, jid)
        if not 0 <= n < len(j.downloads):
            abort(404)
        path = j.downloads[n].path
        inside = (state.root.resolve() in path.resolve().parents) or path == j.registry.path
        if not inside or not path.is_file():
            abort(404)
        return send_file(path, as_attachment=True, download_name=path.name, max_age=0)

    @app.get("/preview/<path:template_id>.png")
    def preview(template_id: str) -> Any:
        try:
            path = api.template_preview(template_id)
        except DocgenError:
            path = None
        if path is None:
            abort(404)
        return send_file(path, mimetype="image/png", max_age=3600)

    @app.post("/quit")
    def quit_() -> Any:
        stop = app.config.get("DOCGEN_STOP")
        if stop is not None:
            stop()
        return render_template("message.html", title="docgen завершён",
                               text="Страница остановлена, временные файлы удалены. Это окно можно закрыть.")

    return app


class _Ask(Exception):
    """The form needs one more answer from the user (shown above the form)."""

    def __init__(self, text: str, need: OrderNumberNeeded | None):
        super().__init__(text)
        self.text, self.need = text, need


def _origin_of(url: str) -> str:
    m = re.match(r"^(https?://[^/]+)", url)
    return m.group(1) if m else ""


