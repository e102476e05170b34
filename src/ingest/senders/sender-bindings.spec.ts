import { SenderBindings, SenderConfigError } from './sender-bindings.js';
import { senderSettingsProblems } from './sender-settings.js';

const mllp = (address: string, ...certificateNames: string[]) =>
  ({ kind: 'mllp', address, certificateNames }) as const;

describe('SenderBindings', () => {
  const bindings = SenderBindings.parse(
    'cn=lab-gw:LAB|HOSP, LAB^1.2.3^ISO|HOSP; net=10.1.0.0/16:ADT|*; user=Feed@Example.org:FEED|HOSP',
    undefined,
    true,
  );

  it('binds a certificate name, a network and a user to their own MSH-3|MSH-4 pairs only', () => {
    expect(bindings.pairsFor(mllp('192.0.2.1', 'lab-gw'))).toEqual([
      { application: 'LAB', facility: 'HOSP' },
      { application: 'LAB^1.2.3^ISO', facility: 'HOSP' },
    ]);
    expect(bindings.pairsFor(mllp('::ffff:10.1.200.3'))).toEqual([{ application: 'ADT', facility: '*' }]);
    expect(bindings.pairsFor(mllp('10.2.0.1', 'other-gw'))).toEqual([]);
    expect(bindings.pairsFor({ kind: 'user', userId: 'u1', email: 'feed@example.org' })).toHaveLength(1);
    expect(bindings.pairsFor({ kind: 'user', userId: 'u2', email: 'someone@example.org' })).toEqual([]);
    // A user binding never matches an MLLP peer, nor a certificate binding an HTTP caller.
    expect(bindings.pairsFor(mllp('10.2.0.1', 'feed@example.org'))).toEqual([]);
  });

  it('answers "bound to anyone" for operators (files, replays)', () => {
    expect(bindings.allows('ADT', 'ANYWHERE')).toBe(true);
    expect(bindings.allows('LAB', 'OTHER')).toBe(false);
  });

  it('allows everyone only outside production when nothing is configured', () => {
    expect(SenderBindings.parse(undefined, undefined, false).pairsFor(mllp('192.0.2.1'))).toHaveLength(1);
    expect(SenderBindings.parse(undefined, undefined, true).pairsFor(mllp('192.0.2.1'))).toEqual([]);
    const legacy = SenderBindings.parse(undefined, 'LAB|HOSP,MONITOR', false);
    expect(legacy.pairsFor(mllp('192.0.2.1'))).toEqual([
      { application: 'LAB', facility: 'HOSP' },
      { application: 'MONITOR', facility: '*' },
    ]);
  });

  it.each([
    ['lab-gw:LAB|HOSP', 'is not <cn|net|user>'],
    ['cn=:LAB|HOSP', 'names no identity'],
    ['host=x:LAB|HOSP', 'unknown identity kind'],
    ['net=10.1.0.0/33:LAB|HOSP', 'not an address or CIDR'],
    ['cn=lab-gw:LAB|HOSP|X', 'not an MSH-3|MSH-4 pair'],
    ['cn=lab-gw:', 'no MSH-3|MSH-4 pair'],
  ])('refuses the malformed binding %s', (setting, message) => {
    expect(() => SenderBindings.parse(setting, undefined, false)).toThrow(SenderConfigError);
    expect(() => SenderBindings.parse(setting, undefined, false)).toThrow(message);
  });

  it('refuses INGEST_ALLOWED_SENDERS in production, and unauthenticated MLLP there', () => {
    const production = { NODE_ENV: 'production', MLLP_PORT: 2575 };
    expect(senderSettingsProblems({ ...production, INGEST_ALLOWED_SENDERS: 'LAB|HOSP' })).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'INGEST_ALLOWED_SENDERS' }),
        expect.objectContaining({
          path: 'MLLP_TLS_CA_FILE',
          message: expect.stringContaining('client certificates'),
        }),
      ]),
    );
    const tls = { MLLP_TLS_CERT_FILE: 'c', MLLP_TLS_KEY_FILE: 'k' };
    expect(senderSettingsProblems({ ...production, ...tls })).toHaveLength(1);
    expect(senderSettingsProblems({ ...production, ...tls, MLLP_TLS_CA_FILE: 'ca' })).toEqual([]);
    expect(senderSettingsProblems({ ...production, MLLP_ALLOWED_NETWORKS: '10.1.0.0/16' })).toEqual([]);
    expect(senderSettingsProblems({ ...production, MLLP_PORT: 0 })).toEqual([]);
    expect(senderSettingsProblems({ NODE_ENV: 'development', MLLP_PORT: 2575 })).toEqual([]);
    expect(senderSettingsProblems({ ...production, MLLP_ALLOWED_NETWORKS: 'everyone' })).toEqual([
      expect.objectContaining({ path: 'MLLP_ALLOWED_NETWORKS' }),
    ]);
  });
});
