#!/usr/bin/env bash
# Builds the Node addon (debug) and runs the Node tests (`node --test`): golden parity, the API,
# panics, `tsc` type tests, and the freshness of the checked-in index.d.ts/index.js.
# Self-contained on a fresh machine with cargo: installs Node.js from Debian if it is missing,
# the npm packages from package-lock.json (`npm ci`), builds with @napi-rs/cli, runs the tests.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    echo "== apt-get install nodejs npm"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
  else
    echo "bindings/node/test.sh: Node.js >= 20 and npm are needed" >&2
    exit 1
  fi
fi
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt 20 ]; then
  echo "bindings/node/test.sh: Node.js >= 20 is needed (found $(node --version))" >&2
  exit 1
fi

echo "== npm ci (bindings/node)"
npm ci --no-audit --no-fund --loglevel=error

# Build into a scratch folder, so the checked-in index.d.ts/index.js stay as committed and the
# freshness test compares them with what this build generated; the addon is copied beside them.
generated="$(mktemp -d)"
trap 'rm -rf "$generated"' EXIT
echo "== napi build (debug, host)"
# With the core's test hook (a request that panics inside the core): test builds only.
npx napi build --platform --features test-hooks --output-dir "$generated" --js index.js --dts index.d.ts -- --locked
cp "$generated"/*.node .

echo "== node --test (bindings/node)"
AKSFLOW_CORE_TEST_HOOKS=1 AKSFLOW_NODE_GENERATED_DIR="$generated" node --test --test-reporter=spec test/
