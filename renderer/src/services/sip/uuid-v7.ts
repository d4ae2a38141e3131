/**
 * UUIDv7 (RFC 9562 §5.7): 48 bits of Unix milliseconds, then random bits. Call ids sort by the
 * time the call started, which keeps the call log's IndexedDB index and the hub's table in order.
 */
export interface UuidV7Sources {
  now(): number;
  getRandomValues(bytes: Uint8Array): Uint8Array;
}

export function uuidV7(sources: UuidV7Sources): string {
  const bytes = new Uint8Array(16);
  sources.getRandomValues(bytes.subarray(6));
  let ms = Math.max(0, Math.floor(sources.now()));
  for (let i = 5; i >= 0; i -= 1) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = 0x70 | (bytes[6]! & 0x0f);
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function createUuidV7(sources: UuidV7Sources): () => string {
  return () => uuidV7(sources);
}
