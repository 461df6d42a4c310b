import { createHash } from 'node:crypto';

/** Deterministic numbers for the demo: the same organisation on every machine and every load. */

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
export const digest = (text: string) => `sha256:${sha256(text)}`;
export const round = (value: number, places = 4) => Math.round(value * 10 ** places) / 10 ** places;

export type Random = () => number;

/** mulberry32: a tiny seeded PRNG, so the demo is the same on every machine. */
export function seeded(label: string): Random {
  let state = parseInt(sha256(label).slice(0, 8), 16);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
