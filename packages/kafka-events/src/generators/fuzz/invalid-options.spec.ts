/**
 * Invalid option sets for every generator that takes options (sync-python takes none): each is
 * refused with an error naming the option, and the tree is left byte for byte as it was.
 * Replay a failure with SEED=<seed> npx jest -c packages/kafka-events/jest.config.cjs fuzz/invalid
 */
import { Random } from '../../python-model/conformance/random';
import type { WorkspaceStyle } from '../../utils/workspace';
import { fuzzInvalidOptions, fuzzSeed, shown } from './invalid-options';
import { SUBJECTS } from './subjects';

const SEED = fuzzSeed(20261130);
const CASES_PER_STYLE = 200;
const VALID_SETS = 4;
const STYLES: WorkspaceStyle[] = ['ts-solution', 'integrated'];

describe.each(SUBJECTS)('$generator generator', (subject) => {
  jest.setTimeout(300_000);

  // the background of every invalid set must be accepted, or the refusals would prove nothing
  it.each(STYLES)('accepts its random valid option sets (%s)', async (style) => {
    const random = new Random(SEED);
    const failures: string[] = [];
    for (let index = 0; index < VALID_SETS; index++) {
      const options = subject.valid(random, style);
      const tree = await subject.workspace(style);
      await subject.run(tree, options).catch((error: Error) => {
        failures.push(`SEED=${SEED} valid set ${index} ${shown(options)}: ${error.message}`);
      });
    }
    expect(failures).toEqual([]);
  });

  it.each(STYLES)(
    `refuses ${CASES_PER_STYLE}+ invalid option sets, naming the option and writing nothing (%s)`,
    async (style) => {
      const { cases, failures } = await fuzzInvalidOptions(subject, style, SEED, CASES_PER_STYLE);
      expect(cases).toBeGreaterThanOrEqual(CASES_PER_STYLE);
      expect(failures).toEqual([]);
    },
  );
});
