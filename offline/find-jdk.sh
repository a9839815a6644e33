#!/usr/bin/env bash
# Prints the home of a JDK >= 21 (with jlink, so a full JDK): $JAVA_HOME when it qualifies, else
# the newest one found in the usual places. Exits 1 when there is none.
set -euo pipefail

best= best_version=0
for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/local/jdk*; do
	[ -n "$candidate" ] && [ -f "$candidate/release" ] && [ -x "$candidate/bin/javac" ] && [ -x "$candidate/bin/jlink" ] || continue
	version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$candidate/release")
	[ "${version:-0}" -ge 21 ] || continue
	if [ "$candidate" = "${JAVA_HOME:-}" ]; then
		echo "$candidate"
		exit 0
	fi
	if [ "$version" -gt "$best_version" ]; then
		best=$candidate best_version=$version
	fi
done
if [ -z "$best" ]; then
	echo "no JDK >= 21 found: install one and set JAVA_HOME" >&2
	exit 1
fi
echo "$best"
