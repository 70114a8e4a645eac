// Deterministic pseudo-randomness: every figure the sandbox invents is a pure
// function of the account seed and a few labels, so runs are reproducible.

/** 32-bit FNV-1a over the joined parts, passed through a murmur3 finaliser for better spread. */
export function hash32(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  const text = parts.join('|');
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A number in [0, 1) derived from the parts. */
export function unitHash(...parts: (string | number)[]): number {
  return hash32(...parts) / 0x1_0000_0000;
}

/** A number in [low, high) derived from the parts. */
export function between(low: number, high: number, ...parts: (string | number)[]): number {
  return low + (high - low) * unitHash(...parts);
}

/** A seeded sequence of numbers in [0, 1) (mulberry32), for generating whole accounts and leads. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
  };
}

/** Picks one element; the list must not be empty. */
export function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick() needs a non-empty list');
  return item;
}
