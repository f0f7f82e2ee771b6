/** `kafka-events check <projectRoot> [--base <ref>] [--json]`: the domain's compatibility check. */
import { join } from 'node:path';
import { locateDifference } from '../compat/report';
import { BASE_ENV } from '../contract/base-ref';
import { workingTreeBaseline } from '../contract/baseline';
import {
  checkContract,
  type Comparison,
  type ContractCheck,
  type VersionCheck,
} from '../contract/check-contract';
import { loadDomainContract } from '../contract/load-contract';
import { resolveBaseline, type ResolvedBaseline } from '../contract/resolve-baseline';
import {
  describeConsumers,
  retirements,
  retiringVersions,
  type Retirement,
} from '../contract/retirement';
import { libraryConsumers, type LibraryConsumers } from '../flow/consumers';
import {
  EXIT_INCOMPATIBLE,
  EXIT_OK,
  oneProjectRoot,
  UsageError,
  type CliIO,
  type Command,
  type OptionValues,
} from './command';
import { DEBUG_ENV } from './failure';

/** Who consumes the versions a change retires (`retired`: those kafka-events.json dropped). */
export type ConsumersLookup = (projectRoot: string, retired: string[]) => Promise<LibraryConsumers>;

export const checkCommand = checkCommandWith((root, retired) => libraryConsumers(root, retired));

export function checkCommandWith(lookupConsumers: ConsumersLookup): Command {
  return {
    name: 'check',
    synopsis: 'check <projectRoot> [--base <ref>]',
    summary:
      "check a domain library's event schemas against\ntheir snapshots published on the default branch",
    help: `Usage: kafka-events check <projectRoot> [--base <git ref>] [--json] [--verbose]

Compares the current zod payload schema of every event version of the domain library at
<projectRoot> with its published snapshot (schemas/<event type>.v<N>.json) under the domain's
compatibility mode from kafka-events.json. A version without a published snapshot is new: it
passes, and its differences from the earlier versions of the event are listed for information.

The published snapshots are read from git, not from the working tree, so a snapshot regenerated
before committing cannot hide a breaking change. The ref is the first of: --base, the ${BASE_ENV}
environment variable, origin/<defaultBase> and <defaultBase> (nx.json "defaultBase", default
main). With no git repository or no such commit yet, the working-tree snapshots are used and
the report says so.

A version removed from kafka-events.json, or broken under a new version, is looked up in the
code of the workspace (the analysis of kafka-events flow, run at the Nx workspace root): the
projects that still handle it are named. Removing a version fails while a project consumes it
(or while consumers cannot be known); removing one nobody consumes retires it.

Options:
      --base <ref>   read the published snapshots from this git ref (e.g. origin/release)
      --json         print a machine-readable report on stdout
  -v, --verbose      also list compatible differences
  -h, --help         show this help

Exit status: 0 compatible, 1 incompatible, 2 bad input or internal error
(one line on stderr; ${DEBUG_ENV}=1 adds the stack trace).
`,
    options: {
      base: { type: 'string' },
      json: { type: 'boolean', default: false },
      verbose: { type: 'boolean', short: 'v', default: false },
    },
    run(positionals, values, io) {
      const projectRoot = oneProjectRoot('check', positionals);
      const base = values.base as string | undefined;
      if (base !== undefined && base.trim() === '')
        throw new UsageError('--base needs a git ref (e.g. origin/main)');
      const contract = loadDomainContract(projectRoot);
      const resolved = resolveBaseline(projectRoot, { base, env: process.env });
      const check = checkContract(contract, resolved.baseline, workingTreeBaseline(projectRoot));
      const report: Report = { projectRoot, domain: contract.config.domain, check, resolved };
      const retiring = retiringVersions(check);
      // the workspace is read only when a version is being retired
      if (retiring.length === 0) return finish(report, [], values, io);
      const removed = retiring.filter((r) => r.why === 'removed').map((r) => r.type);
      return lookupConsumers(projectRoot, removed).then((consumers) =>
        finish(report, retirements(retiring, consumers), values, io),
      );
    },
  };
}

interface Report {
  projectRoot: string;
  domain: string;
  check: ContractCheck;
  resolved: ResolvedBaseline;
}

function finish(report: Report, retired: Retirement[], values: OptionValues, io: CliIO): number {
  const compatible =
    report.check.versions.every((v) => v.status !== 'incompatible') &&
    retired.every((r) => r.why !== 'removed' || r.safe);
  if (values.json)
    io.stdout(`${JSON.stringify(jsonReport(report, retired, compatible), null, 2)}\n`);
  else
    io.stdout(`${humanReport(report, retired, compatible, values.verbose === true).join('\n')}\n`);
  return compatible ? EXIT_OK : EXIT_INCOMPATIBLE;
}

function differenceLines(
  comparison: Comparison,
  options: { all: boolean; prefix: string },
): string[] {
  return comparison.result.results.flatMap((r) =>
    r.differences
      .filter((d) => options.all || !d.compatible)
      .map((d) => {
        const at = locateDifference(d, r.against, comparison.sources);
        const tail = d.compatible ? ' (compatible)' : d.hint ? ` (hint: ${d.hint})` : '';
        return `${options.prefix}${at.file}:${at.line}: ${d.code} ${d.path}: ${d.message}${tail}`;
      }),
  );
}

