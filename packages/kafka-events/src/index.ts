/** Programmatic API of the kafka-events Nx plugin: its generators and their schemas. */
export { initGenerator } from './generators/init/init';
export type { InitGeneratorSchema } from './generators/init/schema';
export { domainGenerator } from './generators/domain/domain';
export type { DomainGeneratorSchema } from './generators/domain/schema';
// inference plugin: nx.json `{ "plugin": "kafka-events" }` loads these from the package main
export { createDependencies, createNodes, createNodesV2 } from './plugins/plugin';
export type { KafkaEventsPluginOptions } from './plugins/plugin';
