import type { SchemaObject } from '@nestjs/swagger';

/**
 * OpenAPI schemas of the ingest responses (counts, positions and codes; never message content).
 * They describe the interfaces in ingest-status.service.ts, quarantine.service.ts, import.service.ts
 * and ingest.controller.ts; change them together.
 */
const count: SchemaObject = { type: 'integer', minimum: 0, example: 3 };
const timestamp: SchemaObject = { type: 'string', format: 'date-time', example: '2026-12-04T08:15:00.000Z' };
const nullable = (schema: SchemaObject): SchemaObject => ({ ...schema, nullable: true });
const uuid: SchemaObject = {
  type: 'string',
  format: 'uuid',
  example: '2c4e6a80-1b3d-4f5a-9c7e-0d2f4b6a8c1e',
};

const PROBLEM: SchemaObject = {
  type: 'object',
  required: ['index', 'code', 'reason'],
  properties: {
    index: { ...count, description: 'position of the message in the upload (0-based)' },
    code: { type: 'string', example: 'unknown_sender' },
    reason: { type: 'string', example: 'MSH-3/MSH-4 LAB|HOSP is not bound to this user' },
  },
};

const SUMMARY: Record<string, SchemaObject> = {
  jobId: uuid,
  messages: count,
  accepted: count,
  duplicates: count,
  rejected: { ...count, description: 'quarantined or refused' },
  problems: { type: 'array', items: PROBLEM, description: 'the first 100' },
};

export const SUBMIT_RESULT_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['jobId', 'messages', 'accepted', 'duplicates', 'rejected', 'problems', 'acks'],
  properties: {
    ...SUMMARY,
    acks: {
      type: 'array',
      items: {
        type: 'object',
        required: ['index', 'code', 'duplicate', 'ack'],
        properties: {
          index: count,
          code: { type: 'string', enum: ['AA', 'AE', 'AR'], example: 'AA' },
          controlId: { type: 'string', description: 'MSH-10 of the message', example: 'MSG00001' },
          duplicate: { type: 'boolean', example: false },
          ack: {
            type: 'string',
            description: 'the HL7 v2 ACK message (ER7)',
            example: 'MSH|^~\\&|ANAMNESIS|HOSP|LAB|HOSP|20261204081500||ACK^R01|A1|P|2.5\rMSA|AA|MSG00001',
          },
        },
      },
    },
  },
};

export const INGEST_STATUS_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['queued', 'oldestQueuedAt', 'quarantined', 'unmapped', 'importsRunning', 'mapWorkersHere'],
  properties: {
    queued: { ...count, description: 'stored and ACKed, waiting for a mapping worker' },
    oldestQueuedAt: nullable({ ...timestamp, description: 'how far mapping lags behind receipt' }),
    quarantined: count,
    unmapped: { ...count, description: 'accepted types without a mapping (replayable)' },
    importsRunning: count,
    mapWorkersHere: { ...count, description: 'mapping loops in this process (0: a receive-only node)' },
  },
};

export const IMPORT_JOB_SCHEMA: SchemaObject = {
  type: 'object',
  // every field is always sent (a row of ingest_import_jobs; the nullable ones as null)
  required: [
    'id',
    'channel',
    'source',
    'status',
    'bytesTotal',
    'bytesRead',
    'messages',
    'accepted',
    'duplicates',
    'rejected',
    'problems',
    'createdBy',
    'createdAt',
    'finishedAt',
  ],
  properties: {
    id: uuid,
    channel: { type: 'string', example: 'file' },
    source: { type: 'string', description: 'the file name, or "http"', example: 'adt-2026-12-04.hl7' },
    status: { type: 'string', example: 'finished' },
    bytesTotal: nullable(count),
    bytesRead: count,
    messages: count,
    accepted: count,
    duplicates: count,
    rejected: count,
    problems: { type: 'array', items: PROBLEM },
    createdBy: nullable(uuid),
    createdAt: timestamp,
    finishedAt: nullable(timestamp),
  },
};

export const IMPORT_JOBS_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['jobs'],
  properties: { jobs: { type: 'array', items: IMPORT_JOB_SCHEMA } },
};

export const QUARANTINE_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['messages'],
  properties: {
    messages: {
      type: 'array',
      items: {
        type: 'object',
        required: [
          'id',
          'channel',
          'receivedAt',
          'sendingApplication',
          'sendingFacility',
          'controlId',
          'messageType',
          'status',
          'ackCode',
          'reason',
          'attempts',
        ],
        properties: {
          id: uuid,
          channel: { type: 'string', example: 'mllp' },
          receivedAt: timestamp,
          sendingApplication: nullable({ type: 'string', example: 'LAB' }),
          sendingFacility: nullable({ type: 'string', example: 'HOSP' }),
          controlId: nullable({ type: 'string', example: 'MSG00001' }),
          messageType: nullable({ type: 'string', example: 'ORU^R01' }),
          status: { type: 'string', enum: ['quarantined', 'unmapped'], example: 'quarantined' },
          ackCode: { type: 'string', enum: ['AA', 'AE', 'AR'], example: 'AE' },
          reason: nullable({
            type: 'string',
            example: 'unknown_sender: MSH-3/MSH-4 LAB|HOSP is not bound to this user',
          }),
          attempts: count,
        },
      },
    },
  },
};

export const REPLAY_OUTCOME_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['id', 'status', 'reason'],
  properties: {
    id: uuid,
    status: { type: 'string', enum: ['queued', 'quarantined'], example: 'queued' },
    reason: nullable({ type: 'string', example: null }),
  },
};
