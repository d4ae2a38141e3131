import { describe, expect, it } from 'vitest';
import { uuidV7 } from '../../../../../renderer/src/services/sip/uuid-v7';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuidV7', () => {
  it('puts the milliseconds first and sets version 7 and the RFC 9562 variant', () => {
    const id = uuidV7({ now: () => 0x0192_3456_789a, getRandomValues: (bytes) => bytes.fill(0xff) });
    expect(id).toBe('01923456-789a-7fff-bfff-ffffffffffff');
    expect(id).toMatch(UUID_V7);
  });

  it('sorts by time', () => {
    let n = 0;
    const random = (bytes: Uint8Array) => bytes.fill((n += 37) % 256);
    const ids = [1_700_000_000_000, 1_700_000_000_001, 1_800_000_000_000].map((ms) => uuidV7({ now: () => ms, getRandomValues: random }));
    expect([...ids].sort()).toEqual(ids);
    ids.forEach((id) => expect(id).toMatch(UUID_V7));
  });

  it('gives different ids in the same millisecond', () => {
    const ids = new Set(Array.from({ length: 100 }, () => uuidV7({ now: () => 5, getRandomValues: (b) => crypto.getRandomValues(b) })));
    expect(ids.size).toBe(100);
  });
});
