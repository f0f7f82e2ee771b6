'use strict';
/**
 * The resources folder daprd loads (`--resources-path`): the app's manifests copied as they
 * are. The one change allowed is the Kafka broker address of pubsub.kafka Components, which
 * differs between a developer machine, CI and a cluster; it is rewritten through the yaml
 * library's document model, so comments and every other field stay byte for byte.
 */

const fs = require('node:fs');
const path = require('node:path');
const { isMap, isScalar, isSeq, parseAllDocuments } = require('yaml');
const { DaprToolError } = require('./daprd-build.cjs');

const YAML_FILE = /\.ya?ml$/i;

function isKafkaComponent(doc) {
  return doc.get('kind') === 'Component' && doc.getIn(['spec', 'type']) === 'pubsub.kafka';
}

/** The YAML text with every pubsub.kafka Component's `brokers` value replaced. */
function substituteBrokers(text, brokers, source) {
  const docs = parseAllDocuments(text);
  let changed = false;
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      throw new DaprToolError(`${source}: not valid YAML (${doc.errors[0].message})`);
    }
    if (!isKafkaComponent(doc)) continue;
    const metadata = doc.getIn(['spec', 'metadata']);
    const entry = isSeq(metadata)
      ? metadata.items.filter(isMap).find((item) => item.get('name') === 'brokers')
      : undefined;
    if (!entry)
      throw new DaprToolError(`${source}: the pubsub.kafka Component has no brokers metadata`);
    // Set the scalar's value in place so its quoting style, and so the file's text, stays.
    const value = entry.get('value', true);
    if (isScalar(value)) value.value = brokers.join(',');
    else entry.set('value', brokers.join(','));
    changed = true;
  }
  if (!changed) return text;
  return docs.map((doc) => doc.toString({ lineWidth: 0 })).join('');
}

function manifestFilesOf(options) {
  const files = [...(options.manifestFiles || [])];
  for (const dir of options.manifestDirs || []) {
    if (!fs.existsSync(dir)) throw new DaprToolError(`manifests folder ${dir} does not exist`);
    const walk = (d) => {
      for (const entry of fs
        .readdirSync(d, { withFileTypes: true })
        .sort((a, b) => a.name.localeCompare(b.name))) {
        const full = path.join(d, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (YAML_FILE.test(entry.name)) files.push(full);
      }
    };
    walk(dir);
  }
  return files;
}

/** Writes the resources folder for one daprd; returns the file names written. */
function writeResources(dir, options) {
  const sources = [
    ...manifestFilesOf(options).map((file) => ({
      source: file,
      text: fs.readFileSync(file, 'utf8'),
    })),
    ...(options.manifests || []).map((text, i) => ({ source: `manifests[${i}]`, text })),
  ];
  const written = [];
  sources.forEach(({ source, text }, i) => {
    const body = options.brokers ? substituteBrokers(text, options.brokers, source) : text;
    // Numbered: two apps' folders may both hold a `kafka-pubsub.yaml`.
    const base = `${String(i).padStart(2, '0')}-${path.basename(source).replace(/[^A-Za-z0-9._-]/g, '_')}`;
    const name = YAML_FILE.test(base) ? base : `${base}.yaml`;
    fs.writeFileSync(path.join(dir, name), body);
    written.push(name);
  });
  return written;
}

module.exports = { substituteBrokers, writeResources };
