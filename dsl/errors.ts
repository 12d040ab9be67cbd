/**
 * Errors the compiler raises. Every message names where the problem is (stack path, logical id,
 * blueprint input path) so that a build failure points at the input to fix, not at the compiler.
 */

export interface ErrorLocation {
  /** Stack path such as `Root/Network`. */
  stack?: string;
  /** Logical id of the parameter, resource, output or condition concerned. */
  logicalId?: string;
}

/** A template that cannot be deployed: dangling reference, cycle, limit exceeded, duplicate id... */
export class CompileError extends Error {
  constructor(
    readonly problem: string,
    readonly location: ErrorLocation = {},
  ) {
    super(formatLocation(location) + problem);
    this.name = 'CompileError';
  }
}

/** A blueprint input outside what is allowed: names the input path, the value and what is allowed. */
export class InputError extends Error {
  constructor(
    readonly path: string,
    readonly value: unknown,
    readonly problem: string,
  ) {
    super(`${path}: ${describeValue(value)} ${problem}`);
    this.name = 'InputError';
  }
}

/** Several errors found in one pass, reported together so a user fixes them in one go. */
export class CompileErrors extends Error {
  constructor(readonly errors: readonly Error[]) {
    super(errors.map((e) => e.message).join('\n'));
    this.name = 'CompileErrors';
  }
}

/** Non-fatal findings (limits approached) that the build prints. */
export interface CompileWarning {
  stack: string;
  message: string;
}

export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'undefined';
  try {
    const text = JSON.stringify(value);
    return text.length > 120 ? text.slice(0, 117) + '...' : text;
  } catch {
    return String(value);
  }
}

function formatLocation({ stack, logicalId }: ErrorLocation): string {
  if (stack && logicalId) return `stack ${stack}, ${logicalId}: `;
  if (stack) return `stack ${stack}: `;
  if (logicalId) return `${logicalId}: `;
  return '';
}
