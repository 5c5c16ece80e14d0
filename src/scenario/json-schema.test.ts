import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { randomL4 } from '../test/random-l4-scenarios';
import { randomL7 } from '../test/random-l7-scenarios';
import { examples } from './examples';
import { scenarioJsonSchema, scenarioJsonSchemaText, SCENARIO_SCHEMA_PATH } from './json-schema';
import { toScenarioFile } from './load-balancers';
import { parseScenario, validateScenario } from './validate';

const ajv = new Ajv2020({ allErrors: true, strict: false });
const check = ajv.compile(scenarioJsonSchema());
const errorsOf = (document: unknown): string => (check(document) ? '' : ajv.errorsText(check.errors));

describe('the published JSON Schema of the scenario format', () => {
  it(`${SCENARIO_SCHEMA_PATH} is exactly what the zod schema generates (regenerate: npm run sim -- schema -o ${SCENARIO_SCHEMA_PATH})`, () => {
    expect(readFileSync(SCENARIO_SCHEMA_PATH, 'utf8')).toBe(scenarioJsonSchemaText());
  });

  it('every built-in example, with $schema pointing at the published file, passes it and the validator', () => {
    for (const [name, example] of Object.entries(examples)) {
      const file = { $schema: `./${SCENARIO_SCHEMA_PATH}`, ...example };
      expect(errorsOf(file), name).toBe('');
      expect(validateScenario(file).ok, name).toBe(true);
    }
  });

  it('any scenario the validator accepts passes the schema, as written and as saved (every default filled in)', () => {
    const scenarios = fc.oneof(
      randomL4.map((g) => g.scenario),
      randomL7().map((g) => g.scenario),
    );
    fc.assert(
      fc.property(scenarios, (input) => {
        expect(errorsOf(input)).toBe('');
        expect(errorsOf(toScenarioFile(parseScenario(input)))).toBe('');
      }),
      { numRuns: 60, seed: 2611 },
    );
  });

  it('rejects what the validator rejects field by field: an unknown field, a wrong enum, a port out of range, the wrong version', () => {
    const base = { loadBalancers: [{ listeners: [{ ListenerPort: 80 }] }] };
    expect(errorsOf(base)).toBe('');
    const bad: Record<string, unknown>[] = [
      { ...base, colour: 'blue' },
      { loadBalancers: [{ listeners: [{ ListenerPort: 80, Scheduler: 'fastest' }] }] },
      { loadBalancers: [{ listeners: [{ ListenerPort: 70000 }] }] },
      { ...base, version: 5 },
      { ...base, cluster: { lvsNodes: 'four' } },
    ];
    for (const document of bad) {
      expect(errorsOf(document), JSON.stringify(document)).not.toBe('');
      // The validator agrees once migrations are out of the way (version 5 is migrated, not rejected).
      if (document['version'] !== 5) expect(validateScenario(document).ok).toBe(false);
    }
  });
});
