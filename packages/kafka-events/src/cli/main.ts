#!/usr/bin/env node
import { run } from './run';

void Promise.resolve(
  run(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  }),
).then((code) => {
  process.exitCode = code;
});
