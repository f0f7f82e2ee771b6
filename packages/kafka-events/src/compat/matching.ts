/**
 * Maximum bipartite matching (augmenting paths). Confluent pairs the alternatives of two
 * oneOf/anyOf/allOf lists the same way: each old alternative needs its own compatible new one.
 */
export function maximumMatching(
  left: number,
  right: number,
  edge: (i: number, j: number) => boolean,
): Array<[number, number]> {
  const matchOfRight: number[] = new Array(right).fill(-1);
  const tryAssign = (i: number, visited: boolean[]): boolean => {
    for (let j = 0; j < right; j++) {
      if (visited[j] || !edge(i, j)) continue;
      visited[j] = true;
      if (matchOfRight[j] === -1 || tryAssign(matchOfRight[j], visited)) {
        matchOfRight[j] = i;
        return true;
      }
    }
    return false;
  };
  for (let i = 0; i < left; i++) tryAssign(i, new Array(right).fill(false));
  return matchOfRight.flatMap((i, j) => (i === -1 ? [] : [[i, j] as [number, number]]));
}
