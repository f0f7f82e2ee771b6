import type { Tree } from '@nx/devkit';
import { domainGenerator } from '../generators/domain/domain';
import type { DomainGeneratorSchema } from '../generators/domain/schema';
import { pythonGenerator } from '../generators/python/python';
import type { PythonGeneratorSchema } from '../generators/python/schema';
import { addApplication, createTsSolutionWorkspace } from '../generators/testing/workspaces';
import type { EventFlow } from './model';
import { readEventFlow, type ReadFlowOptions } from './read-flow';
import { bumpTaskCreated } from './testing/bump-task-created';
import { treeWorkspace } from './testing/tree-workspace';

/** The tasks library and a Python service `notifier` holding its generated module. */
async function withPythonService(options: { createdV2?: boolean } = {}): Promise<Tree> {
  const tree = createTsSolutionWorkspace();
  await domainGenerator(tree, { name: 'tasks', skipFormat: true } as DomainGeneratorSchema);
  if (options.createdV2) await bumpTaskCreated(tree);
  addApplication(tree, 'notifier');
  await pythonGenerator(tree, {
    domain: 'tasks',
    project: 'notifier',
    skipFormat: true,
  } as PythonGeneratorSchema);
  return tree;
}

const flowOf = (tree: Tree, options: ReadFlowOptions = {}): EventFlow =>
  readEventFlow(treeWorkspace(tree), { cacheFile: null, ...options });

/** type -> [producers, consumers] */
const table = (flow: EventFlow) =>
  Object.fromEntries(flow.events.map((e) => [e.type, [e.producers, e.consumers]]));

const unresolved = (flow: EventFlow) =>
  flow.unresolved.map((u) => `${u.file}:${u.line}: ${u.reason}`);

// the demo's notification-service, as an issue-9 user writes it (scripts/demo/python-apps)
const SERVICE = `from fastapi import FastAPI, Request
from task_events import TaskEvent, TaskEventType, dapr_app_token_ok, handle_task_delivery
from task_events import TaskUpdatedPayload, create_task_event, publish_task_event

app = FastAPI()


async def on_task_created(event: TaskEvent) -> None:
    updated = create_task_event(
        TaskEventType.UPDATED_V1,
        TaskUpdatedPayload(task_id=event.payload.task_id, changes={"notified": True}),
        caused_by=event,
    )
    await publish_task_event(updated)


HANDLERS = {TaskEventType.CREATED_V1: on_task_created, "task.completed.v1": print}


@app.post("/events/task-events/{event_type}")
@app.post("/events/task-events")
async def task_events(request: Request):
    if not dapr_app_token_ok(request.headers):
        return {"status": "RETRY"}
    return await handle_task_delivery(await request.body(), HANDLERS)
`;

