/**
 * What the specs of the python and sync-python generators share: a workspace with the seed
 * domains, a Python app, and runs of the generators that report what they wrote. Specs only.
 */
import { addProjectConfiguration, type Tree } from '@nx/devkit';
import { domainGenerator } from '../domain/domain';
import { eventGenerator } from '../event/event';
import type { EventGeneratorSchema } from '../event/schema';
import { changedFiles, createTsSolutionWorkspace } from '../testing/workspaces';
import { pythonGenerator } from './python';
import type { PythonGeneratorSchema } from './schema';

export const SEED_DOMAINS = ['tasks', 'reminders', 'recurring', 'notifications'] as const;
export const TASKS = 'packages/tasks-events';
export const API = 'task-api';
export const API_ROOT = 'apps/task-api';

/** A `--preset=ts` workspace with the given seed domains and a Python app (project.json). */
export async function pythonWorkspace(domains: readonly string[] = ['tasks']): Promise<Tree> {
  const tree = createTsSolutionWorkspace();
  for (const name of domains) await domainGenerator(tree, { name, skipFormat: true });
  addProjectConfiguration(tree, API, { root: API_ROOT, projectType: 'application', targets: {} });
  tree.write(`${API_ROOT}/pyproject.toml`, '[project]\nname = "task-api"\nversion = "0.1.0"\n');
  return tree;
}

export const python = (tree: Tree, options: Partial<PythonGeneratorSchema> = {}) =>
  pythonGenerator(tree, { domain: 'tasks', skipFormat: true, ...options });

export const addEvent = (tree: Tree, options: Partial<EventGeneratorSchema>) =>
  eventGenerator(tree, { domain: 'tasks', skipFormat: true, ...options } as EventGeneratorSchema);

/**
 * An `orders` domain without metadata and versioning whose created event uses what the seed
 * domains do not: numbers, booleans, patterns, defaults, arrays of objects, wire names that are
 * no Python names.
 */
export async function addOrdersDomain(tree: Tree): Promise<void> {
  await domainGenerator(tree, {
    name: 'orders',
    events: 'created,cancelled',
    metadata: false,
    versioning: false,
    skipFormat: true,
  });
  tree.write(
    'packages/orders-events/src/lib/payloads/order-created.v1.ts',
    [
      "import { z } from 'zod';",
      '',
      '/** Payload of `order.created` (schema version 1). */',
      'export const OrderCreatedV1Payload = z.object({',
      '  order_id: z.uuid(),',
      '  created_at: z.iso.datetime(),',
      '  // stock keeping unit, e.g. ABC-1234',
      '  sku: z.string().regex(/^[A-Z]{3}-\\d{4}$/).nullish(),',
      '  quantity: z.int().min(1).max(1000).default(1),',
      '  price: z.number().min(0),',
      '  discount: z.number().min(0).max(0.5).nullish(),',
      '  gift: z.boolean().default(false),',
      '  from: z.string().max(100).nullish(),',
      "  'content-type': z.enum(['text', 'html']).default('text'),",
      '  lines: z',
      '    .array(z.object({ sku: z.string().min(1), qty: z.int().min(1), note: z.string().nullish() }))',
      '    .min(1)',
      '    .max(50),',
      '  shipping: z',
      '    .object({ city: z.string().min(1), zip: z.string().regex(/^\\d{5}$/).nullish() })',
      '    .nullish(),',
      '  tags: z.array(z.string()).default([]),',
      '});',
      '',
    ].join('\n'),
  );
}

/** Files that differ between two `changedFiles` snapshots (path -> new text, null if deleted). */
export function diffFiles(
  before: Record<string, string | null>,
  after: Record<string, string | null>,
): Record<string, string | null> {
  const paths = new Set([...Object.keys(before), ...Object.keys(after)]);
  return Object.fromEntries(
    [...paths]
      .filter((path) => before[path] !== after[path])
      .sort()
      .map((path) => [path, after[path] ?? null]),
  );
}

/** Runs `step` and returns what it wrote. */
export async function writtenBy(
  tree: Tree,
  step: () => Promise<unknown>,
): Promise<Record<string, string | null>> {
  const before = changedFiles(tree);
  await step();
  return diffFiles(before, changedFiles(tree));
}

const read = (tree: Tree, path: string) => tree.read(path, 'utf-8') ?? '';
export { read };

/** Replaces `from` by `to` in a payload module of the tasks library (`task-created.v1`). */
export const editPayload = (tree: Tree, module: string, from: string, to: string) =>
  edit(tree, `${TASKS}/src/lib/payloads/${module}.ts`, from, to);

/** The `reason` of task.deleted.v1 limited to 280 characters instead of 500. */
export const shortenDeleteReason = (tree: Tree) =>
  editPayload(tree, 'task-deleted.v1', 'z.string().max(500)', 'z.string().max(280)');

/** Replaces the payload the bumped step `task.created.v1 -> v2` returns. */
export const editCreatedUpcaster = (tree: Tree, payload: string) =>
  edit(
    tree,
    `${TASKS}/src/lib/upcasters/task-created.v1-to-v2.ts`,
    '{ ...event.payload }',
    payload,
  );

/** Replaces `from` by `to` in a file, failing when `from` is not there. */
export function edit(tree: Tree, path: string, from: string, to: string): void {
  const text = read(tree, path);
  if (!text.includes(from)) throw new Error(`${path} does not contain ${from}`);
  tree.write(path, text.replace(from, to));
}
