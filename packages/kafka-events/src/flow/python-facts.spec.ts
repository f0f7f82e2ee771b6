import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DomainConfig } from '../utils/domain-config';
import type { FileFacts } from './facts';
import type { FlowLibrary } from './libraries';
import { isPythonSource, pythonFacts } from './python-facts';
import { pythonNameIndex } from './python-names';

// the names of a module depend on its entity only
const library = (entity: string, domain: string) =>
  ({ config: { entity, domain } as DomainConfig }) as FlowLibrary;
const index = pythonNameIndex([library('task', 'tasks'), library('notification', 'notifications')]);

/** Sites as `line role event [payload]`, unresolved as `line: reason`. */
function read(code: string): { sites: string[]; unresolved: string[] } {
  const facts: FileFacts = pythonFacts(code, index);
  return {
    sites: facts.sites.map((s) => {
      const event = 'type' in s.event ? `"${s.event.type}"` : s.event.member;
      expect(s.channel).toBe('python');
      return `${s.line} ${s.role} ${s.library} ${event}${s.payload ? ` ${s.payload}` : ''}`;
    }),
    unresolved: facts.unresolved.map((u) => `${u.line}: ${u.reason}`),
  };
}

describe('pythonFacts: what a Python file publishes and handles', () => {
  it('reads a FastAPI service: events built in the call or assigned once, a handler dict', () => {
    const found = read(`from fastapi import FastAPI, Request
from app.events.task_events import (
    TaskCreatedPayload,
    TaskCompletedV1Payload,
    TaskEvent,
    TaskEventType,
    create_task_event,
    handle_task_delivery,
    publish_task_event,
)

app = FastAPI()


@app.post("/tasks")
async def create_task(body: dict) -> dict:
    await publish_task_event(
        TaskEvent(
            event_type=TaskEventType.CREATED,
            payload=TaskCreatedPayload(task_id=body["id"], title=body["title"]),
        )
    )
    return {"ok": True}


@app.post("/tasks/{task_id}/complete")
async def complete_task(task_id: str) -> None:
    completed = create_task_event(
        TaskEventType.COMPLETED_V1, TaskCompletedV1Payload(task_id=task_id), idempotency_key=task_id
    )
    await publish_task_event(completed, client=app.state.http)


async def on_created(event: TaskEvent) -> None:
    print(event.payload.title)


HANDLERS = {
    TaskEventType.CREATED: on_created,
    "task.deleted.v1": lambda event: None,
    TaskEventType["UPDATED_V1"]: on_created,
}


@app.post("/events/task-events/{event_type}")
async def task_events(request: Request) -> dict:
    return await handle_task_delivery(await request.body(), HANDLERS)
`);
    expect(found).toEqual({
      sites: [
        '18 producer python:task CREATED TaskCreatedPayload',
        '31 producer python:task COMPLETED_V1 TaskCompletedV1Payload',
        '39 consumer python:task CREATED',
        '40 consumer python:task "task.deleted.v1"',
        '41 consumer python:task UPDATED_V1',
      ],
      unresolved: [],
    });
  });

  it('reads the helpers through a module, an alias, a relative or a star import', () => {
    const found = read(`import notification_events as notifications
import app.events.task_events
from . import task_events as te
from .task_events import publish_task_event as publish, TaskEventType as T
from other_events import *


async def run(body, sidecar):
    delivered = notifications.create_notification_event(
        notifications.NotificationEventType.DELIVERED,
        {"notification_id": "n1"},
        caused_by=None,
    )
    await notifications.publish_notification_event(delivered, client=sidecar)
    await app.events.task_events.publish_task_event(te.TaskEvent(event_type="task.updated.v1", payload=p))
    await publish(te.create_task_event(T("task.created.v1"), payload=dict(title="x")))
    await handle_task_delivery(body, handler={T.DELETED_V1: print})
`);
    expect(found).toEqual({
      sites: [
        '14 producer python:notification DELIVERED {}',
        '15 producer python:task "task.updated.v1"',
        '16 producer python:task "task.created.v1" {}',
        '17 consumer python:task DELETED_V1',
      ],
      unresolved: [],
    });
  });

  it('finds no call in strings, f-strings, comments, docstrings or continued lines', () => {
    const found =
      read(`"""Calls publish_task_event(TaskEvent(event_type=TaskEventType.CREATED_V1)) in a docstring."""
from task_events import TaskEvent, TaskEventType, publish_task_event, handle_task_delivery

# await publish_task_event(TaskEvent(event_type=TaskEventType.DELETED_V1, payload={}))
NOTE = 'handle_task_delivery(body, {"task.created.v1": f})'
TEMPLATE = f"{NOTE!r:>{10}} publish_task_event(TaskEvent(event_type='task.updated.v1'))"
RAW = rb"publish_task_event(\\x)" + u'''
await publish_task_event(TaskEvent(event_type=TaskEventType.COMPLETED_V1, payload={}))
'''


async def go(body):
    await publish_task_event(  # "publish_task_event(x)" in a comment inside the call
        TaskEvent(
            payload={"title": "a (nested) \\"quoted\\" title) with parens"},
            event_type=(
                TaskEventType.CREATED_V1
            ),
        )
    )
    return await handle_task_delivery(body, {
        TaskEventType.UPDATED_V1: lambda e: handle_task_delivery(e, {}),  # nested call: no keys
    })
`);
    expect(found).toEqual({
      sites: ['14 producer python:task CREATED_V1 {}', '22 consumer python:task UPDATED_V1'],
      unresolved: [],
    });
  });

  it('reports what is not written statically, with the line and what was not static', () => {
    const found =
      read(`from task_events import TaskEvent, TaskEventType, create_task_event, publish_task_event
from task_events import decode_task_delivery, handle_task_delivery
from handlers import TASK_HANDLERS


async def forward(event):
    await publish_task_event(event)


async def computed(kind: str, body):
    await publish_task_event(TaskEvent(event_type=f"task.{kind}.v1", payload={}))
    await publish_task_event(create_task_event(TaskEventType[kind], {}))
    await handle_task_delivery(body, TASK_HANDLERS)
    await handle_task_delivery(body, {kind: print, **TASK_HANDLERS})


async def twice(flag, body):
    event = create_task_event("task.created.v1", {})
    if flag:
        event = create_task_event("task.deleted.v1", {})
    await publish_task_event(event)
    handlers = {TaskEventType.CREATED_V1: print}
    handlers[TaskEventType.DELETED_V1] = print
    await handle_task_delivery(body, handlers)


async def single(body):
    await handle_task_delivery(body, on_any)
    event = decode_task_delivery(body)
    tasks.add_task(publish_task_event, event)


def on_any(event):
    pass
`);
    expect(found.sites).toEqual([]);
    expect(found.unresolved).toEqual([
      '7: the event given to publish_task_event(...): event is a parameter at line 6',
      '11: the event type of TaskEvent(...) given to publish_task_event(...): f"task.{kind}.v1" is not a TaskEventType member or a string literal',
      '12: the event type of create_task_event(...) given to publish_task_event(...): TaskEventType[kind] is not a TaskEventType member or a string literal',
      '13: the handlers given to handle_task_delivery(...): TASK_HANDLERS is imported at line 3',
      '14: a handler key of handle_task_delivery(...): kind is a parameter at line 10',
      '14: a ** spread in the handlers of handle_task_delivery(...)',
      '21: the event given to publish_task_event(...): event is bound 2 times (lines 18, 20)',
      '24: the handlers given to handle_task_delivery(...): handlers is changed in place at line 23',
      '28: handle_task_delivery(...) is given one handler for every event type (on_any): which types it handles is decided inside it (a dict keyed by TaskEventType members lists them)',
      '29: decode_task_delivery(...) returns an event of any type of the task domain: what the code does with each type is not read (handle_task_delivery with a dict of handlers is)',
      '30: publish_task_event is passed as a value: the calls made through it are not read',
    ]);
  });
});

