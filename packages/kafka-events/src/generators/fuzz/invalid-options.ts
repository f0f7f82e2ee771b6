/**
 * Fuzzing a generator with invalid option sets: each set is a random valid set with one option
 * replaced by a value from that option's catalogue of bad values. Every set must be refused with
 * a GeneratorInputError naming that option, and must leave the tree byte for byte as it was.
 */
import type { Tree } from '@nx/devkit';
import { Random } from '../../python-model/conformance/random';
import type { WorkspaceStyle } from '../../utils/workspace';
import { GeneratorInputError } from '../../utils/validation';
import { changedFiles } from '../testing/workspaces';

export type Options = Record<string, unknown>;

/** A bad value, with the other options it needs to be bad (e.g. `--bump` of a new event). */
export interface ContextualBad {
  value: unknown;
  with: Options;
}

export interface GeneratorUnderFuzz {
  generator: string;
  /** A workspace holding what the valid options refer to (libraries, apps). */
  workspace(style: WorkspaceStyle): Promise<Tree>;
  run(tree: Tree, options: Options): Promise<unknown>;
  /** A random option set the generator accepts in that workspace. */
  valid(random: Random, style: WorkspaceStyle): Options;
  /** Per option: values it refuses, whatever valid options come with them. */
  invalid: Record<string, readonly (unknown | ContextualBad)[]>;
}

/** The seed of this run: SEED from the environment replays a failure. */
export function fuzzSeed(fallback: number): number {
  const seed = process.env['SEED'];
  if (seed === undefined || seed === '') return fallback;
  if (!/^\d+$/.test(seed)) throw new Error(`SEED must be a whole number, not ${seed}`);
  return Number(seed);
}

interface Case {
  index: number;
  option: string;
  options: Options;
}

function isContextual(bad: unknown): bad is ContextualBad {
  return typeof bad === 'object' && bad !== null && 'with' in bad && 'value' in bad;
}

/** Every catalogue entry once, then random entries up to `count`, each over a random valid set. */
export function invalidCases(
  subject: GeneratorUnderFuzz,
  style: WorkspaceStyle,
  random: Random,
  count: number,
): Case[] {
  const entries = Object.entries(subject.invalid).flatMap(([option, bads]) =>
    bads.map((bad) => ({ option, bad })),
  );
  const total = Math.max(count, entries.length);
  return Array.from({ length: total }, (_, index) => {
    const { option, bad } = index < entries.length ? entries[index] : random.pick(entries);
    const options = { ...subject.valid(random, style) };
    if (isContextual(bad)) Object.assign(options, bad.with);
    const value = isContextual(bad) ? bad.value : bad;
    if (value === undefined) delete options[option];
    else options[option] = value;
    return { index, option, options };
  });
}

/** Options as JSON with long strings cut, for failure messages. */
export function shown(options: Options): string {
  return JSON.stringify(options, (_key, value: unknown) =>
    typeof value === 'string' && value.length > 60
      ? `${value.slice(0, 30)}…(${value.length} chars)`
      : typeof value === 'number' && !Number.isFinite(value)
        ? String(value)
        : value,
  );
}

const snapshot = (tree: Tree) => JSON.stringify(changedFiles(tree));

/** What is wrong with how the generator met one invalid case, or undefined when all is well. */
async function problemOf(
  subject: GeneratorUnderFuzz,
  tree: Tree,
  before: string,
  { option, options }: Case,
): Promise<string | undefined> {
  let error: unknown;
  try {
    await subject.run(tree, options);
  } catch (thrown) {
    error = thrown;
  }
  const problems: string[] = [];
  if (error === undefined) problems.push('was accepted');
  else if (!(error instanceof GeneratorInputError)) {
    problems.push(`threw ${String((error as Error)?.stack ?? error).slice(0, 400)}`);
  } else if (!error.message.startsWith(`Invalid --${option} `)) {
    problems.push(`error does not name --${option}: ${error.message.slice(0, 300)}`);
  }
  if (snapshot(tree) !== before) problems.push('changed the tree');
  return problems.length ? problems.join('; ') : undefined;
}

/** Runs every case on one workspace (rebuilt after a case that changed it); returns failures. */
export async function fuzzInvalidOptions(
  subject: GeneratorUnderFuzz,
  style: WorkspaceStyle,
  seed: number,
  count: number,
): Promise<{ cases: number; failures: string[] }> {
  const cases = invalidCases(subject, style, new Random(seed), count);
  let tree = await subject.workspace(style);
  let before = snapshot(tree);
  const failures: string[] = [];
  for (const fuzzCase of cases) {
    const problem = await problemOf(subject, tree, before, fuzzCase);
    if (problem === undefined) continue;
    failures.push(
      `SEED=${seed} ${subject.generator} (${style}) case ${fuzzCase.index}, bad --${fuzzCase.option}: ` +
        `${shown(fuzzCase.options)} ${problem}`,
    );
    tree = await subject.workspace(style);
    before = snapshot(tree);
  }
  return { cases: cases.length, failures };
}
