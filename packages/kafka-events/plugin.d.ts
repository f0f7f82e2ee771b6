export * from './dist/plugins/plugin';
