import { createDaprHandler } from '@kafka-events/runtime';
import { notificationsDomain } from '@acme/notifications-events';
import { deliveryOptions, note, shortId } from '../deliveries';

export const notificationsHandler = createDaprHandler(notificationsDomain, {
  ...deliveryOptions('task-service', notificationsDomain),
  handlers: {
    'notification.delivered.v1': (event) => {
      const { channel, provider, recipient, user_id } = event.payload;
      const to = recipient === user_id ? `user ${shortId(user_id)}` : recipient;
      note(event.event_id, `${channel} notification delivered to ${to} by ${provider}`);
    },
    'notification.failed.v1': (event) => {
      const { channel, recipient, error_code } = event.payload;
      note(event.event_id, `${channel} notification to ${recipient} failed: ${error_code}`);
    },
  },
});
