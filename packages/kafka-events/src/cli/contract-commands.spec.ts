import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  FIXTURES_DIR,
  generateDomainLibrary,
  type DomainFixture,
} from '../contract/testing/domain-fixture';
import { initGitRepo } from '../contract/testing/git-repo';
import { run } from './run';

// fixtures live inside this project's own repository: git must not find it from there, so a
// fixture without its own repository is "not in a git repository" (jest gives each spec file
// its own process.env, which the git calls pass on)
process.env.GIT_CEILING_DIRECTORIES = FIXTURES_DIR;
delete process.env.NX_BASE;

/** The CLI's exit code as run() answers it, and what it printed. */
function capture<C>(argv: string[], answer: (code: ReturnType<typeof run>) => C) {
  const out = { stdout: '', stderr: '' };
  const code = answer(
    run(argv, { stdout: (t) => (out.stdout += t), stderr: (t) => (out.stderr += t) }),
  );
  return { code, out };
}

function cli(argv: string[]) {
  const { code, out } = capture(argv, (answer) => {
    if (typeof answer !== 'number') throw new Error(`${argv[0]} answered later: use cliAsync`);
    return answer;
  });
  return { code, ...out };
}

/** `check` answers with a promise when a version is retired: it looks for its consumers. */
async function cliAsync(argv: string[]) {
  const { code, out } = capture(argv, (answer) => answer);
  const exitCode = await code; // what it prints comes before it answers
  return { code: exitCode, ...out };
}

// run where no Nx workspace is (this repository is one): the consumers of a removed version
// are unknown here; check-command.spec covers them in a workspace
const cwd = process.cwd();
beforeAll(() => {
  mkdirSync(FIXTURES_DIR, { recursive: true });
  process.chdir(FIXTURES_DIR);
});
afterAll(() => process.chdir(cwd));

const CREATED = 'src/lib/payloads/task-created.v1.ts';
const USER_ID_FIELD = /\n  \/\/ User who owns the task\.\n  user_id: z\.uuid\(\),/;

function editFile(file: string, from: string | RegExp, to: string) {
  const before = readFileSync(file, 'utf8');
  const after = before.replace(from, to);
  expect(after).not.toBe(before); // the fixture still has what the edit expects
  writeFileSync(file, after);
}

