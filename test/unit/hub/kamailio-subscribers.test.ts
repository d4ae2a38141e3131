import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { migrate } from '../../../hub/src/db/migrate';
import { writeKamailioSubscribers } from '../../../hub/src/pbx/kamailio-subscribers';
import { seedDemo } from '../../../hub/src/seed/demo';
import { FakeClock } from '../../support/hub-clock';
import { createTestDatabase, describeEachBackend, type TestDatabase } from '../../support/hub-db';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');
const demoHa1 = (extension: string, realm = 'callcenter.local') => md5(`${extension}:${realm}:sip-${extension}-demo`);

describeEachBackend('writeKamailioSubscribers', (backend) => {
  let database: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
    await migrate(database.db);
    await seedDemo(database.db, { clock: new FakeClock(), customers: 0 });
  });
  afterAll(() => database.dispose());
  afterEach(() => rm(dir, { recursive: true, force: true }));
  const freshDir = async () => {
    dir = await mkdtemp(join(tmpdir(), 'hub-dbtext-'));
    return join(dir, 'db');
  };

  it('writes one db_text row per extension, then the extra rows, in the PBX harness format', async () => {
    const target = await freshDir();
    const phone = md5('9001:callcenter.local:phone-secret');

    const summary = await writeKamailioSubscribers(database.db, target, 'callcenter.local', [{ username: '9001', ha1: phone }]);

    expect(summary).toEqual({ written: 5, skipped: [] });
    expect(await readFile(join(target, 'subscriber'), 'utf8')).toBe(
      'id(int,auto) username(string) domain(string) ha1(string)\n' +
        `1:1001:callcenter.local:${demoHa1('1001')}\n` +
        `2:1002:callcenter.local:${demoHa1('1002')}\n` +
        `3:1101:callcenter.local:${demoHa1('1101')}\n` +
        `4:1102:callcenter.local:${demoHa1('1102')}\n` +
        `5:9001:callcenter.local:${phone}\n`,
    );
    expect(await readFile(join(target, 'version'), 'utf8')).toBe('id(int,auto) table_name(string) table_version(int) \n1:subscriber:7\n');
    expect((await readdir(target)).sort()).toEqual(['subscriber', 'version']);
    // A password equivalent: the owner and Kamailio's group may read it, nobody else.
    expect((await stat(join(target, 'subscriber'))).mode & 0o037).toBe(0);
  });

  it('writes the realm it is given as the domain', async () => {
    const target = await freshDir();

    await writeKamailioSubscribers(database.db, target, 'pbx.example');

    const rows = (await readFile(join(target, 'subscriber'), 'utf8')).split('\n').slice(1, -1);
    expect(rows.map((row) => row.split(':').slice(1, 3).join(':'))).toEqual(['1001:pbx.example', '1002:pbx.example', '1101:pbx.example', '1102:pbx.example']);
  });

  it('replaces the table and leaves no temporary file when it is written again', async () => {
    const target = await freshDir();
    await writeKamailioSubscribers(database.db, target, 'callcenter.local', [{ username: '9001', ha1: demoHa1('9001') }]);

    await writeKamailioSubscribers(database.db, target, 'callcenter.local');

    expect(await readFile(join(target, 'subscriber'), 'utf8')).not.toContain(':9001:');
    expect((await readdir(target)).sort()).toEqual(['subscriber', 'version']);
  });

  it('leaves out and reports a user whose HA1 would corrupt the table', async () => {
    const target = await freshDir();
    await database.db.query(
      `insert into users (username, display_name, role, password_hash, sip_extension, sip_ha1)
       values ('agent9', 'x', 'agent', 'scrypt$x', '1009', 'not-a-hash'), ('agent8', 'y', 'agent', 'scrypt$x', '1008', null)`,
    );
    try {
      const summary = await writeKamailioSubscribers(database.db, target, 'callcenter.local');

      expect(summary.written).toBe(4);
      expect(summary.skipped).toEqual([
        { username: 'agent8', reason: 'it has no SIP HA1' },
        { username: 'agent9', reason: 'its SIP HA1 is not 32 hex digits' },
      ]);
      expect(await readFile(join(target, 'subscriber'), 'utf8')).not.toMatch(/:100[89]:/);
    } finally {
      await database.db.query("delete from users where username in ('agent8', 'agent9')");
    }
  });

  it.each([
    ['an extension of a user', [{ username: '1001', ha1: demoHa1('1001') }], /already an extension/],
    ['a username with a colon', [{ username: '90:01', ha1: demoHa1('9001') }], /not a plain SIP user/],
    ['a short HA1', [{ username: '9001', ha1: 'abc' }], /32 hex digits/],
  ])('throws and writes nothing when an extra row is %s', async (_what, extra, message) => {
    const target = await freshDir();

    await expect(writeKamailioSubscribers(database.db, target, 'callcenter.local', extra)).rejects.toThrow(message);

    await expect(readdir(target)).rejects.toThrow(/ENOENT/);
  });
});
