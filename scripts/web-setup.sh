#!/usr/bin/env bash
# Installs the web UI's npm packages (web/node_modules, from web/package-lock.json)
# and builds the UI into web/dist with Vite. Called by scripts/setup.sh.
# Idempotent and fast on a second run: `npm ci` runs only when package.json or
# the lockfile changed since the last install; the build runs only when a source
# file is newer than web/dist/index.html. Once node_modules exist, no network is used.
set -euo pipefail
cd "$(dirname "$0")/../web"

if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
  echo "setup: node and npm are needed to build the web UI (web/) but were not found" >&2
  exit 1
fi

stamp=node_modules/.govscore-lock.sha256
want="$(cat package.json package-lock.json | sha256sum | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup: npm ci in web/"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" >"$stamp"
fi

if [ ! -f dist/index.html ] || [ -n "$(find src index.html vite.config.js package-lock.json "$stamp" -newer dist/index.html -print -quit)" ]; then
  echo "setup: building the web UI (web/dist)"
  npm run --silent build -- --logLevel warn
else
  echo "setup: web UI up to date (web/dist)"
fi
