import { createHash } from 'node:crypto';
import type { Role } from '../../../shared/domain/roles';

export const DEMO_PASSWORD = 'demo1234';
export const DEFAULT_SIP_REALM = 'callcenter.local';

export interface DemoUser {
  username: string;
  displayName: string;
  role: Role;
  extension: string | null;
}

export const DEMO_USERS: readonly DemoUser[] = [
  { username: 'agent1', displayName: '张敏', role: 'agent', extension: '1001' },
  { username: 'agent2', displayName: '李娜', role: 'agent', extension: '1002' },
  { username: 'callback1', displayName: '王芳', role: 'callback', extension: '1101' },
  { username: 'qa1', displayName: '刘洋', role: 'qa', extension: null },
  { username: 'supervisor1', displayName: '陈静', role: 'supervisor', extension: null },
  { username: 'manager1', displayName: '赵刚', role: 'manager', extension: null },
  { username: 'admin', displayName: '系统管理员', role: 'admin', extension: null },
];

/**
 * The dev PBX registers demo extension E with the password `sip-E-demo` (e.g. 1001 →
 * `sip-1001-demo`). Deterministic on purpose: the PBX config is generated from the same rule.
 * Never use this for a real center.
 */
export const demoSipSecret = (extension: string): string => `sip-${extension}-demo`;

/** SIP digest HA1 (RFC 2617): what a registrar needs to check a password it does not store. */
export function sipHa1(extension: string, realm: string, secret: string): string {
  return createHash('md5').update(`${extension}:${realm}:${secret}`).digest('hex');
}
