import { describe, expect, it } from 'vitest';
import type { NodeStates } from '../../worker/protocol';
import { flashes } from './flash';

const lvs = (nodeId: number, resets: number, lastFailure?: string) =>
  ({ nodeId, resets, lastFailure }) as unknown as NodeStates['lvs'][number];
const states = (parts: Partial<NodeStates>): NodeStates => ({
  lvs: [],
  backends: [],
  tengine: [],
  listeners: [],
  keyServers: [],
  ...parts,
});

describe('flashes', () => {
  it('flashes a node whose resets or errors rose, or whose last failure is new; nothing on the first frame', () => {
    const before = states({
      lvs: [lvs(3, 10), lvs(4, 5)],
      keyServers: [{ nodeId: 8, errors: 1, lastFailure: undefined } as unknown as NodeStates['keyServers'][number]],
      backends: [
        { nodeId: 6, lastFailure: 'refused' } as unknown as NodeStates['backends'][number],
        { nodeId: 7, lastFailure: undefined } as unknown as NodeStates['backends'][number],
      ],
    });
    const after = states({
      lvs: [lvs(3, 12), lvs(4, 5)],
      keyServers: [{ nodeId: 8, errors: 2, lastFailure: undefined } as unknown as NodeStates['keyServers'][number]],
      backends: [
        { nodeId: 6, lastFailure: 'refused' } as unknown as NodeStates['backends'][number],
        { nodeId: 7, lastFailure: 'timeout' } as unknown as NodeStates['backends'][number],
      ],
    });
    expect(flashes(before, after)).toEqual(
      new Map([
        [3, 'reset'],
        [8, 'failure'],
        [7, 'failure'],
      ]),
    );
    expect(flashes(undefined, after)).toEqual(new Map());
    // Counters that fall (a restart) flash nothing.
    expect(flashes(after, before).has(3)).toBe(false);
  });
});
