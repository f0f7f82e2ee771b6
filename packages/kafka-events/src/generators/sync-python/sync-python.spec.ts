import type { Tree } from '@nx/devkit';
import { changedFiles } from '../testing/workspaces';
import {
  addEvent,
  API,
  API_ROOT,
  editPayload,
  python,
  pythonWorkspace,
  read,
  shortenDeleteReason,
  TASKS,
  writtenBy,
} from '../python/testing';
import { syncPythonGenerator } from './sync-python';

const MODULE = `${API_ROOT}/task_events.py`;
const TESTS = `${API_ROOT}/test_task_events.py`;

/** One `nx sync` pass: what the generator reported and what it wrote. */
async function sync(tree: Tree) {
  let result: Awaited<ReturnType<typeof syncPythonGenerator>> = {};
  const written = await writtenBy(tree, async () => {
    result = await syncPythonGenerator(tree);
  });
  return { result, written: Object.keys(written) };
}

describe('sync-python generator', () => {
  let tree: Tree;
  beforeEach(async () => {
    tree = await pythonWorkspace(['tasks', 'reminders']);
    await python(tree, { project: API });
  });

  it('is in sync right after the python generator, and writes nothing', async () => {
    expect(await sync(tree)).toEqual({ result: {}, written: [] });
  });

  it('does nothing in a workspace without Python modules', async () => {
    const bare = await pythonWorkspace();
    expect(await sync(bare)).toEqual({ result: {}, written: [] });
  });

  it('reports out of sync after `nx g kafka-events:event tasks archived`, and is clean after applying', async () => {
    await addEvent(tree, { name: 'archived' });
    const { result, written } = await sync(tree);
    expect(result).toEqual({
      outOfSyncMessage: expect.stringContaining('`nx sync` regenerates them'),
      outOfSyncDetails: [MODULE, TESTS],
    });
    expect(written).toEqual([MODULE, TESTS]);
    const module = read(tree, MODULE);
    expect(module).toContain('    ARCHIVED_V1 = "task.archived.v1"\n');
    expect(module).toContain('\nclass TaskArchivedV1Payload(_Model):\n');
    expect(module).toContain('    archived_at: UtcDatetime\n');
    expect(await sync(tree)).toEqual({ result: {}, written: [] });
  });

  it('follows --bump: the V2 payload and its upcaster', async () => {
    await addEvent(tree, { name: 'created', bump: true });
    expect((await sync(tree)).written).toEqual([MODULE, TESTS]);
    expect(read(tree, MODULE)).toContain(
      'TaskEventType.CREATED_V1: _upcast_task_created_v1_to_v2,',
    );
    expect(read(tree, MODULE)).toContain('\nTaskCreatedPayload = TaskCreatedV2Payload\n');
  });

  it('follows a hand edit of a payload schema', async () => {
    shortenDeleteReason(tree);
    expect((await sync(tree)).written).toEqual([MODULE]);
    expect(read(tree, MODULE)).toContain('StringConstraints(strict=True, max_length=280)');
  });

  it('regenerates every recorded module, of every domain', async () => {
    await python(tree, { domain: 'reminders', project: API });
    await python(tree, { output: 'services/worker/task_events.py' });
    shortenDeleteReason(tree);
    expect((await sync(tree)).written).toEqual([MODULE, 'services/worker/task_events.py']);
  });

  it('recreates a recorded module that was deleted', async () => {
    tree.delete(MODULE);
    expect((await sync(tree)).written).toEqual([MODULE]);
  });

  it('fails naming the field when a schema gets a construct Pydantic cannot mirror, writing nothing', async () => {
    editPayload(
      tree,
      'task-created.v1',
      "z.enum(['low', 'medium', 'high'])",
      "z.enum(['low', 'medium', 'high']).transform((p) => p.toUpperCase())",
    );
    const before = changedFiles(tree);
    await expect(syncPythonGenerator(tree)).rejects.toThrow(
      /field "priority" of TaskCreatedV1Payload: .*cannot read/,
    );
    expect(changedFiles(tree)).toEqual(before);
  });

  it('refuses to overwrite a recorded path that now holds a file of the user', async () => {
    tree.write(MODULE, 'print("mine")\n');
    await expect(syncPythonGenerator(tree)).rejects.toThrow(
      `${MODULE} is recorded in ${TASKS}/kafka-events.json as a Python module of tasks-events but was not written by kafka-events`,
    );
  });
});
