/**
 * The generators under fuzz: a workspace for each, random valid options, and per option the
 * values it must refuse (catalogues from bad-values.ts plus what only that option knows).
 */
import { addProjectConfiguration, type Tree } from '@nx/devkit';
import type { Random } from '../../python-model/conformance/random';
import type { WorkspaceStyle } from '../../utils/workspace';
import { daprGenerator } from '../dapr/dapr';
import { AUTH_TYPES } from '../dapr/lib/normalize-options';
import type { DaprGeneratorSchema } from '../dapr/schema';
import { domainGenerator } from '../domain/domain';
import type { DomainGeneratorSchema } from '../domain/schema';
import { eventGenerator } from '../event/event';
import type { EventGeneratorSchema } from '../event/schema';
import { initGenerator } from '../init/init';
import { pythonGenerator } from '../python/python';
import type { PythonGeneratorSchema } from '../python/schema';
import { createIntegratedWorkspace, createTsSolutionWorkspace } from '../testing/workspaces';
import {
  BAD_DNS_LABELS,
  BAD_EVENT_NAMES,
  BAD_FOLDERS,
  BAD_KEBAB_NAMES,
  HUGE,
  NOT_BOOLEANS,
  NOT_STRINGS,
  NOT_WHOLE_NUMBERS,
} from './bad-values';
import type { GeneratorUnderFuzz, Options } from './invalid-options';
import { eventNames, uniqueKebab, word } from './random-names';

export const APP = 'notifier';
export const PYTHON_APP = 'task-api';

function emptyWorkspace(style: WorkspaceStyle): Tree {
  return style === 'ts-solution' ? createTsSolutionWorkspace() : createIntegratedWorkspace();
}

/**
 * Two event libraries (tasks; orders without versioning), an app, a Python app, a hand-written
 * Python file, and non-library folders where a library could be mistakenly put.
 */
async function populatedWorkspace(style: WorkspaceStyle): Promise<Tree> {
  const tree = emptyWorkspace(style);
  await domainGenerator(tree, { name: 'tasks', skipFormat: true });
  await domainGenerator(tree, {
    name: 'orders',
    events: 'placed,shipped',
    versioning: false,
    skipFormat: true,
  });
  addProjectConfiguration(tree, APP, {
    root: `apps/${APP}`,
    sourceRoot: `apps/${APP}/src`,
    projectType: 'application',
    targets: {},
  });
  addProjectConfiguration(tree, 'billing-events', {
    root: 'apps/billing-events',
    projectType: 'application',
    targets: {},
  });
  addProjectConfiguration(tree, PYTHON_APP, {
    root: `apps/${PYTHON_APP}`,
    projectType: 'application',
    targets: {},
  });
  tree.write(`apps/${PYTHON_APP}/pyproject.toml`, '[project]\nname = "task-api"\n');
  tree.write(`apps/${PYTHON_APP}/handwritten.py`, 'print("mine")\n');
  for (const folder of ['libs', 'packages']) tree.write(`${folder}/occupied/README.md`, 'mine\n');
  return tree;
}

const strings = (values: readonly unknown[]) => values.filter((v) => typeof v === 'string');

/** An optional option: present in about half of the random valid sets. */
function maybe(random: Random, options: Options, key: string, value: () => unknown): void {
  if (random.chance(0.5)) options[key] = value();
}

export const initSubject: GeneratorUnderFuzz = {
  generator: 'init',
  workspace: async (style) => emptyWorkspace(style),
  run: (tree, options) => initGenerator(tree, options),
  valid(random) {
    const options: Options = {};
    for (const key of ['skipFormat', 'skipPackageJson', 'skipInstall', 'keepExistingVersions']) {
      maybe(random, options, key, () => random.chance(0.5));
    }
    return options;
  },
  invalid: {
    skipFormat: NOT_BOOLEANS,
    skipPackageJson: NOT_BOOLEANS,
    skipInstall: NOT_BOOLEANS,
    keepExistingVersions: NOT_BOOLEANS,
  },
};

const TAKEN = ['tasks', 'orders', 'billing', 'occupied', APP];

