/**
 * The domain's compatibility check (`events-compat`): every event version's current schema
 * against its committed snapshot under the domain's mode, plus, for information, each new version
 * against the earlier versions of its event (a new version may break on purpose: consumers
 * handle both, an upcaster converts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkCompatibility, type CompatibilityResult } from '../compat/check';
import { SchemaLimitError } from '../compat/limits';
import { parseSchemaText, SchemaInputError } from '../compat/load-schema';
import type { ReportSource, ReportSources } from '../compat/report';
import type { CompatibilityMode } from '../compat/types';
import type { Baseline } from './baseline';
import { sameJson } from './json-schema';
import type { DomainContract, VersionContract } from './load-contract';
import { payloadSourcePositions } from './source-positions';

export type VersionStatus =
  /** No snapshot at the baseline: a version being added. */
  | 'new'
  /** Same content as the snapshot. */
  | 'unchanged'
  | 'compatible'
  | 'incompatible';

export interface Comparison {
  result: CompatibilityResult;
  sources: ReportSources;
}

export interface VersionCheck {
  version: VersionContract;
  status: VersionStatus;
  /** The working-tree snapshot is missing or differs from the current schema. */
  stale: boolean;
  /** Current schema against the baseline snapshot (absent for new and unchanged versions). */
  snapshot?: Comparison;
  /** For a new version: against the earlier versions of the same event, for information only. */
  previousVersions?: Comparison;
}

export interface ContractCheck {
  mode: CompatibilityMode;
  versions: VersionCheck[];
  /** Snapshot files at the baseline with no event version in kafka-events.json: a published version was removed. */
  orphans: string[];
  compatible: boolean;
}

export function checkContract(
  contract: DomainContract,
  baseline: Baseline,
  workingTree: Baseline,
): ContractCheck {
  const mode = contract.config.compatibility;
  const sourceOf = sourceCache(contract);
  const versions = contract.versions.map((version): VersionCheck => {
    const current = workingTree.read(version.snapshotFile);
    const stale = current === undefined || !sameAsText(current, version.schema);
    const committed = baseline.read(version.snapshotFile);
    if (committed === undefined) {
      return {
        version,
        status: 'new',
        stale,
        previousVersions: againstEarlierVersions(contract, version, mode, sourceOf),
      };
    }
    const loaded = parseSchemaText(baseline.label(version.snapshotFile), committed);
    if (sameJson(loaded.schema, version.schema)) return { version, status: 'unchanged', stale };
    const result = namingTheFiles(contract, version, [loaded.file], () =>
      checkCompatibility({
        previous: [loaded.schema],
        next: version.schema,
        mode,
        nextVersion: nextFreeVersion(version),
        previousNames: [`published ${version.versionedType} (${version.snapshotFile})`],
      }),
    );
    const snapshot = {
      result,
      sources: {
        previous: [{ file: loaded.file, source: loaded.source }],
        next: sourceOf(version),
      },
    };
    return { version, status: result.compatible ? 'compatible' : 'incompatible', stale, snapshot };
  });
  const orphans = orphanSnapshots(contract, baseline);
  return {
    mode,
    versions,
    orphans,
    compatible: orphans.length === 0 && versions.every((v) => v.status !== 'incompatible'),
  };
}

function againstEarlierVersions(
  contract: DomainContract,
  version: VersionContract,
  mode: CompatibilityMode,
  sourceOf: (v: VersionContract) => ReportSource,
): Comparison | undefined {
  const earlier = contract.versions.filter(
    (v) => v.event === version.event && v.version < version.version,
  );
  if (earlier.length === 0) return undefined;
  // NONE would compare nothing; the point here is to show what changed, so fall back to BACKWARD
  const result = namingTheFiles(
    contract,
    version,
    earlier.map((v) => join(contract.projectRoot, v.payloadFile)),
    () =>
      checkCompatibility({
        previous: earlier.map((v) => v.schema),
        next: version.schema,
        mode: mode === 'NONE' ? 'BACKWARD' : mode,
        nextVersion: version.versionedType,
        previousNames: earlier.map((v) => v.versionedType),
      }),
  );
  return { result, sources: { previous: earlier.map(sourceOf), next: sourceOf(version) } };
}

/**
 * A schema past one of the checker's limits is bad input (exit 2): its message names the payload
 * module of `version` and what it was compared with, as `kafka-events compat` names its files.
 */
function namingTheFiles(
  contract: DomainContract,
  version: VersionContract,
  comparedWith: readonly string[],
  compare: () => CompatibilityResult,
): CompatibilityResult {
  try {
    return compare();
  } catch (error) {
    if (!(error instanceof SchemaLimitError)) throw error;
    throw new SchemaInputError(
      join(contract.projectRoot, version.payloadFile),
      `${version.versionedType} compared with ${comparedWith.join(', ')}: ${error.message}`,
    );
  }
}

/** `task.created.v3` when v1 and v2 exist: the version a breaking change should become. */
function nextFreeVersion(version: VersionContract): string {
  const latest = Math.max(...version.event.versions);
  return `${version.event.type}.v${latest + 1}`;
}

/** Each payload module read once, positions mapped to its TypeScript lines. */
function sourceCache(contract: DomainContract): (v: VersionContract) => ReportSource {
  const cache = new Map<VersionContract, ReportSource>();
  return (version) => {
    let source = cache.get(version);
    if (!source) {
      const file = join(contract.projectRoot, version.payloadFile);
      source = {
        file,
        source: payloadSourcePositions(readFileSync(file, 'utf8'), version.symbol, version.schema),
      };
      cache.set(version, source);
    }
    return source;
  };
}

function sameAsText(text: string, schema: unknown): boolean {
  try {
    return sameJson(JSON.parse(text), schema);
  } catch {
    return false;
  }
}

/** Read at the baseline, so deleting a published snapshot together with its version is still caught. */
function orphanSnapshots(contract: DomainContract, baseline: Baseline): string[] {
  const known = new Set(contract.versions.map((v) => v.snapshotFile));
  return baseline.snapshotFiles().filter((path) => !known.has(path));
}
