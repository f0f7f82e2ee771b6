/**
 * One kafkajs batch through the record pipeline: records in order, the offset of each finished
 * record resolved, commits when due (through the OffsetCommitter), heartbeats between records.
 * This is kafkajs' eachBatch callback of one start of the consumer.
 */
import type { Batch, EachBatchPayload } from 'kafkajs';
import { errorText } from '../dead-letter';
import type { EventLogger } from '../logger';
import type { OffsetCommitter } from '../offset-commits';
import type { RecordPipeline } from './record-pipeline';

/**
 * What the batch loop knows about this member's place in the group. kafkajs hands every batch of
 * a fetch to eachBatch even after one of them failed on a rebalance: records processed then are
 * done by a generation that is ending, their offsets may no longer be committed (the rebalance
 * can complete, or expel this member, before kafkajs rejoins) and they are read again. So once a
 * batch failed that way, the rest of that fetch is left alone.
 */
export interface GroupMembership {
  /**
   * Set by the batch loop when the group told it this generation is over; cleared by the
   * lifecycle when kafkajs joins the group or starts its next fetch.
   */
  ending: boolean;
}

/** Error types after which kafkajs' runner rejoins the group (its isRebalancing, and UNKNOWN_MEMBER_ID). */
const MEMBERSHIP_ENDING = new Set([
  'REBALANCE_IN_PROGRESS',
  'NOT_COORDINATOR_FOR_GROUP',
  'ILLEGAL_GENERATION',
  'UNKNOWN_MEMBER_ID',
]);

export function endsMembership(error: unknown): boolean {
  const type = (error as { type?: unknown } | null)?.type;
  return typeof type === 'string' && MEMBERSHIP_ENDING.has(type);
}

export interface BatchProcessorConfig {
  readonly pipeline: RecordPipeline;
  readonly offsets: OffsetCommitter;
  readonly membership: GroupMembership;
  /** Aborted by stop(). */
  readonly stopSignal: AbortSignal;
  readonly groupId: string;
  readonly logger: EventLogger;
}

/**
 * Between records, kafkajs' heartbeat() is called at most this often. It only sends a request
 * once its heartbeatInterval has passed, so calling it after every record bought nothing but
 * three promises; this delays a heartbeat or noticing a rebalance by at most this much.
 */
const HEARTBEAT_CHECK_MS = 100;

export function createBatchProcessor(
  config: BatchProcessorConfig,
): (payload: EachBatchPayload) => Promise<void> {
  const { pipeline, offsets, membership, stopSignal, groupId, logger } = config;

  return async function eachBatch(payload: EachBatchPayload): Promise<void> {
    if (membership.ending) return;
    const {
      batch,
      resolveOffset,
      heartbeat,
      commitOffsetsIfNecessary,
      uncommittedOffsets,
      isRunning,
      isStale,
    } = payload;
    const { topic, partition } = batch;
    offsets.use({ uncommittedOffsets, commitOffsetsIfNecessary });
    let lastHeartbeat = Date.now();
    // The offset of the last finished record, resolved before every commit and on every way out
    // of this function rather than after every record (kafkajs does int64 arithmetic per
    // resolve). Only commits and the next fetch read resolved offsets, and neither can happen
    // while this batch is in hand, so what gets committed is the same.
    let finished: string | undefined;
    const resolveFinished = () => {
      if (finished === undefined) return;
      resolveOffset(finished);
      offsets.finished(partition, finished);
      finished = undefined;
    };
    const commit = () => {
      resolveFinished();
      return offsets.commit();
    };
    try {
      for (const message of (batch as Batch).messages) {
        if (!isRunning() || isStale() || stopSignal.aborted || membership.ending) break;
        const position = { topic, partition, offset: message.offset };
        let outcome = pipeline.process(position, message, heartbeat, stopSignal);
        if (typeof outcome !== 'string') outcome = await outcome;
        if (outcome === 'interrupted') break;
        finished = message.offset;
        const now = Date.now();
        if (now - lastHeartbeat >= HEARTBEAT_CHECK_MS) {
          lastHeartbeat = now;
          await heartbeat();
        }
        if (offsets.isDue(now)) await commit();
      }
    } catch (error) {
      if (endsMembership(error)) membership.ending = true;
      // Keep the progress made before the failure; the failed record itself stays unresolved.
      await commit().catch((commitError: unknown) =>
        logger.warn('committing before rethrow failed', { groupId, error: errorText(commitError) }),
      );
      throw error;
    }
    // A stop commits at once (kafkajs leaves the group right after this batch); otherwise the
    // offsets wait for the interval, so a stream of small batches costs one commit per interval
    // instead of one OffsetCommit round trip per batch.
    if (offsets.isDue(Date.now()) || !isRunning() || stopSignal.aborted) {
      await commit();
    } else {
      resolveFinished();
      offsets.commitWhenDue();
    }
  };
}
