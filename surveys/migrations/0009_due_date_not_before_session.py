"""A request's due date is never before its session's date: the forms say so beside the field
(surveys/forms.py, Recommendation.clean); the database refuses it too, on both databases, for
any write that skips the forms (a script, a bulk update). A trigger on the requests' table: a
CHECK constraint cannot read the session's row. (Moving a session's date later than a due date
it holds is refused by the forms only: the entry page saves the session before its requests, in
one transaction, so a check on the session's row would refuse a move made together with the
requests' new due dates on SQLite, which has no deferred triggers.)"""

from django.db import migrations

from core.migration_sql import run_sql_by_vendor

TABLE = "surveys_recommendation"
SESSIONS = "surveys_surveysession"
NAME = "recommendation_due_not_before_session"

PG_FORWARD = [
    f"""CREATE FUNCTION {NAME}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF NEW.due_date IS NOT NULL AND NEW.due_date < (SELECT date FROM {SESSIONS} WHERE id = NEW.session_id) THEN
            RAISE EXCEPTION '{NAME}' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END $$""",
    f"""CREATE TRIGGER {NAME} BEFORE INSERT OR UPDATE OF due_date, session_id ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION {NAME}()""",
]
PG_BACKWARD = [f"DROP TRIGGER IF EXISTS {NAME} ON {TABLE}", f"DROP FUNCTION IF EXISTS {NAME}()"]

_SQLITE_CHECK = f"""
    SELECT RAISE(ABORT, '{NAME}')
    WHERE NEW.due_date IS NOT NULL AND NEW.due_date < (SELECT date FROM {SESSIONS} WHERE id = NEW.session_id);"""
SQLITE_FORWARD = [
    f"CREATE TRIGGER {NAME}_insert BEFORE INSERT ON {TABLE} BEGIN {_SQLITE_CHECK} END",
    f"CREATE TRIGGER {NAME}_update BEFORE UPDATE OF due_date, session_id ON {TABLE} BEGIN {_SQLITE_CHECK} END",
]
SQLITE_BACKWARD = [f"DROP TRIGGER IF EXISTS {NAME}_insert", f"DROP TRIGGER IF EXISTS {NAME}_update"]


class Migration(migrations.Migration):
    dependencies = [("surveys", "0008_reminders")]

    operations = [
        run_sql_by_vendor(
            {"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD},
            {"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD},
        )
    ]
