#!/bin/bash
# One database per service, each owned by its own user; run once, when the data volume is new.
# Used by compose and, as a ConfigMap, by the Kubernetes dev overlay, which also gives
# Keycloak its database (KEYCLOAK_DB_PASSWORD set; compose's Keycloak keeps its own store).
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
	-v order_password="$ORDER_DB_PASSWORD" -v payment_password="$PAYMENT_DB_PASSWORD" <<'SQL'
CREATE USER order_service PASSWORD :'order_password';
CREATE DATABASE orders OWNER order_service;
REVOKE ALL ON DATABASE orders FROM PUBLIC;
CREATE USER payment_service PASSWORD :'payment_password';
CREATE DATABASE payments OWNER payment_service;
REVOKE ALL ON DATABASE payments FROM PUBLIC;
SQL
if [ -n "${KEYCLOAK_DB_PASSWORD:-}" ]; then
	psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
		-v keycloak_password="$KEYCLOAK_DB_PASSWORD" <<'SQL'
CREATE USER keycloak PASSWORD :'keycloak_password';
CREATE DATABASE keycloak OWNER keycloak;
REVOKE ALL ON DATABASE keycloak FROM PUBLIC;
SQL
fi
