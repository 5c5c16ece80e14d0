import type { ImportWarning } from './position';
import type { HclBlockLines } from './terraform-lines';

/**
 * Reading hcl2json's output for the terraform import: a resource's arguments and nested blocks as
 * typed values, each refusal a warning at the argument's line, and which arguments were read (so
 * the import can list the rest). hcl2json passes expressions through as `${…}` strings.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Body = Record<string, Json>;
export type Obj = Record<string, unknown>;

export const isBody = (v: Json | undefined): v is Body => v !== null && typeof v === 'object' && !Array.isArray(v);
export const bodiesOf = (v: Json | undefined): Body[] => (Array.isArray(v) ? v.filter(isBody) : isBody(v) ? [v] : []);

/** An HCL expression hcl2json passed through as `${…}`; a literal string has no unescaped `${`. */
export const isExpression = (s: string): boolean => /(^|[^$])\$\{|(^|[^%])%\{/.test(s);
export const unescape = (s: string): string => s.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
const REFERENCE = /^\$\{([A-Za-z_][A-Za-z0-9_-]*)\.([A-Za-z_][A-Za-z0-9_-]*)\.id\}$/;

/** One resource block: its body, where it is, and which arguments the import has read. */
export class Resource {
  readonly used = new Set<string>();
  constructor(
    readonly type: string,
    readonly name: string,
    readonly body: Body,
    readonly lines: HclBlockLines | undefined,
    private readonly warnings: ImportWarning[],
  ) {}

  get line(): number {
    return this.lines?.line ?? 1;
  }
  get label(): string {
    return `${this.type}.${this.name}`;
  }
  lineOf(key: string): number {
    return this.lines?.attributes.get(key) ?? this.lines?.blocks.find((b) => b.header[0] === key)?.line ?? this.line;
  }
  push(line: number, message: string): void {
    this.warnings.push({ line, message });
  }
  warn(key: string | undefined, message: string): void {
    this.warnings.push({ line: key === undefined ? this.line : this.lineOf(key), message: `${this.label}${key === undefined ? '' : `.${key}`}: ${message}` });
  }
  raw(key: string): Json | undefined {
    this.used.add(key);
    return Object.hasOwn(this.body, key) ? this.body[key] : undefined;
  }
  /** The nested blocks `key`, each a reader of its own (sharing this resource's lines). */
  blocks(key: string): Block[] {
    const lines = this.lines?.blocks.filter((b) => b.header[0] === key) ?? [];
    return bodiesOf(this.raw(key)).map((b, i) => new Block(this, key, b, lines[i], this.lineOf(key)));
  }
}

/** Reads typed values from a body, warning (with the argument's line) about what it cannot take. */
export class Reader {
  constructor(
    readonly resource: Resource,
    readonly body: Body,
    readonly lineOf: (key: string) => number,
    readonly prefix: string,
  ) {}
  protected mark(key: string): Json | undefined {
    return Object.hasOwn(this.body, key) ? this.body[key] : undefined;
  }
  warn(key: string, message: string): void {
    this.resource.push(this.lineOf(key), `${this.resource.label}.${this.prefix}${key}: ${message}`);
  }
  has(key: string): boolean {
    return this.mark(key) !== undefined;
  }
  /** A literal string (numbers and booleans as Terraform converts them). */
  string(key: string): string | undefined {
    const v = this.mark(key);
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (typeof v !== 'string' || isExpression(v)) {
      this.warn(key, `${describe(v)} is not a literal string the import can evaluate; left out`);
      return undefined;
    }
    return unescape(v);
  }
  oneOf<T extends string>(key: string, allowed: readonly T[], map: (s: string) => string = (s) => s): T | undefined {
    const s = this.string(key);
    if (s === undefined) return undefined;
    const value = map(s);
    if ((allowed as readonly string[]).includes(value)) return value as T;
    this.warn(key, `"${s}" is not one of ${allowed.join(', ')} (as the simulator models it); left out`);
    return undefined;
  }
  onOff(key: string): 'on' | 'off' | undefined {
    return this.oneOf(key, ['on', 'off'] as const);
  }
  bool(key: string): boolean | undefined {
    const v = this.mark(key);
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'boolean') return v;
    if (v === 'true' || v === 'false') return v === 'true';
    this.warn(key, `${describe(v)} is not true or false; left out`);
    return undefined;
  }
  /** An integer in [min, max]: values outside are clamped, with a warning. */
  int(key: string, min: number, max: number): number | undefined {
    const v = this.mark(key);
    if (v === undefined || v === null) return undefined;
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d{1,15}$/.test(v.trim()) ? Number(v.trim()) : NaN;
    if (!Number.isInteger(n)) {
      this.warn(key, `${describe(v)} is not a whole number; left out`);
      return undefined;
    }
    if (n < min || n > max) {
      const clamped = Math.min(max, Math.max(min, n));
      this.warn(key, `${n} is outside ${min}–${max}; clamped to ${clamped}`);
      return clamped;
    }
    return n;
  }
  /** `type.NAME.id` → `{ name }`; a literal id string → `{ id }`. */
  reference(key: string, types: readonly string[]): { name: string; type: string } | { id: string } | undefined {
    const v = this.mark(key);
    if (v === undefined || v === null) return undefined;
    return this.referenceOf(key, v, types);
  }
  referenceOf(key: string, v: Json, types: readonly string[]): { name: string; type: string } | { id: string } | undefined {
    if (typeof v === 'string') {
      const match = REFERENCE.exec(v);
      if (match && types.includes(match[1]!)) return { type: match[1]!, name: match[2]! };
      if (!isExpression(v) && v !== '') return { id: unescape(v) };
    }
    this.warn(key, `${describe(v)} is not a reference to ${types.map((t) => `${t}.NAME.id`).join(' or ')} nor a literal id; left out`);
    return undefined;
  }
  list(key: string): Json[] | undefined {
    const v = this.mark(key);
    if (v === undefined || v === null) return undefined;
    if (Array.isArray(v)) return v;
    this.warn(key, `${describe(v)} is not a list; left out`);
    return undefined;
  }
}

export class Block extends Reader {
  readonly used = new Set<string>();
  /** `lines`: where the block is (its arguments' lines); `fallback` when the scan did not find it. */
  constructor(resource: Resource, name: string, body: Body, lines: HclBlockLines | undefined, fallback: number) {
    super(resource, body, (key) => lines?.attributes.get(key) ?? lines?.line ?? fallback, `${name}.`);
    this.blockName = name;
  }
  readonly blockName: string;
  protected override mark(key: string): Json | undefined {
    this.used.add(key);
    return super.mark(key);
  }
}

export class ResourceReader extends Reader {
  constructor(resource: Resource) {
    super(resource, resource.body, (key) => resource.lineOf(key), '');
  }
  protected override mark(key: string): Json | undefined {
    return this.resource.raw(key);
  }
}

export function describe(v: Json): string {
  if (typeof v === 'string') return isExpression(v) ? `the expression ${v.length > 60 ? v.slice(0, 57) + '...' : v}` : JSON.stringify(v.length > 60 ? v.slice(0, 57) + '...' : v);
  return JSON.stringify(v)?.slice(0, 60) ?? String(v);
}

/** Scenario ids from Terraform names: the name itself when it has the id's form, else one made from it. */
export class Ids {
  private readonly used = new Set<string>();
  make(prefix: string, name: string, form: RegExp, minLength = 1): string {
    let id = form.test(name) ? name : `${prefix}${(name.toLowerCase().replace(/[^a-z0-9]/g, '') || 'x').padEnd(minLength, '0').slice(0, 28)}`;
    if (this.used.has(id)) for (let i = 2; this.used.has(`${id}${i}`) || !form.test(`${id}${i}`); i++) id = `${id.slice(0, 28)}${i}`;
    this.used.add(id);
    return id;
  }
}
