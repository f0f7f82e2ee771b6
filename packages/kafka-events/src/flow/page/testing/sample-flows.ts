/** Event flows for the page's specs: a small realistic one, a hostile one and a large one. */
import type { EventFlow, EventVersionStatus, FlowEvent, FlowSite } from '../../model';

type EventSpec = Pick<FlowEvent, 'type' | 'topic' | 'library' | 'latest' | 'status'> & {
  producers?: Array<[project: string, channel: FlowSite['channel'], file: string, line: number]>;
  consumers?: Array<[project: string, channel: FlowSite['channel'], file: string, line: number]>;
};

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A FlowEvent with producers, consumers and sites consistent with each other, as the model says. */
export function flowEvent(spec: EventSpec): FlowEvent {
  const match = /^(.*)\.v(\d+)$/.exec(spec.type);
  const site =
    (role: FlowSite['role']) =>
    ([project, channel, file, line]: NonNullable<EventSpec['producers']>[number]): FlowSite => ({
      project,
      role,
      channel,
      file,
      line,
    });
  const sites = [
    ...(spec.producers ?? []).map(site('producer')),
    ...(spec.consumers ?? []).map(site('consumer')),
  ].sort((a, b) => byString(a.file, b.file) || a.line - b.line);
  const projects = (role: FlowSite['role']) =>
    [...new Set(sites.filter((s) => s.role === role).map((s) => s.project))].sort(byString);
  return {
    type: spec.type,
    name: match ? match[1] : spec.type,
    version: match ? Number(match[2]) : 1,
    latest: spec.latest,
    topic: spec.topic,
    library: spec.library,
    producers: projects('producer'),
    consumers: projects('consumer'),
    sites,
    status: spec.status,
  };
}

const tasks = { topic: 'task-events', library: 'tasks-events' };

/**
 * api produces the task events; notifier consumes with the kafkajs consumer, auditor through Dapr
 * manifests. task.created.v1 is an old version notifier still reads, task.completed.v1 nobody
 * reads, task.deleted.v1 nobody produces, reminder.scheduled.v1 nobody uses.
 */
export function tasksFlow(): EventFlow {
  return {
    events: [
      flowEvent({
        ...tasks,
        type: 'task.completed.v1',
        latest: true,
        status: ['produced-not-consumed'],
        producers: [['api', 'kafkajs', 'apps/api/src/main.ts', 21]],
      }),
      flowEvent({
        ...tasks,
        type: 'task.created.v1',
        latest: false,
        status: ['old-version-consumed'],
        producers: [['api', 'kafkajs', 'apps/api/src/main.ts', 12]],
        consumers: [['notifier', 'kafkajs', 'apps/notifier/src/main.ts', 8]],
      }),
      flowEvent({
        ...tasks,
        type: 'task.created.v2',
        latest: true,
        status: [],
        producers: [['api', 'kafkajs', 'apps/api/src/main.ts', 15]],
        consumers: [
          ['auditor', 'dapr-manifest', 'apps/auditor/dapr/subscriptions/task-events.yaml', 11],
          ['notifier', 'kafkajs', 'apps/notifier/src/main.ts', 9],
        ],
      }),
      flowEvent({
        ...tasks,
        type: 'task.deleted.v1',
        latest: true,
        status: ['consumed-not-produced'],
        consumers: [
          ['auditor', 'dapr-manifest', 'apps/auditor/dapr/subscriptions/task-events.yaml', 13],
        ],
      }),
      flowEvent({
        topic: 'reminder-events',
        library: 'reminders-events',
        type: 'reminder.scheduled.v1',
        latest: true,
        status: ['unused'],
      }),
    ].sort((a, b) => byString(a.library, b.library) || byString(a.type, b.type)),
    unresolved: [
      {
        project: 'notifier',
        file: 'apps/notifier/src/handlers.ts',
        line: 14,
        reason: 'handler map built elsewhere: handlers is not an object literal',
      },
    ],
  };
}

/** Names an attacker controls, each as it must read on the page, unchanged. */
export const HOSTILE = {
  project: '<script>alert("project")</script>',
  attribute: '"onerror="alert(1)',
  quote: "x' onmouseover='alert(2)",
  topic: '</style><script>alert(3)</script>',
  library: '&amp;lib<b>',
  type: '<img src=x onerror=alert(4)>.v1',
  file: 'apps/<iframe src="http://evil.test/">/a.ts',
  reason: '<a href="javascript:alert(5)">click</a>',
};

export function hostileFlow(): EventFlow {
  const event = flowEvent({
    type: HOSTILE.type,
    topic: HOSTILE.topic,
    library: HOSTILE.library,
    latest: false,
    status: ['old-version-consumed'],
    producers: [[HOSTILE.project, 'kafkajs', HOSTILE.file, 3]],
    consumers: [
      [HOSTILE.attribute, 'dapr', 'apps/x/main.ts', 4],
      [HOSTILE.quote, 'dapr-manifest', HOSTILE.file, 5],
    ],
  });
  return {
    events: [event],
    unresolved: [{ project: HOSTILE.quote, file: HOSTILE.file, line: 7, reason: HOSTILE.reason }],
  };
}

const STATUSES: EventVersionStatus[][] = [
  [],
  [],
  ['produced-not-consumed'],
  ['old-version-consumed'],
  ['consumed-not-produced'],
];

/** `count` event versions over count/5 topics, produced and consumed by 100 apps. */
export function largeFlow(count = 300, apps = 100): EventFlow {
  const app = (i: number) => `service-${String(i % apps).padStart(3, '0')}`;
  const events = Array.from({ length: count }, (_, i) => {
    const domain = `domain-${String(Math.floor(i / 5)).padStart(3, '0')}`;
    const status = STATUSES[i % STATUSES.length];
    const file = (project: string) => `apps/${project}/src/main.ts`;
    return flowEvent({
      type: `${domain}.event-${i % 5}.v1`,
      topic: `${domain}-events`,
      library: `${domain}-events`,
      latest: !status.includes('old-version-consumed'),
      status,
      producers: status.includes('consumed-not-produced')
        ? []
        : [[app(i), 'kafkajs', file(app(i)), 10]],
      consumers: status.includes('produced-not-consumed')
        ? []
        : [
            [app(i + 1), 'kafkajs', file(app(i + 1)), 20],
            [app(i + 7), 'dapr-manifest', `apps/${app(i + 7)}/dapr/subscriptions/x.yaml`, 9],
          ],
    });
  });
  return { events, unresolved: [] };
}
