import type { z } from 'zod';
import { closest } from './suggest';

/**
 * Turns zod's `unrecognized_keys` (one issue per object, listing its strangers) into one message per
 * unknown field, with the closest valid name at that place in the scenario. The valid names come
 * from the schema itself, found by walking it along the path, so new fields need no list.
 */

type Schema = z.core.$ZodType;
type Path = readonly PropertyKey[];

/**
 * Names that belong to another part of the SLB API: close in meaning, not in spelling, so the edit
 * distance would not find them. Keyed by the parent's path with indices as `*`.
 */
const OTHER_API_NAMES: Record<string, Record<string, { use: string; why: string }>> = {
  'listeners.*': {
    HealthCheckTimeout: { use: 'HealthCheckConnectTimeout', why: "HealthCheckTimeout is the HTTP/HTTPS listeners' name; TCP/UDP listeners use HealthCheckConnectTimeout whatever the HealthCheckType" },
  },
};

/** The schemas a value at this place may match, through defaults, optionals, pipes and unions. */
function alternatives(schema: Schema): Schema[] {
  const def = schema._zod.def as unknown as { type: string; innerType?: Schema; in?: Schema; options?: Schema[] };
  switch (def.type) {
    case 'default':
    case 'prefault':
    case 'optional':
    case 'nullable':
    case 'nonoptional':
    case 'readonly':
    case 'catch':
      return alternatives(def.innerType!);
    case 'pipe':
      return alternatives(def.in!);
    case 'union':
      return def.options!.flatMap(alternatives);
    default:
      return [schema];
  }
}

interface ObjectDef {
  type: 'object';
  shape: Record<string, Schema>;
}

/** An object option whose `type` literal rules out this input (the other shape of a size, say) is skipped. */
function fitsDiscriminator(def: ObjectDef, input: unknown): boolean {
  const tag = def.shape['type'];
  if (!tag || typeof input !== 'object' || input === null) return true;
  const literal = tag._zod.def as unknown as { type: string; values?: unknown[] };
  const value = (input as Record<string, unknown>)['type'];
  return literal.type !== 'literal' || value === undefined || (literal.values ?? []).includes(value);
}

/** The schemas reached by one path segment from any of `schemas`. */
function child(schemas: Schema[], segment: PropertyKey): Schema[] {
  const next: Schema[] = [];
  for (const schema of schemas.flatMap(alternatives)) {
    const def = schema._zod.def as unknown as { type: string; shape?: Record<string, Schema>; element?: Schema; items?: Schema[]; valueType?: Schema };
    if (def.type === 'object' && typeof segment === 'string' && Object.hasOwn(def.shape!, segment)) next.push(def.shape![segment]!);
    else if (def.type === 'array' && typeof segment === 'number') next.push(def.element!);
    else if (def.type === 'tuple' && typeof segment === 'number' && def.items![segment]) next.push(def.items![segment]);
    else if (def.type === 'record') next.push(def.valueType!);
  }
  return next;
}

/** The field names valid in the object at `path` (in schema order), given the input found there. */
export function validFieldsAt(root: Schema, path: Path, input: unknown): string[] {
  let schemas = [root];
  for (const segment of path) schemas = child(schemas, segment);
  const names: string[] = [];
  for (const schema of schemas.flatMap(alternatives)) {
    const def = schema._zod.def as unknown as ObjectDef;
    if (def.type !== 'object' || !fitsDiscriminator(def, input)) continue;
    for (const name of Object.keys(def.shape)) if (!names.includes(name)) names.push(name);
  }
  return names;
}

function valueAt(input: unknown, path: Path): unknown {
  let node = input;
  for (const segment of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<PropertyKey, unknown>)[segment];
  }
  return node;
}

/** `unknown field; did you mean "name"?`, or the list of valid names when none is close. */
export function unknownFieldMessage(root: Schema, path: Path, key: string, input: unknown): string {
  const pattern = path.map((segment) => (typeof segment === 'number' ? '*' : String(segment))).join('.');
  // Own properties only: a key named `constructor` must not find Object.prototype's.
  const names = Object.hasOwn(OTHER_API_NAMES, pattern) ? OTHER_API_NAMES[pattern]! : {};
  const other = Object.hasOwn(names, key) ? names[key] : undefined;
  if (other) return `unknown field; did you mean "${other.use}"? (${other.why})`;
  const valid = validFieldsAt(root, path, valueAt(input, path));
  const guess = closest(key, valid);
  if (guess) return `unknown field; did you mean "${guess}"?`;
  return valid.length > 0 ? `unknown field; valid fields here: ${valid.join(', ')}` : 'unknown field';
}
