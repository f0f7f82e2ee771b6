/**
 * When the consumer commits offsets (never what: only kafkajs' resolved offsets are committed, and
 * the consumer resolves an offset only after its record finished — handled, skipped or
 * dead-lettered — so any commit made here is safe and only its timing varies).
 *
 * Resolved offsets are committed once `intervalMs` has passed since the last commit: by the batch
 * loop between records and at batch end, or by a timer when no batch comes (an idle partition
 * still gets its last records committed in time). The consumer also commits through here on
 * stop, before a rebalance and when a batch fails.
 */
import type { EachBatchPayload } from 'kafkajs';

export type CommitApi = Pick<EachBatchPayload, 'uncommittedOffsets' | 'commitOffsetsIfNecessary'>;

export interface OffsetCommitter {
  /**
   * kafkajs' commit functions, taken from each batch. They read the consumer group's current
   * offsets, so they stay valid between batches; a run started after a crash has new ones, and
   * until its first batch there are none (undefined: a commit then sends nothing).
   */
  use(api: CommitApi | undefined): void;
  /** Whether `intervalMs` has passed since the last commit. */
  isDue(now: number): boolean;
  /**
   * Commits every resolved offset not committed yet (nothing is sent when there is none). Commits
   * run one at a time, each with the offsets resolved when it starts, so a later one never
   * carries older offsets than an earlier one.
   */
  commit(): Promise<void>;
  /** Resolved offsets were left uncommitted: commit them when due even if no batch comes. */
  commitWhenDue(): void;
  /** Cancels a pending timed commit (on stop). */
  cancel(): void;
  /**
   * The batch loop resolved `offset`, the last finished record of `partition`. Remembered until
   * a commit carries it.
   */
  finished(partition: number, offset: string): void;
  /**
   * kafkajs joined the group again and `assigned` are this member's partitions now. kafkajs can
   * rejoin without a REBALANCING event (stale metadata in a fetch, an unknown member id), and
   * after a crash the consumer runs a new kafkajs group object; either way a join starts from
   * offsets read from the broker, forgetting resolved ones: finished records not committed yet
   * would be read and handled (or dead-lettered) again. So, for the partitions this member still
   * has, the next fetch is moved past them with `seek` (kafkajs' consumer.seek, which reaches the
   * group object of the current run, where a batch's resolveOffset reaches the one it came from);
   * the others' are dropped (their new owner starts from the committed offset: redelivered, never
   * lost).
   */
  rejoined(
    assigned: readonly number[],
    seek: (partition: number, nextOffset: string) => void,
  ): void;
}

export function createOffsetCommitter(
  intervalMs: number,
  onTimedCommitError: (error: unknown) => void,
): OffsetCommitter {
  let api: CommitApi | undefined;
  let lastCommit = Date.now();
  let tail: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  // partition -> offset of its last finished record not committed yet
  const uncommitted = new Map<number, string>();

  function cancel(): void {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  }

  async function send(): Promise<void> {
    if (api === undefined) return;
    const carried = new Map(uncommitted);
    const offsets = api.uncommittedOffsets();
    if (offsets.topics.length > 0) await api.commitOffsetsIfNecessary(offsets);
    lastCommit = Date.now();
    for (const [partition, offset] of carried) {
      if (uncommitted.get(partition) === offset) uncommitted.delete(partition);
    }
  }

  function commit(): Promise<void> {
    cancel();
    const run = tail.then(send);
    tail = run.catch(() => undefined);
    return run;
  }

  return {
    use(next) {
      api = next;
    },
    isDue: (now) => now - lastCommit >= intervalMs,
    commit,
    commitWhenDue() {
      if (timer !== undefined) return;
      timer = setTimeout(
        () => {
          timer = undefined;
          commit().catch(onTimedCommitError);
        },
        Math.max(0, lastCommit + intervalMs - Date.now()),
      );
      // A pending commit alone must not keep the process alive; stop() commits anyway.
      timer.unref();
    },
    cancel,
    finished(partition, offset) {
      uncommitted.set(partition, offset);
    },
    rejoined(assigned, seek) {
      for (const [partition, offset] of uncommitted) {
        if (assigned.includes(partition)) seek(partition, (BigInt(offset) + 1n).toString());
      }
      uncommitted.clear();
    },
  };
}
