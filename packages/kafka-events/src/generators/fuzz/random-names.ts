/**
 * Random names the generators accept: kebab-case domain and entity names, event names, topics.
 * Built from syllables so they read like words and never hit a reserved word.
 */
import type { Random } from '../../python-model/conformance/random';

const STARTS = ['bo', 'ka', 'mi', 'tru', 'ze', 'plo', 'vra', 'sen', 'qu', 'dor', 'fli', 'gam'];
const ENDS = ['x', 'n', 'lt', 'rp', 'sk', 'm', 'd', 'ft', 'g', 'z'];

/** A pronounceable lowercase word of 2-4 syllables, possibly with a digit. */
export function word(random: Random): string {
  const syllables = Array.from({ length: random.int(1, 3) }, () => random.pick(STARTS));
  const digit = random.chance(0.2) ? String(random.int(0, 9)) : '';
  return `${syllables.join('')}${random.pick(ENDS)}${digit}`;
}

/** `word` or `word-word`, unique among `taken` (which it extends). */
export function uniqueKebab(random: Random, taken: Set<string>, parts = random.int(1, 2)): string {
  for (;;) {
    const name = Array.from({ length: parts }, () => word(random)).join('-');
    if (name.length <= 40 && !taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}

/** 1-4 distinct event names, some with "-" or "_" separators (distinct in either spelling). */
export function eventNames(random: Random): string[] {
  const taken = new Set<string>();
  return Array.from({ length: random.int(1, 4) }, () =>
    uniqueKebab(random, taken).replace(/-/g, random.pick(['-', '_'])),
  );
}
