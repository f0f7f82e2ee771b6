/**
 * Where a generator may write: a path given on the command line must name a place a library or
 * manifest belongs in. Each refusal says why, so the user can pick a better place.
 */
import { fail } from './validation';

/** Folders (at any depth, any letter case) that tools own: what goes there is lost or ignored. */
const TOOL_FOLDERS: Record<string, string> = {
  node_modules:
    'node_modules is managed by the package manager; a library there would be deleted by the next install',
  '.git': '.git is git’s own database; files there are not part of the working tree',
  '.nx': '.nx is Nx’s cache and workspace data; "nx reset" deletes it',
  dist: 'dist holds build output, which builds delete and rewrite and git ignores',
  'out-tsc': 'out-tsc holds TypeScript build output, which builds rewrite and git ignores',
  tmp: 'tmp holds scratch files that tools delete and git ignores',
  coverage: 'coverage holds test reports, which every test run rewrites',
};

// Longer paths break tools on Windows and in tar archives; 255 bytes is the file-name limit.
export const MAX_PATH_LENGTH = 1024;
export const MAX_SEGMENT_LENGTH = 255;

export interface PathContext {
  /** What the path is relative to, for messages: "the workspace root", "the app root". */
  base: string;
  /** A good value, shown in messages. */
  example: string;
}

/**
 * A relative path with forward slashes, inside its base, in no folder a tool owns; returns it
 * without a leading "./" or trailing "/".
 */
export function assertRelativePath(option: string, value: unknown, context: PathContext): string {
  const { base, example } = context;
  if (typeof value !== 'string' || value.trim() === '') {
    fail(option, value ?? '', `a path is required (e.g. "${example}")`);
  }
  if (value.length > MAX_PATH_LENGTH) {
    fail(option, value, `must be at most ${MAX_PATH_LENGTH} characters (it has ${value.length})`);
  }
  if (value.includes('\\')) {
    fail(
      option,
      value,
      'must separate folders with "/": "\\" is a Windows separator, and on Linux and macOS it ' +
        'is part of a file name',
    );
  }
  if (value.startsWith('/') || /^[a-zA-Z]:/.test(value)) {
    fail(option, value, `must be relative to ${base} (e.g. "${example}"), not absolute`);
  }
  const path = value.replace(/^\.\//, '').replace(/\/+$/, '');
  if (path === '' || path === '.') {
    fail(option, value, `names ${base} itself; give a folder inside it (e.g. "${example}")`);
  }
  const unexpected = path.match(/[^a-zA-Z0-9._@/-]/u);
  if (unexpected) {
    fail(
      option,
      value,
      `may only contain ASCII letters, digits, ".", "_", "-", "@" and "/" (found "${unexpected[0]}")`,
    );
  }
  for (const segment of path.split('/')) checkSegment(option, value, segment, base);
  return path;
}

function checkSegment(option: string, value: string, segment: string, base: string): void {
  if (segment === '') fail(option, value, 'has an empty folder name ("//")');
  if (segment === '..') {
    fail(option, value, `must stay inside ${base.replace(/ root$/, '')} (".." leaves it)`);
  }
  if (segment === '.') fail(option, value, 'has a "." folder; write the path without it');
  if (segment.length > MAX_SEGMENT_LENGTH) {
    fail(option, value, `has a name longer than ${MAX_SEGMENT_LENGTH} characters`);
  }
  const owned = TOOL_FOLDERS[segment.toLowerCase()];
  if (owned) fail(option, value, owned);
  if (segment.startsWith('.')) {
    fail(
      option,
      value,
      `"${segment}" is a hidden folder: tools keep their data in hidden folders, and globs ` +
        'such as Nx project detection skip them',
    );
  }
}
