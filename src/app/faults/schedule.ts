import { scenarioSchema, type Fault } from '../../scenario/schema';
import { validateScenario } from '../../scenario/validate';
import type { TopologyInfo } from '../../worker/protocol';

/**
 * Every fault action the scenario schema accepts, read from the schema itself: a kind added to
 * the schema's enum (zone-down, zone-up, …) shows in the schedule editor without a change here.
 */
export const FAULT_ACTIONS: readonly string[] = schemaActions();

/**
 * Reads the action enum out of the scenario schema (file → `faults` → element → `action`),
 * through a union of fault shapes too; loosely typed so a reshaped fault schema still loads, and
 * an empty list only if the schema no longer has one (the editor then offers the row's own action).
 */
function schemaActions(): string[] {
  type Loose = { shape?: Record<string, Loose>; options?: unknown; in?: Loose; unwrap?: () => Loose; element?: Loose };
  const actionsOf = (element: Loose | undefined): string[] => {
    const own = element?.shape?.['action']?.options;
    if (Array.isArray(own)) return own.filter((o): o is string => typeof o === 'string');
    return Array.isArray(element?.options) ? (element.options as Loose[]).flatMap(actionsOf) : [];
  };
  try {
    const faults = (scenarioSchema as unknown as Loose).in?.shape?.['faults'];
    return [...new Set(actionsOf(faults?.unwrap?.().element ?? faults?.element))];
  } catch {
    return [];
  }
}

/** The value field each action takes (the scenario rules refuse it on any other action). */
export const VALUE_FIELDS: Readonly<Record<string, { field: 'weight' | 'errorRate' | 'lossRate' | 'addedMs'; label: string }>> = {
  'backend-weight': { field: 'weight', label: 'weight (0–100)' },
  'backend-errors': { field: 'errorRate', label: 'error rate (0–1)' },
  'link-loss': { field: 'lossRate', label: 'loss rate (0–1)' },
  'link-latency': { field: 'addedMs', label: 'added ms' },
};

/** What kind of thing an action's target names; `free` for a kind this editor does not know (typed, then validated). */
export type TargetKind = 'lvs' | 'sync' | 'tengine' | 'keyserver' | 'backend' | 'link' | 'zone' | 'free';

export function targetKind(action: string): TargetKind {
  if (action === 'crash' || action === 'upgrade' || action === 'recover') return 'lvs';
  if (action === 'partition-sync' || action === 'heal-sync') return 'sync';
  if (action.startsWith('tengine-')) return 'tengine';
  if (action.startsWith('keyserver-')) return 'keyserver';
  if (action.startsWith('backend-')) return 'backend';
  if (action.startsWith('link-')) return 'link';
  if (action.startsWith('zone-')) return 'zone';
  return 'free';
}

/** What a target picker offers: the valid targets ('' = none, the whole cluster), or free text. */
export interface TargetOptions {
  options: { value: string; label: string }[];
  free: boolean;
}

/** The topology's nodes and links, in the fault vocabulary. */
export type TargetContext = Pick<TopologyInfo, 'nodes' | 'links'>;

/**
 * The targets an action can name in this topology: `lvs-N`, `tengine-N`, `keyserver-N`, an ECS
 * instance's ServerId, a link `a->b` (topology node keys, as the traffic flows), a zone, or none
 * for the whole sync link. Tengine nodes and Key Servers no listener uses have no link and are
 * still offered (the rules accept them). An unknown kind gets free text.
 */
export function targetOptions(action: string, topology: TargetContext): TargetOptions {
  const keysOf = (kind: string) => topology.nodes.filter((n) => n.kind === kind).map((n) => ({ value: n.key, label: n.key }));
  switch (targetKind(action)) {
    case 'lvs':
      return { options: keysOf('lvs'), free: false };
    case 'sync':
      return { options: [{ value: '', label: '(whole sync link)' }, ...keysOf('lvs')], free: false };
    case 'tengine':
      return { options: keysOf('tengine'), free: false };
    case 'keyserver':
      return { options: keysOf('keyserver'), free: false };
    case 'backend':
      return {
        options: keysOf('ecs').map((o) => ({ value: o.value.replace(/^ecs:/, ''), label: o.value.replace(/^ecs:/, '') })),
        free: false,
      };
    case 'link':
      return { options: linkTargets(topology).map((t) => ({ value: t, label: t })), free: false };
    case 'zone': {
      const zones = [...new Set(topology.nodes.flatMap((n) => (n.zone ? [n.zone] : [])))].sort();
      return { options: zones.map((z) => ({ value: z, label: z })), free: true };
    }
    default:
      return { options: [], free: true };
  }
}

