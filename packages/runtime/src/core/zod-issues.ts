import type { z } from 'zod';
import type { EventIssue } from './errors';

/** `['payload', 'tags', 0]` -> `payload.tags[0]`: the form people search logs for. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, segment) => {
    if (typeof segment === 'number') return `${out}[${segment}]`;
    const name = String(segment);
    return out === '' ? name : `${out}.${name}`;
  }, '');
}

export function issuesFromZod(error: z.ZodError): EventIssue[] {
  return error.issues.map((issue) => ({
    path: formatIssuePath(issue.path),
    message: issue.message,
    code: issue.code,
  }));
}