describe('kafka-events schemas and check on a generated library', () => {
  let lib: DomainFixture;
  let root: string;
  const read = (path: string) => readFileSync(join(root, path), 'utf8');
  const edit = (path: string, from: string | RegExp, to: string) =>
    editFile(join(root, path), from, to);

  beforeAll(async () => {
    lib = await generateDomainLibrary({ name: 'tasks', events: 'created,updated' });
    root = lib.projectRoot;
    expect(cli(['schemas', root]).code).toBe(0);
  }, 60_000);
  afterAll(() => lib.remove());

  // each test starts from the committed state: payload source as generated, snapshots written
  let original: string;
  beforeAll(() => (original = read(CREATED)));
  afterEach(() => {
    writeFileSync(join(root, CREATED), original);
    rmSync(join(root, 'src/lib/payloads/task-created.v2.ts'), { force: true });
    const config = JSON.parse(read('kafka-events.json'));
    config.events[0].versions = [1];
    config.compatibility = 'BACKWARD';
    writeFileSync(join(root, 'kafka-events.json'), `${JSON.stringify(config, null, 2)}\n`);
    rmSync(join(root, 'schemas/task.created.v2.json'), { force: true });
    expect(cli(['schemas', root]).code).toBe(0);
  });

  it('writes one JSON Schema snapshot per event version, headed by $id and title', () => {
    const snapshot = JSON.parse(read('schemas/task.created.v1.json'));
    expect(Object.keys(snapshot).slice(0, 4)).toEqual(['$schema', '$id', 'title', 'type']);
    expect(snapshot).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: 'urn:kafka-events:tasks:task.created.v1',
      title: 'task.created.v1',
      additionalProperties: false,
      properties: { task_id: { type: 'string', format: 'uuid' }, priority: { default: 'medium' } },
    });
    // output view: a field with a default is always on the wire
    expect(snapshot.required).toEqual(expect.arrayContaining(['task_id', 'priority']));
    expect(snapshot.required).not.toContain('description');
    expect(read('schemas/task.created.v1.json').endsWith('}\n')).toBe(true);
    expect(read('schemas/task.updated.v1.json')).toContain('"title": "task.updated.v1"');
  });

  it('rewrites nothing when run again, and --check passes', () => {
    const before = read('schemas/task.created.v1.json');
    expect(cli(['schemas', root])).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('0 written, 3 unchanged'),
    });
    expect(read('schemas/task.created.v1.json')).toBe(before);
    expect(cli(['schemas', root, '--check'])).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('3 contract files up to date'),
    });
  });

  it('treats a reformatted snapshot as current', () => {
    const path = join(root, 'schemas/task.updated.v1.json');
    writeFileSync(path, JSON.stringify(JSON.parse(readFileSync(path, 'utf8'))));
    expect(cli(['schemas', root, '--check']).code).toBe(0);
  });

  it('--check lists stale and missing files and writes nothing', () => {
    edit(CREATED, 'title: z.string().min(1).max(200),', 'title: z.string().min(1).max(300),');
    rmSync(join(root, 'schemas/task.updated.v1.json'));
    const result = cli(['schemas', root, '--check']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${join(root, 'schemas/task.created.v1.json')}: stale`);
    expect(result.stdout).toContain(`${join(root, 'schemas/task.updated.v1.json')}: missing`);
    expect(result.stdout).toContain(`${join(root, 'asyncapi.yaml')}: stale`);
    expect(read('schemas/task.created.v1.json')).toContain('"maxLength": 200');
  });

  it('check passes on an unchanged library', () => {
    expect(cli(['check', root])).toMatchObject({
      code: 0,
      stdout: expect.stringContaining(
        'compatible (BACKWARD): tasks: 2 event versions: 0 incompatible, 0 changed compatibly, 2 unchanged, 0 new',
      ),
    });
  });

  it('check outside git compares with the working-tree snapshots and says so on its first line', () => {
    edit(CREATED, USER_ID_FIELD, '');
    expect(cli(['schemas', root]).code).toBe(0);
    const result = cli(['check', root]);
    // the hole the git baseline closes: a regenerated snapshot hides the break
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe(
      'note: baseline: working-tree snapshots (not in a git repository): a snapshot regenerated before committing is not checked against a published one',
    );
  });

  it('check passes when an optional field is added, noting the stale snapshot', () => {
    edit(CREATED, '  due_date:', '  location: z.string().max(100).optional(),\n  due_date:');
    const result = cli(['check', root]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'task.created.v1: compatible (BACKWARD) change to the published snapshot',
    );
    expect(result.stdout).toContain(
      `note: ${join(root, 'schemas/task.created.v1.json')} is stale: run the events-schemas target`,
    );
  });

  it('check fails on a breaking change with the code, file:line and a new-version hint', () => {
    edit(CREATED, USER_ID_FIELD, '');
    const result = cli(['check', root]);
    expect(result.code).toBe(1);
    const snapshot = join(root, 'schemas/task.created.v1.json');
    const line =
      read('schemas/task.created.v1.json')
        .split('\n')
        .findIndex((l) => l.includes('"user_id": {')) + 1;
    expect(result.stdout).toContain(
      `${snapshot}:${line}: PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL #/properties/user_id`,
    );
    expect(result.stdout).toMatch(/hint: [^\n]*task\.created\.v2/);
    expect(result.stdout).toContain('INCOMPATIBLE (BACKWARD): tasks:');
  });

  it('check points at the payload source line for a change in the current schema', () => {
    edit(CREATED, 'title: z.string().min(1).max(200),', 'title: z.string().min(5).max(200),');
    const result = cli(['check', root]);
    expect(result.code).toBe(1);
    const line = original.split('\n').findIndex((l) => l.includes('title: z.string()')) + 1;
    expect(result.stdout).toContain(
      `${join(root, CREATED)}:${line}: MIN_LENGTH_INCREASED #/properties/title/minLength`,
    );
  });

  it('check passes when the breaking change goes to a new version, reporting its differences as information', async () => {
    const v2 = original.replace(/V1Payload/g, 'V2Payload').replace(USER_ID_FIELD, '');
    writeFileSync(join(root, 'src/lib/payloads/task-created.v2.ts'), v2);
    const config = JSON.parse(read('kafka-events.json'));
    config.events[0].versions = [1, 2];
    writeFileSync(join(root, 'kafka-events.json'), JSON.stringify(config));
    const result = await cliAsync(['check', root]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('info: task.created.v2 is new (no snapshot at the baseline)');
    expect(result.stdout).toContain('info: it breaks the earlier version(s) under BACKWARD');
    expect(result.stdout).toMatch(
      / {2}info: .*task-created\.v1\.ts:\d+: PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL #\/properties\/user_id/,
    );
    expect(result.stdout).toContain(
      `note: ${join(root, 'schemas/task.created.v2.json')} is missing`,
    );

    expect(cli(['schemas', root]).code).toBe(0);
    expect(JSON.parse(read('schemas/task.created.v2.json')).properties.user_id).toBeUndefined();
    expect(cli(['check', root])).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('3 unchanged, 0 new'),
    });
  });

  it('check --json reports each version with located differences', () => {
    edit(
      CREATED,
      "priority: z.enum(['low', 'medium', 'high'])",
      "priority: z.enum(['low', 'high'])",
    );
    const result = cli(['check', root, '--json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({
      compatible: false,
      mode: 'BACKWARD',
      base: null,
      baseline: { workingTree: true, reason: 'not in a git repository' },
    });
    const created = report.versions.find((v: { type: string }) => v.type === 'task.created.v1');
    expect(created.status).toBe('incompatible');
    expect(created.snapshotCheck.differences).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: 'ENUM_ARRAY_NARROWED',
          path: '#/properties/priority/enum',
          compatible: false,
          line: expect.any(Number),
        }),
      ]),
    );
  });

  it('follows the domain mode from kafka-events.json', () => {
    const config = JSON.parse(read('kafka-events.json'));
    config.compatibility = 'FORWARD';
    writeFileSync(join(root, 'kafka-events.json'), JSON.stringify(config));
    edit(CREATED, '  due_date:', '  location: z.string().optional(),\n  due_date:');
    const result = cli(['check', root]);
    expect(result.code).toBe(1); // closed object: consumers on v1 reject the new field
    expect(result.stdout).toContain('INCOMPATIBLE (FORWARD)');
  });

  it('fails a removed event version whose snapshot is still published', async () => {
    writeFileSync(
      join(root, 'schemas/task.archived.v1.json'),
      read('schemas/task.updated.v1.json'),
    );
    try {
      const result = await cliAsync(['check', root]);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain(
        `${join(root, 'schemas/task.archived.v1.json')}:1: EVENT_VERSION_REMOVED`,
      );
      expect(result.stdout).toContain(
        `  consumers unknown: ${FIXTURES_DIR} is not the root of an Nx workspace`,
      );
    } finally {
      rmSync(join(root, 'schemas/task.archived.v1.json'));
    }
  });

  it('takes a project root relative to the current directory, as Nx passes {projectRoot}', () => {
    const cwd = process.cwd();
    process.chdir(lib.dir);
    try {
      const relativeRoot = relative(lib.dir, root);
      expect(cli(['schemas', relativeRoot, '--check'])).toMatchObject({ code: 0 });
      edit(CREATED, USER_ID_FIELD, '');
      expect(cli(['check', relativeRoot]).stdout).toContain(
        `${join(relativeRoot, 'schemas/task.created.v1.json')}:`,
      );
    } finally {
      process.chdir(cwd);
    }
  });

  describe('bad input (exit 2, message names the file)', () => {
    it('a folder without kafka-events.json', () => {
      expect(cli(['check', join(root, 'src')])).toMatchObject({
        code: 2,
        stderr: expect.stringContaining(`${join(root, 'src', 'kafka-events.json')}: no such file`),
      });
    });

    it('a change too large to compare, naming the payload module and the snapshot', () => {
      // 20 x 20 alternatives, each comparing 20 x 20 inner ones: past the comparison budget.
      const nested = (shift: number) =>
        `z.union([${Array.from(
          { length: 20 },
          (_, i) =>
            `z.object({ k: z.union([${Array.from(
              { length: 20 },
              (_, j) => `z.literal(${i * 100 + j + shift})`,
            ).join(', ')}]) })`,
        ).join(', ')}])`;
      edit(CREATED, '  due_date:', `  shape: ${nested(0)},\n  due_date:`);
      expect(cli(['schemas', root]).code).toBe(0); // outside git: the baseline is these snapshots
      edit(CREATED, nested(0), nested(1));
      const result = cli(['check', root]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        `${join(root, CREATED)}: task.created.v1 compared with ${join(root, 'schemas/task.created.v1.json')}: comparing these schemas takes more than`,
      );
    });

    it('a payload module that does not export its symbol', () => {
      edit(CREATED, 'export const TaskCreatedV1Payload', 'export const TaskCreatedPayload');
      const result = cli(['schemas', root]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        `${join(root, CREATED)}: does not export TaskCreatedV1Payload`,
      );
      expect(result.stderr).toContain('(zod schemas it exports: TaskCreatedPayload)');
    });

    it('a symbol that is not a zod schema', () => {
      edit(
        CREATED,
        /export const TaskCreatedV1Payload = z\.object\(\{[\s\S]*?\n\}\);/,
        'export const TaskCreatedV1Payload = { task_id: 1 };',
      );
      expect(cli(['schemas', root]).stderr).toContain(
        `${join(root, CREATED)} (export TaskCreatedV1Payload): is not a zod schema`,
      );
    });

    it('a payload that JSON Schema cannot express', () => {
      edit(
        CREATED,
        'title: z.string().min(1).max(200),',
        'title: z.string().transform((s) => s.trim()),',
      );
      const result = cli(['schemas', root]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        '(export TaskCreatedV1Payload): cannot be expressed as JSON Schema',
      );
    });

    it('a module that throws while loading, or imports what does not exist', () => {
      writeFileSync(join(root, 'src/lib/payloads/shared.ts'), "throw new Error('boom');\n");
      edit(CREATED, "import { z } from 'zod';", "import { z } from 'zod';\nimport './shared.js';");
      expect(cli(['schemas', root]).stderr).toContain(
        `${join(root, 'src/lib/payloads/shared.ts')}: failed to load: boom`,
      );
      edit(CREATED, "import './shared.js';", "import './missing.js';");
      expect(cli(['schemas', root]).stderr).toContain(
        `${join(root, CREATED)}: cannot resolve import "./missing.js"`,
      );
      rmSync(join(root, 'src/lib/payloads/shared.ts'));
    });

    it('a syntax error, with its line', () => {
      edit(CREATED, 'task_id: z.uuid(),', 'task_id: z.uuid(,');
      expect(cli(['schemas', root]).stderr).toMatch(
        new RegExp(`${join(root, CREATED)}:\\d+: TypeScript syntax error`),
      );
    });

    it('an invalid kafka-events.json', () => {
      const config = JSON.parse(read('kafka-events.json'));
      config.compatibility = 'SIDEWAYS';
      writeFileSync(join(root, 'kafka-events.json'), JSON.stringify(config));
      expect(cli(['check', root]).stderr).toContain(
        'kafka-events.json: "compatibility" must be a compatibility mode, got "SIDEWAYS"',
      );
    });

    it('a --base or NX_BASE outside git', () => {
      expect(cli(['check', root, '--base', 'main'])).toMatchObject({
        code: 2,
        stderr: expect.stringContaining(
          `${root}: --base main: cannot read the published snapshots: not in a git repository`,
        ),
      });
      process.env.NX_BASE = 'main';
      try {
        expect(cli(['check', root])).toMatchObject({
          code: 2,
          stderr: expect.stringContaining('NX_BASE=main: cannot read the published snapshots'),
        });
      } finally {
        delete process.env.NX_BASE;
      }
    });

    it('no or two project roots', () => {
      expect(cli(['schemas'])).toMatchObject({
        code: 2,
        stderr: expect.stringContaining('schemas needs exactly one project root'),
      });
      expect(cli(['check', 'a', 'b']).code).toBe(2);
    });
  });
});

