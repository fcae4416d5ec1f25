"""Writes of Excel uploads (`ExcelImport`): store the file and queue its import, run the import
exactly once, mark it failed with a sentence.

The request stores the file and the row and queues the task once the row is committed; it reads
no cell, so it answers at once whatever the file. The task checks every row and submits the
updates in one transaction (all or none), and the row becomes done, with the count or the row
errors, in that same transaction. A PostgreSQL advisory lock on the import id makes a second
delivery of the task wait for the first and then find the import done; a worker killed mid-run
rolls everything back and releases the lock, so the redelivered task runs it whole again.

Progress (rows submitted of rows to submit) is written on a connection of its own, committed at
once, so the page's poll sees it while the import's transaction is still open. On SQLite (the
embedded default, where the task runs in the request) it is written in the transaction.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from benchmarks import excel
from benchmarks.choices import ImportState
from benchmarks.models import ExcelImport
from missions import access_matrix, outbox
from missions.access import refuse
from missions.models import Membership, Mission

logger = logging.getLogger("workbench.benchmarks")

FINISHED = (ImportState.DONE, ImportState.FAILED)
# Two-key advisory locks: this class number keeps import locks apart from the reports' (7106).
LOCK_CLASS = 7107


def _reporting_entity(actor, mission: Mission):
    """The entity `actor` submits updates for on `mission` (None for a superuser without one)."""
    roles = access_matrix.roles_granting("submit_update", access_matrix.OWN_ENTITY)
    membership = (
        Membership.objects.filter(user=actor, is_active=True, role__in=roles, missions=mission)
        .order_by("pk")
        .select_related("entity")
        .first()
    )
    return membership.entity if membership else None


@transaction.atomic
def excel_import_create(*, mission: Mission, actor, file, today) -> ExcelImport:
    """Store the uploaded workbook and queue its import. `file` passed `excel.check_upload`."""
    if not excel.reportable_indicators(actor, mission).exists():
        raise refuse(actor, "submit_update", mission, _("You report on no indicator of this mission."))
    upload = ExcelImport(
        mission=mission,
        uploaded_by=actor,
        entity=_reporting_entity(actor, mission),
        file_name=file.name[:255],
        today=today,
    )
    upload.file.save("upload.xlsx", file, save=False)
    upload.full_clean()
    upload.save()
    logger.info("excel import %s queued for %s by=%s", upload.pk, mission.acronym, actor.pk)
    import_id = upload.pk
    transaction.on_commit(lambda: excel_import_send(import_id=import_id))
    return upload


def excel_import_send(*, import_id: int) -> bool:
    """Hand the import to the workers (run here and now when Celery is eager). A broker that
    cannot be reached fails the import with a sentence: nothing was stored, the user uploads again."""
    from benchmarks.tasks import import_excel_updates

    queue = settings.WORKBENCH.get("EXCEL_IMPORT_QUEUE") or None
    if not outbox.publish(import_excel_updates.name, [import_id], queue=queue):
        logger.warning("excel import %s not sent to the workers", import_id)
        excel_import_fail(
            import_id=import_id,
            message=_(
                "The task queue could not be reached, so the file was not imported and nothing was stored. "
                "Upload it again in a few minutes."
            ),
        )
        return False
    return True


class _Progress:
    """Writes an import's progress where the page's poll can read it during the import's
    transaction: on a connection of its own (PostgreSQL), else on the default one."""

    def __init__(self, import_id: int):
        self.import_id = import_id
        self.own = connections.create_connection("default") if connection.vendor == "postgresql" else None

    def write(self, **fields) -> None:
        if self.own is None:
            ExcelImport.objects.filter(pk=self.import_id).update(**fields, updated_at=timezone.now())
            return
        fields["updated_at"] = timezone.now()
        columns = ", ".join(f"{connection.ops.quote_name(name)} = %s" for name in fields)
        with self.own.cursor() as cursor:
            cursor.execute(
                f"UPDATE {ExcelImport._meta.db_table} SET {columns} WHERE id = %s",  # noqa: S608 - names are ours
                [*fields.values(), self.import_id],
            )

    def rows(self, done: int, total: int) -> None:
        self.write(rows_done=done, rows_total=total)

    def close(self) -> None:
        if self.own is not None:
            self.own.close()


def _lock(import_id: int) -> None:
    """Hold the import's advisory lock until the transaction ends (PostgreSQL; SQLite has one writer)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_CLASS, import_id])


def excel_import_run(*, import_id: int) -> ExcelImport | None:
    """Import the workbook of `import_id` once: every row checked, the updates submitted all or
    none, and the import done with the count or the row errors, in one transaction. An import
    already done or failed is left as it is."""
    upload = ExcelImport.objects.filter(pk=import_id).first()
    if upload is None or upload.state in FINISHED:
        return upload
    progress = _Progress(import_id)
    try:
        with transaction.atomic():
            _lock(import_id)
            upload = ExcelImport.objects.select_related("mission", "uploaded_by").get(pk=import_id)
            if upload.state in FINISHED:
                return upload
            if upload.uploaded_by is None or not upload.uploaded_by.is_active:
                raise PermissionDenied(_("The account that uploaded the file is no longer active."))
            progress.write(state=ImportState.RUNNING, started_at=timezone.now(), rows_done=0, rows_total=0)
            with upload.file.open("rb") as file:
                stored, errors = excel.import_updates(
                    file=file,
                    user=upload.uploaded_by,
                    mission=upload.mission,
                    today=upload.today,
                    progress=progress.rows,
                )
            upload.refresh_from_db(fields=["rows_total", "started_at"])
            upload.state = ImportState.DONE
            upload.stored = stored
            upload.errors = [{"row": e.row, "column": e.column, "message": e.message} for e in errors]
            upload.rows_done = upload.rows_total if not errors else 0
            upload.finished_at = timezone.now()
            upload.full_clean()
            upload.save()
    except PermissionDenied as refusal:
        return excel_import_fail(import_id=import_id, message=str(refusal))
    finally:
        progress.close()
    logger.info("excel import %s done: %d stored, %d row errors", import_id, upload.stored, len(upload.errors))
    return upload


def excel_import_fail(*, import_id: int, message: str) -> ExcelImport | None:
    """Mark an import that could not finish as failed, with a sentence for the user; nothing of
    it was stored. A done import stays done."""
    with transaction.atomic():
        upload = ExcelImport.objects.select_for_update().filter(pk=import_id).first()
        if upload is None or upload.state == ImportState.DONE:
            return upload
        upload.state = ImportState.FAILED
        upload.message = message
        upload.rows_done = 0
        upload.finished_at = timezone.now()
        upload.save(update_fields=["state", "message", "rows_done", "finished_at", "updated_at"])
    logger.warning("excel import %s failed: %s", import_id, message)
    return upload
