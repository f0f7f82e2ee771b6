/**
 * Which git ref holds the published contracts, shared by the `check` command (which reads the
 * snapshots there) and the inference plugin (which hashes that ref's commit). No imports on
 * purpose: the plugin loads this on every project graph computation.
 *
 * Order: `--base`, then `NX_BASE` (what `nx affected` users set in CI), then nx.json
 * `defaultBase` (`main` when unset), as `origin/<defaultBase>` when fetched, else the local branch.
 */

export const BASE_ENV = 'NX_BASE';

export interface NxJsonBase {
  defaultBase?: unknown;
  affected?: { defaultBase?: unknown };
}

/** As Nx itself reads it (`defaultBase`, formerly `affected.defaultBase`). */
export function defaultBaseOf(nxJson: NxJsonBase | undefined): string {
  const value = nxJson?.defaultBase ?? nxJson?.affected?.defaultBase;
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : 'main';
}

/** The remote-tracking branch first: a local default branch may hold unpushed (unpublished) commits. */
export function defaultBaseCandidates(defaultBase: string): string[] {
  return [`origin/${defaultBase}`, defaultBase];
}
