/**
 * The flow page in a real headless Chromium (Debian's chromium, installed by
 * tools/chromium/install.sh; driven by playwright-core): what a reader sees, that the page asks
 * the network for nothing, that its one stylesheet passes its own CSP, that hostile names stay
 * text, and a screenshot under tmp/flow-page/.
 */
import { resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import {
  assertOffline,
  isPng,
  launchChromium,
  openOffline,
  screenshot,
} from '../../../../../tools/chromium/browser.cjs';
import { renderFlowPage } from './render-page';
import { STATUS_LABEL } from './sections';
import { HOSTILE, hostileFlow, largeFlow, tasksFlow } from './testing/sample-flows';

const SHOTS = resolve(__dirname, '../../../../../tmp/flow-page');

let chromium: Awaited<ReturnType<typeof launchChromium>>;
let context: BrowserContext;

beforeAll(async () => {
  chromium = await launchChromium();
  context = chromium.context;
});

afterAll(async () => {
  await chromium?.close();
});

/** Loads a flow page; fails if it asked for anything but itself. Dialogs are recorded. */
async function open(html: string): Promise<{ page: Page; dialogs: string[] }> {
  const opened = await openOffline(context, html);
  assertOffline(opened);
  const { page } = opened;
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return { page, dialogs };
}

// Code that runs in the page is given as strings: this package's specs compile without the DOM lib.
const row = (page: Page, type: string) => page.locator(`tr[data-event="${type}"]`);

describe('the flow page in Chromium', () => {
  it('shows producers, each event version with its status, and consumers', async () => {
    const { page } = await open(renderFlowPage(tasksFlow()));
    await expect(page.title()).resolves.toBe('Event flow');

    const created1 = row(page, 'task.created.v1');
    expect(await created1.isVisible()).toBe(true);
    expect(await created1.locator('.producers .project').allInnerTexts()).toEqual([
      expect.stringMatching(/^api\s*kafkajs$/),
    ]);
    expect(
      await created1
        .locator('.consumers [data-project]')
        .evaluateAll((els) => els.map((el) => el.getAttribute('data-project'))),
    ).toEqual(['notifier']);
    expect(await created1.locator('.statuses').innerText()).toBe(
      STATUS_LABEL['old-version-consumed'],
    );

    const created2 = row(page, 'task.created.v2');
    expect(await created2.locator('.consumers').innerText()).toMatch(
      /auditor\s*dapr-manifest\s*notifier\s*kafkajs/,
    );
    expect(await created2.locator('.statuses').innerText()).toBe('produced and consumed');
    expect(await created2.locator('.event').innerText()).toMatch(/task\.created\.v2\s*latest/);

    expect(await row(page, 'task.completed.v1').locator('.statuses').innerText()).toBe(
      STATUS_LABEL['produced-not-consumed'],
    );
    expect(await row(page, 'task.completed.v1').locator('.consumers').innerText()).toBe(
      'no consumer',
    );
    expect(await row(page, 'task.deleted.v1').locator('.statuses').innerText()).toBe(
      STATUS_LABEL['consumed-not-produced'],
    );
    expect(await row(page, 'reminder.scheduled.v1').locator('.statuses').innerText()).toBe(
      STATUS_LABEL.unused,
    );
    // grouped by topic: the tasks topic's section holds exactly its four versions
    const tasksSection = page.locator('section.topic[data-topic="task-events"]');
    expect(await tasksSection.locator('tr[data-event]').count()).toBe(4);
    expect(await tasksSection.locator('h2').innerText()).toBe('task-events');
    // the unresolved site, with its file:line
    const unresolved = page.locator('section.unresolved');
    expect(await unresolved.innerText()).toContain('apps/notifier/src/handlers.ts:14');
    expect(await unresolved.innerText()).toContain('handler map built elsewhere');
    // what blocks retirement is listed on its own
    expect(await page.locator('[data-attention="task.created.v1"]').innerText()).toMatch(
      /task\.created\.v1 on task-events, consumed by\s+notifier/,
    );

    const file = resolve(SHOTS, 'tasks.png');
    expect(await screenshot(page, file)).toBeGreaterThan(10_000);
    expect(isPng(file)).toBe(true);
    await page.close();
  });

  it('applies its stylesheet under its own Content-Security-Policy', async () => {
    const { page } = await open(renderFlowPage(tasksFlow()));
    const colour = await page.evaluate(
      `getComputedStyle(document.querySelector('.status-old-version-consumed')).backgroundColor`,
    );
    expect(colour).toBe('rgb(255, 241, 204)');
    await page.close();
  });

  it('keeps hostile names as text: no element, no handler, no dialog', async () => {
    const { page, dialogs } = await open(renderFlowPage(hostileFlow()));
    expect(await page.locator('script, img, iframe, b, a[href^="javascript"]').count()).toBe(0);
    const projects = await page
      .locator('tr[data-event] [data-project]')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-project')));
    expect(projects.sort()).toEqual([HOSTILE.attribute, HOSTILE.project, HOSTILE.quote].sort());
    expect(await page.locator('tr[data-event] code').innerText()).toBe(HOSTILE.type);
    expect(await page.locator('section.topic h2').innerText()).toBe(HOSTILE.topic);
    expect(await page.locator('section.unresolved').innerText()).toContain(HOSTILE.reason);
    expect(await page.locator('section.unresolved').innerText()).toContain(`${HOSTILE.file}:7`);
    // no element of the page carries an event handler attribute
    const handlers = await page.evaluate(`[...document.querySelectorAll('*')].flatMap((el) =>
      [...el.attributes].filter((a) => a.name.startsWith('on')).map((a) => a.name))`);
    expect(handlers).toEqual([]);
    await page.hover('[data-project]'); // an injected onmouseover would fire here
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it('stays readable with 300 event versions: every row shown, no sideways scrolling', async () => {
    const flow = largeFlow(300, 100);
    const { page } = await open(renderFlowPage(flow));
    expect(await page.locator('tr[data-event]').count()).toBe(300);
    const file = resolve(SHOTS, 'large.png');
    expect(await screenshot(page, file, { fullPage: false })).toBeGreaterThan(10_000);
    expect(isPng(file)).toBe(true);
    const last = flow.events[flow.events.length - 1].type;
    await row(page, last).scrollIntoViewIfNeeded();
    expect(await row(page, last).isVisible()).toBe(true);
    const overflow = await page.evaluate(
      `document.documentElement.scrollWidth - document.documentElement.clientWidth`,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await page.close();
  });

  it('assertOffline catches a page that asks the network for something', async () => {
    const { page, url, requests, offsite } = await openOffline(
      context,
      '<!doctype html><p>x</p><img src="http://192.0.2.1/pixel.png">',
    );
    expect(offsite).toEqual(['http://192.0.2.1/pixel.png']);
    expect(() => assertOffline({ url, requests, offsite })).toThrow(
      `the page at ${url} is not offline: it asked for http://192.0.2.1/pixel.png`,
    );
    expect(() => assertOffline({ url, requests: [url], offsite: [] })).not.toThrow();
    await page.close();
  });
});
