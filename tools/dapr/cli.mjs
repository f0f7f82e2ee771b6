#!/usr/bin/env node
/**
 * The real Dapr sidecar for the repository's tests, demo and benchmarks.
 *   node tools/dapr/cli.mjs build     build daprd once (cached in tools/dapr/.cache), print its path
 *   node tools/dapr/cli.mjs version   print the Dapr version the repository builds
 * Specs start sidecars through tools/dapr/daprd.cjs; see README.md.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { daprVersion, ensureDaprd } = require('./daprd-build.cjs');
const USAGE = 'usage: node tools/dapr/cli.mjs build | version';

const [command, ...rest] = process.argv.slice(2);
try {
  if (rest.length > 0) throw new Error(`unexpected arguments ${JSON.stringify(rest)}\n${USAGE}`);
  if (command === 'build') process.stdout.write(`${ensureDaprd()}\n`);
  else if (command === 'version') process.stdout.write(`${daprVersion()}\n`);
  else throw new Error(`unknown command ${JSON.stringify(command ?? '')}\n${USAGE}`);
} catch (error) {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
