#!/bin/sh
# Runs once, when a service's PostgreSQL starts on an empty data directory (docker-entrypoint-initdb.d), as the
# superuser the image creates. Least privilege for the service on top of it (docs/security.md):
#   SERVICE_DB_USERNAME owns the database, so Flyway creates the tables as it, and has no other rights;
#   RELAY_DB_USERNAME may log in, replicate and mark the stream, and read no table.
# docker-compose.yml mounts this same file.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v db="$POSTGRES_DB" -v service="$SERVICE_DB_USERNAME" -v service_password="$SERVICE_DB_PASSWORD" \
  -v relay="$RELAY_DB_USERNAME" -v relay_password="$RELAY_DB_PASSWORD" <<'SQL'
CREATE ROLE :"service" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD :'service_password';
CREATE ROLE :"relay" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE REPLICATION PASSWORD :'relay_password';
ALTER DATABASE :"db" OWNER TO :"service";
REVOKE CONNECT, TEMPORARY ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"db" TO :"relay";
GRANT EXECUTE ON FUNCTION pg_logical_emit_message(boolean, text, text) TO :"relay";
SQL
