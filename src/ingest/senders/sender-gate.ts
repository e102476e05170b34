import pg from 'pg';
import { Inject, Injectable } from '@nestjs/common';
import { auditEvent } from '../../audit/audit-event.js';
import type { AuditActor, AuditEventInput } from '../../audit/audit.types.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.schema.js';
import { PG_POOL } from '../../database/prisma.service.js';
import { hierarchicDesignator } from '../hl7/hl7-header.js';
import type { Assessment } from '../message-assessment.js';
import { pairAllowed, plainAddress, SenderBindings, type SenderIdentity } from './sender-bindings.js';

/** A message refused because of who sent it: nothing of it is stored, only this metadata. */
export interface SenderRefusal {
  reason: string;
  event: AuditEventInput;
}

export interface GateItem {
  raw: Buffer | undefined;
  sender?: SenderIdentity;
  actor?: AuditActor;
  correlationId?: string;
  channel: string;
  assessment: Assessment;
}

const SHOWN = 64;

/**
 * Decides, before anything of a message is stored, whether its sender may send it: the identity
 * the transport established (certificate, network, HTTP user) must be bound to the message's
 * MSH-3|MSH-4 (`SenderBindings`). A refusal is answered AR and recorded as an `ingest.refused`
 * audit event carrying metadata only (channel, peer, MSH-3/4/9/10, size, reason), never bytes.
 */
@Injectable()
export class SenderGate {
  readonly bindings: SenderBindings;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
  ) {
    // The format was checked when the configuration loaded (config.schema.ts): this cannot throw.
    this.bindings = SenderBindings.parse(
      config.INGEST_SENDERS,
      config.INGEST_ALLOWED_SENDERS,
      config.NODE_ENV === 'production',
    );
  }

  async refusals(items: GateItem[]): Promise<(SenderRefusal | undefined)[]> {
    const emails = await this.emailsOf(items);
    return items.map((item) => {
      const sender =
        item.sender?.kind === 'user'
          ? { ...item.sender, email: emails.get(item.sender.userId) }
          : item.sender;
      const reason = this.reasonToRefuse(sender, item.assessment);
      return reason ? { reason, event: refusalEvent(item, sender, reason) } : undefined;
    });
  }

  private reasonToRefuse(sender: SenderIdentity | undefined, assessment: Assessment): string | undefined {
    if (!assessment.ok && assessment.error.code === 'unknown_sender')
      return 'MSH-3/MSH-4 is bound to no sender';
    if (!sender) return undefined; // operators: files from the shell, replays
    const pairs = this.bindings.pairsFor(sender);
    if (pairs.length === 0) return 'this sender is not on the sender list';
    const pair = senderPair(assessment);
    // An unreadable MSH from an allowed sender is the sender's own error: answered AE and quarantined.
    if (pair && !pairAllowed(pairs, pair.application, pair.facility)) {
      return 'MSH-3/MSH-4 is not bound to this sender';
    }
    return undefined;
  }

  private async emailsOf(items: GateItem[]): Promise<Map<string, string>> {
    const ids = [
      ...new Set(items.flatMap((item) => (item.sender?.kind === 'user' ? [item.sender.userId] : []))),
    ];
    if (ids.length === 0) return new Map();
    const { rows } = await this.pool.query<{ id: string; email: string }>(
      'SELECT id::text, email FROM users WHERE id = ANY($1::uuid[])',
      [ids],
    );
    return new Map(rows.map((row) => [row.id, row.email]));
  }
}

function senderPair(assessment: Assessment): { application: string; facility: string } | undefined {
  if (assessment.header)
    return { application: assessment.header.sendingApplication, facility: assessment.header.sendingFacility };
  const msh = assessment.message?.header;
  return msh
    ? { application: hierarchicDesignator(msh.field(3)), facility: hierarchicDesignator(msh.field(4)) }
    : undefined;
}

function refusalEvent(item: GateItem, sender: SenderIdentity | undefined, reason: string): AuditEventInput {
  const msh = item.assessment.message?.header;
  const fields = msh
    ? {
        msh3: hierarchicDesignator(msh.field(3)),
        msh4: hierarchicDesignator(msh.field(4)),
        msh9: item.assessment.message!.messageType,
        msh10: item.assessment.message!.controlId,
      }
    : {};
  const metadata = {
    channel: item.channel,
    peer: describe(sender),
    ...fields,
    bytes: String(item.raw?.length ?? 0),
  };
  const text = Object.entries(metadata)
    .map(([key, value]) => `${key}=${shown(value)}`)
    .join(' ');
  return auditEvent('ingest.refused', {
    outcome: 'denied',
    actor: item.actor,
    correlationId: item.correlationId,
    reason: `unknown_sender: ${reason}; ${text}`,
  });
}

function describe(sender: SenderIdentity | undefined): string {
  if (!sender) return 'operator';
  if (sender.kind === 'user') return `user:${sender.userId}`;
  const names = sender.certificateNames?.length ? ` cert:${sender.certificateNames.join('|')}` : '';
  return `${plainAddress(sender.address) ?? 'unknown'}${names}`;
}

/** Sender-written values, printable and short: they are metadata, and hostile input. */
function shown(value: string): string {
  const printable = value.replace(/[^\x21-\x7e]/g, '?');
  return printable.length > SHOWN ? `${printable.slice(0, SHOWN)}…` : printable || '-';
}
