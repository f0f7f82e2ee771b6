import { createServer } from 'node:http';
import { tasksHandler } from './dapr/tasks.routes';

const port = Number(process.env.APP_PORT ?? 3000);
// Only the sidecar calls this app: each request is a delivery to a route of dapr/subscriptions.
createServer(tasksHandler.nodeListener).listen(port, '127.0.0.1', () => {
  console.log(`recurring-service listening on 127.0.0.1:${port}`);
});
