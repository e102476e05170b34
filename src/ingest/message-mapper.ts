import { Injectable } from '@nestjs/common';
import type { Prisma } from '../generated/prisma/client.js';
import type { Hl7Message } from './hl7/hl7-message.js';

export interface MappingResult {
  /** Records written (0 until the record mapping lands: see README.md). */
  entries: number;
  patientId?: string;
}

/**
 * Maps one stored, accepted message into the patient record, inside the worker's transaction.
 * Throwing moves the message to quarantine with the error's code (never its content).
 */
@Injectable()
export class MessageMapper {
  async map(_message: Hl7Message, _messageId: string, _tx: Prisma.TransactionClient): Promise<MappingResult> {
    return { entries: 0 };
  }
}
