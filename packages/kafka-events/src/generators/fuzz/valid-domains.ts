/**
 * Random valid domains for the generate-compile-test fuzz: domain generator runs with random
 * options, then event generator runs that add events and versions to some of them.
 */
import type { Tree } from '@nx/devkit';
import type { Random } from '../../python-model/conformance/random';
import { domainLibraries } from '../../utils/domain-libraries';
import { domainGenerator } from '../domain/domain';
import type { DomainGeneratorSchema } from '../domain/schema';
import { eventGenerator } from '../event/event';
import type { Options } from './invalid-options';
import { eventNames } from './random-names';
import { domainSubject } from './subjects';

export interface GeneratedDomain {
  domain: string;
  root: string;
  /** Every generator run that made it, for failure messages. */
  runs: Options[];
}

/** `count` domains with unique names, each grown by 0-2 event generator runs. */
export async function generateValidDomains(
  tree: Tree,
  random: Random,
  count: number,
): Promise<GeneratedDomain[]> {
  const names = new Set<string>();
  const made: GeneratedDomain[] = [];
  while (made.length < count) {
    const options = domainSubject.valid(random, 'ts-solution');
    if (names.has(options['name'] as string)) continue;
    names.add(options['name'] as string);
    await domainGenerator(tree, options as unknown as DomainGeneratorSchema);
    const library = domainLibraries(tree).find((l) => l.config.domain === options['name']);
    if (!library) throw new Error(`domain ${shownName(options)} made no library`);
    const runs: Options[] = [options];
    for (let extra = random.int(0, 2); extra > 0; extra--) {
      const events = library.config.events ?? [];
      const bump = library.config.versioning !== false && events.length > 0 && random.chance(0.5);
      const run = bump
        ? { domain: library.config.domain, name: random.pick(events).name, bump: true }
        : { domain: library.projectName, name: eventNames(random)[0] };
      // a new name may equal an existing event: then it is a re-run and changes nothing
      await eventGenerator(tree, { ...run, skipFormat: true });
      runs.push(run);
      library.config = domainLibraries(tree).find((l) => l.root === library.root)!.config;
    }
    made.push({ domain: library.config.domain, root: library.root, runs });
  }
  return made;
}

const shownName = (options: Options) => JSON.stringify(options['name']);
