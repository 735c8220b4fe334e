"""Exam settings, the bank as a zip, GIFT / Moodle XML imports; nested in the admin blueprint."""

from __future__ import annotations

import base64
import binascii

import yaml
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from ...bank.loader import BankInvalid
from ...clock import now
from . import bp, imports, settings, store, transfer, uploads
from .field_errors import Conflict, SaveRejected
from .formats import FileRejected
from .forms import ConfirmImportForm, QuestionImportForm, SettingsForm, ZipImportForm
from .questions import NotFound, NothingChanged
from .routes import write_failed


def _author():
    return current_user._get_current_object()


# --- exam settings ----------------------------------------------------------------------------


@bp.route("/bank/settings", methods=["GET", "POST"], endpoint="settings")
def edit_settings():
    try:
        state = settings.current()
    except (OSError, ValueError, yaml.YAMLError) as exc:
        flash(_("exam.yaml не читается: %(error)s", error=exc), "error")
        return redirect(url_for("admin.bank.index"))
    form = SettingsForm()
    general: list[str] = []
    status = 200
    if request.method == "GET":
        form.fill(settings.draft_of(state.settings), state.token)
    elif form.validate_on_submit():
        try:
            settings.save(form.token.data or "", form.draft(), _author())
        except Conflict:
            general.append(
                _(
                    "Настройки изменились с тех пор, как вы открыли страницу: сохранение "
                    "отклонено. Откройте страницу заново и повторите изменения."
                )
            )
            status = 409
        except SaveRejected as exc:
            for key, messages in exc.errors.items():
                if key in form and key not in ("token", "csrf_token"):
                    form[key].errors = [*form[key].errors, *messages]
                else:
                    general += messages
            status = 400
        except NothingChanged:
            flash(_("Изменений нет: файл не перезаписан."), "info")
            return redirect(url_for("admin.bank.settings"))
        except OSError as exc:
            general.append(write_failed(exc))
            status = 500
        else:
            flash(_("Настройки экзамена сохранены."), "success")
            return redirect(url_for("admin.bank.settings"))
    else:
        status = 400
    return render_template(
        "admin/bank/settings.html", form=form, state=state, general=general
    ), status


# --- zip export and import -------------------------------------------------------------------


@bp.get("/bank/export.zip")
def export():
    data = transfer.export_zip()
    stamp = now().strftime("%Y%m%d-%H%M")
    return Response(
        data,
        mimetype="application/zip",
        headers={"Content-Disposition": f'attachment; filename="question_bank-{stamp}.zip"'},
    )


def _decode(payload: str) -> bytes:
    try:
        return base64.b64decode(payload.encode("ascii"), validate=True)
    except (binascii.Error, ValueError, UnicodeEncodeError):
        abort(400)


@bp.route("/bank/import", methods=["GET", "POST"])
def import_zip():
    form = ZipImportForm()
    confirm = ConfirmImportForm(formdata=None)
    context: dict = {"form": form, "confirm": confirm, "plan": None, "errors": [], "done": False}
    if request.method == "GET":
        return render_template("admin/bank/import_zip.html", **context)
    confirming = request.form.get("confirm") == "1"
    if confirming:
        confirm = ConfirmImportForm()
        if not confirm.validate_on_submit():
            abort(400)
        data = uploads.read(confirm.payload.data or "")
        if data is None:
            context["errors"] = [
                _("Проверенный архив больше не хранится на сервере: загрузите его ещё раз.")
            ]
            return render_template("admin/bank/import_zip.html", **context), 400
        token, dry_run = confirm.token.data, False
    else:
        if not form.validate_on_submit():
            return render_template("admin/bank/import_zip.html", **context), 400
        data, token = form.archive.data.read(), None
        dry_run = request.form.get("action") != "import"
    try:
        plan = transfer.plan(data) if dry_run else transfer.apply(data, token, _author())
    except transfer.ZipRejected as exc:
        context["errors"] = exc.messages
        return render_template("admin/bank/import_zip.html", **context), 400
    except OSError as exc:
        context["errors"] = [write_failed(exc)]
        return render_template("admin/bank/import_zip.html", **context), 500
    except Conflict:
        context["errors"] = [
            _("Банк изменился после пробного запуска: загрузите архив и проверьте его ещё раз.")
        ]
        return render_template("admin/bank/import_zip.html", **context), 409
    if not dry_run:
        uploads.discard(confirm.payload.data)
        if plan.has_changes:
            flash(_("Банк заменён содержимым архива."), "success")
        else:
            flash(_("Архив совпадает с текущим банком: ничего не изменилось."), "info")
        return redirect(url_for("admin.bank.index"))
    # The archive stays on the server under its hash: the confirmation posts 64 characters,
    # not the archive again (which could pass the request size limit the upload just met).
    confirm.payload.data = uploads.keep(data)
    confirm.token.data = plan.token
    context.update(plan=plan, confirm=confirm)
    return render_template("admin/bank/import_zip.html", **context)


