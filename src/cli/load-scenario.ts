import { readFileSync } from 'node:fs';
import { examples } from '../scenario/examples';
import { parseScenario } from '../scenario/validate';
import type { Scenario } from '../scenario/schema';
import { CodedError } from '../shared/errors';

/** Resolves an example name or a JSON file path to a validated scenario. */
export function loadScenario(ref: string): Scenario {
  const example = examples[ref];
  if (example) return parseScenario(example);
  if (!ref.endsWith('.json')) {
    throw new CodedError('UnknownScenario', `scenario: "${ref}" is neither an example (${Object.keys(examples).join(', ')}) nor a .json file`, 'scenario');
  }
  let text: string;
  try {
    text = readFileSync(ref, 'utf8');
  } catch (error) {
    throw new CodedError('ScenarioUnreadable', `scenario: cannot read ${ref}: ${(error as Error).message}`, 'scenario');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CodedError('ScenarioNotJson', `scenario: ${ref} is not valid JSON: ${(error as Error).message}`, 'scenario');
  }
  return parseScenario(json);
}
