#!/usr/bin/env bash
# Every test of the repository, in the order a failure is cheapest to find:
# unit tests, then the tests against a real Kafka broker (started by tools/kafka), then the
# end-to-end tests in fresh Nx workspaces with the packed tarballs.
set -euo pipefail
cd "$(dirname "$0")/.."
export KAFKAJS_NO_PARTITIONER_WARNING=1 NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false

npm run build
npm run test:unit
npm run test:kafka
npm run test:e2e