/** The report's first line: which snapshots count as published. */
function baselineLine(resolved: ResolvedBaseline): string {
  if (resolved.git) {
    const { ref, commit, source } = resolved.git;
    const why = source === 'defaultBase' ? 'the default branch' : `from ${source}`;
    return `baseline: published snapshots at ${ref} (${commit.slice(0, 12)}, ${why})`;
  }
  return `note: baseline: working-tree snapshots (${resolved.fallbackReason}): a snapshot regenerated before committing is not checked against a published one`;
}

function humanReport(
  { projectRoot, domain, check, resolved }: Report,
  retired: Retirement[],
  compatible: boolean,
  verbose: boolean,
): string[] {
  const lines: string[] = [baselineLine(resolved)];
  for (const v of check.versions) {
    const type = v.version.versionedType;
    if (v.status === 'incompatible' && v.snapshot) {
      lines.push(...differenceLines(v.snapshot, { all: verbose, prefix: '' }));
      lines.push(
        `${type}: INCOMPATIBLE (${check.mode}) with its published snapshot; a published version cannot break its consumers`,
      );
    } else if (v.status === 'compatible' && v.snapshot) {
      lines.push(...differenceLines(v.snapshot, { all: verbose, prefix: '' }));
      lines.push(`${type}: compatible (${check.mode}) change to the published snapshot`);
    } else if (v.status === 'new') {
      lines.push(`info: ${type} is new (no snapshot at the baseline)`);
      if (v.previousVersions) {
        const diffs = differenceLines(v.previousVersions, { all: true, prefix: '  info: ' });
        const verdict = v.previousVersions.result.compatible ? 'compatible with' : 'breaks';
        lines.push(
          `  info: it ${verdict} the earlier version(s) under ${v.previousVersions.result.mode}; consumers keep handling every version in the union`,
        );
        lines.push(...diffs);
      }
    }
    if (v.stale && v.status !== 'incompatible') {
      lines.push(
        `note: ${join(projectRoot, v.version.snapshotFile)} is ${v.status === 'new' ? 'missing' : 'stale'}: run the events-schemas target (kafka-events schemas ${projectRoot}) and commit it`,
      );
    }
  }
  for (const orphan of check.orphans) {
    const retirement = retired.find((r) => r.snapshot === orphan);
    if (retirement?.safe) {
      lines.push(
        `info: ${resolved.baseline.label(orphan)}: ${retirement.type} retired: no project consumes it`,
      );
      continue;
    }
    lines.push(
      `${resolved.baseline.label(orphan)}:1: EVENT_VERSION_REMOVED: this published snapshot has no event version in kafka-events.json (hint: keep the version so consumers can read old events, or delete the snapshot on purpose)`,
    );
    if (retirement?.consumers?.length)
      lines.push(`  ${retirement.type} is still consumed by: ${describeConsumers(retirement)}`);
    if (retirement?.note) lines.push(`  ${retirement.note}`);
  }
  for (const r of retired.filter((r) => r.why === 'superseded')) {
    const who = r.consumers?.length
      ? `still consumed by: ${describeConsumers(r)}`
      : r.consumers
        ? 'no project consumes it any more'
        : r.note;
    lines.push(`info: ${r.type} breaks under ${r.by}; ${who}`);
  }
  lines.push(summary(domain, check, retired, compatible));
  return lines;
}

function summary(
  domain: string,
  check: ContractCheck,
  retired: Retirement[],
  compatible: boolean,
): string {
  const count = (status: VersionCheck['status']) =>
    check.versions.filter((v) => v.status === status).length;
  const parts = [
    `${count('incompatible')} incompatible`,
    `${count('compatible')} changed compatibly`,
    `${count('unchanged')} unchanged`,
    `${count('new')} new`,
    ...(check.orphans.length ? [`${check.orphans.length} removed`] : []),
  ];
  const safe = retired.filter((r) => r.why === 'removed' && r.safe).length;
  if (safe) parts.push(`${safe} retired`);
  const head = compatible ? 'compatible' : 'INCOMPATIBLE';
  const mode = check.mode === 'NONE' ? 'NONE: compatibility checks disabled' : check.mode;
  return `${head} (${mode}): ${domain}: ${check.versions.length} event version${check.versions.length === 1 ? '' : 's'}: ${parts.join(', ')}`;
}

function jsonReport(
  { projectRoot, check, resolved }: Report,
  retired: Retirement[],
  compatible: boolean,
): unknown {
  const located = (comparison: Comparison | undefined) =>
    comparison && {
      compatible: comparison.result.compatible,
      mode: comparison.result.mode,
      differences: comparison.result.results.flatMap((r) =>
        r.differences.map((d) => ({
          against: comparison.sources.previous[r.against]?.file,
          direction: r.direction,
          ...locateDifference(d, r.against, comparison.sources),
        })),
      ),
    };
  return {
    projectRoot,
    base: resolved.git?.ref ?? null,
    baseline: resolved.git
      ? { ...resolved.git }
      : { workingTree: true, reason: resolved.fallbackReason },
    mode: check.mode,
    compatible,
    versions: check.versions.map((v) => ({
      type: v.version.versionedType,
      snapshot: join(projectRoot, v.version.snapshotFile),
      status: v.status,
      stale: v.stale,
      ...(v.snapshot ? { snapshotCheck: located(v.snapshot) } : {}),
      ...(v.previousVersions ? { previousVersions: located(v.previousVersions) } : {}),
    })),
    removed: check.orphans.map((o) => resolved.baseline.label(o)),
    retirements: retired.map(({ snapshot, consumers, ...r }) => ({
      ...r,
      ...(snapshot ? { snapshot: resolved.baseline.label(snapshot) } : {}),
      consumers: consumers ?? null,
    })),
  };
}
