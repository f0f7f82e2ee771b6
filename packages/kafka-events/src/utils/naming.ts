/** Case conversions for the kebab/snake names users type (`tasks`, `status-changed`). */

export function words(name: string): string[] {
  return name
    .split(/[-_.\s]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** `status-changed` -> `StatusChanged` */
export function pascal(name: string): string {
  return words(name)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}

/** `status-changed` -> `statusChanged` */
export function camel(name: string): string {
  const p = pascal(name);
  return p ? p[0].toLowerCase() + p.slice(1) : p;
}

/** `status_changed` -> `status-changed` */
export function kebab(name: string): string {
  return words(name).join('-');
}

/** `status-changed` -> `status_changed` (wire names are snake_case). */
export function snake(name: string): string {
  return words(name).join('_');
}

/** `status-changed` -> `STATUS_CHANGED` */
export function constant(name: string): string {
  return words(name).join('_').toUpperCase();
}

/**
 * English singular of a plural domain name: tasks -> task, categories -> category,
 * addresses -> address. Words that are not plurals (recurring, status) are returned unchanged.
 */
export function singular(name: string): string {
  const parts = name.split('-');
  const last = parts.pop() ?? '';
  let one = last;
  if (/[^aeiou]ies$/.test(last)) one = last.slice(0, -3) + 'y';
  else if (/(ss|x|z|ch|sh)es$/.test(last)) one = last.slice(0, -2);
  else if (/(ss|us|is)$/.test(last)) one = last;
  else if (/s$/.test(last) && last.length > 1) one = last.slice(0, -1);
  return [...parts, one].join('-');
}
