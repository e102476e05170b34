import { userWithToken } from '../support/auth.js';
import { listeningApp, type ListeningApp } from './auth-support.js';

/**
 * Break-the-glass reasons are free text about the patient. Before: stored in clear
 * in break_glass_grants and in the audit event (so erasing the patient left them), and
 * twenty zero-width spaces plus "abc" passed the 10-character rule.
 */
describe('attack: break-glass reasons that say nothing, and reasons that outlive the patient', () => {
  let t: ListeningApp;
  beforeAll(async () => (t = await listeningApp()));
  afterAll(() => t.close());

  const REASON = 'Collapsed in radiology, Quorwyn allergy history needed';

  async function setting() {
    const doctor = await userWithToken(t, 'clinician');
    const er = await userWithToken(t, 'clinician');
    const officer = await userWithToken(t, 'compliance');
    const admin = await userWithToken(t, 'admin');
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
    const registered = await t.call('POST', '/api/patients', {
      body: {
        mrn: `MRN-BG-${Date.now()}`,
        name: { family: 'Testperson', given: ['Ada'] },
        birthDate: '1950-02-03',
        sex: 'female',
      },
      headers: bearer(doctor.token),
    });
    expect(registered.status).toBe(201);
    const patientId = registered.body.id as string;
    return {
      patientId,
      breakGlass: (reason: string) =>
        t.call('POST', `/api/patients/${patientId}/break-glass`, {
          body: { reason },
          headers: bearer(er.token),
        }),
      reviewReasons: async () => {
        const page = await t.call('GET', `/api/audit/events?type=breakglass.start&patient=${patientId}`, {
          headers: bearer(officer.token),
        });
        expect(page.status).toBe(200);
        return (page.body.items as { reason: string | null }[]).map((event) => event.reason);
      },
      erase: () => t.call('DELETE', `/api/patients/${patientId}`, { headers: bearer(admin.token) }),
    };
  }

  it('refuses reasons whose visible characters, after NFKC and without format characters, are under 10', async () => {
    const { patientId, breakGlass } = await setting();
    const invisible = [
      '\u200b'.repeat(20) + 'abc', // zero-width spaces
      'urg\u200d\u200c\u2060\ufeff\u00adent!!', // joiners, word joiner, BOM, soft hyphen: "urgent!!"
      '\u2066\u2067\u2068\u2069\u202a\u202eabcdefg', // bidi controls
      'ａ　ｂ　ｃ　ｄ　ｅ', // full-width letters and ideographic spaces: 5 visible
      'a b c d e f g h i', // 9 visible, padded with spaces
    ];
    for (const reason of invisible) {
      const answer = await breakGlass(reason);
      expect(answer.status).toBe(400); // reason_required (or the DTO's raw length check)
    }
    expect(await t.prisma.breakGlassGrant.count({ where: { patientId } })).toBe(0);
    expect(await t.prisma.auditEvent.count({ where: { type: 'breakglass.start', patientId } })).toBe(0);
    expect((await breakGlass('ｕｎｃｏｎｓｃｉｏｕｓ in ED')).status).toBe(201); // full-width counts once normalised
  });

  it('seals the reason under the patient key, shows it to compliance, and shreds it with the patient', async () => {
    const { patientId, breakGlass, reviewReasons, erase } = await setting();
    expect((await breakGlass(REASON)).status).toBe(201);
    const needle = Buffer.from('Quorwyn');
    const grant = await t.prisma.breakGlassGrant.findFirstOrThrow({ where: { patientId } });
    expect(grant.reasonCiphertext).not.toBeNull();
    expect(Buffer.from(grant.reasonCiphertext!).includes(needle)).toBe(false);
    const clearText = await t.prisma.$queryRawUnsafe<{ n: bigint }[]>(
      `SELECT count(*) AS n FROM audit_events WHERE reason LIKE '%Quorwyn%' OR array_to_string(entity_ids, ' ') LIKE '%Quorwyn%'`,
    );
    expect(Number(clearText[0]!.n)).toBe(0);
    expect(await reviewReasons()).toEqual([REASON]);

    expect((await erase()).status).toBe(204);
    expect(await reviewReasons()).toEqual([null]);
    // The ciphertext is still there, but its key is gone: nothing left can open it.
    expect(await t.prisma.patientKey.count({ where: { patientId, wrappedKey: { not: null } } })).toBe(0);
  });
});