describe('pythonFacts: names it cannot trace to the generated module', () => {
  it('reports helpers that are not imported, shadowed, or called on something not a module', () => {
    const found = read(`import asyncio
from task_events import TaskEvent, TaskEventType, publish_task_event
from notification_events import NotificationEvent, NotificationEventType

CREATED = TaskEvent(event_type=TaskEventType.CREATED_V1, payload={})


class Service:
    async def run(self, event):
        await self.events.publish_task_event(event)
        await handle_task_delivery(event, {})


async def injected(publish_task_event, event):
    await publish_task_event(event)


async def mixed(body):
    await publish_task_event(NotificationEvent(event_type=NotificationEventType.DELIVERED, payload={}))
    await asyncio.gather(publish_task_event(CREATED), publish_task_event(
        event=\\
            TaskEvent(event_type=TaskEventType.DELETED_V1, payload={})
    ))
`);
    expect(found).toEqual({
      sites: ['20 producer python:task CREATED_V1 {}', '22 producer python:task DELETED_V1 {}'],
      unresolved: [
        '10: self.events.publish_task_event(...) is not read: self.events is not an imported module',
        '11: handle_task_delivery(...) is not read: handle_task_delivery is not imported',
        '15: publish_task_event(...) is not read: publish_task_event is a parameter at line 14, not imported from a module',
        '19: publish_task_event(...) is given an event of another domain (NotificationEvent(...))',
      ],
    });
  });

  it('refuses event types and handler keys of another domain', () => {
    const found = read(`from task_events import TaskEvent, handle_task_delivery, publish_task_event
from notification_events import NotificationEventType as N


async def wrong(body):
    await publish_task_event(TaskEvent(event_type=N.DELIVERED, payload={}))
    await handle_task_delivery(body, {N.DELIVERED: print})
`);
    expect(found).toEqual({
      sites: [],
      unresolved: [
        '6: the event type of TaskEvent(...) given to publish_task_event(...): N.DELIVERED is a type of another domain',
        '7: a handler key of handle_task_delivery(...): N.DELIVERED is a type of another domain',
      ],
    });
  });

  it('reads nothing from a file that names no helper, without parsing it', () => {
    expect(read('def f(:\n  from task_events import TaskEvent\n')).toEqual({
      sites: [],
      unresolved: [],
    });
  });
});