export const domainSubject: GeneratorUnderFuzz = {
  generator: 'domain',
  workspace: populatedWorkspace,
  run: (tree, options) => domainGenerator(tree, options as unknown as DomainGeneratorSchema),
  valid(random, style) {
    const name = uniqueKebab(random, new Set(TAKEN));
    const options: Options = { name, skipFormat: true };
    maybe(random, options, 'events', () => {
      const names = eventNames(random);
      return random.chance(0.5) ? names : names.join(', ');
    });
    maybe(random, options, 'entity', () => uniqueKebab(random, new Set(TAKEN), 1));
    maybe(random, options, 'topic', () => `${word(random)}.${word(random)}_v${random.int(1, 9)}`);
    maybe(random, options, 'source', () =>
      random.pick([`/${word(random)}`, `urn:x:${word(random)}`]),
    );
    maybe(random, options, 'compatibility', () => random.pick(['BACKWARD', 'FULL', 'NONE']));
    for (const flag of ['metadata', 'validation', 'versioning']) {
      maybe(random, options, flag, () => random.chance(0.5));
    }
    maybe(random, options, 'tags', () => `scope:${word(random)},team:${word(random)}`);
    maybe(random, options, 'importPath', () => `@fz/${name}-contracts`);
    maybe(random, options, 'directory', () =>
      style === 'ts-solution' ? `packages/${name}-lib` : `libs/${word(random)}/${name}`,
    );
    return options;
  },
  invalid: {
    name: [undefined, null, ...BAD_KEBAB_NAMES, 'billing'],
    entity: BAD_KEBAB_NAMES,
    events: [
      '',
      ',',
      ' , ',
      'created,,deleted',
      'created,',
      'created,created',
      'status-changed,status_changed',
      ['created', 'created'],
      [],
      ['created', 5],
      ...BAD_EVENT_NAMES.filter((v) => typeof v !== 'string' || v.trim() === v),
    ],
    topic: ['', '.', '..', 'a b', 'topic!', 'tópico', 't'.repeat(250), HUGE, ...NOT_STRINGS],
    source: [
      '',
      'tasks',
      '/ta sks',
      "/tasks'x",
      '/tasks\\x',
      '/tasks"x',
      '/tasks`x',
      '/\u0000',
      `/${'a'.repeat(1024)}`,
      ...NOT_STRINGS,
    ],
    compatibility: ['SOMETIMES', 'backward', '', ' BACKWARD', ...NOT_STRINGS],
    metadata: NOT_BOOLEANS,
    validation: NOT_BOOLEANS,
    versioning: NOT_BOOLEANS,
    skipFormat: NOT_BOOLEANS,
    tags: ['a b', 'x,y z', ...NOT_STRINGS, [1]],
    importPath: [
      '@Acme/Tasks',
      '',
      'a b',
      '../x',
      '@/x',
      '@acme/',
      '.hidden',
      '_x',
      'UPPER',
      'é',
      'x'.repeat(215),
      HUGE,
      ...NOT_STRINGS,
    ],
    directory: [
      ...BAD_FOLDERS,
      `apps/${APP}/src/events`,
      `apps/${APP}/events`,
      'apps',
      `apps/${APP}`,
      'libs/occupied',
      'packages/occupied',
    ],
  },
};

const BAD_DOMAIN_REFERENCES = [
  undefined,
  null,
  '',
  ' ',
  'nope',
  'TASKS',
  'tasks ',
  '../tasks',
  APP,
  HUGE,
  ...NOT_STRINGS,
];

export const eventSubject: GeneratorUnderFuzz = {
  generator: 'event',
  workspace: populatedWorkspace,
  run: (tree, options) => eventGenerator(tree, options as unknown as EventGeneratorSchema),
  valid: (random) => ({
    domain: random.pick(['tasks', 'tasks-events']),
    name: eventNames(random)[0],
    skipFormat: true,
  }),
  invalid: {
    domain: BAD_DOMAIN_REFERENCES,
    name: [undefined, null, ...BAD_EVENT_NAMES],
    bump: [...NOT_BOOLEANS, { value: true, with: {} }],
    eventVersion: [
      0,
      2,
      1e300,
      null,
      ...NOT_WHOLE_NUMBERS,
      { value: 5, with: { name: 'created' } },
      { value: 3, with: { name: 'created', bump: true } },
      { value: 2, with: { domain: 'orders', name: 'placed' } },
    ],
    skipFormat: NOT_BOOLEANS,
  },
};

/** Retry values the given policy would accept, bad only in their value. */
const withPolicy = (retryPolicy: string, other: string, values: readonly unknown[]) =>
  values.map((value) => ({ value, with: { retryPolicy, [other]: undefined } }));
const BAD_DURATIONS = ['1', '1 s', '0s', '0', 'abc', '-1s', '1d', '', 5, HUGE];
const BAD_KAFKA_IDS = ['', 'my group', 'grüppe', 'a/b', 'x'.repeat(256), HUGE, ...NOT_STRINGS];

