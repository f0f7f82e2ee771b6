/** The flow specs' second version of task.created (`nx g kafka-events:event tasks created --bump`). */
import type { Tree } from '@nx/devkit';
import { eventGenerator } from '../../generators/event/event';
import type { EventGeneratorSchema } from '../../generators/event/schema';

export async function bumpTaskCreated(tree: Tree): Promise<void> {
  await eventGenerator(tree, {
    domain: 'tasks',
    name: 'created',
    bump: true,
    skipFormat: true,
  } as EventGeneratorSchema);
}
