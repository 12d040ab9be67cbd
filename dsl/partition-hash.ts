/**
 * Where a unit goes in a partition trie: a function of its key and the fan-out of each level only,
 * so that adding or removing other units never moves it.
 *
 * Each level picks a bucket with jump consistent hashing (Lamping and Veach, "A Fast, Minimal
 * Memory, Consistent Hash Algorithm", https://arxiv.org/abs/1406.2294): when a level's bucket count
 * grows from F to G, a key either keeps its bucket or moves to one of the new ones, so raising a
 * fan-out moves about (G-F)/G of the units instead of nearly all of them. The random sequence the
 * algorithm draws from is seeded, per level, by 32 bits of the key's SHA-256.
 */
import { createHash } from 'node:crypto';

const TWO_32 = 2 ** 32;
const GOLDEN = 0x9e3779b9;

/** The bucket of `key` at each level: `fanOut[level]` buckets there. */
export function bucketPath(key: string, fanOut: readonly number[]): number[] {
  const digest = createHash('sha256').update(key).digest();
  return fanOut.map((buckets, level) => jump(digest.readUInt32BE(level * 4), buckets));
}

/** Jump consistent hash of `seed` into `buckets` buckets (the paper's floating-point form). */
function jump(seed: number, buckets: number): number {
  let bucket = -1;
  let next = 0;
  for (let draw = 0; next < buckets; draw++) {
    bucket = next;
    // A uniform number in (0, 1]: the chance that the key stays put as buckets are added.
    const uniform = (mix((seed + Math.imul(draw, GOLDEN)) >>> 0) + 1) / TWO_32;
    next = Math.floor((bucket + 1) / uniform);
  }
  return bucket;
}

/** A 32-bit integer mixer (xor-shift and multiply rounds): spreads nearby seeds over the whole range. */
function mix(value: number): number {
  let x = value;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}
