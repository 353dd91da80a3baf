#!/usr/bin/env bash
# Runs govulncheck without reaching the vulnerability database's web
# service: the database is built from the golang.org/x/vulndb module,
# which the Go module proxy serves like any other module. It checks the
# code with the Go toolchain go.mod names (the standard library's fixes
# come with Go's patch releases).
set -euo pipefail
cd "$(dirname "$0")/.."

vulndb=golang.org/x/vulndb@v0.0.0-20261105234957-e22db6528018
toolchain=$(awk '/^toolchain /{print $2}' go.mod)
db=$(mktemp -d)
trap 'rm -rf "$db"' EXIT

dir=$(go mod download -json "$vulndb" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
echo "vulncheck.sh: building the vulnerability database from $vulndb"
(cd "$dir" && go run ./cmd/indexdb -vulns data/osv -out "$db")

echo "vulncheck.sh: govulncheck with ${toolchain:-the local Go}"
GOTOOLCHAIN=${toolchain:-local} go run golang.org/x/vuln/cmd/govulncheck@v1.1.4 -db "file://$db" ./...
