/**
 * What the inferred targets' descriptions say about a domain, read from its kafka-events.json.
 *
 * Never throws: a file that cannot be read, is not JSON or breaks a rule of kafka-events.json is
 * reported once as a warning naming the project and the file, and its project keeps its targets
 * (whose run fails naming the same problem). When createNodes throws for one file, Nx 22 and 23
 * fail the whole project graph, and with it every nx command of the workspace, even for an
 * AggregateCreateNodesError that carries the other files' results: an error here would break far
 * more than this project.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { validateDomainConfig } from '../contract/validate-domain-config';
import { ReportedProblems } from './reported-problems';
import type { DomainSummary } from './targets';

/** Per kafka-events.json; a fixed file is forgotten. */
const reported = new ReportedProblems();

export function readDomainSummary(workspaceRoot: string, file: string): DomainSummary | undefined {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(join(workspaceRoot, file), 'utf8'));
  } catch (error) {
    // by name: errors thrown by node:fs come from another realm under jest
    const { name, message } = error as Error;
    warnOnce(
      workspaceRoot,
      file,
      `${file}: ${name === 'SyntaxError' ? 'invalid JSON: ' : ''}${message}`,
    );
    return undefined;
  }
  try {
    validateDomainConfig(file, value);
    reported.forget(file);
  } catch (error) {
    warnOnce(workspaceRoot, file, (error as Error).message);
  }
  return summarize(value);
}

/** Lenient: the descriptions name the domain whenever these few fields are there. */
function summarize(config: unknown): DomainSummary | undefined {
  const c = config as {
    domain?: unknown;
    topic?: unknown;
    events?: unknown;
    compatibility?: unknown;
  };
  if (typeof c?.domain !== 'string' || typeof c.topic !== 'string' || !Array.isArray(c.events))
    return undefined;
  const eventVersions = c.events.reduce(
    (n: number, e: { versions?: unknown }) =>
      n + (Array.isArray(e?.versions) ? e.versions.length : 0),
    0,
  );
  return {
    domain: c.domain,
    topic: c.topic,
    eventVersions,
    compatibility: typeof c.compatibility === 'string' ? c.compatibility : 'BACKWARD',
  };
}

function warnOnce(workspaceRoot: string, file: string, problem: string): void {
  if (!reported.isNew(file, problem)) return;
  const root = dirname(file);
  console.warn(
    `kafka-events: project ${projectName(workspaceRoot, root)} (${root}) has a kafka-events.json ` +
      `its event targets cannot use: ${problem}\n` +
      `  Its events-* targets fail until the file is fixed; the other projects are not affected.`,
  );
}

/** The name Nx shows for the project: project.json's, else package.json's, else its folder. */
function projectName(workspaceRoot: string, root: string): string {
  for (const manifest of ['project.json', 'package.json']) {
    try {
      const { name } = JSON.parse(readFileSync(join(workspaceRoot, root, manifest), 'utf8'));
      if (typeof name === 'string' && name) return name;
    } catch {
      // no such manifest, or not JSON: the next one, or the folder
    }
  }
  return root;
}
