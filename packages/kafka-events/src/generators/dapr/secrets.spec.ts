/**
 * The dapr generator never writes or prints a credential value: Components reference credentials
 * through secretKeyRef only, a credential offered through any option is refused without being
 * echoed, and a shared Component that holds a plain credential (written by hand) is refused
 * without the value reaching the error, the logs or any file.
 */
import { randomUUID } from 'node:crypto';
import { format } from 'node:util';
import { addProjectConfiguration, logger, type Tree } from '@nx/devkit';
import { parse } from 'yaml';
import { changedFiles, createTsSolutionWorkspace } from '../testing/workspaces';
import { domainGenerator } from '../domain/domain';
import type { DomainGeneratorSchema } from '../domain/schema';
import { daprGenerator } from './dapr';
import type { DaprGeneratorSchema } from './schema';

const SECRET = `s3cr3t-${randomUUID()}`;
const APP = 'notification-service';
const SHARED = 'dapr/components/kafka-pubsub.yaml';

async function workspace(): Promise<Tree> {
  const tree = createTsSolutionWorkspace();
  await domainGenerator(tree, { name: 'tasks', skipFormat: true } as DomainGeneratorSchema);
  for (const name of [APP, 'billing']) {
    addProjectConfiguration(tree, name, { root: `apps/${name}`, projectType: 'application' });
  }
  return tree;
}

const run = (tree: Tree, options: Record<string, unknown>) =>
  daprGenerator(tree, {
    project: APP,
    domains: 'tasks',
    skipFormat: true,
    ...options,
  } as DaprGeneratorSchema);

/** Everything the generator printed through Nx's logger while `fn` ran. */
async function printedBy(
  fn: () => Promise<unknown>,
): Promise<{ printed: string[]; error: unknown }> {
  const printed: string[] = [];
  const spies = (['info', 'warn', 'error', 'log'] as const).map((level) =>
    jest
      .spyOn(logger, level)
      .mockImplementation((...args: unknown[]) => void printed.push(format(...args))),
  );
  let error: unknown;
  try {
    await fn();
  } catch (caught) {
    error = caught;
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return { printed, error };
}

/** The error as a user may see it: message, stack, and its own fields. */
const errorTexts = (error: unknown): string[] =>
  error instanceof Error
    ? [error.message, String(error.stack), JSON.stringify(error, Object.getOwnPropertyNames(error))]
    : [String(error)];

const files = (tree: Tree) =>
  Object.values(changedFiles(tree)).filter((text): text is string => text !== null);

describe('dapr generator: credentials', () => {
  it.each(['password', 'mtls', 'oidc'] as const)(
    'authType %s: every credential of the written Component is a secretKeyRef',
    async (authType) => {
      const tree = await workspace();
      await run(tree, { authType, secretName: 'kafka-creds', secretStore: 'vault' });
      const component = parse(tree.read(SHARED, 'utf-8')!) as {
        spec: { metadata: { name: string; value?: unknown; secretKeyRef?: unknown }[] };
      };
      const credentials = component.spec.metadata.filter(
        (entry) => entry.secretKeyRef !== undefined,
      );
      expect(credentials.length).toBeGreaterThanOrEqual(2);
      for (const entry of credentials) expect(entry).not.toHaveProperty('value');
      // The non-credential entries are settings the generator owns, none of them a credential.
      const plain = component.spec.metadata.filter((entry) => entry.secretKeyRef === undefined);
      expect(plain.map((entry) => entry.name).sort()).toEqual(
        expect.arrayContaining(['authType', 'brokers']),
      );
      for (const entry of plain) expect(entry.name).not.toMatch(/password|secret|key|cert|token/i);
    },
  );

  it.each([
    ['credentials in a broker address', `alice:${SECRET}@kafka:9092`],
    ['credentials in the second broker address', `kafka:9092,alice:${SECRET}@kafka2:9092`],
  ])('refuses %s without echoing them, writing nothing', async (_what, brokers) => {
    const tree = await workspace();
    const before = changedFiles(tree);
    const { printed, error } = await printedBy(() => run(tree, { brokers }));
    expect((error as Error).message).toMatch(
      /Invalid --brokers "<credentials>@kafka2?:9092": a broker address must not carry credentials/,
    );
    expect(changedFiles(tree)).toEqual(before);
    expect([...errorTexts(error), ...printed].filter((text) => text.includes(SECRET))).toEqual([]);
  });

  // The schema has no option for a credential value; called programmatically (no schema
  // validation), such options are ignored and the value goes nowhere.
  it.each([
    ['saslPassword', { authType: 'password', saslPassword: SECRET }],
    ['oidcClientSecret', { authType: 'oidc', oidcClientSecret: SECRET }],
    ['clientKey', { authType: 'mtls', clientKey: SECRET }],
  ])('writes a %s given as an option nowhere', async (_what, options) => {
    const tree = await workspace();
    const { printed, error } = await printedBy(() => run(tree, options));
    expect(error).toBeUndefined();
    expect(files(tree).some((text) => text.includes('secretKeyRef'))).toBe(true);
    expect([...files(tree), ...printed].filter((text) => text.includes(SECRET))).toEqual([]);
  });

  it('refuses a shared Component holding a plain credential without printing or copying it', async () => {
    const tree = await workspace();
    await run(tree, { authType: 'password' });
    const withValues = tree
      .read(SHARED, 'utf-8')!
      .replace(/secretKeyRef:\n\s+name: kafka-secrets\n\s+key: saslPassword/, `value: ${SECRET}`);
    expect(withValues).toContain(SECRET);
    tree.write(SHARED, withValues);
    for (const options of [
      { project: 'billing', authType: 'password' },
      { project: 'billing', authType: 'none' },
      { project: 'billing', authType: 'oidc' },
      { project: APP, authType: 'password', pubsubName: 'kafka-pubsub' },
    ]) {
      const { printed, error } = await printedBy(() => run(tree, options));
      expect(error).toBeInstanceOf(Error);
      const leaks = [...errorTexts(error), ...printed].filter((text) => text.includes(SECRET));
      expect(leaks).toEqual([]);
      // Only the hand-edited file holds the value; nothing was copied anywhere else.
      expect(files(tree).filter((text) => text.includes(SECRET))).toEqual([withValues]);
    }
  });
});
