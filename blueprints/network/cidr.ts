/**
 * IPv4 and IPv6 CIDR blocks: arithmetic done at compile time, so subnet ranges are plain strings in
 * the template and overlaps or overflows fail the build with the input path instead of failing a
 * deployment; and the schema leaves blueprint inputs take CIDR blocks with.
 */
import { InputError, s } from '../../dsl/index.js';

export interface Cidr {
  /** Network address as an unsigned 32-bit integer. */
  readonly base: number;
  readonly prefix: number;
}

const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;
/** The shape of an IPv4 CIDR block with octets 0..255 and a prefix 0..32 (also a parameter's AllowedPattern). */
const IPV4_CIDR_TEXT = /^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\/([0-9]|[12][0-9]|3[0-2])$/;
/** Hexadecimal groups and colons, then a prefix 0..128; the groups are checked in code (a pattern cannot count `::`). */
const IPV6_CIDR_TEXT = /^[0-9A-Fa-f:]{2,39}\/([0-9]|[1-9][0-9]|1[01][0-9]|12[0-8])$/;

export function size(cidr: Cidr): number {
  return 2 ** (32 - cidr.prefix);
}

/**
 * What is wrong with `text` as an IPv4 CIDR block, or undefined. The address must be the network
 * address of its block (a CIDR block is the first address and a prefix length:
 * https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html). `10.0.1.0/16` does not say
 * what it means: at best EC2 takes the block it falls in (10.0.0.0/16), so a subnet plan or a rule
 * would cover a range other than the one its reader sees.
 */
export function cidrProblem(text: unknown): string | undefined {
  const match = typeof text === 'string' ? IPV4_CIDR.exec(text) : null;
  if (!match) return 'is not an IPv4 CIDR block (a.b.c.d/n)';
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return 'is not an IPv4 CIDR block (octets 0 to 255, prefix 0 to 32)';
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const block = 2 ** (32 - prefix);
  if (address % block !== 0) return `has host bits set: the block starting at that address is ${formatCidr({ base: address - (address % block), prefix })}`;
  return undefined;
}

/** Parses `a.b.c.d/n`; the address must be the network address of its block (no host bits set). */
export function parseCidr(path: string, text: string): Cidr {
  const problem = cidrProblem(text);
  if (problem) throw new InputError(path, text, problem);
  const match = IPV4_CIDR.exec(text)!;
  return { base: match.slice(1, 5).map(Number).reduce((acc, o) => acc * 256 + o, 0), prefix: Number(match[5]) };
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

/** An IPv4 CIDR block without host bits (`10.0.0.0/16`); a deploy-time parameter gets the shape as its AllowedPattern. */
export function ipv4Cidr() {
  return s.refine(s.text(IPV4_CIDR_TEXT, 'an IPv4 CIDR block (a.b.c.d/n, octets 0 to 255, prefix 0 to 32)'), (text) => {
    const problem = cidrProblem(text);
    // The pattern already said what the shape must be; only the host bits are left to say.
    return problem?.startsWith('has host bits') ? problem : undefined;
  });
}

/** The 128-bit value of an IPv6 address, or undefined when it is not one (eight groups, at most one `::`). */
function ipv6Value(address: string): bigint | undefined {
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (!all.every((group) => /^[0-9A-Fa-f]{1,4}$/.test(group))) return undefined;
  return all.reduce((acc, group) => (acc << 16n) | BigInt(parseInt(group, 16)), 0n);
}

/** What is wrong with `text` as an IPv6 CIDR block (`2001:db8::/32`, `::/0`), or undefined. */
export function ipv6CidrProblem(text: string): string | undefined {
  const [address = '', prefixText = ''] = text.split('/');
  const value = ipv6Value(address);
  const prefix = Number(prefixText);
  if (value === undefined || !/^\d{1,3}$/.test(prefixText) || prefix > 128) return 'is not an IPv6 CIDR block (eight groups of hexadecimal digits, at most one "::", then /0 to /128)';
  const hostBits = 128n - BigInt(prefix);
  if (hostBits > 0n && value % (1n << hostBits) !== 0n) return 'has host bits set: give the first address of the block';
  return undefined;
}

/** An IPv6 CIDR block without host bits (`::/0`, `2001:db8::/32`). */
export function ipv6Cidr() {
  return s.refine(s.text(IPV6_CIDR_TEXT, 'an IPv6 CIDR block (such as 2001:db8::/32 or ::/0)'), ipv6CidrProblem);
}