# --- GIFT and Moodle XML -------------------------------------------------------------------


def _block_choices() -> list[SelectChoice]:
    try:
        bank = store.current_bank()
    except BankInvalid:
        return []
    return [SelectChoice(lb.block.id, lb.block.title) for lb in bank.blocks]


@bp.route("/bank/import/questions", methods=["GET", "POST"])
def import_questions():
    form = QuestionImportForm()
    form.block.choices = _block_choices()
    if request.method == "GET" and request.args.get("block"):
        form.block.data = request.args["block"]
    confirm = ConfirmImportForm(formdata=None)
    context: dict = {"form": form, "confirm": confirm, "plan": None, "errors": []}
    if request.method == "GET":
        return render_template("admin/bank/import_questions.html", **context)
    if request.form.get("confirm") == "1":
        confirm = ConfirmImportForm()
        if not confirm.validate_on_submit() or confirm.format.data not in imports.FORMATS:
            abort(400)
        data = _decode(confirm.payload.data or "")
        fmt, block_id, token, dry_run = (
            confirm.format.data,
            confirm.block.data or "",
            confirm.token.data,
            False,
        )
    else:
        if not form.validate_on_submit():
            return render_template("admin/bank/import_questions.html", **context), 400
        data = form.source.data.read()
        fmt, block_id, token = form.format.data, form.block.data, None
        dry_run = request.form.get("action") != "import"
    try:
        if dry_run:
            plan = imports.plan(fmt, data, block_id)
        else:
            plan = imports.apply(fmt, data, block_id, token, _author())
    except NotFound:
        abort(404)
    except FileRejected as exc:
        context["errors"] = [str(exc)]
        return render_template("admin/bank/import_questions.html", **context), 400
    except SaveRejected as exc:
        context["errors"] = [m for messages in exc.errors.values() for m in messages]
        return render_template("admin/bank/import_questions.html", **context), 400
    except OSError as exc:
        context["errors"] = [write_failed(exc)]
        return render_template("admin/bank/import_questions.html", **context), 500
    except Conflict:
        context["errors"] = [
            _("Блок изменился после пробного запуска: загрузите файл и проверьте его ещё раз.")
        ]
        return render_template("admin/bank/import_questions.html", **context), 409
    if not dry_run:
        flash(
            _(
                "Импорт завершён: добавлено %(added)s, изменено %(changed)s, "
                "пропущено %(skipped)s.",
                added=len(plan.added),
                changed=len(plan.changed),
                skipped=len(plan.skipped),
            ),
            "success",
        )
        return render_template(
            "admin/bank/import_questions.html", **{**context, "plan": plan, "done": True}
        )
    confirm.payload.data = base64.b64encode(data).decode("ascii")
    confirm.token.data = plan.token
    confirm.block.data = block_id
    confirm.format.data = fmt
    context.update(plan=plan, confirm=confirm)
    return render_template("admin/bank/import_questions.html", **context)
