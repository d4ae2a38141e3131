import type { ConsoleApi } from '../../../shared/ipc/contract';
import type { HubClient } from '../services/hub';

/**
 * The store's side effects, handed in at start-up: the app passes the real bridge and hub client,
 * tests pass fakes, and the store never reaches for `window` or the network by itself.
 */
export interface StoreDeps {
  bridge: ConsoleApi;
  createHubClient(baseUrl: string): HubClient;
}

let deps: StoreDeps | null = null;

export function configureStoreDeps(next: StoreDeps): void {
  deps = next;
}

export function getStoreDeps(): StoreDeps {
  if (!deps) throw new Error('configureStoreDeps() must run before the store performs I/O.');
  return deps;
}
