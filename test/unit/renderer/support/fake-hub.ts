import type { LoginResponse, MeResponse } from '../../../../shared/api/auth';
import type { OrgDesign } from '../../../../shared/api/org';
import { HubError, type HubClient } from '../../../../renderer/src/services/hub';

type Handler<T> = (...args: unknown[]) => Promise<T>;

/** A HubClient whose answers each test scripts; it records the base URL and tokens it was given. */
export function fakeHub() {
  const calls: string[] = [];
  const handlers: {
    login: Handler<LoginResponse>;
    logout: Handler<void>;
    me: Handler<MeResponse>;
    org: Handler<OrgDesign>;
  } = {
    login: async () => Promise.reject(new Error('login not scripted')),
    logout: async () => undefined,
    me: async () => Promise.reject(new Error('me not scripted')),
    org: async () => Promise.reject(new Error('org not scripted')),
  };
  const create = (baseUrl: string): HubClient => ({
    login: (request) => {
      calls.push(`${baseUrl} login ${request.username}`);
      return handlers.login(request);
    },
    logout: (token) => {
      calls.push(`${baseUrl} logout ${token}`);
      return handlers.logout(token);
    },
    me: (token) => {
      calls.push(`${baseUrl} me ${token}`);
      return handlers.me(token);
    },
    org: (token) => {
      calls.push(`${baseUrl} org ${token}`);
      return handlers.org(token);
    },
  });
  return { create, handlers, calls };
}

export const unauthorized = () => new HubError({ status: 401, code: 'unauthorized', message: 'Invalid token' });
export const networkDown = () => new HubError({ status: 0, code: 'network', message: 'Cannot reach the hub' });
