#!/usr/bin/env bash
# Rotates the signing key of the realm shop without refusing a single valid token
# (docs/runbooks.md, "Rotate the realm's signing keys"). Three steps, each waited out:
#   ops/rotate-realm-keys.sh publish    a new RSA key, published but not signing yet, so that
#                                       every service learns it (JWKS cache: 5 minutes)
#   ops/rotate-realm-keys.sh activate   the new key signs every token from now on; the old
#                                       keys stay published, so the tokens they signed stay valid
#   ops/rotate-realm-keys.sh retire     the older RSA keys are disabled (no longer published),
#                                       once every token they signed has expired (5 minutes)
# Each step prints the kid that signs new tokens.
set -euo pipefail
cd "$(dirname "$0")/.."
kcadm=ops/kcadm.sh

# "provider priority kid status" of each RS256 key of the realm, highest priority first, read
# from the admin CLI's JSON with the shell's own tools (no jq needed).
rsa_keys() {
	$kcadm get keys -r shop --fields 'keys(providerId,providerPriority,kid,algorithm,status)' |
		tr -d ' \n\r\t' | tr '{' '\n' | while read -r key || [ -n "$key" ]; do
		field() { printf '%s' "$key" | sed -n "s/.*\"$1\":\"\{0,1\}\([^\",}]*\).*/\1/p"; }
		[ "$(field algorithm)" = RS256 ] || continue
		echo "$(field providerId) $(field providerPriority) $(field kid) $(field status)"
	done | sort -k2,2nr
}

signing_kid() {
	rsa_keys | awk '$4 == "ACTIVE" { print $3; exit }'
}

newest_provider() {
	rsa_keys | awk 'NR == 1 { print $1 }'
}

case "${1:-}" in
publish)
	realm_id=$($kcadm get realms/shop --fields id | tr -d ' \n\r\t' | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
	top=$(rsa_keys | awk 'NR == 1 { print $2 }')
	$kcadm create components -r shop -s "name=rsa-$(date -u +%Y%m%d%H%M%S)" -s providerId=rsa-generated \
		-s providerType=org.keycloak.keys.KeyProvider -s "parentId=$realm_id" \
		-s "config.priority=[\"$((${top:-100} + 100))\"]" -s 'config.keySize=["2048"]' \
		-s 'config.algorithm=["RS256"]' -s 'config.active=["false"]' >/dev/null
	echo "[rotate-realm-keys] published kid $(rsa_keys | awk 'NR == 1 { print $3 }'), not signing yet;" \
		"new tokens are still signed by kid $(signing_kid)"
	;;
activate)
	$kcadm update "components/$(newest_provider)" -r shop -s 'config.active=["true"]'
	echo "[rotate-realm-keys] new tokens are signed by kid $(signing_kid); the old keys stay published"
	;;
retire)
	newest=$(newest_provider)
	rsa_keys | awk -v newest="$newest" '$1 != newest && $4 != "DISABLED" { print $1 }' | while read -r provider; do
		$kcadm update "components/$provider" -r shop -s 'config.enabled=["false"]' -s 'config.active=["false"]'
		echo "[rotate-realm-keys] disabled key provider $provider"
	done
	echo "[rotate-realm-keys] only kid $(signing_kid) signs and is published"
	;;
*)
	echo "usage: $0 publish|activate|retire" >&2
	exit 2
	;;
esac
