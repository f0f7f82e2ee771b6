/** The status of an event version (model.ts defines each). */
import type { EventVersionStatus, FlowEvent } from './model';

export function statusOf(
  event: Pick<FlowEvent, 'producers' | 'consumers' | 'latest'>,
): EventVersionStatus[] {
  const produced = event.producers.length > 0;
  const consumed = event.consumers.length > 0;
  const status: EventVersionStatus[] = [];
  if (!produced && !consumed) return ['unused'];
  if (produced && !consumed) status.push('produced-not-consumed');
  if (consumed && !produced) status.push('consumed-not-produced');
  if (consumed && !event.latest) status.push('old-version-consumed');
  return status;
}
