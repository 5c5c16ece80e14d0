import { ApiError, invalidParameter, missingParameter } from '../errors';
import type { ActionParams } from '../router';

/**
 * The SLB API's JSON list parameters (`BackendServers`, `RuleList`, `RuleIds`, …): a JSON array
 * sent as one string. The API's own examples quote with single quotes
 * (`[{'ServerId':'vm-233','Port':'80'}]`) and the service accepts that, so this parser does too:
 * strict JSON plus single-quoted strings, nothing else (no comments, no trailing commas).
 */

export interface JsonListRules {
  /** The code a value that is not a JSON list of the right shape gets (`BackendServersMalformed`, `RuleListMalformed`). */
  malformedCode: string;
  /** At most this many entries per call. */
  max: number;
  /** The code and message for more than `max` entries; default InvalidParameter naming the parameter. */
  tooMany?: (count: number) => ApiError;
}

export const malformed = (code: string, name: string, rule: string): ApiError =>
  new ApiError(400, code, `The specified parameter "${name}" is not valid: ${rule}`);

/** The list in parameter `name` (required): 1 to `rules.max` entries. */
export function jsonListParam(params: ActionParams, name: string, rules: JsonListRules): unknown[] {
  const text = params[name];
  if (text === undefined || text.trim() === '') throw missingParameter(name);
  let value: unknown;
  try {
    value = parseLenientJson(text);
  } catch (error) {
    throw malformed(rules.malformedCode, name, `it is not a JSON list (${(error as Error).message})`);
  }
  if (!Array.isArray(value)) throw malformed(rules.malformedCode, name, 'it must be a JSON list, such as [{...}, {...}]');
  if (value.length === 0) throw malformed(rules.malformedCode, name, 'the list is empty');
  if (value.length > rules.max) {
    throw rules.tooMany?.(value.length) ?? invalidParameter(name, `at most ${rules.max} entries per call, got ${value.length}`);
  }
  return value;
}

/** A list of objects whose keys are all in `known` (so a misspelt key is an error, never silently dropped). */
export function jsonObjectListParam(
  params: ActionParams,
  name: string,
  rules: JsonListRules,
  known: readonly string[],
): Record<string, unknown>[] {
  return jsonListParam(params, name, rules).map((entry, i) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      throw malformed(rules.malformedCode, name, `entry ${i + 1} must be an object such as {"ServerId": "i-…"}`);
    }
    for (const key of Object.keys(entry)) {
      if (!known.includes(key)) throw malformed(rules.malformedCode, name, `entry ${i + 1} has an unknown field "${key}"; the fields are ${known.join(', ')}`);
    }
    return entry as Record<string, unknown>;
  });
}

/** `name[i].field`, how errors name one field of one entry. */
export const entryName = (name: string, index: number, field: string): string => `${name}[${index}].${field}`;

/**
 * An optional string field; numbers are accepted as their decimal text (clients send `"Port": 80`
 * or `"Port": "80"` alike). Anything else is the list's malformed code.
 */
export function stringField(entry: Record<string, unknown>, field: string, where: string, malformedCode: string): string | undefined {
  const value = entry[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw malformed(malformedCode, where, `${field} must be a string`);
}

/** An integer field given as a JSON number or a decimal string; undefined when absent. */
export function integerField(entry: Record<string, unknown>, field: string): { text: string; value: number } | undefined {
  const value = entry[field];
  if (value === undefined || value === null) return undefined;
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : JSON.stringify(value);
  return { text, value: /^-?\d+$/.test(text) ? Number(text) : Number.NaN };
}

/** Parses JSON, also accepting single-quoted strings. Throws with the offending position. */
export function parseLenientJson(text: string): unknown {
  let at = 0;
  const fail = (what: string): never => {
    throw new Error(`${what} at character ${at + 1}`);
  };
  const space = (): void => {
    while (at < text.length && ' \t\r\n'.includes(text[at]!)) at++;
  };
  const str = (): string => {
    const quote = text[at]!;
    at++;
    let out = '';
    while (at < text.length) {
      const c = text[at]!;
      if (c === quote) {
        at++;
        return out;
      }
      if (c === '\\') {
        const e = text[at + 1];
        const simple: Record<string, string> = { '"': '"', "'": "'", '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && simple[e] !== undefined) {
          out += simple[e];
          at += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(at + 2, at + 6))) {
          out += String.fromCharCode(parseInt(text.slice(at + 2, at + 6), 16));
          at += 6;
        } else fail('a bad escape');
        continue;
      }
      if (c < ' ') fail('a control character in a string');
      out += c;
      at++;
    }
    return fail('an unterminated string');
  };
  const value = (depth: number): unknown => {
    if (depth > 20) fail('nesting too deep');
    space();
    const c = text[at];
    if (c === '"' || c === "'") return str();
    if (c === '[') {
      at++;
      const items: unknown[] = [];
      space();
      if (text[at] === ']') {
        at++;
        return items;
      }
      for (;;) {
        items.push(value(depth + 1));
        space();
        if (text[at] === ',') at++;
        else if (text[at] === ']') {
          at++;
          return items;
        } else fail('expected "," or "]"');
      }
    }
    if (c === '{') {
      at++;
      const object: Record<string, unknown> = {};
      space();
      if (text[at] === '}') {
        at++;
        return object;
      }
      for (;;) {
        space();
        if (text[at] !== '"' && text[at] !== "'") fail('expected a quoted field name');
        const key = str();
        space();
        if (text[at] !== ':') fail('expected ":"');
        at++;
        Object.defineProperty(object, key, { value: value(depth + 1), enumerable: true, writable: true, configurable: true });
        space();
        if (text[at] === ',') at++;
        else if (text[at] === '}') {
          at++;
          return object;
        } else fail('expected "," or "}"');
      }
    }
    const literal = /^(-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(at));
    if (literal === null) return fail('unexpected input');
    at += literal[0].length;
    return literal[0] === 'true' ? true : literal[0] === 'false' ? false : literal[0] === 'null' ? null : Number(literal[0]);
  };
  const result = value(0);
  space();
  if (at < text.length) fail('unexpected input after the value');
  return result;
}
