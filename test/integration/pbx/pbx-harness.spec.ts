/** The PBX harness's own contract, where it does not need a browser. */
import { test, expect } from '@playwright/test';
import os from 'node:os';
import path from 'node:path';
import { ha1, startPbx, PbxError } from '../../../pbx/dev-pbx';

test('ha1 is md5 of user:realm:password in hex, as auth_db expects it', () => {
  // printf '%s' '1001:callcenter.local:secret' | md5sum
  expect(ha1('1001', 'callcenter.local', 'secret')).toBe('9c908418d28e7687174bb9cca3f63654');
});

test('startPbx names the packages to install when kamailio is missing', async () => {
  const missing = startPbx({
    subscribers: [],
    logDir: path.join(os.tmpdir(), 'pbx-harness-missing'),
    kamailioPath: '/nonexistent/kamailio',
  });
  await expect(missing).rejects.toBeInstanceOf(PbxError);
  await expect(missing).rejects.toMatchObject({ code: 'KAMAILIO_NOT_INSTALLED' });
  await expect(missing).rejects.toThrow('apt-get install kamailio kamailio-websocket-modules');
});

test('startPbx refuses a subscriber name that would break the db_text row', async () => {
  const bad = startPbx({ subscribers: [{ username: '10:01', password: 'x' }], logDir: path.join(os.tmpdir(), 'pbx-harness-bad') });
  await expect(bad).rejects.toMatchObject({ code: 'BAD_SUBSCRIBER' });
});
