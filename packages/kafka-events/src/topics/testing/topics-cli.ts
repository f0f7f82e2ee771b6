/** Helpers of the `kafka-events topics` specs: a domain library on disk and one run of the command. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../../cli/run';

/** Writes `<workspace>/libs/<name>/kafka-events.json` (topic `<name>-events`); returns its root. */
export function writeDomainLibrary(
  workspace: string,
  name: string,
  extra: Record<string, unknown> = {},
): string {
  const root = join(workspace, 'libs', name);
  mkdirSync(root, { recursive: true });
  const config = { domain: name, entity: name, topic: `${name}-events`, source: `/${name}` };
  writeFileSync(
    join(root, 'kafka-events.json'),
    JSON.stringify({ ...config, events: [], ...extra }),
  );
  return root;
}

/** `kafka-events topics <args>`, with what it printed. */
export async function runTopics(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(['topics', ...args], {
    stdout: (text) => void out.push(text),
    stderr: (text) => void err.push(text),
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}
