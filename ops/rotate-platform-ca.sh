#!/usr/bin/env bash
# Rotates the compose platform's CA to a new key without downtime (docs/runbooks.md, "Rotate the
# platform CA without downtime"). Three steps, in this order, each waited out until every service
# has reloaded its files (SHOP_TLS_RELOAD_QUIET_PERIOD, 10 s, plus a margin):
#   ops/rotate-platform-ca.sh trust-both       a new CA; every service trusts the old and the new
#   ops/rotate-platform-ca.sh reissue          every service's certificate from the new CA
#   ops/rotate-platform-ca.sh trust-new-only   the new CA is the CA; the old one is trusted no more
# The dev PKI's own container does it, on the volumes the services read (compose's pki step).
set -euo pipefail
cd "$(dirname "$0")/.."
step=${1:?usage: $0 trust-both|reissue|trust-new-only}

compose() {
	if docker compose version >/dev/null 2>&1; then
		docker compose "$@"
	else
		docker-compose "$@"
	fi
}

compose run --rm --no-deps -T pki rotate-ca "$step" /pki api-gateway order-service payment-service
