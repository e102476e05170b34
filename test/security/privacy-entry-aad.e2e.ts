import pg from 'pg';
import { FieldCipher } from '../../src/crypto/field-cipher.js';
import { userWithToken } from '../support/auth.js';
import { listeningApp, type ListeningApp } from './auth-support.js';

/**
 * An entry version's body was bound to its version row only. Someone who can write
 * the tables (but holds no key) could move a version row to another entry, renumber it, or relabel
 * the entry's kind, and the body still decrypted — now under the wrong entry (before: 200 with the
 * moved text). Bodies now also bind entry id, version and kind; bodies sealed before still open.
 */
describe('attack: moving or relabelling encrypted entry versions in the database', () => {
  let t: ListeningApp;
  let headers: Record<string, string>;
  let patientId: string;
  beforeAll(async () => {
    t = await listeningApp();
    const doctor = await userWithToken(t, 'clinician');
    headers = { authorization: `Bearer ${doctor.token}` };
    const patient = await t.call('POST', '/api/patients', {
      body: {
        mrn: `MRN-AAD-${Date.now()}`,
        name: { family: 'Aadtest', given: ['Bo'] },
        birthDate: '1966-06-06',
        sex: 'male',
      },
      headers,
    });
    patientId = patient.body.id as string;
  });
  afterAll(() => t.close());

  const note = async (text: string) => {
    const created = await t.call('POST', `/api/patients/${patientId}/entries`, {
      body: { kind: 'note', occurredAt: '2026-01-02T03:04:05Z', body: { text } },
      headers,
    });
    expect(created.status).toBe(201);
    return created.body.id as string;
  };
  const read = (entryId: string) => t.call('GET', `/api/entries/${entryId}`, { headers });
  /** The attacker: the tables' owner, bypassing the append-only triggers, but holding no key. */
  async function tamper(...statements: [string, unknown[]][]) {
    const client = new pg.Client({ connectionString: t.database.url });
    await client.connect();
    try {
      await client.query(`SET session_replication_role = replica`);
      for (const [sql, params] of statements) await client.query(sql, params);
    } finally {
      await client.end();
    }
  }

  it('refuses a version row moved under another entry', async () => {
    const secret = await note('Confidential: HIV positive, disclosed to no one');
    const decoy = await note('Routine follow-up, nothing new');
    expect((await read(secret)).status).toBe(200); // held decrypted now, under the secret's entry
    await tamper([`DELETE FROM entry_versions WHERE entry_id = $1::uuid`, [decoy]]);
    await tamper([
      `UPDATE entry_versions SET entry_id = $1::uuid WHERE entry_id = $2::uuid`,
      [decoy, secret],
    ]);
    const moved = await read(decoy);
    process.stdout.write(`moved version row: ${moved.status} ${String(moved.body.code ?? '')}\n`);
    expect(moved.status).not.toBe(200);
    expect(moved.body.code).toBe('decryption_failed');
    expect(JSON.stringify(moved.body)).not.toContain('HIV');
  });

  it('refuses an entry relabelled with another kind, or a renumbered version', async () => {
    const relabelled = await note('Penicillin caused a rash');
    // Read once first: the node now holds the decrypted version, which must not mask the relabelling.
    expect((await read(relabelled)).status).toBe(200);
    await tamper([`UPDATE entries SET kind = 'document' WHERE id = $1::uuid`, [relabelled]]);
    expect((await read(relabelled)).body.code).toBe('decryption_failed');
    const renumbered = await note('First version');
    expect((await read(renumbered)).status).toBe(200);
    await tamper([`UPDATE entry_versions SET version = 7 WHERE entry_id = $1::uuid`, [renumbered]]);
    await tamper([`UPDATE entries SET current_version = 7 WHERE id = $1::uuid`, [renumbered]]);
    expect((await read(renumbered)).body.code).toBe('decryption_failed');
  });

  it('still opens a body sealed before (format 1, bound to the version row only)', async () => {
    const entryId = await note('placeholder');
    const row = await t.prisma.entryVersion.findFirstOrThrow({ where: { entryId } });
    const legacy = await t.app
      .get(FieldCipher)
      .encryptForPatient(
        patientId,
        { table: 'entry_versions', rowId: row.id, field: 'body' },
        { text: 'Sealed before AAD v2' },
      );
    expect(legacy[0]).toBe(0x01);
    await tamper([`UPDATE entry_versions SET body = $1 WHERE id = $2::uuid`, [legacy, row.id]]);
    const answer = await read(entryId);
    expect(answer.status).toBe(200);
    expect(JSON.stringify(answer.body)).toContain('Sealed before AAD v2');
  });
});
