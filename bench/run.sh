#!/usr/bin/env bash
# The gateway benchmark: the platform's gateway against stock Spring Cloud Gateway of the same
# versions, side by side on this machine, every figure a ratio to the stock plain route measured in
# the same run. Everything listens on 127.0.0.1 only; every load run is bounded in time.
#
#   bench/run.sh            the full run (about 30 minutes on 2 CPUs); writes docs/performance.md
#   bench/run.sh --smoke    seconds per case: checks the harness and each case's answers, prints
#                           the table, asserts no timing and writes no docs (.ci/run uses it)
#
# Needs a JDK 21+ (offline/find-jdk.sh) and, from Debian's mirror, wrk, nginx, redis-server,
# curl and taskset (installed when missing). The gateways (and order-service's payment client)
# run on CPU 0, the load generator and the stand-ins (nginx as backend, payment-service and key
# server, Redis) on the other CPUs.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

mode=full
[ "${1:-}" = "--smoke" ] && mode=smoke
if [ "$mode" = smoke ]; then
	warmup=3 duration=2 rounds=1
else
	warmup=${BENCH_WARMUP:-45} duration=${BENCH_DURATION:-10} rounds=${BENCH_ROUNDS:-5}
fi
connections=${BENCH_CONNECTIONS:-32}

log() { echo "[bench] $*"; }

