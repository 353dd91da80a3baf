#!/usr/bin/env bash
# Runs every check CI runs: formatting, vet, and all tests with the race
# detector against a real PostgreSQL. On a fresh Debian machine with Go it
# installs what the tests need (PostgreSQL server binaries, a C compiler for
# -race, a font with Chinese glyphs for report charts and certificates,
# poppler's pdftotext to read a certificate back, Chromium for the web
# console's browser tests); the tests start their own throwaway PostgreSQL unless DATABASE_URL
# points at one.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
	echo "test.sh: installing $* (Debian packages)"
	as_root apt-get update -qq
	DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

have_postgres() {
	command -v pg_ctl >/dev/null 2>&1 || compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' >/dev/null
}

if [ -z "${DATABASE_URL:-}" ] && ! have_postgres; then
	apt_install postgresql
fi
if ! command -v gcc >/dev/null 2>&1; then
	apt_install gcc libc6-dev
fi
if [ ! -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] && [ -z "${HRBOT_FONT:-}" ]; then
	apt_install fonts-wqy-microhei
fi
# The termination certificate's test reads its PDF's text back with
# poppler's pdftotext (it says so and reads nothing without it).
if ! command -v pdftotext >/dev/null 2>&1; then
	apt_install poppler-utils
fi
# The web console's tests drive a real headless Chromium.
if [ -z "${HRBOT_CHROMIUM:-}" ] && ! command -v chromium >/dev/null 2>&1; then
	apt_install chromium
fi

echo "test.sh: gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then
	echo "these files need gofmt -w:"
	echo "$unformatted"
	exit 1
fi

echo "test.sh: go vet"
go vet ./...

echo "test.sh: go test -race"
go test -race -count=1 -timeout 10m ./...
