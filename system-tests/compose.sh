#!/usr/bin/env bash
# Brings the compose platform up for the system tests and takes it down again:
#   compose.sh up     build, start, wait until every service is healthy; print how long each took
#   compose.sh down   keep every container's log in system-tests/target/compose-logs, then remove
#                     the containers, networks and volumes
# Its own project name, so a demo you run yourself is left alone (but ports 8080 and 8180 must
# be free).
set -euo pipefail
cd "$(dirname "$0")/.."
project=shop-system-tests
logs=system-tests/target/compose-logs
timeout_seconds=${SYSTEM_TESTS_STARTUP_TIMEOUT:-600}

compose() {
	if docker compose version >/dev/null 2>&1; then
		docker compose -p "$project" "$@"
	else
		docker-compose -p "$project" "$@"
	fi
}

up() {
	local built started services pending state health
	# Whatever an earlier, interrupted run left behind.
	compose down -v --remove-orphans >/dev/null 2>&1 || true
	rm -f system-tests/target/attack-report.tsv
	built=$(date +%s)
	compose build
	echo "[system-tests] images built in $(($(date +%s) - built)) s"
	started=$(date +%s)
	compose up -d
	services=$(compose ps -q)
	while :; do
		pending=0
		for id in $services; do
			state=$(docker inspect -f '{{.State.Status}} {{.State.ExitCode}}' "$id")
			health=$(docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{end}}' "$id")
			case "$state" in
			"exited 0") ;;
			exited*)
				echo "[system-tests] $(docker inspect -f '{{.Name}}' "$id") exited: $state" >&2
				return 1 ;;
			*) [ "$health" = healthy ] || pending=$((pending + 1)) ;;
			esac
		done
		[ "$pending" -eq 0 ] && break
		if [ $(($(date +%s) - started)) -gt "$timeout_seconds" ]; then
			echo "[system-tests] not healthy after $timeout_seconds s" >&2
			compose ps >&2
			return 1
		fi
		sleep 2
	done
	echo "[system-tests] compose up to all services healthy: $(($(date +%s) - started)) s"
}

down() {
	mkdir -p "$logs"
	compose ps > "$logs/ps.txt" 2>&1 || true
	for service in $(compose config --services); do
		compose logs --no-color "$service" > "$logs/$service.log" 2>&1 || true
	done
	compose down -v --remove-orphans
}

"$@"
