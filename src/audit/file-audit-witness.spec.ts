import { appendFileSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileAuditWitness } from './file-audit-witness.js';

const checkpoint = (seq: bigint) => ({
  seq,
  hash: Buffer.alloc(32, Number(seq)),
  recordedAt: new Date(Date.UTC(2026, 11, 4, 12, 0, Number(seq))),
  keyId: '0123456789abcdef',
  signature: Buffer.alloc(64, 7),
});

describe('FileAuditWitness', () => {
  const dir = () => join(mkdtempSync(join(tmpdir(), 'witness-')), 'audit-witness');

  it('appends JSON lines that read back as the same checkpoints, oldest first, owner-only', async () => {
    const witness = new FileAuditWitness(dir());
    expect(await witness.read()).toEqual({ checkpoints: [], unreadable: 0 });
    await witness.append(checkpoint(20n));
    await witness.append(checkpoint(7n));
    const { checkpoints, unreadable } = await witness.read();
    expect(unreadable).toBe(0);
    expect(checkpoints).toEqual([checkpoint(7n), checkpoint(20n)]);
    expect(readFileSync(witness.file, 'utf8').trim().split('\n')).toHaveLength(2);
    expect(statSync(witness.file).mode & 0o777).toBe(0o600);
  });

  it('keeps a line torn by a crash on its own line, counts it, and appends cleanly after it', async () => {
    const witness = new FileAuditWitness(dir());
    await witness.append(checkpoint(1n));
    appendFileSync(witness.file, '{"seq":"2","hash":"ab'); // the process died mid-write
    await witness.append(checkpoint(3n));
    const { checkpoints, unreadable } = await witness.read();
    expect(checkpoints.map((c) => c.seq)).toEqual([1n, 3n]);
    expect(unreadable).toBe(1);
  });

  it('names where it is', () => {
    const witness = new FileAuditWitness('/srv/anamnesis-witness');
    expect(witness.description).toBe('file /srv/anamnesis-witness/audit-checkpoints.jsonl');
  });
});