describe('pythonFacts: syntax', () => {
  it("reads the demo's notification-service, whose lifespan has a bare yield", () => {
    const demo = join(
      __dirname,
      '../../../../scripts/demo/python-apps/notification-service/main.py',
    );
    expect(read(readFileSync(demo, 'utf8'))).toEqual({
      sites: [
        '74 producer python:notification DELIVERED {}',
        '90 consumer python:task CREATED',
        '90 consumer python:task COMPLETED',
      ],
      unresolved: [],
    });
  });

  it('bridges the valid Python the grammar lacks without moving a line: bare yield, 20., form feeds', () => {
    const found = read(`from task_events import TaskEvent, TaskEventType, publish_task_event
\f
TIMEOUT = 20.
RATE = (24.*3600.)


def fixture():
    yield


async def gen():
    value = yield  # sent in
    other = (yield)
    await publish_task_event(TaskEvent(event_type=TaskEventType.CREATED_V1, payload={}))
`);
    expect(found).toEqual({ sites: ['14 producer python:task CREATED_V1 {}'], unresolved: [] });
  });

  it('refuses a file with syntax it does not know, naming the line', () => {
    const found = read(`from task_events import TaskEvent, TaskEventType, publish_task_event


async def go(a, b):
    with (a() as x, b() as y):
        await publish_task_event(TaskEvent(event_type=TaskEventType.CREATED_V1, payload={}))
`);
    expect(found).toEqual({
      sites: [],
      unresolved: [
        '6: publish_task_event: the file has Python syntax the reader does not understand (line 5), so it is not read',
      ],
    });
  });
});

describe('isPythonSource', () => {
  it('leaves out the generated module, tests and virtual environments', () => {
    expect(isPythonSource('apps/api/main.py', 'import x\n')).toBe(true);
    expect(
      isPythonSource('apps/api/task_events.py', '# Generated by kafka-events (nx g ...)'),
    ).toBe(false);
    for (const file of ['apps/api/test_main.py', 'apps/api/main_test.py', 'apps/api/conftest.py'])
      expect(isPythonSource(file, '')).toBe(false);
    expect(isPythonSource('apps/api/.venv/lib/python3.12/site-packages/x/y.py', '')).toBe(false);
  });
});
