/** The readable report `kafka-events flow` prints by default: one aligned table per library. */
import type { EventFlow, EventVersionStatus, FlowEvent } from './model';

const STATUS_WORDS: Record<EventVersionStatus, string> = {
  'produced-not-consumed': 'produced, not consumed',
  'consumed-not-produced': 'consumed, not produced',
  'old-version-consumed': 'old version still consumed',
  unused: 'unused',
};

const HEADER = ['EVENT', 'PRODUCERS', 'CONSUMERS', 'STATUS'];

export function flowTable(flow: EventFlow): string[] {
  const lines: string[] = [];
  const libraries = [...new Set(flow.events.map((e) => e.library))];
  for (const library of libraries) {
    const events = flow.events.filter((e) => e.library === library);
    if (lines.length > 0) lines.push('');
    lines.push(`${library} (topic ${events[0].topic})`);
    lines.push(...aligned([HEADER, ...events.map(row)]).map((line) => `  ${line}`));
  }
  if (libraries.length === 0)
    lines.push('no event library in this workspace (no kafka-events.json)');
  if (flow.unresolved.length > 0) {
    lines.push('', `unresolved (${flow.unresolved.length}): not counted above`);
    for (const u of flow.unresolved)
      lines.push(`  ${u.file}:${u.line}: ${u.reason} [${u.project}]`);
  }
  lines.push('', summary(flow));
  return lines;
}

function row(event: FlowEvent): string[] {
  const list = (projects: string[]) => (projects.length ? projects.join(', ') : '-');
  return [
    event.type,
    list(event.producers),
    list(event.consumers),
    event.status.map((s) => STATUS_WORDS[s]).join('; '),
  ];
}

/** Columns padded to their widest cell; the last column is not padded. */
function aligned(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) =>
    r
      .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd(),
  );
}

function summary(flow: EventFlow): string {
  const count = (test: (e: FlowEvent) => boolean) => flow.events.filter(test).length;
  const versions = flow.events.length;
  const old = count((e) => e.status.includes('old-version-consumed'));
  return [
    `${versions} event version${versions === 1 ? '' : 's'}`,
    `${count((e) => e.producers.length > 0)} produced`,
    `${count((e) => e.consumers.length > 0)} consumed`,
    `${old} old version${old === 1 ? '' : 's'} still consumed`,
    `${flow.unresolved.length} unresolved`,
  ].join(', ');
}
