import { z } from 'zod';
import { SCENARIO_VERSION, scenarioSchema } from './schema';

/** Where the published schema lives in the repository, for `$schema` in scenario files. */
export const SCENARIO_SCHEMA_PATH = 'docs/scenario.schema.json';

/**
 * The scenario format as a JSON Schema (draft 2020-12), generated from the zod schema, which
 * stays the source of truth: editors get completion and checks of fields, types, ranges, enums
 * and defaults. Rules that span several fields (a listener's VServer group exists, ports are
 * unique…) are the validator's alone: `npm run sim -- validate` checks those. The schema describes
 * the current version; older files are upgraded by migrate.ts before validation.
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    $id: `https://slb-simulator.invalid/scenario-v${SCENARIO_VERSION}.schema.json`,
    title: `SLB Simulator scenario, version ${SCENARIO_VERSION}`,
    description:
      'One simulated region: its load balancers (listeners, attachments, groups), ECS instances, client populations, cluster, network, egress, billing, faults and the command journal. Generated from the zod schema (src/scenario/schema.ts); cross-field rules are checked by `npm run sim -- validate`.',
    ...rest,
  };
}

/** The schema file's text, as committed: two-space JSON and a final newline. */
export function scenarioJsonSchemaText(): string {
  return JSON.stringify(scenarioJsonSchema(), null, 2) + '\n';
}
