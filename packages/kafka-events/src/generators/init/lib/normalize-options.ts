import { assertFlag } from '../../../utils/validation';
import type { InitGeneratorSchema } from '../schema';

/** init's options are all switches: each is true, false or absent (its default). */
export function normalizeOptions(schema: InitGeneratorSchema): Required<InitGeneratorSchema> {
  return {
    skipFormat: assertFlag('skipFormat', schema.skipFormat, false),
    skipPackageJson: assertFlag('skipPackageJson', schema.skipPackageJson, false),
    skipInstall: assertFlag('skipInstall', schema.skipInstall, false),
    keepExistingVersions: assertFlag('keepExistingVersions', schema.keepExistingVersions, true),
  };
}
