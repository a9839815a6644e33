#!/usr/bin/env bash
# Ends every session of a user of the realm shop (docs/runbooks.md, "Revoke a user's sessions
# and tokens"): Keycloak drops the sessions, so their refresh tokens and any new token exchange
# are refused, and tells the gateway (back-channel logout), which ends the user's browser sessions.
#   ops/revoke-user.sh alice
# With --disable the account is disabled too, so the user cannot log in again.
set -euo pipefail
cd "$(dirname "$0")/.."
kcadm=ops/kcadm.sh
username=${1:?usage: $0 USERNAME [--disable]}

id=$($kcadm get users -r shop -q "username=$username" -q exact=true --fields id | tr -d ' \n\r\t' |
	sed -n 's/^\[{"id":"\([^"]*\)"}\]$/\1/p')
[ -n "$id" ] || { echo "[revoke-user] no user $username in realm shop" >&2; exit 1; }
$kcadm create "users/$id/logout" -r shop
echo "[revoke-user] every session of $username ($id) ended"
if [ "${2:-}" = "--disable" ]; then
	$kcadm update "users/$id" -r shop -s enabled=false
	echo "[revoke-user] $username disabled"
fi
