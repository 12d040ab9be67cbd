/**
 * IPv4 CIDR arithmetic done at compile time, so subnet ranges are plain strings in the template
 * and overlaps or overflows fail the build with the input path instead of failing a deployment.
 */
import { InputError } from '../../dsl/index.js';

export interface Cidr {
  /** Network address as an unsigned 32-bit integer. */
  readonly base: number;
  readonly prefix: number;
}

const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

export function size(cidr: Cidr): number {
  return 2 ** (32 - cidr.prefix);
}

/** Parses `a.b.c.d/n`; the address must be the network address of its block (no host bits set). */
export function parseCidr(path: string, text: string): Cidr {
  const match = typeof text === 'string' ? IPV4_CIDR.exec(text) : null;
  if (!match) throw new InputError(path, text, 'is not an IPv4 CIDR block (a.b.c.d/n)');
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255) || prefix > 32) {
    throw new InputError(path, text, 'is not an IPv4 CIDR block (octets 0 to 255, prefix 0 to 32)');
  }
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const cidr = { base: address, prefix };
  if (address % size(cidr) !== 0) {
    const aligned = formatCidr({ base: address - (address % size(cidr)), prefix });
    throw new InputError(path, text, `has host bits set: the block starting at that address is ${aligned}`);
  }
  return cidr;
}

export function formatCidr(cidr: Cidr): string {
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(cidr.base / 2 ** shift) % 256);
  return `${octets.join('.')}/${cidr.prefix}`;
}

export function contains(outer: Cidr, inner: Cidr): boolean {
  return inner.prefix >= outer.prefix && inner.base >= outer.base && inner.base + size(inner) <= outer.base + size(outer);
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.base < b.base + size(b) && b.base < a.base + size(a);
}

/**
 * The first block of the given prefix inside `within` that overlaps none of `taken`, or undefined
 * when none is left. Blocks are aligned to their size, as CIDR blocks must be.
 */
export function firstFree(within: Cidr, prefix: number, taken: readonly Cidr[]): Cidr | undefined {
  if (prefix < within.prefix || prefix > 32) return undefined;
  const step = 2 ** (32 - prefix);
  for (let base = within.base; base + step <= within.base + size(within); base += step) {
    const candidate = { base, prefix };
    if (!taken.some((t) => overlaps(t, candidate))) return candidate;
  }
  return undefined;
}
