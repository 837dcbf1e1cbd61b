/** The list with `item` moved `by` places (a copy), or null when it cannot move that far. */
export function moveItem<T>(list: readonly T[], item: T, by: number): T[] | null {
  const i = list.indexOf(item);
  const j = i + by;
  if (i < 0 || j < 0 || j >= list.length) return null;
  const next = [...list];
  [next[i], next[j]] = [next[j]!, next[i]!];
  return next;
}
