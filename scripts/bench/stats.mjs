// The statistics every benchmark reports, computed one way: medians (the mean of the two middle
// values for an even count) and min-max spreads. Machines are shared and noisy, so benchmarks quote
// these rather than single runs or means.

/** The median of `values`; for an even count, the mean of the two middle values. */
export function median(values) {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** `median (min-max)` of `values`, each number formatted by `format`. */
export function medianAndSpread(values, format = (x) => x.toFixed(2)) {
  return `${format(median(values))} (${format(Math.min(...values))}-${format(Math.max(...values))})`;
}
