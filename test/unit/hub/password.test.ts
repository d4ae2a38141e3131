import { describe, expect, it } from 'vitest';
import { burnPasswordCheck, hashPassword, verifyPassword } from '../../../hub/src/auth/password';
import { bearerToken, hashSessionToken, newSessionToken } from '../../../hub/src/auth/tokens';

describe('password hashing', () => {
  it('stores scrypt parameters and a random salt when it hashes', async () => {
    const [a, b] = await Promise.all([hashPassword('demo1234'), hashPassword('demo1234')]);

    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
  });

  it('accepts the right password and rejects a wrong one', async () => {
    const stored = await hashPassword('demo1234');

    expect(await verifyPassword('demo1234', stored)).toBe(true);
    expect(await verifyPassword('demo12345', stored)).toBe(false);
  });

  it.each(['', 'plain', 'scrypt$abc$8$1$c2FsdA==$a2V5', 'scrypt$99999999999$8$1$c2FsdA==$a2V5', 'bcrypt$x'])(
    'rejects every password when the stored hash is %j',
    async (stored) => {
      expect(await verifyPassword('demo1234', stored)).toBe(false);
    },
  );

  it('says no when it only burns time for an unknown user', async () => {
    expect(await burnPasswordCheck('demo1234')).toBe(false);
  });
});

describe('session tokens', () => {
  it('makes 43-character base64url tokens and hex sha256 digests', () => {
    const token = newSessionToken();

    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hashSessionToken(token)).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    [undefined, null],
    ['', null],
    ['Bearer', null],
    ['Bearer short', null],
    ['Basic ' + 'a'.repeat(43), null],
    ['Bearer ' + 'a'.repeat(43), 'a'.repeat(43)],
    ['bearer ' + 'a'.repeat(43), 'a'.repeat(43)],
    ['Bearer ' + 'a'.repeat(44), null],
  ])('reads %j as %j', (header, expected) => {
    expect(bearerToken(header)).toBe(expected);
  });
});
