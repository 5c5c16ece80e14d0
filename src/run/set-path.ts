import { CodedError } from '../shared/errors';

export type SetPath = (string | number)[];

// Keys that would reach Object.prototype (or a constructor) instead of scenario data. The scenario
// is plain JSON, so no legitimate field has these names; refusing them closes prototype pollution.
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

function setError(message: string): CodedError {
  return new CodedError('InvalidArguments', `--set: ${message}`, '--set');
}

/** `loadBalancers.0.listeners.0.Scheduler`; the root (empty prefix) is named explicitly so messages never end in "". */
function formatPath(path: readonly (string | number)[]): string {
  return path.length === 0 ? 'the scenario root' : path.join('.');
}

function checkSegment(segment: string | number, where: string): void {
  if (typeof segment === 'string' && FORBIDDEN.has(segment)) {
    throw setError(`${where}: segment "${segment}" is not allowed (${[...FORBIDDEN].join(', ')} are refused)`);
  }
}

/**
 * Parses one `--set path=value` argument. The path splits at the first `=`, so values may contain `=`.
 *
 * Path: dot-separated segments (`cluster.lvsNodes`); a segment of only digits is an array index, and
 * `[N]` is accepted as another spelling of `.N` (`loadBalancers[0].listeners[0].Scheduler`).
 *
 * Value: parsed as JSON when it parses (`42`, `true`, `null`, `"x"`, `[1,2]`, `{"a":1}`), otherwise
 * taken as the plain string, so `Scheduler=wlc` needs no shell-hostile quoting. The flip side: to
 * set the *string* "42" or "true", pass it JSON-quoted (`'name="42"'`). An empty value is "".
 */
export function parseSetArgument(text: string): { path: SetPath; value: unknown } {
  const eq = text.indexOf('=');
  if (eq === -1) throw setError(`"${text}" must have the form path=value (no "=" found)`);
  const pathText = text.slice(0, eq);
  const raw = text.slice(eq + 1);
  if (pathText === '') throw setError(`"${text}" has an empty path before "="`);

  // Sticky scan: each token is either `[digits]` or a name that starts the path or follows a dot.
  // Anything the scanner cannot consume (`a[x]`, `a[0]b`, `a]`) is malformed; an empty name
  // (`a..b`, `.a`, `a.`) is rejected explicitly so the message can say which rule broke. The only
  // zero-length match is `^` plus an empty name at position 0, which throws, so the loop always advances.
  const token = /\[(\d+)\]|(?:^|\.)([^.[\]]*)/y;
  const path: SetPath = [];
  while (token.lastIndex < pathText.length) {
    const at = token.lastIndex;
    const match = token.exec(pathText);
    if (match === null) throw setError(`"${text}" has a malformed path at "${pathText.slice(at)}" (use a.b.0 or a[0].b)`);
    const [, bracket, name] = match;
    if (bracket !== undefined) path.push(Number(bracket));
    else if (name === undefined || name === '')
      throw setError(`"${text}" has an empty path segment (segments are separated by single dots)`);
    else path.push(/^\d+$/.test(name) ? Number(name) : name);
  }
  for (const segment of path) checkSegment(segment, `"${text}"`);

  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    value = raw;
  }
  return { path, value };
}

function describe(found: unknown): string {
  if (found === null) return 'null';
  if (typeof found === 'string') return `string ${JSON.stringify(found)}`;
  return `${typeof found} ${String(found)}`;
}

/**
 * Returns a deep copy of `input` (scenario JSON, not yet validated) with `value` at `path`, creating
 * missing objects (for a name segment) or arrays (for an index segment) on the way. Validation is
 * left to parseScenario afterwards; this only refuses what would corrupt the shape: sparse arrays,
 * named keys on arrays, indices on objects, and descending into scalars.
 */
export function applySet(input: unknown, path: readonly (string | number)[], value: unknown): unknown {
  if (path.length === 0) throw setError('the path is empty');
  path.forEach((segment) => checkSegment(segment, formatPath(path)));
  // structuredClone copies everything up front, so the in-place writes below cannot reach `input`
  // and the result shares nothing with the caller's value either.
  const root: unknown = structuredClone(input ?? (typeof path[0] === 'number' ? [] : {}));
  let node: unknown = root;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    const here = formatPath(path.slice(0, i));
    const last = i === path.length - 1;
    const next = path[i + 1];
    const fresh = (): unknown => (typeof next === 'number' ? [] : {});
    if (Array.isArray(node)) {
      if (typeof segment !== 'number') throw setError(`${here} is an array; "${segment}" must be a numeric index`);
      if (!Number.isInteger(segment) || segment < 0 || segment > node.length) {
        throw setError(
          `${formatPath(path.slice(0, i + 1))}: index ${segment} is out of range for an array of length ${node.length} (only ${node.length} may append)`,
        );
      }
      if (last) node[segment] = structuredClone(value);
      else if (node[segment] === undefined) node[segment] = fresh();
      node = node[segment];
    } else if (typeof node === 'object' && node !== null) {
      if (typeof segment === 'number') throw setError(`${here} is an object; numeric segment ${segment} can only index an array`);
      const record = node as Record<string, unknown>;
      // Only own properties count: `toString` on a plain object must not find Object.prototype's.
      if (last) record[segment] = structuredClone(value);
      else if (!Object.hasOwn(record, segment) || record[segment] === undefined) record[segment] = fresh();
      node = record[segment];
    } else {
      throw setError(`cannot set "${formatPath(path)}": ${here} is ${describe(node)}, not an object or array`);
    }
  }
  return root;
}