/** Every link a link fault can name, `from->to` by topology node keys, in link order (the sync bus is no data link). */
export function linkTargets(topology: TargetContext): string[] {
  const key = new Map(topology.nodes.map((n) => [n.id, n]));
  const dataKinds = new Set(['clients', 'internet', 'router', 'lvs', 'tengine', 'ecs']);
  return topology.links.flatMap((link) => {
    const a = key.get(link.from);
    const b = key.get(link.to);
    return a && b && dataKinds.has(a.kind) && dataKinds.has(b.kind) ? [`${a.key}->${b.key}`] : [];
  });
}

/** One row of the editor, as typed (numbers as text, '' = not set). */
export interface ScheduleRow {
  id: number;
  atS: string;
  durationS: string;
  action: string;
  target: string;
  value: string;
}

let nextRowId = 1;

export function newRow(fields: Partial<Omit<ScheduleRow, 'id'>> = {}): ScheduleRow {
  return { id: nextRowId++, atS: '0', durationS: '', action: 'crash', target: '', value: '', ...fields };
}

/** The scenario's faults as editor rows. */
export function faultsToRows(faults: readonly Partial<Fault>[]): ScheduleRow[] {
  return faults.map((f) => {
    const value = f.action ? VALUE_FIELDS[f.action] : undefined;
    const v = value ? f[value.field] : undefined;
    return newRow({
      atS: String(f.atS ?? 0),
      durationS: f.durationS === undefined ? '' : String(f.durationS),
      action: f.action ?? 'crash',
      target: f.target ?? '',
      value: v === undefined ? '' : String(v),
    });
  });
}

/** A problem with the schedule: the field as `faults[i].field`, the row, and the rule. */
export interface ScheduleProblem {
  row: number | undefined;
  field: string;
  message: string;
}

/** Ordered by start time (stable: rows at the same time keep their order). */
export function sortRows(rows: readonly ScheduleRow[]): ScheduleRow[] {
  const at = (r: ScheduleRow) => (Number.isFinite(Number(r.atS)) && r.atS.trim() !== '' ? Number(r.atS) : Number.POSITIVE_INFINITY);
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => at(a.r) - at(b.r) || a.i - b.i)
    .map(({ r }) => r);
}

/**
 * The rows as scenario faults. Text that is not a number is kept as given so the scenario's own
 * rules refuse it with their wording (a number field holding text fails the schema); an empty
 * optional field is left out.
 */
export function rowsToFaults(rows: readonly ScheduleRow[]): Record<string, unknown>[] {
  const num = (text: string): number | string => (text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text);
  return rows.map((row) => {
    const fault: Record<string, unknown> = { atS: num(row.atS), action: row.action };
    if (row.target.trim() !== '') fault['target'] = row.target.trim();
    if (row.durationS.trim() !== '') fault['durationS'] = num(row.durationS);
    const value = VALUE_FIELDS[row.action];
    if (value && row.value.trim() !== '') fault[value.field] = num(row.value);
    return fault;
  });
}

/** `faults.2.target` → `faults[2].target`, and the row it names. */
export function problemOf(issue: { field: string; message: string }): ScheduleProblem {
  const match = /^faults\.(\d+)(?:\.(.+))?$/.exec(issue.field);
  if (!match) return { row: undefined, field: issue.field, message: issue.message };
  const row = Number(match[1]);
  return { row, field: `faults[${row}]${match[2] ? `.${match[2]}` : ''}`, message: issue.message };
}

/**
 * Checks a schedule against the scenario it would go into, by the scenario's own rules (the fault
 * schema and the cross-field fault rules): the scenario file with its faults replaced must
 * validate. Problems in the schedule come first; anything else the file has wrong after them.
 */
export function checkSchedule(
  file: Record<string, unknown>,
  faults: Record<string, unknown>[],
): { ok: true; file: Record<string, unknown> } | { ok: false; problems: ScheduleProblem[] } {
  const next = { ...file, faults };
  const result = validateScenario(next);
  if (result.ok) return { ok: true, file: next };
  const problems = result.issues.map(problemOf);
  return { ok: false, problems: [...problems.filter((p) => p.row !== undefined), ...problems.filter((p) => p.row === undefined)] };
}
