/**
 * Checks for blueprint inputs. Each returns the value (narrowed) or throws an InputError that names
 * the input path, the bad value and what is allowed, e.g.
 * `service.cpu: 300 is not one of the allowed values (256, 512, 1024, 2048, 4096, 8192, 16384)`.
 */
import { InputError } from './errors.js';

export function oneOf<T extends string | number | boolean>(
  path: string,
  value: T,
  allowed: readonly T[],
  what = 'one of the allowed values',
): T {
  if (!allowed.includes(value)) throw new InputError(path, value, `is not ${what} (${allowed.join(', ')})`);
  return value;
}

export function integerInRange(path: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InputError(path, value, `is not an integer from ${min} to ${max}`);
  }
  return value;
}

export function matches(path: string, value: string, pattern: RegExp, what: string): string {
  if (typeof value !== 'string' || !pattern.test(value)) throw new InputError(path, value, `is not ${what}`);
  return value;
}

export function maxLength(path: string, value: string, max: number): string {
  if (value.length > max) throw new InputError(path, value, `is longer than ${max} characters (${value.length})`);
  return value;
}

export function countInRange<T>(path: string, items: readonly T[], min: number, max: number, what: string): readonly T[] {
  if (items.length < min || items.length > max) {
    throw new InputError(path, `${items.length} ${what}`, `is outside the allowed range (${min} to ${max})`);
  }
  return items;
}

/** Throws on the first repeated key, naming both positions. */
export function unique<T>(path: string, items: readonly T[], key: (item: T) => string, what: string): void {
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    const k = key(item);
    const first = seen.get(k);
    if (first !== undefined) {
      throw new InputError(`${path}[${index}]`, k, `is a duplicate ${what} (already used at ${path}[${first}])`);
    }
    seen.set(k, index);
  });
}
