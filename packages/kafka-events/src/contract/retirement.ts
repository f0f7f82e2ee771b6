/**
 * Event versions a change retires, and whether it may: a version removed from kafka-events.json
 * (its published snapshot has no version any more) or broken under a new version (the new one
 * is incompatible with it, so its consumers must keep handling it). The projects still consuming
 * each one come from the flow analysis (flow/consumers.ts).
 */
import type { LibraryConsumers } from '../flow/consumers';
import type { FlowSite, FlowUnresolved } from '../flow/model';
import type { ContractCheck } from './check-contract';

export interface RetiringVersion {
  /** `task.created.v1` */
  type: string;
  /** removed: no longer in kafka-events.json; superseded: broken under `by`. */
  why: 'removed' | 'superseded';
  by?: string;
  /** The removed snapshot (baseline path), for `removed`. */
  snapshot?: string;
}

export interface Retirement extends RetiringVersion {
  /** Projects found handling this version, sorted; undefined when they could not be known. */
  consumers?: string[];
  sites: FlowSite[];
  /**
   * Removed only: true when removing it breaks nobody (no consumer found and nothing the analysis
   * could not resolve); a removal that is not safe fails the check.
   */
  safe: boolean;
  /** Why the consumers are unknown or uncertain. */
  note?: string;
}

export function retiringVersions(check: ContractCheck): RetiringVersion[] {
  const removed = check.orphans.map((snapshot) => ({
    type: snapshot.slice(snapshot.lastIndexOf('/') + 1).replace(/\.json$/, ''),
    why: 'removed' as const,
    snapshot,
  }));
  const superseded = check.versions.flatMap((v) =>
    v.status === 'new' && v.previousVersions && !v.previousVersions.result.compatible
      ? v.version.event.versions
          .filter((n) => n < v.version.version)
          .map((n) => ({
            type: `${v.version.event.type}.v${n}`,
            why: 'superseded' as const,
            by: v.version.versionedType,
          }))
      : [],
  );
  return [...removed, ...superseded];
}

export function retirements(
  retiring: RetiringVersion[],
  consumers: LibraryConsumers,
): Retirement[] {
  return retiring.map((version) => {
    if (!consumers.known)
      return { ...version, sites: [], safe: false, note: `consumers unknown: ${consumers.reason}` };
    const sites = consumers.sites.get(version.type) ?? [];
    const names = [...new Set(sites.map((s) => s.project))].sort();
    const uncertain = names.length === 0 && consumers.unresolved.length > 0;
    return {
      ...version,
      consumers: names,
      sites,
      safe: names.length === 0 && !uncertain,
      ...(uncertain ? { note: unresolvedNote(consumers.unresolved) } : {}),
    };
  });
}

function unresolvedNote(unresolved: FlowUnresolved[]): string {
  const first = unresolved
    .slice(0, 3)
    .map((u) => `${u.file}:${u.line}`)
    .join(', ');
  const more = unresolved.length > 3 ? `, ${unresolved.length - 3} more` : '';
  return `no consumer found, but the analysis could not resolve ${unresolved.length} site${unresolved.length === 1 ? '' : 's'} using the library (${first}${more}; see kafka-events flow)`;
}

/** `notifier (apps/notifier/src/main.ts:7), audit (apps/audit/dapr/subscriptions/task-events.yaml:12)` */
export function describeConsumers(retirement: Retirement): string {
  const byProject = new Map<string, string>();
  for (const site of retirement.sites)
    if (!byProject.has(site.project)) byProject.set(site.project, `${site.file}:${site.line}`);
  return [...byProject].map(([project, at]) => `${project} (${at})`).join(', ');
}
