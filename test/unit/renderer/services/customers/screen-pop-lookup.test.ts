import { describe, expect, it, vi } from 'vitest';
import type { CustomerCard } from '../../../../../shared/api/customers';
import { lookUpCaller } from '../../../../../renderer/src/services/customers/screen-pop-lookup';
import { customerCard, mobile } from '../../support/customer-builders';
import { networkDown } from '../../support/fake-hub';

const answers = (cards: CustomerCard[]) => vi.fn(async (_e164: string) => cards);
const failing = (error: unknown) => vi.fn(async (_e164: string): Promise<CustomerCard[]> => Promise.reject(error));

describe('lookUpCaller', () => {
  it('answers from the cache without asking the hub when the cache knows the number', async () => {
    const hub = answers([customerCard(2)]);
    const cache = answers([customerCard(1), customerCard(3)]);

    await expect(lookUpCaller(mobile(1), { cache, hub })).resolves.toEqual({ source: 'cache', customers: [customerCard(1), customerCard(3)] });
    expect(cache).toHaveBeenCalledWith(mobile(1));
    expect(hub).not.toHaveBeenCalled();
  });

  it('asks the hub when the cache has nobody with the number', async () => {
    const hub = answers([customerCard(1)]);

    await expect(lookUpCaller(mobile(1), { cache: answers([]), hub })).resolves.toEqual({ source: 'hub', customers: [customerCard(1)] });
    expect(hub).toHaveBeenCalledWith(mobile(1));
  });

  it('says the hub found nobody when neither knows the number', async () => {
    await expect(lookUpCaller(mobile(1), { cache: answers([]), hub: answers([]) })).resolves.toEqual({ source: 'hub', customers: [] });
  });

  it('reports the hub error instead of throwing when the hub is down', async () => {
    const down = networkDown();
    await expect(lookUpCaller(mobile(1), { cache: answers([]), hub: failing(down) })).resolves.toEqual({ source: 'none', customers: [], hubError: down });
  });

  it('falls through to the hub and reports the cache error when the local database is broken', async () => {
    const broken = new DOMException('Database closed', 'InvalidStateError');
    const onCacheError = vi.fn();
    const hub = answers([customerCard(1)]);

    await expect(lookUpCaller(mobile(1), { cache: failing(broken), hub, onCacheError })).resolves.toEqual({ source: 'hub', customers: [customerCard(1)] });
    expect(onCacheError).toHaveBeenCalledWith(broken);
  });

  it('answers none with the hub error when both the cache and the hub fail', async () => {
    const down = networkDown();
    await expect(lookUpCaller(mobile(1), { cache: failing(new Error('broken')), hub: failing(down) })).resolves.toEqual({
      source: 'none',
      customers: [],
      hubError: down,
    });
  });
});
