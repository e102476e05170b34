import fc from 'fast-check';
import { assertAcceptablePassword, WeakPasswordError } from './password-policy.js';
import { commonPasswords } from './common-passwords.js';

const refused = (password: string) => {
  try {
    assertAcceptablePassword(password);
    return false;
  } catch (error) {
    if (error instanceof WeakPasswordError) return true;
    throw error;
  }
};

describe('password policy', () => {
  it('ships a list of a few thousand common passwords', () => {
    expect(commonPasswords().size).toBeGreaterThan(2000);
    expect(commonPasswords().has('password')).toBe(true);
  });

  it.each(['short1!', 'x'.repeat(129)])('refuses bad lengths: %s', (password) => {
    expect(refused(password)).toBe(true);
  });

  it.each([
    'password1234',
    'Password2024!',
    'P@ssw0rd2024',
    'qwertyuiop123',
    'iloveyou1234',
    'dragondragon',
    'aaaaaaaaaaaa',
    '123456789012',
    'abcdefghijklmn',
    'correcthorsebatterystaple',
    'Welcome12345',
  ])('refuses the common or predictable %s', (password) => {
    expect(refused(password)).toBe(true);
  });

  it.each(['plum-lantern-orbit-47', 'Tidal gravel sings softly', 'x9#Kq2!mVb7Lz'])(
    'accepts %s',
    (password) => {
      expect(refused(password)).toBe(false);
    },
  );

  it('counts characters, not bytes (12 emoji pass the minimum)', () => {
    expect(refused('🦉🌵🎻🚲🧭🍋🪁🐙🥨🪴🦔🧊')).toBe(false);
  });

  it('accepts random 16-character passwords', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom(...'abcdefghkmnpqrstuvwxyz23456789-_'),
          minLength: 16,
          maxLength: 24,
        }),
        (pw) => {
          fc.pre(new Set(pw).size > 6);
          expect(refused(pw)).toBe(false);
        },
      ),
    );
  });
});
