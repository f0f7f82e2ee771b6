import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readJson, type Tree } from '@nx/devkit';
import { domainGenerator } from '../generators/domain/domain';
import type { DomainGeneratorSchema } from '../generators/domain/schema';
import { addApplication, createTsSolutionWorkspace } from '../generators/testing/workspaces';
import type { EventFlow } from '../flow/model';
import { treeWorkspace } from '../flow/testing/tree-workspace';
import { flowCommandWith } from './flow-command';
import { run } from './run';

async function workspace(): Promise<Tree> {
  const tree = createTsSolutionWorkspace();
  await domainGenerator(tree, { name: 'tasks', skipFormat: true } as DomainGeneratorSchema);
  const importPath = readJson(tree, 'packages/tasks-events/package.json').name;
  addApplication(tree, 'api');
  tree.write(
    'apps/api/src/main.ts',
    `import { createTaskEvent, createTasksProducer } from '${importPath}';
await createTasksProducer(kafka).publish(createTaskEvent('task.created.v1', {} as never));
`,
  );
  addApplication(tree, 'notification-service');
  tree.write(
    'apps/notification-service/src/main.ts',
    `import { createTasksConsumer } from '${importPath}';
createTasksConsumer(kafka, { groupId: 'n', handlers: { 'task.created.v1': () => undefined, [type]: () => undefined } });
`,
  );
  return tree;
}

describe('kafka-events flow', () => {
  let dir: string;
  let tree: Tree;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flow-cli-'));
    tree = await workspace();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function runFlow(args: string[]) {
    let stdout = '';
    let stderr = '';
    const base = treeWorkspace(tree);
    // the cache goes to the tree's (virtual) root: keep it out of the real file system
    const command = flowCommandWith(async () => ({ ...base, root: dir }));
    const code = await command.run([], parse(args), {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
    });
    return { code, stdout, stderr };
  }
  const parse = (args: string[]) => {
    const values: Record<string, string | boolean> = {};
    args.forEach((arg, i) => {
      if (arg === '--json') values.json = true;
      if (arg === '--out') values.out = args[i + 1];
    });
    return values;
  };

  it('prints an aligned table per library, the unresolved sites and a summary', async () => {
    const { code, stdout } = await runFlow([]);
    expect(code).toBe(0);
    expect(stdout.split('\n')).toEqual([
      'tasks-events (topic task-events)',
      '  EVENT              PRODUCERS  CONSUMERS             STATUS',
      '  task.completed.v1  -          -                     unused',
      '  task.created.v1    api        notification-service',
      '  task.deleted.v1    -          -                     unused',
      '  task.updated.v1    -          -                     unused',
      '',
      'unresolved (1): not counted above',
      '  apps/notification-service/src/main.ts:2: computed handler key in createTasksConsumer(...) [notification-service]',
      '',
      '4 event versions, 1 produced, 1 consumed, 0 old versions still consumed, 1 unresolved',
      '',
    ]);
  });

  it('--json prints the EventFlow', async () => {
    const { code, stdout } = await runFlow(['--json']);
    expect(code).toBe(0);
    const flow = JSON.parse(stdout) as EventFlow;
    expect(flow.events.find((e) => e.type === 'task.created.v1')).toMatchObject({
      topic: 'task-events',
      library: 'tasks-events',
      producers: ['api'],
      consumers: ['notification-service'],
    });
    expect(flow.unresolved).toEqual([
      {
        project: 'notification-service',
        file: 'apps/notification-service/src/main.ts',
        line: 2,
        reason: 'computed handler key in createTasksConsumer(...)',
      },
    ]);
  });

  it('--out writes the page and says so', async () => {
    const out = join(dir, 'flow.html');
    const { code, stdout } = await runFlow(['--out', out]);
    expect(code).toBe(0);
    expect(stdout).toContain(`wrote ${out}\n`);
    const page = readFileSync(out, 'utf8');
    expect(page).toContain('task.created.v1');
    expect(page).toContain('notification-service');
  });

  it('exits 2 with one line outside an Nx workspace, and for arguments it does not take', async () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      let stderr = '';
      const io = { stdout: () => undefined, stderr: (t: string) => (stderr += t) };
      expect(await run(['flow'], io)).toBe(2);
      expect(stderr).toBe(
        `kafka-events: ${dir} has no nx.json: run kafka-events flow at the root of an Nx workspace\n`,
      );
      stderr = '';
      expect(await run(['flow', 'apps/api'], io)).toBe(2);
      expect(stderr).toBe(
        'kafka-events: flow takes no arguments (run it at the workspace root), got apps/api\n',
      );
    } finally {
      process.chdir(cwd);
    }
  });
});
