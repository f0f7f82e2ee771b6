import { getProjects, type Tree } from '@nx/devkit';
import { readDomainConfig, type DomainConfig } from './domain-config';
import { fail } from './validation';

/** A project with a kafka-events.json: an event library made by the domain generator. */
export interface DomainLibrary {
  projectName: string;
  root: string;
  config: DomainConfig;
}

/** Every domain library of the workspace, by domain name. */
export function domainLibraries(tree: Tree): DomainLibrary[] {
  return [...getProjects(tree)]
    .flatMap(([projectName, project]) => {
      const config = readDomainConfig(tree, project.root);
      return config ? [{ projectName, root: project.root, config }] : [];
    })
    .sort((a, b) => String(a.config.domain).localeCompare(String(b.config.domain)));
}

/**
 * The library of a domain, given its domain name (`tasks`) or its project name
 * (`tasks-events`); an unknown name fails listing the domains that exist.
 */
export function findDomainLibrary(tree: Tree, name: unknown, option = 'domain'): DomainLibrary {
  const libraries = domainLibraries(tree);
  if (typeof name !== 'string' || name.trim() === '') {
    fail(option, name ?? '', `a domain is required${knownList(libraries)}`);
  }
  const found =
    libraries.find((library) => library.projectName === name) ??
    libraries.find((library) => library.config.domain === name);
  if (!found) {
    fail(
      option,
      name,
      `no kafka-events domain library has this domain or project name${knownList(libraries)}; ` +
        `create one with "nx g kafka-events:domain ${name}"`,
    );
  }
  return found;
}

function knownList(libraries: DomainLibrary[]): string {
  if (libraries.length === 0) return ' (this workspace has none yet)';
  const names = libraries.map((l) => `${l.config.domain} (${l.projectName})`);
  return ` (known: ${names.join(', ')})`;
}
