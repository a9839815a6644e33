#!/usr/bin/env bash
# Creates the Secrets the manifests reference, in namespace shop, without ever writing a value
# to git or to a command line:
#   k8s/create-secrets.sh dev             random values for everything (the dev PostgreSQL and
#                                         Redis are created with them)
#   k8s/create-secrets.sh prod            random client secrets and admin password; the managed
#                                         stores' credentials from the environment:
#                                         KEYCLOAK_DB_USERNAME/PASSWORD, ORDER_DB_USERNAME/PASSWORD,
#                                         PAYMENT_DB_USERNAME/PASSWORD, REDIS_PASSWORD, and
#                                         DATABASE_CA_FILE (their CA, for ConfigMap database-ca)
#   add --dry-run to print the objects instead of applying them (no cluster needed).
# A Secret that exists already is left alone, so a second run never changes a password a
# database already holds. To use an external secrets operator instead, see the README.
set -euo pipefail
overlay=${1:?usage: create-secrets.sh dev|prod [--dry-run]}
dry_run=${2:-}
namespace=shop
kubectl=${KUBECTL:-kubectl}
case "$overlay" in dev | prod) ;; *) echo "unknown overlay: $overlay" >&2; exit 2 ;; esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 700 "$work"

random() {
	openssl rand -base64 32 | tr -d '/+=\n' | cut -c1-32
}

if [ "$overlay" = prod ]; then
	for name in KEYCLOAK_DB_USERNAME KEYCLOAK_DB_PASSWORD ORDER_DB_USERNAME ORDER_DB_PASSWORD \
		PAYMENT_DB_USERNAME PAYMENT_DB_PASSWORD REDIS_PASSWORD DATABASE_CA_FILE; do
		if [ -z "${!name:-}" ]; then
			echo "$name must be set for prod: the managed stores' credentials are yours" >&2
			exit 1
		fi
	done
fi

exists() {
	[ -z "$dry_run" ] && "$kubectl" -n "$namespace" get "$1" "$2" >/dev/null 2>&1
}

# secret NAME KEY=VALUE... ; values travel through files of a private directory.
secret() {
	local name=$1 args=() pair key
	shift
	if exists secret "$name"; then
		echo "secret/$name exists, left as it is" >&2
		return
	fi
	for pair in "$@"; do
		key=${pair%%=*}
		printf '%s' "${pair#*=}" >"$work/$name.$key"
		args+=("--from-file=$key=$work/$name.$key")
	done
	"$kubectl" -n "$namespace" create secret generic "$name" "${args[@]}" --dry-run=client -o yaml | emit
}

emit() {
	if [ -n "$dry_run" ]; then
		cat
		echo "---"
	else
		"$kubectl" apply -f -
	fi
}

if [ -z "$dry_run" ] && ! "$kubectl" get namespace "$namespace" >/dev/null 2>&1; then
	"$kubectl" apply -f "$(dirname "$0")/base/namespace.yaml"
fi

secret gateway-client "client-secret=$(random)"
secret order-service-client "client-secret=$(random)"
secret keycloak-admin "username=admin" "password=$(random)"
if [ "$overlay" = dev ]; then
	secret postgres-admin "password=$(random)"
	secret keycloak-db "username=keycloak" "password=$(random)"
	secret order-db "username=order_service" "password=$(random)"
	secret payment-db "username=payment_service" "password=$(random)"
	secret redis-auth "password=$(random)"
else
	secret keycloak-db "username=$KEYCLOAK_DB_USERNAME" "password=$KEYCLOAK_DB_PASSWORD"
	secret order-db "username=$ORDER_DB_USERNAME" "password=$ORDER_DB_PASSWORD"
	secret payment-db "username=$PAYMENT_DB_USERNAME" "password=$PAYMENT_DB_PASSWORD"
	secret redis-auth "password=$REDIS_PASSWORD"
	if ! exists configmap database-ca; then
		"$kubectl" -n "$namespace" create configmap database-ca \
			"--from-file=ca.crt=$DATABASE_CA_FILE" \
			--dry-run=client -o yaml | emit
	fi
fi
