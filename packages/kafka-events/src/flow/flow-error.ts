/** `kafka-events flow` cannot read the workspace: no Nx workspace here, or Nx failed to build its project graph. */
import { KafkaEventsPluginError } from '../errors/plugin-error';

export class FlowWorkspaceError extends KafkaEventsPluginError {
  override name = 'FlowWorkspaceError';
  constructor(message: string, options?: ErrorOptions) {
    super('FLOW', message, options);
  }
}
