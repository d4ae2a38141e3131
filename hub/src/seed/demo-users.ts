import { createHash } from 'node:crypto';
import type { Role } from '../../../shared/domain/roles';

export const DEMO_PASSWORD = 'demo1234';
export const DEFAULT_SIP_REALM = 'callcenter.local';

export interface DemoUser {
  username: string;
  displayName: string;
  role: Role;
  extension: string | null;
  /** Their department in the org design (demo-org.ts); department staff act for it. */
  departmentCode: string | null;
}

export const DEMO_USERS: readonly DemoUser[] = [
  { username: 'agent1', displayName: '张敏', role: 'agent', extension: '1001', departmentCode: 'acceptance' },
  { username: 'agent2', displayName: '李娜', role: 'agent', extension: '1002', departmentCode: 'acceptance' },
  { username: 'callback1', displayName: '王芳', role: 'callback', extension: '1101', departmentCode: 'callback' },
  // A second callback specialist: two people claiming from one pool (issue 8).
  { username: 'callback2', displayName: '回访专员二', role: 'callback', extension: '1102', departmentCode: 'callback' },
  { username: 'qa1', displayName: '刘洋', role: 'qa', extension: null, departmentCode: 'quality' },
  // A second assessor: sampled calls are shared among assessors, and calibration needs two (issue 9).
  { username: 'qa2', displayName: '韩雪', role: 'qa', extension: null, departmentCode: 'quality' },
  { username: 'supervisor1', displayName: '陈静', role: 'supervisor', extension: null, departmentCode: 'service' },
  { username: 'manager1', displayName: '赵刚', role: 'manager', extension: null, departmentCode: 'service' },
  { username: 'admin', displayName: '系统管理员', role: 'admin', extension: null, departmentCode: null },
  // The general manager: the escalation chain's top and the approver beyond the manager's authority.
  { username: 'gm', displayName: '孙建华', role: 'manager', extension: null, departmentCode: 'gm-office' },
  // Staff of the specialist departments, who work the complaint cases that wait on them (DOMAIN.md §3).
  { username: 'field1', displayName: '周强', role: 'department', extension: null, departmentCode: 'market-service' },
  { username: 'logistics1', displayName: '吴磊', role: 'department', extension: null, departmentCode: 'logistics' },
  { username: 'production1', displayName: '郑伟', role: 'department', extension: null, departmentCode: 'production' },
  { username: 'qm1', displayName: '冯丽', role: 'department', extension: null, departmentCode: 'quality-management' },
  { username: 'sales1', displayName: '何军', role: 'department', extension: null, departmentCode: 'sales' },
  { username: 'tech1', displayName: '孙涛', role: 'department', extension: null, departmentCode: 'tech-service' },
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
