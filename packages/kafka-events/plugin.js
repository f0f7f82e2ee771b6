// The inference plugin alone, for nx.json `{ "plugin": "kafka-events/plugin" }`: Nx loads this in
// a plugin worker on every project graph computation, and the package main would also load the
// generators and @nx/devkit. CommonJS like dist/ (the package has no "exports" map).
/* global module, require */
// eslint-disable-next-line @typescript-eslint/no-require-imports
module.exports = require('./dist/plugins/plugin');
