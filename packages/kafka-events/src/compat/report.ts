/** Output of a check for people (one line per difference) and for machines (JSON). */
import { basename } from 'node:path';
import type { CheckedDifference, CompatibilityResult } from './check';
import { locatePointer, type ParsedJson, type SourcePosition } from './json-source';

export interface ReportSource {
  file: string;
  /** Positions in the file's text; without them lines are reported as 1. */
  source?: ParsedJson;
}

export interface ReportSources {
  previous: readonly ReportSource[];
  next: ReportSource;
}

export interface LocatedReportDifference extends CheckedDifference {
  file: string;
  line: number;
  column: number;
}

/** The file (and position) a difference points into. */
export function locateDifference(
  difference: CheckedDifference,
  against: number,
  sources: ReportSources,
): LocatedReportDifference {
  const target = difference.schema === 'next' ? sources.next : sources.previous[against];
  const position: SourcePosition = target?.source
    ? locatePointer(target.source, difference.path)
    : { line: 1, column: 1 };
  return {
    ...difference,
    file: target?.file ?? '<schema>',
    line: position.line,
    column: position.column,
  };
}

/** `task.created.v1.json` -> `task.created.v2`: what to publish when a change cannot be made in place. */
export function suggestNextVersion(file: string): string | undefined {
  const match = /^(.+)\.v(\d+)(?:\.schema)?\.json$/i.exec(basename(file));
  return match ? `${match[1]}.v${Number(match[2]) + 1}` : undefined;
}

export function formatHuman(
  result: CompatibilityResult,
  sources: ReportSources,
  options: { verbose?: boolean } = {},
): string[] {
  const lines: string[] = [];
  let incompatible = 0;
  let compatible = 0;
  for (const comparison of result.results) {
    for (const difference of comparison.differences) {
      if (difference.compatible) compatible++;
      else incompatible++;
      if (difference.compatible && !options.verbose) continue;
      const at = locateDifference(difference, comparison.against, sources);
      const tail = difference.compatible
        ? ' (compatible)'
        : difference.hint
          ? ` (hint: ${difference.hint})`
          : '';
      lines.push(
        `${at.file}:${at.line}: ${difference.code} ${difference.path}: ${difference.message}${tail}`,
      );
    }
  }
  lines.push(summary(result, sources, incompatible, compatible));
  return lines;
}

function summary(
  result: CompatibilityResult,
  sources: ReportSources,
  incompatible: number,
  compatible: number,
): string {
  const against = new Set(result.results.map((r) => r.against)).size;
  const scope = `${sources.next.file} against ${against} previous version${against === 1 ? '' : 's'}`;
  if (result.mode === 'NONE')
    return `compatible (NONE): compatibility checks are disabled for ${sources.next.file}`;
  if (!result.compatible)
    return `INCOMPATIBLE (${result.mode}): ${incompatible} incompatible difference${incompatible === 1 ? '' : 's'} in ${scope}`;
  return `compatible (${result.mode}): ${scope}, ${compatible} compatible difference${compatible === 1 ? '' : 's'}`;
}

export function toJsonReport(result: CompatibilityResult, sources: ReportSources): unknown {
  return {
    compatible: result.compatible,
    mode: result.mode,
    next: sources.next.file,
    previous: sources.previous.map((s) => s.file),
    results: result.results.map((comparison) => ({
      against: comparison.against,
      againstFile: sources.previous[comparison.against]?.file,
      direction: comparison.direction,
      compatible: comparison.compatible,
      differences: comparison.differences.map((d) =>
        locateDifference(d, comparison.against, sources),
      ),
    })),
  };
}
