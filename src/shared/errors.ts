/**
 * An error a user can act on: a stable machine code plus a message that names the field and the
 * rule. Every layer (scenario validation, API, CLI) throws these instead of bare Errors.
 */
export class CodedError extends Error {
  readonly code: string;
  readonly field: string | undefined;

  constructor(code: string, message: string, field?: string) {
    super(message);
    this.name = 'CodedError';
    this.code = code;
    this.field = field;
  }
}

/** Guards invariants that must hold in production too; a failure is a bug, not bad input. */
export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`invariant violated: ${message}`);
}
