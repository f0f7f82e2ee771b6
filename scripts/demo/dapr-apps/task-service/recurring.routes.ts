import { createDaprHandler } from '@kafka-events/runtime';
import { recurringDomain } from '@acme/recurring-events';
import { deliveryOptions, note, shortId } from '../deliveries';

export const recurringHandler = createDaprHandler(recurringDomain, {
  ...deliveryOptions('task-service', recurringDomain),
  handlers: {
    'recurring.triggered.v1': (event) => {
      const { completed_task_id, recurrence, next_due_date } = event.payload;
      const task = shortId(completed_task_id);
      note(
        event.event_id,
        `task ${task} repeats ${recurrence.frequency}: next due ${next_due_date}`,
      );
    },
    'recurring.spawned.v1': (event) => {
      const { task_id, new_task_id, occurrence } = event.payload;
      const series = shortId(task_id);
      note(
        event.event_id,
        `occurrence ${occurrence} of series ${series} is task ${shortId(new_task_id)}`,
      );
    },
  },
});
