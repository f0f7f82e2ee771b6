// The delivery lines the apps print (src/deliveries.ts in each app), e.g.
//   recurring-service <- task.completed.v1 (task 3f0c39c2…) SUCCESS -> published ...
// kept with the time they arrived, so the demo can wait for and check what it expects.
const DELIVERY = /^(\S+) <- (\S+) \((\S+) (\S+)\) (SUCCESS|RETRY|DROP)\b/;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function deliveryTally() {
  const seen = [];
  const count = ({ app, type, status }) =>
    seen.filter((d) => d.app === app && d.type === type && d.status === status).length;
  const describe = (e) => `${e.app} <- ${e.type} ${e.status}`;
  /** What `expected` ({app, type, status, count}[]) still lacks, one text each. */
  const missing = (expected) =>
    expected
      .filter((e) => count(e) < e.count)
      .map((e) => `${describe(e)}: ${count(e)} of ${e.count}`);

  return {
    seen,
    missing,
    /** Records `line` when it is a delivery line. */
    add(line) {
      const match = DELIVERY.exec(line);
      if (!match) return;
      const [, app, type, , key, status] = match;
      seen.push({ app, type, key, status, at: Date.now() });
    },
    /** Resolves once `expected` is all there, or after `timeoutMs` (then `missing` says what not). */
    async until(expected, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (missing(expected).length > 0 && Date.now() < deadline) await sleep(100);
    },
    /** RETRY and DROP outcomes beyond what `expected` allows. */
    unexpected(expected) {
      const failures = seen.filter((d) => d.status !== 'SUCCESS');
      const groups = [...new Set(failures.map(describe))];
      return groups
        .map((text) => {
          const allowed = expected.find((e) => describe(e) === text)?.count ?? 0;
          const got = failures.filter((d) => describe(d) === text).length;
          return got > allowed ? `${text}: ${got}, expected ${allowed}` : undefined;
        })
        .filter(Boolean);
    },
  };
}
