#!/usr/bin/env bash
# Makes Docker usable on a Debian machine that reaches no container registry: installs the engine
# when missing, starts the daemon when it is not running, and builds every image the tests and the
# compose platform need from Debian packages and Maven Central. Idempotent: when the daemon runs and
# the images are current, it takes seconds.
#
# Usage: offline/setup-docker.sh            (as root)
# Then:  set -a; . offline/images.env; set +a   to point the project at the images built here.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
log_dir=${OFFLINE_LOG_DIR:-/var/log/shop-offline}
debian_mirror=${DEBIAN_MIRROR:-}
mkdir -p "$log_dir"

# Image names come from the same file the tests and compose read, so they cannot drift apart.
set -a
# shellcheck source=images.env
. "$here/images.env"
set +a

say() { printf '[setup-docker] %s\n' "$*"; }

install_packages() {
	local missing=()
	command -v dockerd >/dev/null || missing+=(docker.io)
	command -v docker-compose >/dev/null || missing+=(docker-compose)
	command -v debootstrap >/dev/null || missing+=(debootstrap)
	if [ ${#missing[@]} -gt 0 ]; then
		say "installing ${missing[*]}"
		# Third-party apt sources may be unreachable here; Debian's own mirror is what matters.
		apt-get update >"$log_dir/apt-update.log" 2>&1 || say "apt-get update reported errors (see $log_dir/apt-update.log)"
		DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >"$log_dir/apt-install.log" 2>&1 \
			|| { tail -20 "$log_dir/apt-install.log"; exit 1; }
	fi
}

# The Debian CLI, not a newer one that may sit earlier on PATH, talks to the Debian daemon.
docker() { /usr/bin/docker "$@"; }

start_daemon() {
	if docker info >/dev/null 2>&1; then
		return
	fi
	# A daemon killed uncleanly leaves pid files and sockets behind that make the next start fail.
	local pidfile
	for pidfile in /var/run/docker.pid /var/run/docker/containerd/containerd.pid; do
		if [ -f "$pidfile" ] && ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
			rm -f "$pidfile"
		fi
	done
	if ! pgrep -x dockerd >/dev/null; then
		rm -f /var/run/docker.sock
		say "starting dockerd (log: $log_dir/dockerd.log)"
		nohup dockerd >"$log_dir/dockerd.log" 2>&1 &
	fi
	local i
	for i in $(seq 1 60); do
		if docker info >/dev/null 2>&1; then
			return
		fi
		sleep 1
	done
	tail -30 "$log_dir/dockerd.log" || true
	say "dockerd did not answer within 60 s"
	exit 1
}

# A label records the hash of what an image was built from; an image is rebuilt only when that changed.
context_hash() {
	(cd "$here/images/$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum; shift; printf '%s\n' "$@") | sha256sum | cut -c1-16
}

is_current() {
	local image=$1 hash=$2
	[ "$(docker image inspect -f '{{ index .Config.Labels "shop.offline.hash" }}' "$image" 2>/dev/null)" = "$hash" ]
}

build_base() {
	local hash
	hash=$(context_hash base "$BASE_IMAGE")
	if is_current "$BASE_IMAGE" "$hash"; then
		return
	fi
	local mirror=$debian_mirror
	if [ -z "$mirror" ]; then
		# The first Debian archive among the configured apt sources (comments and -security skipped).
		mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null \
			| awk '/^(URIs:|deb )/ { for (i = 1; i <= NF; i++) if ($i ~ /^https?:\/\/.*\/debian\/?$/) { print $i; exit } }' || true)
	fi
	mirror=${mirror:-http://deb.debian.org/debian}
	say "building $BASE_IMAGE with debootstrap from $mirror (about a minute)"
	local dir
	dir=$(mktemp -d /var/tmp/shop-base.XXXXXX)
	debootstrap --variant=minbase bookworm "$dir/rootfs" "$mirror" >"$log_dir/debootstrap.log" 2>&1 \
		|| { tail -20 "$log_dir/debootstrap.log"; rm -rf "$dir"; exit 1; }
	tar -C "$dir/rootfs" -c . | docker import - "$BASE_IMAGE.rootfs" >/dev/null
	rm -rf "$dir"
	# A Dockerfile on top of the imported tree adds the CA bundle and the label.
	docker build -q --build-arg "ROOTFS=$BASE_IMAGE.rootfs" --label "shop.offline.hash=$hash" \
		-t "$BASE_IMAGE" "$here/images/base" >/dev/null
	docker rmi "$BASE_IMAGE.rootfs" >/dev/null
}

# The Java image carries a JDK copied from this machine, since no registry serves one here.
build_java() {
	local jdk hash
	jdk=$("$here/find-jdk.sh")
	hash=$(context_hash java "$JAVA_IMAGE" "$(cat "$jdk/release")")
	if is_current "$JAVA_IMAGE" "$hash"; then
		return
	fi
	say "building $JAVA_IMAGE from $jdk"
	local dir
	dir=$(mktemp -d /var/tmp/shop-java.XXXXXX)
	cp "$here/images/java/Dockerfile" "$dir/"
	# cacerts is a symlink into the host's certificate store: copy what it points to.
	cp -rL "$jdk" "$dir/jdk"
	docker build -q --build-arg "BASE_IMAGE=$BASE_IMAGE" --label "shop.offline.hash=$hash" \
		-t "$JAVA_IMAGE" "$dir" >/dev/null
	rm -rf "$dir"
}

# An image made from an artifact on Maven Central, fetched through the Maven wrapper, so that a
# Maven mirror configured for an air-gapped network is used: Keycloak's distribution, Zipkin's
# server (neither has a Debian package).
build_from_maven() {
	local name=$1 image=$2 artifact=$3 hash
	hash=$(context_hash "$name" "$image" "$JAVA_IMAGE")
	if is_current "$image" "$hash"; then
		return
	fi
	say "building $image from $artifact"
	local dir
	dir=$(mktemp -d "/var/tmp/shop-$name.XXXXXX")
	cp "$here/images/$name/"* "$dir/"
	(cd "$root" && ./mvnw -q -B -N org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
		-Dartifact="$artifact" -DoutputDirectory="$dir" -Dmdep.stripVersion=true) \
		>"$log_dir/$name-artifact.log" 2>&1 || { tail -20 "$log_dir/$name-artifact.log"; exit 1; }
	docker build -q --build-arg "JAVA_IMAGE=$JAVA_IMAGE" --label "shop.offline.hash=$hash" \
		-t "$image" "$dir" >/dev/null
	rm -rf "$dir"
}

build_from_debian() {
	local name=$1 image=$2 hash
	hash=$(context_hash "$name" "$image" "$BASE_IMAGE")
	if is_current "$image" "$hash"; then
		return
	fi
	say "building $image from Debian packages"
	docker build -q --build-arg "BASE_IMAGE=$BASE_IMAGE" --label "shop.offline.hash=$hash" \
		-t "$image" "$here/images/$name" >/dev/null
}

install_packages
start_daemon
build_base
build_java
build_from_maven keycloak "$KEYCLOAK_IMAGE" "org.keycloak:keycloak-quarkus-dist:${KEYCLOAK_IMAGE##*:}:zip"
build_from_debian postgres "$POSTGRES_IMAGE"
build_from_debian redis "$REDIS_IMAGE"
build_from_maven zipkin "$ZIPKIN_IMAGE" "io.zipkin:zipkin-server:${ZIPKIN_IMAGE##*:}:jar:exec"
build_from_debian prometheus "$PROMETHEUS_IMAGE"
# Testcontainers starts small helper containers from this name; any image with a POSIX shell serves.
docker tag "$BASE_IMAGE" "$TESTCONTAINERS_HELPER_IMAGE"
say "ready: $(docker version -f '{{.Server.Version}}') with $KEYCLOAK_IMAGE $POSTGRES_IMAGE $REDIS_IMAGE $JAVA_IMAGE $ZIPKIN_IMAGE $PROMETHEUS_IMAGE"
