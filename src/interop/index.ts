import type { Scenario, ScenarioInput } from '../scenario/schema';
import { validateScenario } from '../scenario/validate';
import { CodedError } from '../shared/errors';
import { exportIpvsadm, importIpvsadm } from './ipvsadm';
import { exportKeepalived, importKeepalived } from './keepalived';
import { exportNginx } from './nginx-export';
import { aliyunCommands, apiCallsOf } from './api-calls';
import { exportTerraform } from './terraform';
import { importNginx } from './nginx-import';
import type { ImportWarning } from './position';
import type { importTerraform } from './terraform-import';

export type { ImportWarning } from './position';
export { ImportSyntaxError } from './position';

/** One file an export writes: the main config (`path` undefined) or a file beside it (certificates). */
export interface ExportedFile {
  /** Relative to the main file's directory; undefined for the main file itself. */
  path: string | undefined;
  content: string;
}

export interface ExportOptions {
  /** Write private keys where the scenario has them (never by default). */
  includeSecrets: boolean;
}

type Exporter = (scenario: Scenario, options: ExportOptions) => ExportedFile[];
type Imported = { scenario: ScenarioInput; warnings: ImportWarning[] };
type Importer = (text: string, name?: string) => Imported;
/** An importer whose parser is asynchronous (terraform: HashiCorp's HCL parser runs as WebAssembly). */
export type AsyncImporter = (text: string, name?: string) => Promise<Imported>;

const EXPORTERS: Record<string, Exporter> = {
  keepalived: (s) => [{ path: undefined, content: exportKeepalived(s) }],
  ipvsadm: (s) => [{ path: undefined, content: exportIpvsadm(s) }],
  nginx: exportNginx,
  aliyun: (s) => [{ path: undefined, content: aliyunCommands(s) }],
  terraform: exportTerraform,
  'api-json': (s) => [{ path: undefined, content: JSON.stringify(apiCallsOf(s), null, 2) + '\n' }],
};

const IMPORTERS: Record<string, Importer> = {
  keepalived: importKeepalived,
  ipvsadm: importIpvsadm,
  nginx: importNginx,
};

/**
 * Loaded when used: the HCL parser's WebAssembly is large and only this format needs it. The path
 * is a variable so bundlers do not follow it: the parser is Node-only (it reads its WebAssembly
 * with fs), and the app's bundle must not pull it in through this registry.
 */
const TERRAFORM_IMPORT = './terraform-import';
const ASYNC_IMPORTERS: Record<string, AsyncImporter> = {
  terraform: async (text) => ((await import(/* @vite-ignore */ TERRAFORM_IMPORT)) as { importTerraform: typeof importTerraform }).importTerraform(text),
};

/** Registers (or replaces) an asynchronous importer: the app's worker gives terraform its browser parser. */
export function registerAsyncImporter(format: string, importer: AsyncImporter): void {
  ASYNC_IMPORTERS[format] = importer;
}

export const EXPORT_FORMATS = (): string[] => Object.keys(EXPORTERS);
export const IMPORT_FORMATS = (): string[] => [...Object.keys(IMPORTERS), ...Object.keys(ASYNC_IMPORTERS)];

/** Registers a format (each format module adds itself here, so this file stays the one list). */
export function registerExporter(format: string, exporter: Exporter): void {
  EXPORTERS[format] = exporter;
}
export function registerImporter(format: string, importer: Importer): void {
  IMPORTERS[format] = importer;
}

export function exportScenario(scenario: Scenario, format: string, options: ExportOptions = { includeSecrets: false }): ExportedFile[] {
  const exporter = Object.hasOwn(EXPORTERS, format) ? EXPORTERS[format] : undefined;
  if (!exporter) throw new CodedError('InvalidArguments', `--format: "${format}" is not an export format (${EXPORT_FORMATS().join(', ')})`, '--format');
  return exporter(scenario, options);
}

export interface ImportResult {
  /** The scenario file (nested shape), valid: parseScenario accepts it. */
  scenario: ScenarioInput;
  warnings: ImportWarning[];
}

/**
 * Reads a config in `format` into a valid scenario. Throws ImportSyntaxError (line and column) for
 * a malformed file; anything understood only in part is a warning with its line.
 */
export function importText(text: string, format: string, name?: string): ImportResult {
  if (Object.hasOwn(ASYNC_IMPORTERS, format)) throw new CodedError('InvalidArguments', `--format: ${format} imports asynchronously: use importTextAsync`, '--format');
  const importer = Object.hasOwn(IMPORTERS, format) ? IMPORTERS[format] : undefined;
  if (!importer) throw new CodedError('InvalidArguments', `--format: "${format}" is not an import format (${IMPORT_FORMATS().join(', ')})`, '--format');
  return checkedImport(format, importer(text, name));
}

/** importText for every format, the asynchronous ones (terraform) included. */
export async function importTextAsync(text: string, format: string, name?: string): Promise<ImportResult> {
  const importer = Object.hasOwn(ASYNC_IMPORTERS, format) ? ASYNC_IMPORTERS[format] : undefined;
  if (!importer) return importText(text, format, name);
  return checkedImport(format, await importer(text, name));
}

function checkedImport(format: string, { scenario, warnings }: Imported): ImportResult {
  const checked = validateScenario(scenario);
  if (!checked.ok) {
    // A bug of the importer, not of the file: say so rather than hand over an invalid scenario.
    throw new CodedError('ImportInvalid', `the ${format} import made an invalid scenario (please report): ${checked.issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`);
  }
  return { scenario, warnings: [...warnings].sort((a, b) => a.line - b.line) };
}
