#!/bin/sh
# Database roles for production (run once by the postgres image on a fresh volume, from
# /docker-entrypoint-initdb.d/). Three roles, so the app cannot rewrite its own audit log:
#   POSTGRES_USER  the superuser of the container; used for nothing else
#   cadre_owner    owns the database and every table; runs `manage.py migrate`
#   cadre_app      what gunicorn, the worker and beat log in as: SELECT, INSERT, UPDATE,
#                  DELETE on the tables the owner creates, never TRUNCATE, never DDL.
#                  Migration pool 0019 then narrows it to SELECT and INSERT on the audit
#                  anchors and takes UPDATE away on the audit log (see
#                  docs/database-roles.md).
set -eu
: "${CADRE_OWNER_PASSWORD:?set CADRE_OWNER_PASSWORD in .env}"
: "${CADRE_APP_PASSWORD:?set CADRE_APP_PASSWORD in .env}"
: "${CADRE_REPLICATOR_PASSWORD:?set CADRE_REPLICATOR_PASSWORD in .env}"

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -v db="$POSTGRES_DB" \
    -v owner_password="$CADRE_OWNER_PASSWORD" \
    -v app_password="$CADRE_APP_PASSWORD" \
    -v replicator_password="$CADRE_REPLICATOR_PASSWORD" <<'SQL'
CREATE ROLE cadre_owner LOGIN PASSWORD :'owner_password';
CREATE ROLE cadre_app LOGIN PASSWORD :'app_password';
-- the streaming replica logs in as this role; the app reads the replica's lag (pg_monitor)
CREATE ROLE cadre_replicator REPLICATION LOGIN PASSWORD :'replicator_password';
GRANT pg_monitor TO cadre_app;
ALTER DATABASE :"db" OWNER TO cadre_owner;
ALTER SCHEMA public OWNER TO cadre_owner;
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"db" TO cadre_app;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO cadre_app;
ALTER DEFAULT PRIVILEGES FOR ROLE cadre_owner IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO cadre_app;
ALTER DEFAULT PRIVILEGES FOR ROLE cadre_owner IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO cadre_app;
SQL

# Let the replica connect for streaming replication (the image's pg_hba.conf allows
# ordinary connections only).
echo "host replication cadre_replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
psql --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -c "SELECT pg_reload_conf()"
