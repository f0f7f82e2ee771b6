/** The parts of the flow page, each from the layout, as escaped markup. */
import type { EventVersionStatus, FlowUnresolved } from '../model';
import { html, type SafeHtml } from './html';
import type { FlowEnd, FlowLayout, ProjectView, TopicView, VersionView } from './layout';

export const STATUS_LABEL: Record<EventVersionStatus, string> = {
  'old-version-consumed': 'old version still consumed: blocks retirement',
  'consumed-not-produced': 'consumed, no longer produced',
  'produced-not-consumed': 'produced, not consumed',
  unused: 'neither produced nor consumed',
};
const OK_LABEL = 'produced and consumed';

const statusBadge = (status: EventVersionStatus) =>
  html`<span class="status status-${status}">${STATUS_LABEL[status]}</span>`;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

const topicId = (index: number) => `topic-${index}`;

export function summarySection(layout: FlowLayout, unresolved: number): SafeHtml {
  const projects = layout.projects.length;
  return html`<p class="lead">
      ${plural(layout.eventCount, 'event version')} on ${plural(layout.topics.length, 'topic')},
      ${plural(projects, 'project')} producing or consuming
      them${unresolved > 0 ? `, ${plural(unresolved, 'site')} the analysis could not resolve` : ''}.
    </p>
    <ul class="counts">
      ${layout.statusCounts
        .filter((c) => c.count > 0)
        .map(
          (c) =>
            html`<li class="status status-${c.status}" data-count="${c.status}">
              ${c.count} ${STATUS_LABEL[c.status]}
            </li>`,
        )}
    </ul>
    <nav class="topics" aria-label="Topics">
      ${layout.topics.map(
        (t, i) =>
          html`<a href="#${topicId(i)}" class="${t.flagged > 0 ? 'flagged' : ''}">${t.topic}</a>`,
      )}
    </nav>`;
}

function projectChip(end: FlowEnd, role: string): SafeHtml {
  const where = end.sites.length > 0 ? `${end.channels.join(', ')}: ${end.sites.join(', ')}` : '';
  return html`<span
    class="project"
    data-project="${end.project}"
    data-role="${role}"
    title="${where}"
    >${end.project}<small>${end.channels.join(', ')}</small></span
  >`;
}

function endsCell(ends: FlowEnd[], role: 'producer' | 'consumer'): SafeHtml {
  const cls = role === 'producer' ? 'producers' : 'consumers';
  return html`<td class="ends ${cls}">
    ${
      ends.length > 0
        ? ends.map((end) => projectChip(end, role))
        : html`<span class="none">no ${role}</span>`
    }
  </td>`;
}

function versionRow({ event, producers, consumers }: VersionView): SafeHtml {
  const badges =
    event.status.length > 0
      ? event.status.map(statusBadge)
      : html`<span class="status status-ok">${OK_LABEL}</span>`;
  return html`<tr data-event="${event.type}" data-status="${event.status.join(' ') || 'ok'}">
    ${endsCell(producers, 'producer')}
    <td class="arrow">&rarr;</td>
    <td class="event">
      <code>${event.type}</code>${event.latest && html`<span class="latest">latest</span>`}
    </td>
    <td class="statuses">${badges}</td>
    <td class="arrow">&rarr;</td>
    ${endsCell(consumers, 'consumer')}
  </tr>`;
}

export function topicSection(topic: TopicView, index: number): SafeHtml {
  const versions = topic.names.reduce((n, name) => n + name.versions.length, 0);
  return html`<section class="topic" id="${topicId(index)}" data-topic="${topic.topic}">
    <header>
      <h2><code>${topic.topic}</code></h2>
      <span class="meta"
        >${topic.libraries.length === 1 ? 'library' : 'libraries'} ${topic.libraries.join(', ')}
        &middot;
        ${plural(versions, 'event version')}${
          topic.flagged > 0 && ` \u00b7 ${topic.flagged} flagged`
        }</span
      >
    </header>
    <table class="flow">
      <thead>
        <tr>
          <th class="producers">Producers</th>
          <th></th>
          <th>Event version</th>
          <th>Status</th>
          <th></th>
          <th>Consumers</th>
        </tr>
      </thead>
      ${topic.names.map(
        (name) =>
          html`<tbody data-name="${name.name}">
            ${name.versions.map(versionRow)}
          </tbody>`,
      )}
    </table>
  </section>`;
}

const typeList = (types: string[]) =>
  types.length > 0
    ? types.map((type, i) => html`${i > 0 && ', '}<code>${type}</code>`)
    : html`<span class="none">nothing</span>`;

export function projectsSection(projects: ProjectView[]): SafeHtml {
  if (projects.length === 0) return html``;
  return html`<section class="projects">
    <header><h2>Projects</h2></header>
    <table>
      <thead>
        <tr>
          <th>Project</th>
          <th>Produces</th>
          <th>Consumes</th>
        </tr>
      </thead>
      <tbody>
        ${projects.map(
          (p) =>
            html`<tr data-project-row="${p.project}">
              <td><span class="project">${p.project}</span></td>
              <td>${typeList(p.produces)}</td>
              <td>${typeList(p.consumes)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}

export function unresolvedSection(unresolved: FlowUnresolved[]): SafeHtml {
  if (unresolved.length === 0) return html``;
  return html`<section class="unresolved">
    <header>
      <h2>Not resolved</h2>
      <span class="meta"
        >sites the analysis could not read statically; it does not guess what they handle</span
      >
    </header>
    <table>
      <thead>
        <tr>
          <th>Where</th>
          <th>Project</th>
          <th>Why</th>
        </tr>
      </thead>
      <tbody>
        ${unresolved.map(
          (u) =>
            html`<tr data-unresolved="${u.file}:${u.line}">
              <td class="site"><code>${u.file}:${u.line}</code></td>
              <td><span class="project">${u.project}</span></td>
              <td>${u.reason}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}

/** Flagged event versions, most urgent status first, with the projects that keep each in use. */
export function attentionSection(layout: FlowLayout): SafeHtml {
  const versions = layout.topics.flatMap((t) => t.names.flatMap((n) => n.versions));
  const groups = (['old-version-consumed', 'consumed-not-produced'] as const)
    .map((status) => ({
      status,
      versions: versions.filter((v) => v.event.status.includes(status)),
    }))
    .filter((g) => g.versions.length > 0);
  if (groups.length === 0) return html``;
  return html`<section class="attention">
    <header><h2>Needs attention</h2></header>
    ${groups.map(
      (g) =>
        html`<h3>${statusBadge(g.status)}</h3>
          <ul class="plain">
            ${g.versions.map(
              (v) =>
                html`<li data-attention="${v.event.type}">
                  <code>${v.event.type}</code> on <code>${v.event.topic}</code>, consumed by
                  ${v.consumers.map((c) => projectChip(c, 'consumer'))}
                </li>`,
            )}
          </ul>`,
    )}
  </section>`;
}
