import type { Tree } from '@nx/devkit';

/**
 * The files one generator run writes, held in memory until every edit has been computed, so a
 * failure at any step leaves the tree untouched. Reads see earlier staged writes.
 */
export class StagedFiles {
  private readonly pending = new Map<string, string>();

  constructor(
    private readonly tree: Tree,
    /** Paths are relative to this folder (the library root). */
    readonly root: string,
  ) {}

  path(file: string): string {
    return `${this.root}/${file}`;
  }

  exists(file: string): boolean {
    return this.pending.has(file) || this.tree.exists(this.path(file));
  }

  read(file: string): string | undefined {
    return this.pending.get(file) ?? this.tree.read(this.path(file), 'utf-8') ?? undefined;
  }

  write(file: string, text: string): void {
    this.pending.set(file, text);
  }

  /** Writes what changed; returns the paths written. */
  commit(): string[] {
    const written: string[] = [];
    for (const [file, text] of this.pending) {
      if (this.tree.read(this.path(file), 'utf-8') === text) continue;
      this.tree.write(this.path(file), text);
      written.push(this.path(file));
    }
    return written;
  }
}
