import { createHash } from 'node:crypto';

// A copy whose objects have their keys inserted in sorted order, which JSON.stringify keeps. Much
// faster than writing the JSON by hand, since the stringify itself stays native.
function sortedCopy(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(sortedCopy);
  const object = value as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(object).sort()) copy[key] = sortedCopy(object[key]);
  return copy;
}

/**
 * JSON with the keys of every object sorted, so that the same content gives the same text whatever
 * order its keys were sent in (an event's `detail` keeps the console's order) and whatever order
 * the schema declares them in: a hash of it tells a retry from a change across hub versions.
 * (Integer-like keys, which JavaScript always enumerates first in numeric order, come first.)
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortedCopy(value)) ?? 'null';
}

export const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');