# --- what the run needs -----------------------------------------------------------------------
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v nginx >/dev/null || missing+=(nginx-light)
command -v redis-server >/dev/null || missing+=(redis-server)
command -v curl >/dev/null || missing+=(curl)
command -v taskset >/dev/null || missing+=(util-linux)
if [ ${#missing[@]} -gt 0 ]; then
	log "installing ${missing[*]} from Debian"
	apt-get update -q >/dev/null || log "apt-get update reported errors"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi
JAVA_HOME=$(offline/find-jdk.sh)
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
cpus=$(nproc)
server_cpu=0
load_cpus=$([ "$cpus" -gt 1 ] && echo "1-$((cpus - 1))" || echo 0)

log "building the gateway, the stock gateway, order-service's payment client and the dev PKI"
./mvnw -B -ntp -q package -Pbench -pl api-gateway,dev-pki,bench/stock-gateway,bench/service-calls -am -DskipTests \
	-Dspring-javaformat.skip

work=$root/bench/target/run
rm -rf "$work"
mkdir -p "$work/logs" "$work/nginx"
backend_port=18081 tls_backend_port=18443 redis_port=16379
stock_port=18090 edge_port=18080 edge_nolimit_port=18082 edge_baseline_port=18083
payments_port=18086 payments_tls_port=18444
issuer="http://127.0.0.1:$backend_port/realms/shop"

pids=()
cleanup() {
	# A stopped process (see "alone" below) keeps a SIGTERM pending until it continues.
	for pid in "${pids[@]}"; do kill -CONT "$pid" 2>/dev/null || true; kill "$pid" 2>/dev/null || true; done
	[ -f "$work/nginx/nginx.pid" ] && nginx -p "$work/nginx" -c nginx.conf -s stop 2>/dev/null || true
	redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true
}
trap cleanup EXIT

# --- keys, tokens and certificates (made here, never committed) ---------------------------------
java bench/tools/BenchKeys.java "$work/keys" "$issuer"
java -jar dev-pki/target/dev-pki-*-exec.jar "$work/pki" api-gateway order-service 127.0.0.1 >/dev/null
token=$(cat "$work/keys/token")

# --- stand-ins: nginx (the services' answer, plain and over mutual TLS; the realm's keys) -------
# payment-service's stand-in answers every payment as authorized, and logs per call the
# connection it came on and whether that connection is new (its first request) and resumed a
# TLS session: the handshakes are counted on the server's side. Its keep-alive settings are
# payment-service's own (Tomcat: 10,000 requests, 30 s).
mkdir -p "$work/nginx/realms/shop/protocol/openid-connect"
cp "$work/keys/jwks.json" "$work/nginx/realms/shop/protocol/openid-connect/certs"
cp "$work/keys/jwks.json" "$work/nginx/jwks.json"
# Like the services: TLS with a client certificate of the platform CA, or no answer.
cat >"$work/nginx/mutual-tls.conf" <<EOF
ssl_certificate $work/pki/127.0.0.1/tls.crt;
ssl_certificate_key $work/pki/127.0.0.1/tls.key;
ssl_protocols TLSv1.3 TLSv1.2;
ssl_client_certificate $work/pki/ca/ca.crt;
ssl_verify_client on;
EOF
cat >"$work/nginx/nginx.conf" <<EOF
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/logs/nginx-error.log warn;
events { worker_connections 4096; }
http {
	access_log off;
	keepalive_requests 1000000;
	keepalive_timeout 120s;
	default_type application/json;
	server {
		listen 127.0.0.1:$backend_port;
		location /realms/ {
			# Every key fetch is counted: the gateways must not ask per request.
			access_log $work/logs/realm-requests.log;
			root $work/nginx;
		}
		# The token endpoint, for the platform gateway's token exchange (each route relays a
		# token exchanged for its service): one fixed answer, counted like the key fetches.
		# The gateway keeps the exchanged token, so this is asked once per token and route.
		location = /realms/shop/protocol/openid-connect/token {
			access_log $work/logs/realm-requests.log;
			default_type application/json;
			return 200 '{"access_token":"$token","expires_in":300,"token_type":"Bearer","issued_token_type":"urn:ietf:params:oauth:token-type:access_token"}';
		}
		location = /jwks.json { access_log $work/logs/realm-requests.log; root $work/nginx; }
		location / { return 200 '{"content":[],"page":0,"size":20,"totalElements":0}'; }
	}
	server {
		listen 127.0.0.1:$tls_backend_port ssl;
		include mutual-tls.conf;
		location / { return 200 '{"content":[],"page":0,"size":20,"totalElements":0}'; }
	}
	log_format calls '\$msec \$connection \$connection_requests \$ssl_session_reused';
	server {
		listen 127.0.0.1:$payments_port;
		keepalive_requests 10000;
		keepalive_timeout 30s;
		location = /internal/payments {
			access_log $work/logs/payments-plain.log calls buffer=64k flush=1s;
			return 200 '{"paymentId":"00000000-0000-4000-8000-000000000001","status":"AUTHORIZED"}';
		}
	}
	server {
		listen 127.0.0.1:$payments_tls_port ssl;
		include mutual-tls.conf;
		keepalive_requests 10000;
		keepalive_timeout 30s;
		location = /internal/payments {
			access_log $work/logs/payments-mtls.log calls buffer=64k flush=1s;
			return 200 '{"paymentId":"00000000-0000-4000-8000-000000000001","status":"AUTHORIZED"}';
		}
	}
}
EOF
taskset -c "$load_cpus" nginx -p "$work/nginx" -c nginx.conf
taskset -c "$load_cpus" redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no \
	--daemonize yes --logfile "$work/logs/redis.log"

# --- the servers under test -------------------------------------------------------------------
jvm=(-Xms512m -Xmx512m -XX:+UseParallelGC)
start() {
	local name=$1
	shift
	taskset -c "$server_cpu" "$@" >"$work/logs/$name.log" 2>&1 &
	pids+=($!)
}
start stock env BENCH_BACKEND="http://127.0.0.1:$backend_port" BENCH_STOCK_PORT=$stock_port \
	BENCH_REDIS_PORT=$redis_port BENCH_JWKS_URI="http://127.0.0.1:$backend_port/jwks.json" \
	java "${jvm[@]}" -jar bench/stock-gateway/target/stock-gateway-0.1.0-SNAPSHOT.jar
edge_env=(KEYCLOAK_ISSUER_URI="$issuer"
	KEYCLOAK_JWK_SET_URI="$issuer/protocol/openid-connect/certs"
	GATEWAY_CLIENT_SECRET="$(head -c 18 /dev/urandom | base64)"
	ORDER_SERVICE_URL="https://127.0.0.1:$tls_backend_port"
	PAYMENT_SERVICE_URL="https://127.0.0.1:$tls_backend_port"
	REDIS_HOST=127.0.0.1 REDIS_PORT=$redis_port SHOP_TLS_DIR="$work/pki/api-gateway"
	SERVER_ADDRESS=127.0.0.1 MANAGEMENT_SERVER_ADDRESS=127.0.0.1)
# Limits far above the load: the limiter's cost is measured, not its refusals.
limits=(--shop.rate-limit.orders.replenish-rate=1000000 --shop.rate-limit.orders.burst-capacity=1000000)
# BENCH_PROFILE=1: the full edge records a JFR profile during the timed rounds (after the
# warm-up); where its CPU time went is printed and the recording stays in
# bench/target/run/edge.jfr.
start edge env "${edge_env[@]}" SERVER_PORT=$edge_port MANAGEMENT_SERVER_PORT=18092 \
	java "${jvm[@]}" -jar api-gateway/target/api-gateway-0.1.0-SNAPSHOT-exec.jar "${limits[@]}"
edge_pid=${pids[-1]}
stock_pid=${pids[0]}
start edge-nolimit env "${edge_env[@]}" SERVER_PORT=$edge_nolimit_port MANAGEMENT_SERVER_PORT=18093 \
	java "${jvm[@]}" -jar api-gateway/target/api-gateway-0.1.0-SNAPSHOT-exec.jar "${limits[@]}" \
	--spring.config.additional-location="file:$root/bench/gateway-no-limiter.yml"
edge_nolimit_pid=${pids[-1]}
# BENCH_BASELINE_JAR=path/to/an/older/api-gateway-exec.jar: that build runs as one more case,
# the full edge as it was, so that a change is measured against it in the same run.
baseline_jar=${BENCH_BASELINE_JAR:-}
if [ -n "$baseline_jar" ]; then
	start edge-baseline env "${edge_env[@]}" SERVER_PORT=$edge_baseline_port MANAGEMENT_SERVER_PORT=18095 \
		java "${jvm[@]}" -jar "$baseline_jar" "${limits[@]}"
	edge_baseline_pid=${pids[-1]}
fi

status() { curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$@" || true; }
await() {
	local url=$1 deadline=$((SECONDS + 120))
	until [ "$(status "$url")" != "000" ]; do
		[ $SECONDS -lt $deadline ] || { log "no answer from $url"; tail -30 "$work/logs/"*.log; exit 1; }
		sleep 1
	done
}
await "http://127.0.0.1:$stock_port/plain/x"
await "http://127.0.0.1:$edge_port/api/public/products"
await "http://127.0.0.1:$edge_nolimit_port/api/public/products"
[ -z "$baseline_jar" ] || await "http://127.0.0.1:$edge_baseline_port/api/public/products"

# --- the cases: name, URL, whether the token goes with it, the server that answers ------------
cases=(
	"stock plain|http://127.0.0.1:$stock_port/plain/api/orders|no|$stock_pid"
	"stock JWT|http://127.0.0.1:$stock_port/jwt/api/orders|yes|$stock_pid"
	"stock JWT + RedisRateLimiter|http://127.0.0.1:$stock_port/limited/api/orders|yes|$stock_pid"
	"gateway full edge (mTLS backend)|http://127.0.0.1:$edge_port/api/orders|yes|$edge_pid"
	"gateway full edge, limiter off|http://127.0.0.1:$edge_nolimit_port/api/orders|yes|$edge_nolimit_pid"
)
[ -z "$baseline_jar" ] ||
	cases+=("gateway full edge, baseline build|http://127.0.0.1:$edge_baseline_port/api/orders|yes|$edge_baseline_pid")

# The servers share one CPU. A server that is not under load is not idle: its JIT compiler
# threads and its GC still run, on the CPU of the server being measured (on this 2-CPU machine
# an edge still compiling took up to half of that CPU from the stock gateway's rounds). So
# while a case runs, the other servers are stopped (SIGSTOP) and continue afterwards; each
# server is measured alone on its CPU, and its own compilation counts against itself only.
alone() {
	local pid
	for pid in "${pids[@]}"; do [ "$pid" = "$1" ] || kill -STOP "$pid"; done
	kill -CONT "$1"
}
all_running() { local pid; for pid in "${pids[@]}"; do kill -CONT "$pid"; done; }
# Methods the JIT compiler has compiled so far in a server (jstat, from the JDK).
compiled() { jstat -compiler "$1" | awk 'NR == 2 { print $1 }'; }

# Each case must answer as it should before anything is timed: 200 with the token, 401 without
# it (where a token is needed) and with an expired one.
failed=0
for entry in "${cases[@]}"; do
	IFS='|' read -r name url auth _ <<<"$entry"
	ok=$(status -H "Authorization: Bearer $token" "$url")
	if [ "$auth" = yes ]; then
		none=$(status "$url")
		expired=$(status -H "Authorization: Bearer $(cat "$work/keys/token-expired")" "$url")
	else
		none=401 expired=401
	fi
	if [ "$ok" != 200 ] || [ "$none" != 401 ] || [ "$expired" != 401 ]; then
		log "case '$name' answers $ok with the token, $none without, $expired expired: expected 200, 401, 401"
		failed=1
	fi
done
[ $failed -eq 0 ] || exit 1
log "every case answers as it should (200 with a token, 401 without or expired)"

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# One wrk run: prints "requests/s p99-ms requests p50-ms max-ms non-2xx".
load() {
	local url=$1 auth=$2 seconds=$3 out
	local header=()
	[ "$auth" = yes ] && header=(-H "Authorization: Bearer $token")
	out=$(taskset -c "$load_cpus" wrk -t1 -c"$connections" -d"${seconds}s" --timeout 5s --latency \
		"${header[@]}" "$url")
	# Every answer must be a 2xx: the smoke run stops at the first other one; a full run counts
	# them per case in the table (an overloaded edge may shed load, and that is a result too).
	if grep -q "Non-2xx" <<<"$out" && [ "$mode" = smoke ]; then
		log "non-2xx answers under load from $url:" >&2
		echo "$out" >&2
		tail -n 20 "$work/logs/"*.log >&2
		exit 1
	fi
	awk '
		function ms(v, u) { u = v; gsub(/[0-9.]/, "", u); gsub(/[a-z]/, "", v)
			return (u == "us") ? v / 1000 : (u == "s") ? v * 1000 : v }
		/Requests\/sec/ { rps = $2 }
		/^ +50%/ { p50 = ms($2) }
		/^ +99%/ { p99 = ms($2) }
		/^ +Latency +[0-9]/ { max = ms($4) }
		/requests in/ { n = $1 }
		/Non-2xx/ { bad = $NF }
		END { printf "%s %s %s %s %s %d\n", rps, p99, n, p50, max, bad }' <<<"$out"
}

# Warm-up, each case alone on its server's CPU: at least the set time, then 10 s windows until
# the server is steady (two windows within 5 % of each other, and fewer than 100 methods
# compiled by its JIT in the last one) or the cap. On one CPU the gateway's JIT compiler
# competes with its event loop; a fixed 45 s left the full edge at a third of the throughput it
# reached later in the same run, and throughput alone could look steady while the JIT still
# compiled 1,400 methods in the rounds that followed.
warmup_max=${BENCH_WARMUP_MAX:-300}
declare -A warmed
log "warm-up: ${warmup}s per case$([ "$mode" = smoke ] || echo ", then until steady (at most ${warmup_max}s)")"
for entry in "${cases[@]}"; do
	IFS='|' read -r name url auth pid <<<"$entry"
	alone "$pid"
	load "$url" "$auth" "$warmup" >/dev/null
	spent=$warmup previous=0
	while [ "$mode" = full ] && [ "$spent" -lt "$warmup_max" ]; do
		before=$(compiled "$pid")
		read -r r _ <<<"$(load "$url" "$auth" 10)"
		compiling=$(($(compiled "$pid") - before))
		spent=$((spent + 10))
		log "  $name: ${spent}s, $r req/s, $compiling methods compiled in the last 10 s"
		awk -v a="$previous" -v b="$r" -v c="$compiling" \
			'BEGIN { exit !(a > 0 && b > 0 && a / b > 0.95 && b / a > 0.95 && c < 100) }' && break
		previous=$r
	done
	warmed[$name]=$spent
done

[ -z "${BENCH_PROFILE:-}" ] || jcmd "$edge_pid" JFR.start name=bench settings=profile >/dev/null
realm_before=$(wc -l <"$work/logs/realm-requests.log" 2>/dev/null || echo 0)
edge_requests=0
declare -A rps p99 p50 failed_answers jit
log "$rounds interleaved round(s) of ${duration}s per case, $connections connections"
for round in $(seq 1 "$rounds"); do
	for entry in "${cases[@]}"; do
		IFS='|' read -r name url auth pid <<<"$entry"
		alone "$pid"
		before=$(compiled "$pid")
		read -r r p n m _ bad <<<"$(load "$url" "$auth" "$duration")"
		jit[$name]=$((${jit[$name]:-0} + $(compiled "$pid") - before))
		rps[$name]+="$r "
		failed_answers[$name]=$((${failed_answers[$name]:-0} + bad))
		p99[$name]+="$p "
		p50[$name]+="$m "
		case "$name" in gateway*) edge_requests=$((edge_requests + n)) ;; esac
	done
done
realm_after=$(wc -l <"$work/logs/realm-requests.log" 2>/dev/null || echo 0)
if [ -n "${BENCH_PROFILE:-}" ]; then
	jcmd "$edge_pid" JFR.stop name=bench filename="$work/edge.jfr" >/dev/null
	log "full edge profile: $work/edge.jfr"
	java bench/tools/JfrBreakdown.java "$work/edge.jfr" | tee "$work/profile.txt"
fi
# --- Redis down: how long each request waits for its route's fail-open choice -----------------
# The full edge's orders route fails open (ALLOW). Redis stops; after a first short run (the
# first failures open the limiter's breaker), a timed run measures what requests wait now. Every
# answer must still be 200: the route serves unlimited, as its policy says.
alone "$edge_pid"
redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true
load "http://127.0.0.1:$edge_port/api/orders" yes "$warmup" >/dev/null
read -r down_rps down_p99 down_n down_p50 down_max down_bad <<<"$(load "http://127.0.0.1:$edge_port/api/orders" yes "$duration")"
up_p50=$(median <<<"${p50[gateway full edge (mTLS backend)]}")
up_p99=$(median <<<"${p99[gateway full edge (mTLS backend)]}")

# --- start-up time and memory, with and without a JDK AOT cache (JEP 483/514) ------------------
# The gateway as its image runs it: extracted (java -Djarmode=tools ... extract), so that its
# classes come from the class path, which the AOT cache can hold. One training run writes the
# cache (-XX:AOTCacheOutput, the context exits once refreshed). Each start is timed by Spring
# Boot's own "process running for" (JVM start to ready) and its resident memory read when ready.
all_running
for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
pids=()
aot=$work/aot
java -Djarmode=tools -jar api-gateway/target/api-gateway-0.1.0-SNAPSHOT-exec.jar extract --destination "$aot/edge" >/dev/null
startup_env=("${edge_env[@]}" SERVER_PORT=18084 MANAGEMENT_SERVER_PORT=18094)
env "${startup_env[@]}" taskset -c "$server_cpu" java "${jvm[@]}" -XX:AOTCacheOutput="$aot/edge.aot" \
	-Dspring.context.exit=onRefresh -jar "$aot/edge/api-gateway-0.1.0-SNAPSHOT-exec.jar" >"$work/logs/aot-training.log" 2>&1
[ -f "$aot/edge.aot" ] || { log "no AOT cache written"; tail -20 "$work/logs/aot-training.log"; exit 1; }
# One start: prints "seconds-to-ready resident-MiB".
started() {
	local log_file=$work/logs/startup.log pid ready="" deadline=$((SECONDS + 120))
	env "${startup_env[@]}" taskset -c "$server_cpu" java "${jvm[@]}" "$@" \
		-jar "$aot/edge/api-gateway-0.1.0-SNAPSHOT-exec.jar" >"$log_file" 2>&1 &
	pid=$!
	until [ -n "$ready" ]; do
		[ $SECONDS -lt $deadline ] || { log "gateway did not start"; tail -20 "$log_file"; kill "$pid"; exit 1; }
		sleep 0.2
		ready=$(sed -n 's/.*Started .* (process running for \([0-9.]*\)).*/\1/p' "$log_file")
	done
	rss=$(awk '/VmRSS/ { print $2 }' "/proc/$pid/status")
	kill "$pid"
	wait "$pid" 2>/dev/null || true
	awk -v s="$ready" -v r="$rss" 'BEGIN { printf "%s %.0f\n", s, r / 1024 }'
}
starts=$([ "$mode" = smoke ] && echo 1 || echo 3)
declare -A start_s start_mib
for i in $(seq 1 "$starts"); do
	for variant in "without AOT cache" "with AOT cache"; do
		flags=()
		[ "$variant" = "with AOT cache" ] && flags=(-XX:AOTCache="$aot/edge.aot")
		read -r s m <<<"$(started "${flags[@]}")"
		start_s[$variant]+="$s "
		start_mib[$variant]+="$m "
	done
done

# --- order-service -> payment-service: order-service's own payment client ----------------------
# PaymentServiceClient over PaymentClientConfiguration's pooled mutual-TLS client
# (bench/service-calls), on the servers' CPU (the gateways are gone by now), calling the payment
# stand-in over mutual TLS and, with the same client, over plain HTTP: the ratio is what mutual
# TLS costs a warm pooled client. The variants warm up together, in turns, until both are steady
# (the cases' criterion, per variant; at most the cap per variant), then take turns.
callers=${BENCH_CALLERS:-32}
log "order-service -> payment-service: order-service's payment client, $callers callers, mutual TLS and plain HTTP"
calls_log=$work/logs/service-calls.log
if ! env BENCH_TOKEN_FILE="$work/keys/token" SHOP_TLS_DIR="$work/pki/order-service" BENCH_CALLERS="$callers" \
	BENCH_PAYMENTS_MTLS_URL="https://127.0.0.1:$payments_tls_port" BENCH_PAYMENTS_PLAIN_URL="http://127.0.0.1:$payments_port" \
	BENCH_WARMUP="${warmup}s" BENCH_WARMUP_MAX="$([ "$mode" = smoke ] && echo 0 || echo "$warmup_max")s" \
	BENCH_DURATION="${duration}s" BENCH_ROUNDS="$rounds" \
	taskset -c "$server_cpu" java "${jvm[@]}" -jar bench/service-calls/target/service-calls-0.1.0-SNAPSHOT.jar >"$calls_log" 2>&1; then
	log "order-service's payment client failed"
	tail -30 "$calls_log"
	exit 1
fi
sed -n 's/^warm-up /  /p' "$calls_log" | while read -r line; do log "$line"; done
calls_warmup=$(awk -v w="$warmup" '$1 == "warm-up" { s = $3 } END { print (s == "") ? w : s + 0 }' "$calls_log")
calls_jit=$(awk '$1 == "round" { n += $11 } END { print n + 0 }' "$calls_log")
sleep 2 # nginx writes its access logs every second
declare -A call_rps call_p99 call_bad
# Server side, per variant, over its timed rounds only: "calls new-connections resumed".
connections() {
	awk -v v="$1" '$1 == "round" && $3 == v { print $9, $10 }' "$calls_log" >"$work/windows-$1"
	awk 'NR == FNR { from[NR] = $1; to[NR] = $2; w = NR; next }
		{ t = $1 * 1000; for (i = 1; i <= w; i++) if (t >= from[i] && t <= to[i]) { n++; if ($3 == 1) { c++; if ($4 == "r") r++ }; break } }
		END { printf "%d %d %d\n", n, c, r }' "$work/windows-$1" "$work/logs/payments-$1.log"
}
for variant in mtls plain; do
	call_rps[$variant]=$(awk -v v=$variant '$1 == "round" && $3 == v { print $5 }' "$calls_log" | median)
	call_p99[$variant]=$(awk -v v=$variant '$1 == "round" && $3 == v { print $7 }' "$calls_log" | median)
	call_bad[$variant]=$(awk -v v=$variant '$1 == "round" && $3 == v { n += $8 } END { print n + 0 }' "$calls_log")
done
read -r tls_calls tls_handshakes tls_resumed <<<"$(connections mtls)"
read -r plain_calls plain_connections _ <<<"$(connections plain)"
# Every call must have been paid, and the server must have seen the calls of both variants.
if [ "${call_bad[mtls]}" != 0 ] || [ "${call_bad[plain]}" != 0 ] || [ "$tls_calls" = 0 ] || [ "$plain_calls" = 0 ]; then
	log "payment calls not paid: ${call_bad[mtls]} over mutual TLS, ${call_bad[plain]} over plain HTTP; calls the server counted: $tls_calls and $plain_calls"
	exit 1
fi

base_rps=$(median <<<"${rps[stock plain]}")
base_p99=$(median <<<"${p99[stock plain]}")
table=$work/table.md
{
	echo "| case | req/s (median) | ratio to stock plain | p99 ms (median) | p99 ratio | non-2xx answers | warm-up s | methods JIT-compiled in the rounds |"
	echo "|---|---|---|---|---|---|---|---|"
	for entry in "${cases[@]}"; do
		IFS='|' read -r name _ <<<"$entry"
		r=$(median <<<"${rps[$name]}")
		p=$(median <<<"${p99[$name]}")
		awk -v n="$name" -v r="$r" -v p="$p" -v br="$base_rps" -v bp="$base_p99" -v bad="${failed_answers[$name]:-0}" \
			-v w="${warmed[$name]}" -v j="${jit[$name]}" \
			'BEGIN { printf "| %s | %.0f | %.2fx | %.1f | %.2fx | %d | %d | %d |\n", n, r, r / br, p, p / bp, bad, w, j }'
	done
	limited=$(median <<<"${rps[gateway full edge (mTLS backend)]}")
	unlimited=$(median <<<"${rps[gateway full edge, limiter off]}")
	awk -v a="$limited" -v b="$unlimited" 'BEGIN { printf "\nLimiter on / limiter off (req/s): %.2fx\n", a / b }'
	if [ -n "$baseline_jar" ]; then
		baseline=$(median <<<"${rps[gateway full edge, baseline build]}")
		awk -v a="$limited" -v b="$baseline" -v j="$baseline_jar" \
			'BEGIN { printf "This build / baseline build %s (full edge, req/s): %.2fx\n", j, a / b }'
	fi
	awk -v p50="$down_p50" -v p99="$down_p99" -v max="$down_max" -v u50="$up_p50" -v u99="$up_p99" -v r="$down_rps" -v bad="$down_bad" \
		'BEGIN { printf "Redis stopped, full edge (fails open): p50 %.1f ms, p99 %.1f ms, max %.1f ms (with Redis: p50 %.1f, p99 %.1f); %.0f req/s, %d answers not 2xx\n", p50, p99, max, u50, u99, r, bad }'
	plain_s=$(median <<<"${start_s[without AOT cache]}") cached_s=$(median <<<"${start_s[with AOT cache]}")
	plain_mib=$(median <<<"${start_mib[without AOT cache]}") cached_mib=$(median <<<"${start_mib[with AOT cache]}")
	awk -v a="$plain_s" -v b="$cached_s" -v ma="$plain_mib" -v mb="$cached_mib" -v n="$starts" \
		'BEGIN { printf "Gateway start-up (JVM start to ready, median of %d on one CPU): %.2f s without the AOT cache, %.2f s with it (%.2fx); resident memory when ready %d MiB and %d MiB (%.2fx)\n", n, a, b, b / a, ma, mb, mb / ma }'
	awk -v tr="${call_rps[mtls]}" -v pr="${call_rps[plain]}" -v tp="${call_p99[mtls]}" -v pp="${call_p99[plain]}" \
		-v n="$tls_calls" -v h="$tls_handshakes" -v r="$tls_resumed" -v pn="$plain_calls" -v pc="$plain_connections" -v c="$callers" -v w="$calls_warmup" -v j="$calls_jit" \
		'BEGIN { printf "order-service -> payment-service (order-service'"'"'s payment client, %d callers): mutual TLS %.0f calls/s, plain HTTP %.0f (%.2fx); p99 %.1f ms and %.1f ms (%.2fx); TLS handshakes per call, counted by the server: %.4f (%d in %d calls, %d of them resumed sessions); plain HTTP connections per call: %.4f; warm-up %ds per variant, methods JIT-compiled in the rounds %d\n", c, tr, pr, tr / pr, tp, pp, tp / pp, h / n, h, n, r, pc / pn, w, j }'
	awk -v k=$((realm_after - realm_before)) -v n="$edge_requests" \
		'BEGIN { printf "Requests to the realm (keys, tokens) during the timed rounds: %d, per gateway request: %.6f (%d gateway requests)\n", k, (n > 0) ? k / n : 0, n }'
} >"$table"
echo
cat "$table"
echo
steady=""
[ "$mode" = smoke ] || steady=" and then until two 10 s windows agree within 5 % and the JIT compiled fewer than 100 methods in the last (at most ${warmup_max}s)"
settings="warm-up ${warmup}s per case$steady, $rounds interleaved round(s) of ${duration}s per case, wrk -t1 -c$connections; gateways on CPU $server_cpu with -Xms512m -Xmx512m, load and stand-ins on CPUs $load_cpus"
log "mode $mode: $settings"
[ "$mode" = full ] || exit 0

# --- the full run's record: docs/performance.md and its chart ---------------------------------
chart=docs/performance.svg
{
	echo '<svg xmlns="http://www.w3.org/2000/svg" width="760" height="'$((60 + 50 * ${#cases[@]}))'" font-family="sans-serif" font-size="13">'
	echo '<text x="10" y="20" font-weight="bold">Ratios to stock Spring Cloud Gateway, plain route (same run)</text>'
	echo '<text x="300" y="40" fill="#2b6cb0">req/s ratio</text><text x="420" y="40" fill="#c05621">p99 ratio</text>'
	y=60
	for entry in "${cases[@]}"; do
		IFS='|' read -r name _ <<<"$entry"
		r=$(median <<<"${rps[$name]}")
		p=$(median <<<"${p99[$name]}")
		awk -v n="$name" -v r="$r" -v p="$p" -v br="$base_rps" -v bp="$base_p99" -v y="$y" 'BEGIN {
			rr = r / br; pr = p / bp; scale = 200; cap = 2.5
			w1 = ((rr > cap) ? cap : rr) * scale; w2 = ((pr > cap) ? cap : pr) * scale
			printf "<text x=\"10\" y=\"%d\">%s</text>\n", y + 14, n
			printf "<rect x=\"300\" y=\"%d\" width=\"%.0f\" height=\"14\" fill=\"#2b6cb0\"/><text x=\"%.0f\" y=\"%d\">%.2fx</text>\n", y, w1, 305 + w1, y + 12, rr
			printf "<rect x=\"300\" y=\"%d\" width=\"%.0f\" height=\"14\" fill=\"#c05621\"/><text x=\"%.0f\" y=\"%d\">%.2fx</text>\n", y + 18, w2, 305 + w2, y + 30, pr
		}'
		y=$((y + 50))
	done
	echo '</svg>'
} >"$chart"
java_version=$("$JAVA_HOME/bin/java" -version 2>&1 | head -1)
cpu_model=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)
memory=$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
boot=$(sed -n 's:.*<artifactId>spring-boot-starter-parent</artifactId>.*::p' pom.xml >/dev/null; grep -A1 'spring-boot-starter-parent' pom.xml | sed -n 's:.*<version>\(.*\)</version>.*:\1:p')
cloud=$(sed -n 's:.*<spring-cloud.version>\(.*\)</spring-cloud.version>.*:\1:p' pom.xml)
{
	echo "# Performance: the gateway against stock Spring Cloud Gateway"
	echo
	echo "Written by \`bench/run.sh\` (the full run) on $(date -u +%Y-%m-%d). Every figure is a median over"
	echo "interleaved rounds, and every ratio compares two figures of this same run on this same machine."
	echo "Rerun: \`bench/run.sh\` (about 30 minutes on 2 CPUs; \`bench/run.sh --smoke\` checks the harness in one)."
	echo
	echo "![req/s and p99 ratios per case](performance.svg)"
	echo
	cat "$table"
	echo
	echo "## How it was measured"
	echo
	echo "- Machine: $cpus CPUs ($cpu_model), $memory; $(uname -sr); $java_version."
	echo "- Versions: Spring Boot $boot, Spring Cloud $cloud (the stock gateway is \`bench/stock-gateway\`, built with the platform's own versions)."
	echo "- Settings: $settings."
	echo "- Backend: nginx answering a fixed JSON body; over mutual TLS (client certificate of the platform CA required) for the platform's gateway, plain HTTP for the stock one. Keys: a JWKS served by nginx, fetched by both gateways; tokens RS256, made by \`bench/tools/BenchKeys.java\` for one user. Redis: a local redis-server."
	echo "- The platform's gateway runs with every edge filter on (canonical path, client address, body size, login limit, Spring Security with the full token checks, the rate limiter, the circuit breaker, mutual TLS); the limiter-off instance differs only by the orders route's RedisRateLimit filter (\`bench/gateway-no-limiter.yml\`). Limits are set far above the load, so nothing is refused."
	[ -z "$baseline_jar" ] || echo "- \`gateway full edge, baseline build\` is the full edge of an earlier build (\`BENCH_BASELINE_JAR\`), with the same settings: the ratio between the two full-edge rows is what the changes since that build did."
	echo "- order-service -> payment-service: order-service's own payment client (\`PaymentServiceClient\` over \`PaymentClientConfiguration\`'s pooled mutual-TLS Apache HttpClient under Feign; \`bench/service-calls\`) on CPU $server_cpu with the gateways' JVM settings, $callers callers each calling as fast as answered, against a payment-service stand-in (nginx answering every payment as authorized, with payment-service's keep-alive settings: 10,000 requests, 30 s) over mutual TLS (client certificate of the platform CA required) and, with the same client, over plain HTTP. The two warm up together, in turns of 10 s each, until both are steady by the gateways' criterion (the JIT's count from the client's own flight recorder), then take turns for the rounds. Handshakes are counted by the server: its log marks the first request of each connection and whether it resumed a TLS session. The client closes connections idle for 2-4 s, so each mutual-TLS round starts by opening its connections again while the plain round before it ran; those count."
	echo "- Each case runs alone on the servers' CPU: the other servers are stopped (SIGSTOP) while it runs, so that their JIT compiler and GC threads, which keep working without load, take nothing from it. The last column counts the methods its server's JIT compiled during its timed rounds: the fewer, the steadier the server was (a JIT never stops compiling entirely)."
	if [ -f "$work/profile.txt" ]; then
		echo
		echo "## Where the full edge's time goes"
		echo
		echo "A JFR profile (\\`settings=profile\\`, CPU samples every 10-20 ms per thread) of the full edge during this run (\\`BENCH_PROFILE=1\\`):"
		echo
		echo '```'
		cat "$work/profile.txt"
		echo '```'
	fi
} >docs/performance.md
log "wrote docs/performance.md and $chart"
