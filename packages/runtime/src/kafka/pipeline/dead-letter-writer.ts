/**
 * The consumer's dead-letter sink: writes a record to the dead-letter topic through the producer
 * of the current start, and keeps the group membership alive while that write is slow.
 */
import type { KafkaMessage, Producer } from 'kafkajs';
import {
  DeadLetterError,
  describePosition,
  type ConsumerError,
  type RecordPosition,
} from '../errors';
import { deadLetterMessage, type DeadLetterReason } from '../dead-letter';
import type { EventLogger } from '../logger';
import { heartbeatWhile } from '../retry';
import type { DeadLetterSink } from './record-pipeline';

export interface DeadLetterWriterConfig {
  readonly deadLetterTopic: string;
  readonly groupId: string;
  /** The dead-letter producer of the current start. */
  readonly producer: () => Producer | undefined;
  readonly logger: EventLogger;
  readonly report: (error: ConsumerError, fields?: Record<string, unknown>) => void;
}

/**
 * A dead-letter write waits for acks from all replicas and, on a loaded or recovering broker, for
 * leader elections: seconds in which the batch loop sends no heartbeat. Past the session timeout
 * the member is expelled, and every record it finished since its last commit is read again (and
 * dead-lettered twice). So the group hears from us this often while a write is in flight.
 */
const HEARTBEAT_DURING_WRITE_MS = 1000;

export function createDeadLetterWriter(config: DeadLetterWriterConfig): DeadLetterSink {
  const { deadLetterTopic, groupId, logger, report } = config;
  return async (
    position: RecordPosition,
    message: KafkaMessage,
    reason: DeadLetterReason,
    heartbeat: () => Promise<void>,
  ) => {
    const producer = config.producer();
    try {
      if (producer === undefined) throw new Error('the consumer is not started');
      const sent = producer.send({
        topic: deadLetterTopic,
        acks: -1,
        messages: [deadLetterMessage(position, message, reason, groupId)],
      });
      await heartbeatWhile(sent, heartbeat, HEARTBEAT_DURING_WRITE_MS);
    } catch (cause) {
      const error = new DeadLetterError(position, deadLetterTopic, cause);
      report(error, { ...position });
      throw error;
    }
    logger.warn(
      `dead-lettered ${describePosition(position)} to ${deadLetterTopic}: ${reason.message}`,
      { ...position, groupId, code: reason.code, attempts: reason.attempts },
    );
  };
}
