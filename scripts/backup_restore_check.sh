#!/usr/bin/env bash
# Check the backup round trip of docs/backup.md on the demo data: build a database with the
# portal's migrations and demo data, back it up with `pg_dump -Fc`, restore it into a scratch
# database with `pg_restore`, and compare the two. Exit 0 only when the start-rate figures, the
# row counts and a digest of every row and sequence of the two databases are identical.
#
#   scripts/backup_restore_check.sh [SOURCE_DB [SCRATCH_DB]]
#
# Both databases are created afresh and dropped at the end, so their names must begin with
# "renovation_backup_" (defaults: renovation_backup_src, renovation_backup_restored; or set
# SOURCE_DB and SCRATCH_DB). PostgreSQL: PGHOST, PGPORT, PGUSER (127.0.0.1, 5432, postgres,
# with a role that may create databases), PGPASSWORD if needed. PYTHON: the project's
# interpreter (.venv/bin/python). Migrating and seeding take about a minute.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON="${PYTHON:-$PWD/.venv/bin/python}"
SOURCE_DB="${1:-${SOURCE_DB:-renovation_backup_src}}"
SCRATCH_DB="${2:-${SCRATCH_DB:-renovation_backup_restored}}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"

for db in "$SOURCE_DB" "$SCRATCH_DB"; do
  if [[ ! "$db" =~ ^renovation_backup_[a-z0-9_]+$ ]]; then
    echo "backup check: refusing database name '$db': it is dropped at the end, so it must" \
         "begin with renovation_backup_ (lower case, digits, _)." >&2
    exit 2
  fi
done
if [[ "$SOURCE_DB" == "$SCRATCH_DB" ]]; then
  echo "backup check: the source and scratch databases must differ." >&2
  exit 2
fi
[[ -x "$PYTHON" ]] || { echo "backup check: no Python at $PYTHON (set PYTHON)." >&2; exit 2; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/renovation-backup-check.XXXXXX")"
cleanup() {
  local status=$?
  dropdb --if-exists --force "$SOURCE_DB" || status=1
  dropdb --if-exists --force "$SCRATCH_DB" || status=1
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The portal against one database: local settings with DEBUG off, Celery tasks in-process, no
# Redis (the cache in memory), uploads in the throwaway folder; nothing of a .env file counts.
manage() {
  local db="$1"
  shift
  env DJANGO_SETTINGS_MODULE=renovation.settings.local \
    DATABASE_URL="postgres://$PGUSER@$PGHOST:$PGPORT/$db" \
    DEBUG=0 CELERY_TASK_ALWAYS_EAGER=1 REDIS_URL= CELERY_BROKER_URL=memory://localhost/ \
    MEDIA_ROOT="$WORK/media" \
    "$PYTHON" manage.py "$@"
}

# What is compared: the start rate of each plan as seed_demo reports it (compounds.selectors.
# plan_summary: "26 / 30 started, start rate 87%"), the row counts of the main tables, then
# the count and an md5 digest of the rows of every table, and of every sequence's position.
read -r -d '' FIGURES <<'PY' || true
import hashlib

from django.apps import apps
from django.db import connection

from compounds.models import RenovationPlan
from compounds.selectors import plan_summary

for plan in RenovationPlan.objects.select_related("street").order_by("pk"):
    total = plan_summary(plan=plan, user=None)["total"]
    print(
        f"{plan.street.name} {plan.name}: {total['started']} / {total['compounds']} started, "
        f"start rate {total['start_rate']}%, {total['buildings']} buildings, "
        f"{total['households']} households, {total['floor_area']} m²"
    )
MAIN = (
    "auth.User compounds.Street compounds.Community compounds.RenovationPlan compounds.Compound "
    "compounds.Building progress.WorkItem progress.Milestone progress.DailyLog "
    "progress.Rectification oversight.Opinion oversight.Household oversight.Survey "
    "oversight.FundAllocation renovation.DashboardCell"
).split()
with connection.cursor() as cursor:
    counts = []
    for label in MAIN:
        table = apps.get_model(label)._meta.db_table
        cursor.execute(f'SELECT count(*) FROM "{table}"')
        counts.append(f"{table} {cursor.fetchone()[0]}")
    print("rows:", ", ".join(counts))
    everything, rows = hashlib.md5(), 0
    tables = sorted(connection.introspection.table_names(cursor))
    for table in tables:
        cursor.execute(
            "SELECT count(*), md5(coalesce(string_agg(t::text, chr(10) ORDER BY t::text), '')) "
            f'FROM "{table}" t'
        )
        count, digest = cursor.fetchone()
        rows += count
        everything.update(f"{table} {count} {digest}\n".encode())
    print(f"all {len(tables)} tables: {rows} rows, digest {everything.hexdigest()}")
    cursor.execute(
        "SELECT sequencename, coalesce(last_value, 0) FROM pg_sequences "
        "WHERE schemaname = current_schema() ORDER BY sequencename"
    )
    sequences = cursor.fetchall()
    digest = hashlib.md5(repr(sequences).encode()).hexdigest()
    print(f"{len(sequences)} sequences, digest {digest}")
PY

echo "== 1. source database $SOURCE_DB: migrate and load the demo data"
dropdb --if-exists --force "$SOURCE_DB"
createdb "$SOURCE_DB"
manage "$SOURCE_DB" migrate --noinput -v 0
manage "$SOURCE_DB" seed_demo --force
manage "$SOURCE_DB" shell --no-imports -c "$FIGURES" > "$WORK/source.txt"

echo "== 2. pg_dump -Fc $SOURCE_DB"
pg_dump -Fc --file "$WORK/backup.dump" "$SOURCE_DB"
echo "backup: $(du -h "$WORK/backup.dump" | cut -f1)"

echo "== 3. pg_restore into a fresh $SCRATCH_DB"
dropdb --if-exists --force "$SCRATCH_DB"
createdb "$SCRATCH_DB"
pg_restore --exit-on-error --no-owner --no-privileges --dbname "$SCRATCH_DB" "$WORK/backup.dump"
manage "$SCRATCH_DB" shell --no-imports -c "$FIGURES" > "$WORK/restored.txt"

echo "== 4. compare"
echo "-- source ($SOURCE_DB):"
cat "$WORK/source.txt"
echo "-- restored ($SCRATCH_DB):"
cat "$WORK/restored.txt"
if [[ ! -s "$WORK/source.txt" ]]; then
  echo "FAIL: the source database gave no figures." >&2
  exit 1
fi
if diff -u "$WORK/source.txt" "$WORK/restored.txt"; then
  echo "OK: the restored database is identical to the source."
else
  echo "FAIL: the restored database differs from the source (diff above)." >&2
  exit 1
fi
