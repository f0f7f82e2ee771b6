import { createHash } from 'node:crypto';
import { escapeHtml } from './html';
import { FLOW_PAGE_CSP, renderFlowPage } from './render-page';
import { STATUS_LABEL } from './sections';
import { HOSTILE, hostileFlow, largeFlow, tasksFlow } from './testing/sample-flows';

/** Every tag of the page: `<` only starts a tag, text and values have theirs escaped. */
const tags = (page: string) => page.match(/<[^>]*>/g) ?? [];
const ALLOWED_ELEMENTS = new Set(
  'html head meta title style body header main footer nav section h1 h2 h3 p ul li a span small code table thead tbody tr th td'.split(
    ' ',
  ),
);
const ALLOWED_ATTRIBUTE =
  /^(class|id|href|title|lang|charset|http-equiv|content|name|aria-label|data-[a-z-]+)$/;
// a start tag whose attribute values hold no quote or angle bracket: nothing broke out of one
const START_TAG = /^<([a-z0-9]+)((?:\s+[a-z-]+(?:="[^"<>]*")?)*)\s*\/?>$/;

function checkMarkup(page: string) {
  for (const tag of tags(page)) {
    if (tag.startsWith('</') || tag.toLowerCase() === '<!doctype html>') continue;
    const match = START_TAG.exec(tag);
    expect({ tag, wellFormed: match !== null }).toEqual({ tag, wellFormed: true });
    const [, element, attributes] = match!;
    expect({ tag, element: ALLOWED_ELEMENTS.has(element) }).toEqual({ tag, element: true });
    for (const [, attribute] of attributes.matchAll(/\s+([a-z-]+)(?:="[^"]*")?/g)) {
      expect({ tag, attribute }).toEqual({
        tag,
        attribute: expect.stringMatching(ALLOWED_ATTRIBUTE),
      });
    }
  }
}

describe('renderFlowPage', () => {
  it('shows each event version with its topic, status, producers and consumers', () => {
    const page = renderFlowPage(tasksFlow());
    expect(page.startsWith('<!doctype html>')).toBe(true);
    for (const event of tasksFlow().events) {
      expect(page).toContain(`data-event="${event.type}"`);
      expect(page).toContain(`data-topic="${event.topic}"`);
    }
    expect(page).toContain(`data-event="task.created.v1" data-status="old-version-consumed"`);
    expect(page).toContain(`data-event="task.created.v2" data-status="ok"`);
    for (const label of Object.values(STATUS_LABEL)) expect(page).toContain(label);
    for (const project of ['api', 'notifier', 'auditor'])
      expect(page).toContain(`data-project="${project}"`);
    expect(page).toContain('apps/notifier/src/handlers.ts:14');
    checkMarkup(page);
  });

  it('loads nothing and runs nothing: no script, no URL, a CSP that allows only its stylesheet', () => {
    const page = renderFlowPage(tasksFlow());
    expect(page).not.toMatch(/<script|<link|<img|<iframe|\bsrc=|https?:|url\(|@import/i);
    for (const [, href] of page.matchAll(/href="([^"]*)"/g)) expect(href).toMatch(/^#topic-\d+$/);
    expect(page).toContain(`content="${escapeHtml(FLOW_PAGE_CSP)}"`);
    expect(FLOW_PAGE_CSP).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+';/);
    const styles = [...page.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]);
    expect(styles).toHaveLength(1);
    const hash = createHash('sha256').update(styles[0]).digest('base64');
    expect(FLOW_PAGE_CSP).toContain(`'sha256-${hash}'`);
  });

  it('escapes hostile project names, types, topics, paths and reasons', () => {
    const page = renderFlowPage(hostileFlow());
    for (const value of Object.values(HOSTILE)) {
      expect(page).not.toContain(value);
      expect(page).toContain(escapeHtml(value));
    }
    expect(page).not.toMatch(/<script|<img|<iframe|<b>|<a href="javascript/i);
    checkMarkup(page);
  });

  it('renders 300 event versions, each once, with its status', () => {
    const flow = largeFlow(300, 100);
    const page = renderFlowPage(flow);
    const rows = [...page.matchAll(/<tr data-event="([^"]+)" data-status="([^"]+)"/g)];
    expect(rows.map((r) => r[1]).sort()).toEqual(flow.events.map((e) => e.type).sort());
    const statusOf = new Map(flow.events.map((e) => [e.type, e.status.join(' ') || 'ok']));
    for (const [, type, status] of rows) expect(status).toBe(statusOf.get(type));
    expect(page.match(/<section class="topic"/g)).toHaveLength(60);
  });

  it('says so when a workspace has no events', () => {
    const page = renderFlowPage({ events: [], unresolved: [] });
    expect(page).toContain('0 event versions on 0 topics');
    checkMarkup(page);
  });
});
