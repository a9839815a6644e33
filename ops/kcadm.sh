#!/usr/bin/env bash
# Keycloak's admin CLI (kcadm.sh) in the compose platform's Keycloak container, logged in as the
# master realm's bootstrap admin whose credentials the container already has (from .env:
# KEYCLOAK_ADMIN_USERNAME, KEYCLOAK_ADMIN_PASSWORD). The password never leaves the container.
#   ops/kcadm.sh get realms/shop/keys
# COMPOSE_PROJECT_NAME selects another compose project (the system tests use their own).
set -euo pipefail
cd "$(dirname "$0")/.."

compose() {
	if docker compose version >/dev/null 2>&1; then
		docker compose "$@"
	else
		docker-compose "$@"
	fi
}

# shellcheck disable=SC2016 # expanded inside the container
compose exec -T keycloak bash -c '
	set -euo pipefail
	config=$(mktemp)
	trap "rm -f $config" EXIT
	/opt/keycloak/bin/kcadm.sh config credentials --config "$config" --server http://localhost:8080 \
		--realm master --user "$KC_BOOTSTRAP_ADMIN_USERNAME" --password "$KC_BOOTSTRAP_ADMIN_PASSWORD" >/dev/null
	/opt/keycloak/bin/kcadm.sh "$@" --config "$config"
' kcadm "$@"
