#!/usr/bin/env bash
# A backup that is known to restore: dumps a PostgreSQL database (pg_dump, custom format), restores
# the dump into a fresh database on the same server, compares the number of rows of every table,
# then drops that database. Keeps the dump.
#
#   scripts/backup-restore-check.sh [DATABASE_URL] [DUMP_FILE]
#
# DATABASE_URL: postgres://user@host:port/name (default: $DATABASE_URL); DUMP_FILE (default:
# coopdec-YYYYmmdd-HHMMSS.dump here). The user must be allowed to create databases. Exit 0 when
# every table has the same count in both, 1 otherwise (the differing tables are printed).
set -euo pipefail

source_url="${1:-${DATABASE_URL:?give a postgres:// URL or set DATABASE_URL}}"
dump="${2:-coopdec-$(date +%Y%m%d-%H%M%S).dump}"
base="${source_url%%\?*}"
server="${base%/*}"
check_db="$(basename "$base")_restore_check_$$"
check_url="$server/$check_db"

counts() {  # "table count" per line, every table of the public schema, in name order
  psql "$1" --no-psqlrc --quiet --tuples-only --no-align --field-separator=' ' --command "
    SELECT table_name, (xpath('/row/c/text()', query_to_xml(
      format('SELECT count(*) AS c FROM public.%I', table_name), false, true, '')))[1]::text
    FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"
}

pg_dump --format=custom --no-owner --no-privileges --file="$dump" "$source_url"
echo "sauvegarde : $dump ($(du -h "$dump" | cut -f1))"

psql "$server/postgres" --no-psqlrc --quiet --command "CREATE DATABASE \"$check_db\""
trap 'psql "$server/postgres" --no-psqlrc --quiet --command "DROP DATABASE IF EXISTS \"$check_db\""' EXIT
pg_restore --no-owner --no-privileges --exit-on-error --dbname="$check_url" "$dump"

before="$(counts "$source_url")"
after="$(counts "$check_url")"
if [ "$before" != "$after" ]; then
  echo "restauration différente de la base sauvegardée :"
  diff <(echo "$before") <(echo "$after") || true
  exit 1
fi
tables=$(echo "$before" | wc -l)
rows=$(echo "$before" | awk '{s += $2} END {print s}')
echo "$before"
echo "restauration vérifiée : $tables tables, $rows lignes, mêmes nombres de lignes dans $check_db (supprimée)"
