import { CodedError } from '../shared/errors';

/** A place in an imported file: 1-based line and column. */
export interface Position {
  line: number;
  column: number;
}

/** Something the importer did not understand or could not carry over, and where it was. */
export interface ImportWarning {
  line: number;
  message: string;
}

/** A malformed file: the message starts with `line L, column C:` and `field` holds the same place. */
export class ImportSyntaxError extends CodedError {
  readonly position: Position;

  constructor(format: string, position: Position, message: string) {
    super('ImportSyntax', `${format} line ${position.line}, column ${position.column}: ${message}`, `line ${position.line}, column ${position.column}`);
    this.position = position;
  }
}

/** IPv4 dotted quad, each part 0–255 without leading zeros beyond one digit. */
export function isIpv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

/** A port 1–65535 written in decimal. */
export function parsePort(text: string): number | undefined {
  if (!/^[1-9]\d{0,4}$/.test(text)) return undefined;
  const n = Number(text);
  return n <= 65535 ? n : undefined;
}

/** The ids import gives what it creates, derived from addresses so the same file gives the same scenario. */
export function hexOfIp(ip: string): string {
  return ip
    .split('.')
    .map((p) => Number(p).toString(16).padStart(2, '0'))
    .join('');
}
export const serverIdOf = (ip: string): string => `i-${hexOfIp(ip)}`;
export const loadBalancerIdOf = (vip: string): string => `lb-${hexOfIp(vip)}`;
