import { exampleNames, examples } from '../scenario/examples';
import { MAX_SPEED, MIN_SPEED } from '../worker/protocol';

/** What the page's URL asks for (`?example=l4-failover&seed=7&speed=5&paused&region=…`). */
export interface UrlSettings {
  example: string;
  seed: number | undefined;
  speed: number | undefined;
  dotBudget: number | undefined;
  paused: boolean;
  /** The region the console card lists load balancers in; default: the running scenario's RegionId. */
  region: string | undefined;
  /**
   * One line per parameter that was ignored, naming it and the rule it broke. A bad parameter
   * never stops the app: it falls back to the default and says so.
   */
  problems: string[];
}

const KNOWN = new Set(['example', 'seed', 'speed', 'dotBudget', 'paused', 'region']);

/** Reads and checks the URL's settings; pure over the query string so it is testable without a page. */
export function readUrlSettings(search: string): UrlSettings {
  const params = new URLSearchParams(search);
  const problems: string[] = [];
  const bad = (name: string, rule: string): undefined => {
    problems.push(`URL parameter "${name}" ignored: ${rule}`);
    return undefined;
  };

  let example = 'default';
  const exampleText = params.get('example');
  if (exampleText !== null) {
    if (Object.hasOwn(examples, exampleText)) example = exampleText;
    else bad('example', `"${exampleText}" is not a built-in scenario; use one of ${exampleNames().join(', ')} (opened default)`);
  }

  const number = (name: string, check: (n: number) => boolean, rule: string): number | undefined => {
    const text = params.get(name);
    if (text === null) return undefined;
    const value = text.trim() === '' ? NaN : Number(text);
    return check(value) ? value : bad(name, `"${text}" ${rule}`);
  };
  const seed = number('seed', (n) => Number.isSafeInteger(n) && n >= 0, 'must be a non-negative integer');
  const speed = number('speed', (n) => Number.isFinite(n) && n >= MIN_SPEED && n <= MAX_SPEED, `must be a number from ${MIN_SPEED} to ${MAX_SPEED}`);
  const dotBudget = number('dotBudget', (n) => Number.isSafeInteger(n) && n >= 100, 'must be an integer of at least 100');

  // The region goes to the SLB API as it is: the API validates it and its coded error is shown.
  const region = params.get('region') ?? undefined;

  for (const name of new Set(params.keys())) if (!KNOWN.has(name)) bad(name, `unknown; the app reads ${[...KNOWN].join(', ')}`);

  return { example, seed, speed, dotBudget, paused: params.has('paused'), region, problems };
}
