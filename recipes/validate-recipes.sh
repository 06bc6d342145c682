#!/usr/bin/env bash
# Checks the scheduler recipes against their schedulers' schemas, offline: the GitHub Actions workflow with
# actionlint (workflow syntax, expressions, matrix references), the Kubernetes manifests by decoding each document
# strictly into the Kubernetes API's Go types (recipes/validate-k8s). Needs Go and the Go module proxy; without Go it
# says so and checks nothing. tests/recipes/recipes.test.ts runs the recipes' steps themselves.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v go >/dev/null 2>&1; then
  echo "recipes: Go is not installed; the workflow and manifests were NOT validated (install Go to run this check)."
  exit 0
fi
bin="${PARITY_TOOLS_BIN:-${XDG_CACHE_HOME:-$HOME/.cache}/parity-tools/bin}"
mkdir -p "$bin"
[ -x "$bin/actionlint" ] || GOBIN="$bin" go install github.com/rhysd/actionlint/cmd/actionlint@v1.7.7
(cd validate-k8s && go build -o "$bin/validate-k8s" .)

"$bin/actionlint" github-actions-sharded-compare.yml
echo "github-actions-sharded-compare.yml: actionlint found no problem"
"$bin/validate-k8s" k8s-sharded-compare.yaml k8s-merge.yaml
