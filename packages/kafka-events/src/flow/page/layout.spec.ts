import { layoutFlow } from './layout';
import { largeFlow, tasksFlow } from './testing/sample-flows';

describe('layoutFlow', () => {
  it('groups versions by topic, then by event name, oldest version first', () => {
    const layout = layoutFlow(tasksFlow());
    expect(layout.topics.map((t) => t.topic)).toEqual(['reminder-events', 'task-events']);
    const tasks = layout.topics[1];
    expect(tasks.libraries).toEqual(['tasks-events']);
    expect(tasks.names.map((n) => [n.name, n.versions.map((v) => v.event.version)])).toEqual([
      ['task.completed', [1]],
      ['task.created', [1, 2]],
      ['task.deleted', [1]],
    ]);
    expect(tasks.flagged).toBe(3);
  });

  it('gives each producer and consumer its channels and file:line sites', () => {
    const created = layoutFlow(tasksFlow()).topics[1].names[1].versions[1];
    expect(created.producers).toEqual([
      { project: 'api', channels: ['kafkajs'], sites: ['apps/api/src/main.ts:15'] },
    ]);
    expect(created.consumers).toEqual([
      {
        project: 'auditor',
        channels: ['dapr-manifest'],
        sites: ['apps/auditor/dapr/subscriptions/task-events.yaml:11'],
      },
      { project: 'notifier', channels: ['kafkajs'], sites: ['apps/notifier/src/main.ts:9'] },
    ]);
  });

  it('lists what each project produces and consumes, and counts each status', () => {
    const layout = layoutFlow(tasksFlow());
    expect(layout.projects).toEqual([
      {
        project: 'api',
        produces: ['task.completed.v1', 'task.created.v1', 'task.created.v2'],
        consumes: [],
      },
      { project: 'auditor', produces: [], consumes: ['task.created.v2', 'task.deleted.v1'] },
      { project: 'notifier', produces: [], consumes: ['task.created.v1', 'task.created.v2'] },
    ]);
    expect(layout.statusCounts).toEqual([
      { status: 'old-version-consumed', count: 1 },
      { status: 'consumed-not-produced', count: 1 },
      { status: 'produced-not-consumed', count: 1 },
      { status: 'unused', count: 1 },
    ]);
    expect(layout.eventCount).toBe(5);
  });

  it('keeps every event version of a large workspace exactly once', () => {
    const flow = largeFlow(300, 100);
    const layout = layoutFlow(flow);
    const types = layout.topics.flatMap((t) =>
      t.names.flatMap((n) => n.versions.map((v) => v.event.type)),
    );
    expect(types.sort()).toEqual(flow.events.map((e) => e.type).sort());
    expect(layout.topics).toHaveLength(60);
    expect(layout.projects).toHaveLength(100);
  });
});
