import { createServer } from 'node:http';
import { combineDaprHandlers } from '@kafka-events/runtime';
import { notificationsHandler } from './dapr/notifications.routes';
import { recurringHandler } from './dapr/recurring.routes';
import { tasksApi } from './tasks-api';

const port = Number(process.env.APP_PORT ?? 3000);
// The sidecar's deliveries go to the routes of dapr/subscriptions; every other request is the API.
const dapr = combineDaprHandlers(recurringHandler, notificationsHandler);
createServer((req, res) => dapr.nodeListener(req, res, () => void tasksApi(req, res))).listen(
  port,
  '127.0.0.1',
  () => console.log(`task-service listening on 127.0.0.1:${port}`),
);
