import { exampleNames, examples } from '../scenario/examples';
import { galleryEntry } from '../scenario/examples/gallery';
import { CodedError } from '../shared/errors';

/** `examples` (alias `gallery`): the built-in scenarios with the gallery's title and what to watch. */
export interface ExamplesArgs {
  command: 'examples';
  format: 'text' | 'json' | 'names';
}

export const EXAMPLES_USAGE = `  npm run sim -- examples [--json | --names]   (alias: gallery)
                    the built-in scenarios: name, title, what to watch; --names: one name a line`;

export function parseExamplesArgs(rest: readonly string[]): ExamplesArgs {
  let format: ExamplesArgs['format'] = 'text';
  for (const arg of rest) {
    if (arg !== '--json' && arg !== '--names') throw new CodedError('InvalidArguments', `examples: unknown argument "${arg}"; it takes --json or --names`, arg);
    const wanted = arg === '--json' ? 'json' : 'names';
    if (format !== 'text' && format !== wanted) throw new CodedError('InvalidArguments', 'examples: --json and --names exclude each other', arg);
    format = wanted;
  }
  return { command: 'examples', format };
}

export interface ExampleListing {
  name: string;
  title: string;
  watch: readonly [string, string];
  description: string;
}

export function listExamples(): ExampleListing[] {
  return exampleNames().map((name) => ({ name, ...galleryEntry(name), description: examples[name]?.description ?? '' }));
}

export function formatExamples(format: ExamplesArgs['format']): string {
  const list = listExamples();
  if (format === 'json') return JSON.stringify(list);
  if (format === 'names') return list.map((e) => e.name).join('\n');
  const entries = list.map((e) => `${e.name} — ${e.title}\n  ${e.watch[0]}\n  ${e.watch[1]}`);
  return `${entries.join('\n\n')}\n\nrun one: npm run sim -- run <name>; open one in the app: /?example=<name> (or the Gallery button)`;
}
