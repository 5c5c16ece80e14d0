import { writeFileSync } from 'node:fs';
import { scenarioJsonSchemaText, SCENARIO_SCHEMA_PATH } from '../scenario/json-schema';
import { CodedError } from '../shared/errors';

export interface SchemaArgs {
  command: 'schema';
  out: string | undefined;
}

export const SCHEMA_USAGE = `  npm run sim -- schema [-o FILE]
                    (the scenario format as JSON Schema; ${SCENARIO_SCHEMA_PATH} is this output)`;

export function parseSchemaArgs(rest: readonly string[]): SchemaArgs {
  let out: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '-o' || arg === '--out') {
      const next = rest[++i];
      if (next === undefined || next.startsWith('-')) throw new CodedError('InvalidArguments', `${arg} needs a file name`, arg);
      out = next;
    } else throw new CodedError('InvalidArguments', `unknown argument ${arg}; schema takes only -o FILE`, arg);
  }
  return { command: 'schema', out };
}

export function runSchema(args: SchemaArgs): number {
  const text = scenarioJsonSchemaText();
  if (args.out === undefined) process.stdout.write(text);
  else writeFileSync(args.out, text);
  return 0;
}
