import { constants } from 'node:fs';
import { mkdir, open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditWitness, WitnessedCheckpoint } from './audit-witness.js';

export const WITNESS_FILE = 'audit-checkpoints.jsonl';

interface Line {
  seq: string;
  hash: string;
  recordedAt: string;
  keyId: string;
  signature: string;
}

function parse(text: string): WitnessedCheckpoint | undefined {
  try {
    const line = JSON.parse(text) as Line;
    if (!/^\d+$/.test(line.seq) || !/^[0-9a-f]{64}$/.test(line.hash)) return undefined;
    const recordedAt = new Date(line.recordedAt);
    if (Number.isNaN(recordedAt.getTime()) || typeof line.keyId !== 'string') return undefined;
    return {
      seq: BigInt(line.seq),
      hash: Buffer.from(line.hash, 'hex'),
      recordedAt,
      keyId: line.keyId,
      signature: Buffer.from(line.signature, 'base64'),
    };
  } catch {
    return undefined;
  }
}

/**
 * Signed checkpoints appended as JSON lines to `<dir>/audit-checkpoints.jsonl`, fsynced before
 * append() resolves. Only this process's user can write it (0600 in a 0700 directory); the
 * database account has no way to it. Several nodes may share the directory (one writes at a time:
 * AuditCheckpoints holds an advisory lock) or keep one each.
 */
export class FileAuditWitness implements AuditWitness {
  readonly file: string;

  constructor(private readonly dir: string) {
    this.file = join(dir, WITNESS_FILE);
  }

  get description(): string {
    return `file ${this.file}`;
  }

  async append(checkpoint: WitnessedCheckpoint): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const handle = await open(this.file, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT, 0o600);
    let created: boolean;
    try {
      const { size } = await handle.stat();
      created = size === 0;
      // A line torn by a crash mid-write stays on its own line; the new one starts clean.
      const torn = size > 0 && (await this.lastByte(size)) !== 0x0a;
      const line: Line = {
        seq: checkpoint.seq.toString(),
        hash: checkpoint.hash.toString('hex'),
        recordedAt: checkpoint.recordedAt.toISOString(),
        keyId: checkpoint.keyId,
        signature: checkpoint.signature.toString('base64'),
      };
      await handle.write(`${torn ? '\n' : ''}${JSON.stringify(line)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (created) await this.syncDirectory();
  }

  async read(): Promise<{ checkpoints: WitnessedCheckpoint[]; unreadable: number }> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return { checkpoints: [], unreadable: 0 };
      throw error;
    }
    const checkpoints: WitnessedCheckpoint[] = [];
    let unreadable = 0;
    for (const raw of text.split('\n')) {
      if (raw.trim() === '') continue;
      const checkpoint = parse(raw);
      if (checkpoint) checkpoints.push(checkpoint);
      else unreadable++;
    }
    checkpoints.sort((a, b) => (a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0));
    return { checkpoints, unreadable };
  }

  private async lastByte(size: number): Promise<number> {
    const reader = await open(this.file, 'r');
    try {
      const buffer = Buffer.alloc(1);
      await reader.read(buffer, 0, 1, size - 1);
      return buffer[0]!;
    } finally {
      await reader.close();
    }
  }

  private async syncDirectory(): Promise<void> {
    const directory = await open(this.dir, 'r');
    try {
      await directory.sync();
    } finally {
      await directory.close();
    }
  }
}
