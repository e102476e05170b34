import { Injectable } from '@nestjs/common';
import { FieldCipher } from '../crypto/field-cipher.js';

/**
 * The interim key of the inbox: raw messages are stored before we know (or trust) which patient
 * they are about, so they are encrypted under one system data key, held by the crypto module like a
 * patient's DEK under this reserved subject id (wrapped by the KEK, rewrapped by `keys:rotate`).
 * AAD binds each ciphertext to its row: (ingest_messages, id, raw). See README.md.
 */
export const INBOX_KEY_SUBJECT = '00000000-0000-4000-8000-0000000001a7';

const ref = (messageId: string) => ({ table: 'ingest_messages', rowId: messageId, field: 'raw' });

@Injectable()
export class InboxCipher {
  constructor(private readonly cipher: FieldCipher) {}

  encrypt(messageId: string, raw: Buffer): Promise<Buffer<ArrayBuffer>> {
    return this.cipher.encrypt(INBOX_KEY_SUBJECT, ref(messageId), raw);
  }

  decrypt(messageId: string, ciphertext: Uint8Array): Promise<Buffer> {
    return this.cipher.decrypt(INBOX_KEY_SUBJECT, ref(messageId), ciphertext);
  }
}