export const daprSubject: GeneratorUnderFuzz = {
  generator: 'dapr',
  workspace: populatedWorkspace,
  run: (tree, options) => daprGenerator(tree, options as unknown as DaprGeneratorSchema),
  valid(random) {
    const options: Options = {
      project: APP,
      domains: random.pick(['tasks', 'tasks,orders', ['orders']]),
      skipFormat: true,
    };
    maybe(random, options, 'pubsubName', () => random.pick(['kafka-pubsub', 'events', 'ps-2']));
    maybe(random, options, 'brokers', () => random.pick(['localhost:9092', 'k1:9092,k-2.x:9093']));
    maybe(random, options, 'appId', () => random.pick([APP, 'notifier-2']));
    maybe(random, options, 'consumerGroup', () => `group.${word(random)}_1`);
    maybe(random, options, 'clientId', () => `client-${word(random)}`);
    maybe(random, options, 'authType', () => random.pick(AUTH_TYPES));
    maybe(random, options, 'secretName', () => `kafka-${word(random)}`);
    maybe(random, options, 'secretStore', () => 'vault');
    maybe(random, options, 'initialOffset', () => random.pick(['oldest', 'newest']));
    maybe(random, options, 'maxMessageBytes', () => random.int(1, 10_000_000));
    maybe(random, options, 'manifestsDirectory', () => random.pick(['dapr', 'deploy/dapr']));
    maybe(random, options, 'componentsDirectory', () => random.pick(['dapr/components', 'infra']));
    maybe(random, options, 'retryMaxRetries', () => random.int(0, 100));
    const policy = random.pick(['exponential', 'constant', undefined]);
    if (policy) options['retryPolicy'] = policy;
    if (policy === 'constant') maybe(random, options, 'retryDuration', () => '1m30s');
    else maybe(random, options, 'retryMaxInterval', () => '500ms');
    return options;
  },
  invalid: {
    project: [undefined, null, '', 'nope', 'tasks-events', HUGE, ...NOT_STRINGS],
    domains: [
      undefined,
      null,
      '',
      ',',
      ' , ',
      'nope',
      'tasks,tasks',
      'TASKS',
      'tasks,nope',
      [],
      ['tasks', 1],
      HUGE,
      ...NOT_STRINGS,
    ],
    pubsubName: BAD_DNS_LABELS,
    appId: BAD_DNS_LABELS,
    secretName: BAD_DNS_LABELS,
    secretStore: [null, ...BAD_DNS_LABELS],
    brokers: [
      '',
      ',',
      'localhost',
      'localhost:',
      ':9092',
      'localhost:99999',
      'localhost:0',
      'a b:9092',
      'host:port',
      'höst:9092',
      '[::1]:9092',
      HUGE,
      ...NOT_STRINGS,
    ],
    consumerGroup: BAD_KAFKA_IDS,
    clientId: BAD_KAFKA_IDS,
    authType: ['basic', '', 'NONE', ' none', ...NOT_STRINGS],
    initialOffset: ['earliest', 'latest', '', 'OLDEST', ...NOT_STRINGS],
    maxMessageBytes: [0, 2 ** 31, 1e300, ...NOT_WHOLE_NUMBERS],
    manifestsDirectory: BAD_FOLDERS,
    componentsDirectory: BAD_FOLDERS,
    retryPolicy: ['linear', '', 'EXPONENTIAL', ...NOT_STRINGS],
    retryMaxRetries: [101, 1e6, ...NOT_WHOLE_NUMBERS],
    retryDuration: [
      ...withPolicy('constant', 'retryMaxInterval', BAD_DURATIONS),
      { value: '1s', with: { retryPolicy: 'exponential' } },
    ],
    retryMaxInterval: [
      ...withPolicy('exponential', 'retryDuration', BAD_DURATIONS),
      { value: '10s', with: { retryPolicy: 'constant', retryDuration: undefined } },
    ],
    skipFormat: NOT_BOOLEANS,
  },
};

/** A folder value as a module path, so that only the folder is wrong. */
const asModulePath = (folder: unknown) =>
  typeof folder === 'string' && !['', '.', './', HUGE].includes(folder)
    ? `${folder}/task_events.py`
    : folder;

export const pythonSubject: GeneratorUnderFuzz = {
  generator: 'python',
  workspace: populatedWorkspace,
  run: (tree, options) => pythonGenerator(tree, options as unknown as PythonGeneratorSchema),
  valid(random) {
    const options: Options = { domain: random.pick(['tasks', 'tasks-events']), skipFormat: true };
    if (random.chance(0.5)) {
      options['project'] = PYTHON_APP;
      maybe(random, options, 'output', () => `apps/${PYTHON_APP}/${word(random)}/events.py`);
    } else {
      maybe(random, options, 'output', () => `services/${word(random)}_events.py`);
    }
    return options;
  },
  invalid: {
    domain: BAD_DOMAIN_REFERENCES,
    output: [
      ...BAD_FOLDERS.map(asModulePath),
      ...strings(['apps/task_events.txt', 'apps/task-events.py', 'apps/class.py']),
      'apps/test_events.py',
      'apps/events_test.py',
      'apps/__init__.py',
      'apps/1events.py',
      'apps/.py',
      `apps/${PYTHON_APP}/handwritten.py`,
      { value: 'services/x_events.py', with: { project: PYTHON_APP } },
    ],
    project: [null, '', 'nope', 'tasks-events', HUGE, ...NOT_STRINGS],
    skipFormat: NOT_BOOLEANS,
  },
};

export const SUBJECTS = [initSubject, domainSubject, eventSubject, daprSubject, pythonSubject];
