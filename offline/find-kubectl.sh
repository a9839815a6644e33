#!/usr/bin/env bash
# Prints the path of a kubectl client that can render this repository's Kustomize overlays
# (1.27 or later: kustomize v5): $KUBECTL when it qualifies, else kubectl on the PATH, else the
# newest versioned one of a Google Cloud SDK install. No cluster is contacted. Exits 1 when
# there is none: the k8s checks must not be skipped silently.
set -euo pipefail

minor() {
	"$1" version --client -o json 2>/dev/null | sed -n 's/.*"minor": *"\([0-9]*\).*/\1/p' | head -1
}
for candidate in "${KUBECTL:-}" "$(command -v kubectl || true)" \
	$(ls -r /usr/lib/google-cloud-sdk/bin/kubectl.1.* 2>/dev/null || true); do
	[ -n "$candidate" ] && [ -x "$candidate" ] || continue
	if [ "$(minor "$candidate")" -ge 27 ] 2>/dev/null; then
		echo "$candidate"
		exit 0
	fi
done
echo "no kubectl 1.27 or later found: install one (it carries kustomize) or set KUBECTL to it" >&2
exit 1