describe('kafka-events check against the snapshots published in git', () => {
  let pristine: DomainFixture; // generated, snapshots written, no repository
  let original: string;
  const copies: DomainFixture[] = [];
  beforeAll(async () => {
    pristine = await generateDomainLibrary({ name: 'tasks', events: 'created,updated' });
    expect(cli(['schemas', pristine.projectRoot]).code).toBe(0);
    original = readFileSync(join(pristine.projectRoot, CREATED), 'utf8');
  }, 60_000);
  afterAll(() => [pristine, ...copies].forEach((f) => f.remove()));
  afterEach(() => delete process.env.NX_BASE);

  /** A copy of the library committed on `branch` of a new repository: its published contracts. */
  function published(branch = 'main') {
    const lib = pristine.copy();
    copies.push(lib);
    const repo = initGitRepo(lib.dir, branch);
    const commit = repo.commitAll('published contracts');
    // the project's path in the repository, as git names it in `<ref>:<path>`
    const prefix = `${relative(lib.dir, lib.projectRoot)}/`;
    return { lib, root: lib.projectRoot, repo, commit, prefix };
  }

  /** Removes user_id from task.created.v1 and re-runs events-schemas, as a developer might. */
  function breakAndRegenerate(root: string) {
    editFile(join(root, CREATED), USER_ID_FIELD, '');
    expect(cli(['schemas', root]).code).toBe(0);
    expect(cli(['schemas', root, '--check']).code).toBe(0);
  }

  const firstLine = (text: string) => text.split('\n')[0];

  it('fails a breaking change whose snapshot was regenerated, uncommitted or committed on a branch', () => {
    const { root, repo, commit, prefix } = published();
    const line =
      readFileSync(join(root, 'schemas/task.created.v1.json'), 'utf8')
        .split('\n')
        .findIndex((l) => l.includes('"user_id": {')) + 1;
    breakAndRegenerate(root);
    const uncommitted = cli(['check', root]);
    expect(uncommitted.code).toBe(1);
    expect(firstLine(uncommitted.stdout)).toBe(
      `baseline: published snapshots at main (${commit.slice(0, 12)}, the default branch)`,
    );
    // located in the published snapshot, named so that `git show` takes it as printed
    expect(uncommitted.stdout).toContain(
      `main:${prefix}schemas/task.created.v1.json:${line}: PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL #/properties/user_id`,
    );
    expect(
      repo.git(['show', `main:${prefix}schemas/task.created.v1.json`]).split('\n')[line - 1],
    ).toContain('"user_id": {');

    repo.git(['switch', '-q', '-c', 'feature']);
    repo.commitAll('remove user_id');
    expect(cli(['check', root])).toMatchObject({
      code: 1,
      stdout: expect.stringContaining('task.created.v1: INCOMPATIBLE (BACKWARD)'),
    });
  });

  it('passes a new version committed on a branch, reporting it as new', async () => {
    const { root, repo } = published();
    repo.git(['switch', '-q', '-c', 'feature']);
    writeFileSync(
      join(root, 'src/lib/payloads/task-created.v2.ts'),
      original.replace(/V1Payload/g, 'V2Payload').replace(USER_ID_FIELD, ''),
    );
    const config = JSON.parse(readFileSync(join(root, 'kafka-events.json'), 'utf8'));
    config.events[0].versions = [1, 2];
    writeFileSync(join(root, 'kafka-events.json'), JSON.stringify(config));
    expect(cli(['schemas', root]).code).toBe(0);
    repo.commitAll('task.created.v2');

    const result = await cliAsync(['check', root]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('info: task.created.v2 is new (no snapshot at the baseline)');
    expect(result.stdout).toContain('info: it breaks the earlier version(s) under BACKWARD');
    expect(result.stdout).toContain(
      'compatible (BACKWARD): tasks: 3 event versions: 0 incompatible, 0 changed compatibly, 2 unchanged, 1 new',
    );
    expect(result.stdout).not.toContain('note:'); // its snapshot is committed and current
  });

  it('reads the base from --base, then NX_BASE, then origin/<defaultBase>, then <defaultBase>', () => {
    const { root, repo, commit: pushed } = published();
    breakAndRegenerate(root);
    const local = repo.commitAll('breaking change committed on the local main, not pushed');
    expect(cli(['check', root])).toMatchObject({
      code: 0,
      stdout: expect.stringContaining(
        `baseline: published snapshots at main (${local.slice(0, 12)}, the default branch)`,
      ),
    });

    repo.git(['update-ref', 'refs/remotes/origin/main', pushed]);
    const againstOrigin = cli(['check', root]);
    expect(againstOrigin.code).toBe(1);
    expect(firstLine(againstOrigin.stdout)).toBe(
      `baseline: published snapshots at origin/main (${pushed.slice(0, 12)}, the default branch)`,
    );
    expect(JSON.parse(cli(['check', root, '--json']).stdout)).toMatchObject({
      base: 'origin/main',
      baseline: { ref: 'origin/main', commit: pushed, source: 'defaultBase' },
      compatible: false,
    });

    process.env.NX_BASE = local;
    expect(cli(['check', root])).toMatchObject({
      code: 0,
      stdout: expect.stringContaining(
        `baseline: published snapshots at ${local} (${local.slice(0, 12)}, from NX_BASE)`,
      ),
    });
    const explicit = cli(['check', root, '--base', pushed]);
    expect(explicit.code).toBe(1);
    expect(firstLine(explicit.stdout)).toBe(
      `baseline: published snapshots at ${pushed} (${pushed.slice(0, 12)}, from --base)`,
    );
  });

  it("falls back to the working tree while the default branch has no commit, and reads nx.json's defaultBase", () => {
    const { lib, root } = published('trunk');
    breakAndRegenerate(root);
    const missing = cli(['check', root]);
    expect(missing.code).toBe(0);
    expect(firstLine(missing.stdout)).toBe(
      'note: baseline: working-tree snapshots (no commit origin/main or main in this git repository yet): a snapshot regenerated before committing is not checked against a published one',
    );
    // nx.json may have comments and trailing commas
    writeFileSync(
      join(lib.dir, 'nx.json'),
      '{\n  // releases are cut from trunk\n  "defaultBase": "trunk",\n}\n',
    );
    const result = cli(['check', root]);
    expect(result.code).toBe(1);
    expect(firstLine(result.stdout)).toMatch(
      /^baseline: published snapshots at trunk \([0-9a-f]{12}, the default branch\)$/,
    );
  });

  it('falls back to the working tree in a repository without commits', () => {
    const lib = pristine.copy();
    copies.push(lib);
    initGitRepo(lib.dir);
    expect(cli(['check', lib.projectRoot])).toMatchObject({
      code: 0,
      stdout: expect.stringContaining(
        'note: baseline: working-tree snapshots (no commit origin/main or main in this git repository yet)',
      ),
    });
  });

  it('fails a published version removed together with its snapshot', async () => {
    const { root, prefix } = published();
    const config = JSON.parse(readFileSync(join(root, 'kafka-events.json'), 'utf8'));
    config.events = config.events.filter((e: { name: string }) => e.name !== 'updated');
    writeFileSync(join(root, 'kafka-events.json'), JSON.stringify(config));
    rmSync(join(root, 'schemas/task.updated.v1.json'));
    const result = await cliAsync(['check', root]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `main:${prefix}schemas/task.updated.v1.json:1: EVENT_VERSION_REMOVED`,
    );
  });

  it('rejects a --base or NX_BASE that names no commit (exit 2)', () => {
    const { root } = published();
    expect(cli(['check', root, '--base', 'no-such-ref-xyz'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(
        '--base no-such-ref-xyz: not a commit in this git repository',
      ),
    });
    process.env.NX_BASE = 'no-such-ref-xyz';
    expect(cli(['check', root])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(
        'NX_BASE=no-such-ref-xyz: not a commit in this git repository',
      ),
    });
  });
});
