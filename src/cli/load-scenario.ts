import { readFileSync } from 'node:fs';
import { examples } from '../scenario/examples';
import { parseScenario } from '../scenario/validate';
import type { Scenario } from '../scenario/schema';
import { CodedError } from '../shared/errors';
import { applySet, type SetPath } from './set-path';

/** Resolves an example name or a JSON file path, applies `--set` overrides, and validates. */
export function loadScenario(ref: string, sets: readonly { path: SetPath; value: unknown }[] = []): Scenario {
  let input = readScenarioInput(ref);
  for (const { path, value } of sets) input = applySet(input, path, value);
  return parseScenario(input);
}

function readScenarioInput(ref: string): unknown {
  const example = examples[ref];
  if (example) return example;
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
  return json;
}
