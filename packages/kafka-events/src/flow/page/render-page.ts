/**
 * The flow page: one self-contained HTML document (`kafka-events flow --out flow.html`) that
 * works offline. No script at all, one inline stylesheet, and a Content-Security-Policy that
 * allows only that stylesheet: the page can load nothing and run nothing, even if a name from
 * the user's code slipped past the escaping.
 */
import { createHash } from 'node:crypto';
import type { EventFlow } from '../model';
import { html, SafeHtml } from './html';
import { layoutFlow } from './layout';
import {
  attentionSection,
  projectsSection,
  summarySection,
  topicSection,
  unresolvedSection,
} from './sections';
import { FLOW_PAGE_CSS } from './styles';

const CSS_HASH = createHash('sha256').update(FLOW_PAGE_CSS).digest('base64');
export const FLOW_PAGE_CSP = `default-src 'none'; style-src 'sha256-${CSS_HASH}'; base-uri 'none'; form-action 'none'`;

// Built apart from the page template: the element's text must be exactly what the hash covers.
const STYLE_ELEMENT = new SafeHtml(`<style>${FLOW_PAGE_CSS}</style>`);

export function renderFlowPage(flow: EventFlow): string {
  const layout = layoutFlow(flow);
  const page = html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta http-equiv="Content-Security-Policy" content="${FLOW_PAGE_CSP}" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Event flow</title>
        ${STYLE_ELEMENT}
      </head>
      <body>
        <header>
          <h1>Event flow</h1>
          ${summarySection(layout, flow.unresolved.length)}
        </header>
        <main>
          ${attentionSection(layout)} ${layout.topics.map(topicSection)}
          ${projectsSection(layout.projects)} ${unresolvedSection(flow.unresolved)}
        </main>
        <footer>
          Producers and consumers found in the workspace's source by <code>kafka-events flow</code>.
        </footer>
      </body>
    </html> `;
  return page.value;
}
