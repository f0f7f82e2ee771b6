/**
 * What the flow page shows, arranged for reading: event versions grouped by topic, then by event
 * name (versions side by side), each project's channels, and the counts of the summary. No markup.
 */
import type { EventFlow, EventVersionStatus, FlowChannel, FlowEvent } from '../model';

/** A project at one end of an event version, with how it produces or consumes it and where. */
export interface FlowEnd {
  project: string;
  channels: FlowChannel[];
  /** 'file:line' of each site, in the model's order. */
  sites: string[];
}

export interface VersionView {
  event: FlowEvent;
  producers: FlowEnd[];
  consumers: FlowEnd[];
}

export interface EventNameView {
  name: string;
  library: string;
  /** Oldest first. */
  versions: VersionView[];
}

export interface TopicView {
  topic: string;
  /** Libraries whose events travel on this topic, sorted (normally one). */
  libraries: string[];
  /** Sorted by name. */
  names: EventNameView[];
  /** Event versions of this topic with at least one status. */
  flagged: number;
}

export interface ProjectView {
  project: string;
  /** Event types, sorted. */
  produces: string[];
  consumes: string[];
}

export interface FlowLayout {
  /** Sorted by topic. */
  topics: TopicView[];
  /** Every project that produces or consumes something, sorted. */
  projects: ProjectView[];
  /** Event versions per status, in the order of STATUS_ORDER. */
  statusCounts: Array<{ status: EventVersionStatus; count: number }>;
  eventCount: number;
}

/** Most urgent first: what blocks retirement, then what is broken, then what is idle. */
export const STATUS_ORDER: EventVersionStatus[] = [
  'old-version-consumed',
  'consumed-not-produced',
  'produced-not-consumed',
  'unused',
];

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

function ends(event: FlowEvent, role: 'producer' | 'consumer'): FlowEnd[] {
  const projects = role === 'producer' ? event.producers : event.consumers;
  const sites = event.sites.filter((s) => s.role === role);
  return projects.map((project) => {
    const own = sites.filter((s) => s.project === project);
    return {
      project,
      channels: [...new Set(own.map((s) => s.channel))].sort(byString),
      sites: own.map((s) => `${s.file}:${s.line}`),
    };
  });
}

function versionView(event: FlowEvent): VersionView {
  return { event, producers: ends(event, 'producer'), consumers: ends(event, 'consumer') };
}

function topicView(topic: string, events: FlowEvent[]): TopicView {
  const names = [...groupBy(events, (e) => `${e.library}\0${e.name}`).values()].map((versions) => ({
    name: versions[0].name,
    library: versions[0].library,
    versions: versions.sort((a, b) => a.version - b.version).map(versionView),
  }));
  names.sort((a, b) => byString(a.name, b.name) || byString(a.library, b.library));
  return {
    topic,
    libraries: [...new Set(events.map((e) => e.library))].sort(byString),
    names,
    flagged: events.filter((e) => e.status.length > 0).length,
  };
}

function projectViews(events: FlowEvent[]): ProjectView[] {
  const projects = new Map<string, ProjectView>();
  const entry = (project: string) => {
    let view = projects.get(project);
    if (!view) projects.set(project, (view = { project, produces: [], consumes: [] }));
    return view;
  };
  for (const event of events) {
    for (const p of event.producers) entry(p).produces.push(event.type);
    for (const c of event.consumers) entry(c).consumes.push(event.type);
  }
  return [...projects.values()]
    .map((v) => ({
      ...v,
      produces: v.produces.sort(byString),
      consumes: v.consumes.sort(byString),
    }))
    .sort((a, b) => byString(a.project, b.project));
}

export function layoutFlow(flow: EventFlow): FlowLayout {
  const topics = [...groupBy(flow.events, (e) => e.topic)]
    .map(([topic, events]) => topicView(topic, events))
    .sort((a, b) => byString(a.topic, b.topic));
  const statusCounts = STATUS_ORDER.map((status) => ({
    status,
    count: flow.events.filter((e) => e.status.includes(status)).length,
  }));
  return {
    topics,
    projects: projectViews(flow.events),
    statusCounts,
    eventCount: flow.events.length,
  };
}
