import { strToU8, zipSync } from 'fflate';
import { jsonErrorOffset } from './json-error';

/** Saves text as a file through the browser's download. */
export function downloadText(name: string, text: string, type = 'application/json'): void {
  downloadBlob(name, new Blob([text], { type }));
}

export function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  URL.revokeObjectURL(url);
}

/** Several files (a config and the certificates beside it) as one zip, paths kept. */
export function zipFiles(files: { path: string; content: string }[]): Uint8Array {
  return zipSync(Object.fromEntries(files.map((f) => [f.path, strToU8(f.content)])));
}

export type ParsedJson = { ok: true; value: unknown } | { ok: false; message: string; line: number; column: number };

/** JSON.parse with the error's place as line and column (the engines report a character offset, or nothing). */
export function parseJsonText(text: string): ParsedJson {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const before = text.slice(0, jsonErrorOffset(text)).split('\n');
    const line = before.length;
    const column = before[before.length - 1]!.length + 1;
    // The engine's own words for what is wrong, without the excerpt some engines quote.
    const reason = (error as Error).message.replace(/, \.\.\.".*$/s, '').replace(/ in JSON at position \d+.*$/s, '');
    return { ok: false, message: `line ${line}, column ${column}: ${reason}`, line, column };
  }
}

/** The interop format a file's name suggests, for the import dialog's default. */
export function guessImportFormat(name: string, formats: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  const guess = lower.endsWith('.tf') || lower.endsWith('.hcl') ? 'terraform' : lower.includes('keepalived') ? 'keepalived' : lower.includes('ipvs') || lower.endsWith('.rules') ? 'ipvsadm' : lower.endsWith('.conf') ? 'nginx' : undefined;
  return guess !== undefined && formats.includes(guess) ? guess : formats[0];
}

/** What the export and import dialogs say when the worker could not load its format code (a lost connection, an old build). */
export function formatsUnavailable(error: unknown): string {
  const why = error instanceof Error ? error.message : String(error);
  return `The formats could not be loaded (${why}). Check the connection, then close and reopen this dialog.`;
}
