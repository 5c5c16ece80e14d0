import type { ScenarioInput } from '../schema';
import { defaultScenario } from './default';

/** Built-in scenarios, runnable by name from the CLI and openable in the app. */
export const examples: Readonly<Record<string, ScenarioInput>> = {
  default: defaultScenario,
};

export function exampleNames(): string[] {
  return Object.keys(examples);
}
