/**
 * Which drawn node stands for each topology node right now (a member of a collapsed group is drawn
 * as the group). The layout sets it; the traffic canvas reads it every frame to place a hop's ends,
 * so it is a plain module value rather than React state.
 */
let aliases: ReadonlyMap<number, string> = new Map();

export function setDrawnAliases(next: ReadonlyMap<number, string>): void {
  aliases = next;
}

/** The React Flow node id a topology node's hops are drawn to and from. */
export function drawnNodeId(id: number): string {
  return aliases.get(id) ?? String(id);
}
