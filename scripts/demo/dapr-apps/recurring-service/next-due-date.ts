/** When the next occurrence of a recurring task is due. */
import type { TaskCompletedV1Payload } from '@acme/tasks-events';

export type Recurrence = NonNullable<TaskCompletedV1Payload['recurrence']>;

const DAY_MS = 86_400_000;

/**
 * `from` moved on by the rule (a month later from 31 January is the last day of February), or
 * undefined when that is past the rule's `until`: the series has ended.
 */
export function nextDueDate(from: string, rule: Recurrence): string | undefined {
  const date = new Date(from);
  if (rule.frequency === 'daily' || rule.frequency === 'weekly') {
    const days = rule.frequency === 'daily' ? rule.interval : 7 * rule.interval;
    date.setTime(date.getTime() + days * DAY_MS);
  } else {
    const months = rule.frequency === 'monthly' ? rule.interval : 12 * rule.interval;
    const day = date.getUTCDate();
    date.setUTCDate(1);
    date.setUTCMonth(date.getUTCMonth() + months);
    const lastDay = new Date(
      Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0),
    ).getUTCDate();
    date.setUTCDate(Math.min(day, lastDay));
  }
  if (rule.until && date.getTime() > new Date(rule.until).getTime()) return undefined;
  return date.toISOString();
}
