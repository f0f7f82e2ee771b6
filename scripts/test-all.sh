#!/usr/bin/env bash
# Every check and test of the repository, in the order a failure is cheapest to find:
# formatting, the build, type-checking (specs included: ts-jest only transpiles them), lint, the
# packed tarballs compiled by a consumer, unit tests, the pages in a real headless Chromium
# (installed by tools/chromium), then the tests against a real Kafka broker
# (started by tools/kafka), then the tests against the real Dapr sidecar (daprd, built from
# Dapr's Go module by tools/dapr), then the end-to-end tests in fresh Nx workspaces with the
# packed tarballs.
set -euo pipefail
cd "$(dirname "$0")/.."
export KAFKAJS_NO_PARTITIONER_WARNING=1 NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false

# daprd takes about 10 minutes to build on a fresh machine: start it now, beside the unit and
# Kafka tests, and wait for it only where the Dapr tests need it. Later runs find it cached.
mkdir -p tmp
node tools/dapr/cli.mjs build >tmp/daprd-build.log 2>&1 &
daprd_build=$!

npm run format:check
npm run build
# after the build: the plugin's sources and lint's type information import the runtime's dist
npm run typecheck
npm run lint
npm run check:packages
npm run test:unit
# installs Debian's chromium on first use (tools/chromium/install.sh); the e2e tests need it too
npm run test:browser
npm run test:kafka
if ! wait "$daprd_build"; then
  echo "Building daprd failed:" >&2
  cat tmp/daprd-build.log >&2
  exit 1
fi
npm run test:dapr
npm run test:e2e
