/**
 * Catalogues of values no option of their kind accepts, shared by the generators' fuzz specs.
 * Each is a list of values; a missing option is written `undefined`.
 */

/** Long enough to break any length limit and to show that messages cut the value short. */
export const HUGE = 'a'.repeat(100_000);

/** Not a string at all. */
export const NOT_STRINGS: unknown[] = [123, 0, -1, 1.5, NaN, true, false, {}, { a: 1 }];

/** For true/false switches: everything else, including what the CLI would have parsed. */
export const NOT_BOOLEANS: unknown[] = [
  'true',
  'false',
  'yes',
  '',
  0,
  1,
  -1,
  NaN,
  null,
  [],
  {},
  HUGE,
];

/** For kebab-case names (domains, entities). */
export const BAD_KEBAB_NAMES: unknown[] = [
  '',
  ' ',
  'Orders',
  'ORDERS',
  'or ders',
  '1orders',
  'orders_x',
  'orders--x',
  '-orders',
  'orders-',
  'orders.v1',
  'class',
  'default',
  'constructor',
  'prototype',
  '__proto__',
  'оrders', // Cyrillic о
  'ｏrders', // fullwidth o
  'ordérs',
  'orders\u200b', // zero-width space
  '../orders',
  'a'.repeat(51),
  HUGE,
  ...NOT_STRINGS,
];

/** For one event name. */
export const BAD_EVENT_NAMES: unknown[] = [
  '',
  'Created',
  'CREATED',
  'was created',
  '1created',
  'created.v1',
  'task.created',
  'created__x',
  'created-',
  '_created',
  'class',
  'new',
  'сreated', // Cyrillic с
  'créé',
  'created\n',
  '../created',
  'a'.repeat(51),
  HUGE,
  ...NOT_STRINGS,
];

/** For folders: places no library, module or manifest belongs, and malformed paths. */
export const BAD_FOLDERS: unknown[] = [
  '',
  '.',
  './',
  'node_modules/x',
  'libs/node_modules/x',
  'Node_Modules/x',
  '.git/x',
  'libs/.git',
  '.nx/x',
  '.cache/x',
  'libs/.hidden/x',
  'dist/x',
  'libs/dist',
  'out-tsc/x',
  'coverage/x',
  'tmp/x',
  '/abs/x',
  '/',
  'C:/x',
  'c:x',
  'C:\\x',
  'libs\\x',
  '../x',
  'libs/../../x',
  'libs/..',
  'libs//x',
  'libs/./x',
  'libs/x y',
  'libs/ünïcode',
  'libs/x:y',
  'libs/x*',
  'libs/\u0000x',
  'libs/ｘ', // fullwidth x
  `libs/${'x'.repeat(256)}`,
  'a/'.repeat(600),
  HUGE,
  ...NOT_STRINGS,
];

/** For DNS-1123 labels (Dapr component, app and secret names). */
export const BAD_DNS_LABELS: unknown[] = [
  '',
  'Kafka',
  'kafka_pubsub',
  '-kafka',
  'kafka-',
  'kafka.pubsub',
  'kafka pubsub',
  'kаfka', // Cyrillic а
  'a'.repeat(64),
  HUGE,
  ...NOT_STRINGS,
];

/** Out-of-range or not-a-number values for whole-number options. */
export const NOT_WHOLE_NUMBERS: unknown[] = [
  -1,
  1.5,
  NaN,
  Infinity,
  -Infinity,
  '5',
  '',
  true,
  [],
  {},
];
