import { describe, expect, it } from 'vitest';
import { CALL_LOG_EVENT_TYPES, TransferRecordSchema } from '../../../../shared/api/call-logs';
import { DepartmentSchema, TransferTargetSchema } from '../../../../shared/api/org';
import { LANGUAGES } from '../../../../shared/domain/i18n';
import { ROLES } from '../../../../shared/domain/roles';
import { languageFromSearch } from '../../../../renderer/src/i18n';
import { localeMessages, type Messages } from '../../../../renderer/src/i18n/locale-messages';
import { PANES } from '../../../../renderer/src/features/workspace/panes';
import { HOTKEY_ACTIONS, HotkeyStatusSchema } from '../../../../shared/ipc/contract';
import { AGENT_STATES, DESKTOP_NOTICE_KEYS, PHONE_ACTIONS, PHONE_ERROR_CODES } from '../../../../renderer/src/store';

function flatten(messages: Messages, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(messages)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const flat = Object.fromEntries(LANGUAGES.map((l) => [l, flatten(localeMessages[l])])) as Record<
  (typeof LANGUAGES)[number],
  Map<string, string>
>;
const enKeys = [...flat['en-US'].keys()].sort();
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

// The renderer's sources as text, to find the keys it asks for.
const sources = import.meta.glob<string>('../../../../renderer/src/**/*.{ts,tsx}', {
  query: '?raw',
  import: 'default',
  eager: true,
});

describe('translation resources', () => {
  it('has exactly the same keys in en-US and zh-CN', () => {
    expect([...flat['zh-CN'].keys()].sort()).toEqual(enKeys);
  });

  it('uses the same interpolation placeholders in every language', () => {
    for (const key of enKeys) {
      expect(placeholders(flat['zh-CN'].get(key) ?? ''), key).toEqual(placeholders(flat['en-US'].get(key) ?? ''));
    }
  });

  it('has no empty strings', () => {
    for (const language of LANGUAGES) {
      for (const [key, value] of flat[language]) expect(value.trim(), `${language} ${key}`).not.toBe('');
    }
  });

  it('has a text for every literal key the renderer passes to t()', () => {
    const used = new Set<string>();
    for (const text of Object.values(sources)) {
      for (const match of text.matchAll(/\bt\(\s*'([^']+)'/g)) used.add(match[1]!);
    }
    expect(used.size).toBeGreaterThan(20);
    expect([...used].filter((key) => !flat['en-US'].has(key))).toEqual([]);
  });

  it('has a text for every value that dynamic keys are built from', () => {
    const needed = [
      ...ROLES.map((role) => `roles.${role}`),
      ...PANES.flatMap((pane) => [`panes.${pane}.title`, `panes.${pane}.description`]),
      ...LANGUAGES.map((language) => `language.options.${language}`),
      ...AGENT_STATES.map((state) => `workspace.agentState.${state}`),
      ...DepartmentSchema.shape.kind.options.map((kind) => `org.departmentKinds.${kind}`),
      ...TransferTargetSchema.shape.kind.options.map((kind) => `org.targetKinds.${kind}`),
      ...TransferTargetSchema.shape.kind.options.map((kind) => `phone.transfer.groups.${kind}`),
      ...PHONE_ERROR_CODES.map((code) => `phone.errors.${code}`),
      ...PHONE_ACTIONS.map((action) => `phone.actionFailed.${action}`),
      ...['ringing', 'dialing', 'talking', 'held', 'ended'].map((state) => `phone.call.state.${state}`),
      ...['inbound', 'outbound'].map((direction) => `phone.call.direction.${direction}`),
      ...['pending', 'accepted', 'failed'].map((state) => `phone.call.transfer.${state}`),
      ...['local', 'remote', 'system'].map((by) => `phone.call.endedBy.${by}`),
      ...['empty', 'characters', 'not_a_number'].map((reason) => `phone.dialpad.invalid.${reason}`),
      ...CALL_LOG_EVENT_TYPES.map((type) => `callLog.events.${type}`),
      ...TransferRecordSchema.shape.kind.options.map((kind) => `callLog.details.transferKinds.${kind}`),
      ...TransferRecordSchema.shape.outcome.options.map((outcome) => `callLog.details.transferOutcomes.${outcome}`),
      'phone.devices.unnamedInput',
      'phone.devices.unnamedOutput',
      ...DESKTOP_NOTICE_KEYS,
      ...HOTKEY_ACTIONS.map((action) => `settings.hotkeys.actions.${action}`),
      ...[...HotkeyStatusSchema.shape.status.options, 'unsaved'].map((status) => `settings.hotkeys.status.${status}`),
      ...['no_modifier', 'unknown_key', 'invalid', 'duplicate'].map((reason) => `settings.hotkeys.errors.${reason}`),
      ...['required', 'not_http', 'too_long'].map((problem) => `settings.server.problems.${problem}`),
    ];
    expect(needed.filter((key) => !flat['en-US'].has(key))).toEqual([]);
  });

  it('has the login labels the console is known by', () => {
    expect(flat['en-US'].get('login.username')).toBe('Username');
    expect(flat['en-US'].get('login.password')).toBe('Password');
    expect(flat['en-US'].get('login.submit')).toBe('Log in');
    expect(flat['zh-CN'].get('login.username')).toBe('用户名');
    expect(flat['zh-CN'].get('login.password')).toBe('密码');
    expect(flat['zh-CN'].get('login.submit')).toBe('登录');
    expect(flat['en-US'].get('workspace.agentState.not_ready')).toBe('Not ready');
    expect(flat['zh-CN'].get('workspace.agentState.not_ready')).toBe('未就绪');
  });

  it('names the call buttons as the agents know them', () => {
    const en = ['Answer', 'Reject', 'Hang up', 'Hold', 'Resume', 'Mute', 'Unmute', 'Transfer'];
    const zh = ['接听', '拒接', '挂断', '保持', '恢复', '静音', '取消静音', '转接'];
    const keys = ['answer', 'reject', 'hangUp', 'hold', 'resume', 'mute', 'unmute', 'transfer'].map((k) => `phone.actions.${k}`);
    expect(keys.map((k) => flat['en-US'].get(k))).toEqual(en);
    expect(keys.map((k) => flat['zh-CN'].get(k))).toEqual(zh);
    expect(flat['en-US'].get('workspace.agentState.label')).toBe('Agent state');
    expect(flat['zh-CN'].get('workspace.agentState.label')).toBe('坐席状态');
    expect(flat['en-US'].get('phone.dialpad.number')).toBe('Number');
    expect(flat['en-US'].get('phone.dialpad.dial')).toBe('Dial');
  });

  it('names the wrap-up controls as the agents know them', () => {
    const keys = ['callLog.wrapUp.disposition', 'callLog.wrapUp.notes', 'callLog.wrapUp.finish', 'panes.history.title', 'callLog.sync.pending', 'callLog.sync.uploaded'];
    expect(keys.map((k) => flat['en-US'].get(k))).toEqual(['Disposition', 'Call notes', 'Finish wrap-up', 'Call history', 'Waiting to upload', 'Uploaded']);
    expect(keys.map((k) => flat['zh-CN'].get(k))).toEqual(['处理结果', '通话记录', '完成话后处理', '通话历史', '待上传', '已上传']);
  });
});

describe('languageFromSearch', () => {
  it('returns the language when ?lang names a supported one', () => {
    expect(languageFromSearch('?lang=en-US')).toBe('en-US');
    expect(languageFromSearch('?x=1&lang=zh-CN')).toBe('zh-CN');
  });

  it('returns null when ?lang is absent or unsupported', () => {
    expect(languageFromSearch('')).toBeNull();
    expect(languageFromSearch('?lang=fr-FR')).toBeNull();
  });
});
