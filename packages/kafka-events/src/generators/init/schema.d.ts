export interface InitGeneratorSchema {
  /** Skip formatting the files the generator changed. */
  skipFormat?: boolean;
  /** Do not add dependencies to the root package.json (and so install nothing). */
  skipPackageJson?: boolean;
  /** Update package.json but do not run the package manager. */
  skipInstall?: boolean;
  /** Keep a version already in package.json (a `file:` tarball, a pinned range). Default true. */
  keepExistingVersions?: boolean;
}
