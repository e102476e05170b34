import { Injectable } from '@nestjs/common';
import type { KeyObject } from 'node:crypto';
import { secretKey } from './aead.js';
import { DecryptionError } from './crypto-errors.js';
import { dekVersionOf, openField, sealField, type FieldRef } from './field-ciphertext.js';
import { PatientKeysService, type Db } from './patient-keys.service.js';

export type { FieldRef } from './field-ciphertext.js';

/**
 * Encrypts one PHI value for one place: (patient, table, row id, field). Pass the transaction you
 * are in as `db` so a first-use data key is created inside it.
 *
 *   const body = await cipher.encryptForPatient(patientId, { table: 'entry_versions', rowId, field: 'body' }, json, tx);
 *   const json = await cipher.decryptForPatient(patientId, { table: 'entry_versions', rowId, field: 'body' }, body);
 */
@Injectable()
export class FieldCipher {
  constructor(private readonly keys: PatientKeysService) {}

  async encrypt(
    patientId: string,
    ref: FieldRef,
    plaintext: Buffer | string,
    db?: Db,
  ): Promise<Buffer<ArrayBuffer>> {
    const { version, key } = await this.keys.currentKey(patientId, db);
    const bytes = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
    return sealField(key, version, patientId, ref, bytes);
  }

  async decrypt(patientId: string, ref: FieldRef, ciphertext: Uint8Array | null, db?: Db): Promise<Buffer> {
    const version = dekVersionOf(ciphertext);
    const key = await this.keys.key(patientId, version, db);
    return openField(key, patientId, ref, ciphertext!);
  }

  async decryptText(
    patientId: string,
    ref: FieldRef,
    ciphertext: Uint8Array | null,
    db?: Db,
  ): Promise<string> {
    return (await this.decrypt(patientId, ref, ciphertext, db)).toString('utf8');
  }

  /** Any JSON value (entry bodies, demographics, vectors as arrays, report drafts, raw messages). */
  async encryptForPatient(
    patientId: string,
    ref: FieldRef,
    value: unknown,
    db?: Db,
  ): Promise<Buffer<ArrayBuffer>> {
    return this.encrypt(patientId, ref, JSON.stringify(value), db);
  }

  async decryptForPatient<T = unknown>(
    patientId: string,
    ref: FieldRef,
    ciphertext: Uint8Array | null,
    db?: Db,
  ): Promise<T> {
    const text = await this.decryptText(patientId, ref, ciphertext, db);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new DecryptionError();
    }
  }

  /** Many JSON values of one patient, one key lookup per DEK version (timeline pages, retrieval). */
  async decryptManyForPatient<T = unknown>(
    patientId: string,
    items: { ref: FieldRef; ciphertext: Uint8Array | null }[],
    db?: Db,
  ): Promise<T[]> {
    return (await this.openMany(patientId, items, db)).map((plain) => {
      try {
        return JSON.parse(plain.toString('utf8')) as T;
      } catch {
        throw new DecryptionError();
      }
    });
  }

  /** Many raw values (e.g. float32 vectors) of one patient, one key lookup per DEK version. */
  async openMany(
    patientId: string,
    items: { ref: FieldRef; ciphertext: Uint8Array | null }[],
    db?: Db,
  ): Promise<Buffer[]> {
    const keys = new Map<number, KeyObject>();
    for (const { ciphertext } of items) {
      const version = dekVersionOf(ciphertext);
      if (!keys.has(version)) keys.set(version, secretKey(await this.keys.key(patientId, version, db)));
    }
    return items.map(({ ref, ciphertext }) =>
      openField(keys.get(dekVersionOf(ciphertext))!, patientId, ref, ciphertext!),
    );
  }

  /** Many raw values of one patient under its current key (one lookup): the pair of openMany. */
  async sealMany(
    patientId: string,
    items: { ref: FieldRef; plaintext: Buffer }[],
    db?: Db,
  ): Promise<Buffer<ArrayBuffer>[]> {
    const { version, key } = await this.keys.currentKey(patientId, db);
    const wrapped = secretKey(key);
    return items.map(({ ref, plaintext }) => sealField(wrapped, version, patientId, ref, plaintext));
  }

  /** Many values of one patient with one key lookup (bulk import, timeline pages). */
  async encryptMany(
    patientId: string,
    items: { ref: FieldRef; value: unknown }[],
    db?: Db,
  ): Promise<Buffer<ArrayBuffer>[]> {
    const { version, key } = await this.keys.currentKey(patientId, db);
    const wrapped = secretKey(key);
    return items.map(({ ref, value }) =>
      sealField(wrapped, version, patientId, ref, Buffer.from(JSON.stringify(value), 'utf8')),
    );
  }
}
