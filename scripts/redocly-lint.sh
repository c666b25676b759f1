#!/usr/bin/env bash
# Lints an OpenAPI document with Redocly's recommended rules (`redocly lint`), installing the pinned
# @redocly/cli from the npm registry into .tools/redocly when it is not there yet.
#   scripts/redocly-lint.sh FILE      lint FILE; exit status is redocly's (non-zero on any error)
#   scripts/redocly-lint.sh --install only make sure the tool is installed
# A tool that cannot be installed is a failure, never a skip.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version="2.77.0"
prefix="$root/.tools/redocly"
redocly="$prefix/node_modules/.bin/redocly"

if [ ! -x "$redocly" ] || ! grep -q "\"version\": \"$version\"" "$prefix/node_modules/@redocly/cli/package.json" 2>/dev/null; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "redocly-lint.sh: npm is missing; install Node.js and npm (Debian: apt-get install nodejs npm)." >&2
    exit 1
  fi
  mkdir -p "$prefix"
  if ! npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error "@redocly/cli@$version" >&2; then
    echo "redocly-lint.sh: could not install @redocly/cli@$version with npm." >&2
    exit 1
  fi
fi

if [ "${1:-}" = "--install" ]; then
  exit 0
fi

# Node prints a deprecation banner for old Node versions on stderr; the findings go to stdout.
exec "$redocly" lint --config "$root/scripts/redocly.yaml" --format=summary --max-problems 1000 "$@"