describe('kafka-events flow reads Python services', () => {
  it('lists a Python service as the producer and consumer its calls say, with their lines', async () => {
    const tree = await withPythonService();
    tree.write('apps/notifier/main.py', SERVICE);
    const flow = flowOf(tree);
    expect(table(flow)).toEqual({
      'task.completed.v1': [[], ['notifier']],
      'task.created.v1': [[], ['notifier']],
      'task.deleted.v1': [[], []],
      'task.updated.v1': [['notifier'], []],
    });
    expect(unresolved(flow)).toEqual([]);
    const sites = flow.events.flatMap((e) =>
      e.sites.map((s) => `${e.type} ${s.role} ${s.channel} ${s.file}:${s.line}`),
    );
    expect(sites.sort()).toEqual([
      'task.completed.v1 consumer python apps/notifier/main.py:17',
      'task.created.v1 consumer python apps/notifier/main.py:17',
      'task.updated.v1 producer python apps/notifier/main.py:14',
    ]);
    // the generated module and its pytest file define and test the helpers: not the flow
    expect(tree.exists('apps/notifier/task_events.py')).toBe(true);
    expect(tree.exists('apps/notifier/test_task_events.py')).toBe(true);
  });

  it('gives a plain type the version the module gives it: its payload model, or every version as a key', async () => {
    const tree = await withPythonService({ createdV2: true });
    tree.write(
      'apps/notifier/main.py',
      `from task_events import *


async def publish_all(payload, body):
    await publish_task_event(TaskEvent(event_type=TaskEventType.CREATED, payload=TaskCreatedV1Payload(**payload)))
    await publish_task_event(create_task_event("task.created", {"task_id": "t1"}))
    await publish_task_event(create_task_event(TaskEventType.CREATED, payload))
    await publish_task_event(create_task_event(TaskEventType.DELETED, payload))
    await publish_task_event(create_task_event(TaskEventType.CREATED, TaskUpdatedV1Payload(**payload)))
    await handle_task_delivery(body, {TaskEventType.CREATED: print, TaskEventType.CREATED_V3: print})
`,
    );
    const flow = flowOf(tree);
    expect(table(flow)).toEqual({
      'task.completed.v1': [[], []],
      'task.created.v1': [['notifier'], ['notifier']],
      'task.created.v2': [['notifier'], ['notifier']],
      'task.deleted.v1': [['notifier'], []],
      'task.updated.v1': [[], []],
    });
    expect(unresolved(flow)).toEqual([
      "apps/notifier/main.py:7: TaskEventType.CREATED: its version is that of its payload's model (TaskCreatedV1Payload, TaskCreatedV2Payload), which is not built in the call",
      'apps/notifier/main.py:9: TaskEventType.CREATED: its payload TaskUpdatedV1Payload is none of its models (TaskCreatedV1Payload, TaskCreatedV2Payload)',
      'apps/notifier/main.py:10: TaskEventType.CREATED_V3 is no event type of tasks-events (known: task.created.v1, task.created.v2, task.updated.v1, task.completed.v1, task.deleted.v1)',
    ]);
    const v1 = flow.events.find((e) => e.type === 'task.created.v1')!;
    expect(v1.status).toEqual(['old-version-consumed']);
  });

  it('names a Python handler of a version being retired (events-compat)', async () => {
    const tree = await withPythonService({ createdV2: true });
    tree.write(
      'apps/notifier/main.py',
      `import task_events as te\n\nHANDLERS = {te.TaskEventType.CREATED_V1: print}\n\n\nasync def on(body):\n    return await te.handle_task_delivery(body, HANDLERS)\n`,
    );
    const config = JSON.parse(tree.read('packages/tasks-events/kafka-events.json', 'utf-8')!);
    config.events.find((e: { name: string }) => e.name === 'created').versions = [2];
    tree.write('packages/tasks-events/kafka-events.json', JSON.stringify(config));
    const flow = flowOf(tree, { library: 'tasks-events', retired: ['task.created.v1'] });
    const retired = flow.events.find((e) => e.type === 'task.created.v1')!;
    expect(retired.sites).toEqual([
      {
        project: 'notifier',
        role: 'consumer',
        channel: 'python',
        file: 'apps/notifier/main.py',
        line: 3,
      },
    ]);
  });

  it('refuses to pick between two libraries whose modules have the same names', async () => {
    const tree = await withPythonService();
    await domainGenerator(tree, {
      name: 'archive',
      entity: 'task',
      topic: 'task-archive',
      skipFormat: true,
    } as DomainGeneratorSchema);
    tree.write('apps/notifier/main.py', SERVICE);
    const flow = flowOf(tree);
    expect(flow.events.every((e) => e.sites.length === 0)).toBe(true);
    const ambiguous =
      'the Python helpers of task are generated from archive-events and tasks-events: which one this module is cannot be told';
    expect(unresolved(flow)).toEqual([
      `apps/notifier/main.py:14: ${ambiguous}`,
      `apps/notifier/main.py:17: ${ambiguous}`,
      `apps/notifier/main.py:17: ${ambiguous}`,
    ]);
  });

  it('reports the helper calls of a file the parser cannot read, and reads nothing else from it', async () => {
    const tree = await withPythonService();
    tree.write(
      'apps/notifier/main.py',
      `from task_events import TaskEvent, TaskEventType, publish_task_event\n\nasync def f(:\n    await publish_task_event(TaskEvent(event_type=TaskEventType.CREATED_V1, payload={}))\n`,
    );
    const flow = flowOf(tree);
    expect(flow.events.every((e) => e.sites.length === 0)).toBe(true);
    expect(unresolved(flow)).toEqual([
      'apps/notifier/main.py:4: publish_task_event: the file has Python syntax the reader does not understand (line 3), so it is not read',
    ]);
  });
});
