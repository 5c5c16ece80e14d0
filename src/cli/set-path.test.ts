import { describe, expect, it } from 'vitest';
import { CodedError } from '../shared/errors';
import { applySet, parseSetArgument } from './set-path';

/** Runs `fn`, asserts it threw an InvalidArguments CodedError on --set, and returns the message. */
function codedMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CodedError);
    expect((error as CodedError).code).toBe('InvalidArguments');
    expect((error as CodedError).field).toBe('--set');
    return (error as CodedError).message;
  }
  throw new Error('expected a CodedError, nothing was thrown');
}

describe('parseSetArgument', () => {
  it('splits dot paths; digit-only segments become numbers', () => {
    expect(parseSetArgument('cluster.lvsNodes=8')).toEqual({ path: ['cluster', 'lvsNodes'], value: 8 });
    expect(parseSetArgument('clients.0.arrival.connectionsPerSecond=500').path).toEqual(['clients', 0, 'arrival', 'connectionsPerSecond']);
  });

  it('accepts bracket indices as another spelling of .N', () => {
    expect(parseSetArgument('listeners[0].Scheduler=wlc').path).toEqual(['listeners', 0, 'Scheduler']);
    expect(parseSetArgument('a[1][2]=x').path).toEqual(['a', 1, 2]);
  });

  it('parses the value as JSON when it parses, else keeps the plain string', () => {
    const value = (text: string): unknown => parseSetArgument(`x=${text}`).value;
    expect(value('42')).toBe(42);
    expect(value('true')).toBe(true);
    expect(value('null')).toBeNull();
    expect(value('"42"')).toBe('42');
    expect(value('[1,2]')).toEqual([1, 2]);
    expect(value('{"a":1}')).toEqual({ a: 1 });
    expect(value('wlc')).toBe('wlc');
    expect(value('')).toBe('');
    expect(parseSetArgument('x=a=b').value).toBe('a=b'); // splits at the first "=" only
  });

  it('rejects a missing "=", an empty path and empty segments, naming the argument', () => {
    expect(codedMessage(() => parseSetArgument('cluster.lvsNodes'))).toMatch(/"cluster\.lvsNodes".*path=value/);
    expect(codedMessage(() => parseSetArgument('=5'))).toMatch(/"=5".*empty path/);
    for (const text of ['a..b=1', '.a=1', 'a.=1']) {
      expect(codedMessage(() => parseSetArgument(text))).toContain(`"${text}" has an empty path segment`);
    }
  });

  it('rejects malformed brackets', () => {
    for (const text of ['a[x]=1', 'a[0]b=1', 'a[]=1', 'a]=1']) {
      expect(codedMessage(() => parseSetArgument(text))).toMatch(/malformed path/);
    }
  });

  it('refuses prototype-polluting segments', () => {
    for (const segment of ['__proto__', 'constructor', 'prototype']) {
      expect(codedMessage(() => parseSetArgument(`a.${segment}.x=1`))).toContain(`segment "${segment}" is not allowed`);
    }
  });
});

describe('applySet', () => {
  it('sets a top-level and a nested existing value', () => {
    expect(applySet({ seed: 1 }, ['seed'], 2)).toEqual({ seed: 2 });
    expect(applySet({ cluster: { lvsNodes: 4, x: 1 } }, ['cluster', 'lvsNodes'], 8)).toEqual({ cluster: { lvsNodes: 8, x: 1 } });
  });

  it('creates missing objects for names and arrays for indices', () => {
    expect(applySet({}, ['cluster', 'sync', 'on'], true)).toEqual({ cluster: { sync: { on: true } } });
    expect(applySet({}, ['clients', 0, 'arrival', 'connectionsPerSecond'], 500)).toEqual({
      clients: [{ arrival: { connectionsPerSecond: 500 } }],
    });
  });

  it('sets an existing array element by index', () => {
    const input = { listeners: [{ Scheduler: 'wrr' }, { Scheduler: 'rr' }] };
    expect(applySet(input, ['listeners', 1, 'Scheduler'], 'wlc')).toEqual({ listeners: [{ Scheduler: 'wrr' }, { Scheduler: 'wlc' }] });
  });

  it('appends at index === length', () => {
    expect(applySet({ listeners: [{ a: 1 }] }, ['listeners', 1], { b: 2 })).toEqual({ listeners: [{ a: 1 }, { b: 2 }] });
    expect(applySet({ listeners: [] }, ['listeners', 0, 'Scheduler'], 'wlc')).toEqual({ listeners: [{ Scheduler: 'wlc' }] });
  });

  it('refuses an index past the end, naming the path and the length', () => {
    const message = codedMessage(() => applySet({ listeners: [{}, {}] }, ['listeners', 5, 'Scheduler'], 'wlc'));
    expect(message).toContain('listeners.5');
    expect(message).toContain('length 2');
    // The boundary: length + 1 would leave a hole, so it is refused too.
    expect(codedMessage(() => applySet({ listeners: [{}, {}] }, ['listeners', 3], {}))).toContain(
      'listeners.3: index 3 is out of range for an array of length 2',
    );
  });

  it('refuses descending into a scalar, naming the prefix and what is there', () => {
    const message = codedMessage(() => applySet({ cluster: { lvsNodes: 4 } }, ['cluster', 'lvsNodes', 'x'], 1));
    expect(message).toContain('cluster.lvsNodes is number 4');
    expect(codedMessage(() => applySet({ a: null }, ['a', 'b'], 1))).toContain('a is null');
    expect(codedMessage(() => applySet({ a: 'wrr' }, ['a', 0], 1))).toContain('a is string "wrr"');
  });

  it('refuses a name on an array and an index on an object', () => {
    expect(codedMessage(() => applySet({ listeners: [] }, ['listeners', 'Scheduler'], 1))).toContain('listeners is an array');
    expect(codedMessage(() => applySet({ cluster: {} }, ['cluster', 0], 1))).toContain('cluster is an object');
  });

  it('reads only own properties, so inherited names are created, not traversed', () => {
    expect(applySet({}, ['toString', 'x'], 1)).toEqual({ toString: { x: 1 } });
  });

  it('refuses an empty path and prototype-polluting segments passed directly', () => {
    expect(codedMessage(() => applySet({}, [], 1))).toContain('path is empty');
    expect(codedMessage(() => applySet({}, ['__proto__', 'polluted'], true))).toContain('"__proto__" is not allowed');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('never mutates its input and shares no objects with it or with the value', () => {
    const input = { listeners: [{ Scheduler: 'wrr' }], cluster: { lvsNodes: 4 } };
    const before = structuredClone(input);
    const value = { deep: [1] };
    const output = applySet(input, ['listeners', 0, 'extra'], value) as typeof input & { listeners: [{ extra: typeof value }] };
    expect(input).toEqual(before);
    expect(output.cluster).not.toBe(input.cluster);
    expect(output.listeners[0]).not.toBe(input.listeners[0]);
    value.deep.push(2);
    expect(output.listeners[0].extra).toEqual({ deep: [1] });
    const appended = { Scheduler: 'rr' };
    const grown = applySet(input, ['listeners', 1], appended) as typeof input;
    expect(input.listeners).toHaveLength(1); // append must not grow the caller's array either
    appended.Scheduler = 'changed';
    expect(grown.listeners[1]).toEqual({ Scheduler: 'rr' });
  });
});
