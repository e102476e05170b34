import '../support/onnx-realm.js';
import { join } from 'node:path';
import { CareTeamService } from '../../src/access/care-team.service.js';
import { PROJECT_ROOT } from '../../src/database/paths.js';
import { EntryEmbeddingService } from '../../src/embeddings/entries/entry-embedding.service.js';
import { parseHl7 } from '../../src/ingest/hl7/hl7-parser.js';
import { integrationHeaders, postHl7, waitFor } from '../ingest/ingest-fixtures.js';
import { actor } from '../records/records-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { gb18030Encode } from './gb18030.js';

/**
 * A Chinese record end to end: an ORU^R01 declared `MSH-18 = UNICODE UTF-8` (or GB 18030) with a
 * Chinese name and Chinese notes is ACKed, mapped, shown with the name intact, and a Chinese or
 * English question over HTTP retrieves the right note with the matched sentence as its passage —
 * with the default model, and with a bring-your-own multilingual model embedding the notes.
 */
const NSTEMI = '胸痛3小时，向左肩放射。肌钙蛋白 0.09 ng/mL，升高。诊断：非ST段抬高型心肌梗死。';
const DIABETES = '2型糖尿病复诊。糖化血红蛋白 8.9%，较上次升高。继续二甲双胍 1000 mg 每日两次。';
const KNEE = '右膝关节疼痛两周，上下楼梯时加重。X线示关节间隙变窄。';

function oru(controlId: string, charset = 'UNICODE UTF-8'): Buffer {
  const text = [
    `MSH|^~\\&|LAB|HOSP|ANAMNESIS|CLINIC|20260120083000||ORU^R01^ORU_R01|${controlId}|P|2.5.1|||||CHN|${charset}`,
    `PID|1||MRN-${controlId}^^^HOSP^MR||张^伟||19640301|M`,
    'OBR|1||ORD-ZH-1|11506-3^Progress note^LN|||20260120083000',
    `OBX|1|TX|11506-3^Progress note^LN|1|${KNEE}||||||F|||20260110083000`,
    `OBX|2|TX|11506-3^Progress note^LN|2|${NSTEMI}||||||F|||20260120083000`,
    `OBX|3|TX|11506-3^Progress note^LN|3|${DIABETES}||||||F|||20260115083000`,
  ].join('\r');
  return charset === 'UNICODE UTF-8' ? Buffer.from(`${text}\r`, 'utf8') : gb18030Encode(`${text}\r`);
}

type Doctor = Awaited<ReturnType<typeof actor>>;

/** Posts the message, waits for it to be mapped, puts `doctor` on the new patient's care team. */
async function importChinese(t: TestApp, doctor: Doctor, charset?: string): Promise<string> {
  const controlId = `ZH-${Date.now()}-${Math.round(Math.random() * 1e6)}`;
  const response = await postHl7(t, oru(controlId, charset), await integrationHeaders(t));
  expect(response.statusCode).toBe(200);
  expect(parseHl7(response.json().acks[0].ack).segment('MSA')!.field(1).value).toBe('AA');
  const message = await waitFor(() =>
    t.prisma.ingestMessage.findFirst({
      where: { controlId, status: { in: ['processed', 'quarantined'] } },
    }),
  );
  expect(message.status).toBe('processed');
  const version = await t.prisma.entryVersion.findFirstOrThrow({
    where: { sourceMessageId: message.id },
    include: { entry: true },
  });
  await t.app.get(CareTeamService).add(version.entry.patientId, doctor.user.id, { caller: doctor.caller });
  return version.entry.patientId;
}

const retrieve = (t: TestApp, doctor: Doctor, patientId: string, question: string) =>
  t.app.inject({
    method: 'POST',
    url: `/api/patients/${patientId}/retrieval`,
    headers: doctor.headers,
    payload: { question, limit: 3 },
  });

interface Result {
  text: string;
  passage: { start: number; end: number };
  signals: { dense?: number };
}

describe('a Chinese HL7 message, from ingest to retrieval', () => {
  let t: TestApp;
  let doctor: Doctor;
  let patientId: string;

  beforeAll(async () => {
    t = await createTestApp();
    doctor = await actor(t, 'clinician');
    patientId = await importChinese(t, doctor);
  }, 60_000);
  afterAll(() => t.close());

  it('shows the Chinese name and the notes as sent', async () => {
    const patient = await t.app.inject({
      method: 'GET',
      url: `/api/patients/${patientId}`,
      headers: doctor.headers,
    });
    expect(patient.statusCode).toBe(200);
    expect(JSON.stringify(patient.json())).toContain('张');
    expect(JSON.stringify(patient.json())).toContain('伟');
    const entries = await t.app.inject({
      method: 'GET',
      url: `/api/patients/${patientId}/entries`,
      headers: doctor.headers,
    });
    expect(entries.statusCode).toBe(200);
    expect(JSON.stringify(entries.json())).toContain(NSTEMI);
  });

  it.each([
    ['胸痛和心肌梗死的情况？', NSTEMI, /心肌梗死/],
    ['糖尿病控制得怎么样？', DIABETES, /糖尿病/],
    ['troponin after the heart attack', NSTEMI, /肌钙蛋白|心肌梗死/],
  ])('retrieves the note that answers "%s"', async (question, note, inPassage) => {
    const response = await retrieve(t, doctor, patientId, question);
    expect(response.statusCode).toBe(200);
    const [best] = response.json().results as Result[];
    expect(best!.text).toContain(note);
    expect(best!.text.slice(best!.passage.start, best!.passage.end)).toMatch(inPassage);
  });

  it('imports the same message encoded in GB 18030, decoded to the same text', async () => {
    const body = oru(`ZH-GB-${Date.now()}`, 'GB 18030-2000');
    expect(body.includes(Buffer.from(NSTEMI, 'utf8'))).toBe(false);
    const gbPatient = await importChinese(t, doctor, 'GB 18030-2000');
    const entries = await t.app.inject({
      method: 'GET',
      url: `/api/patients/${gbPatient}/entries`,
      headers: doctor.headers,
    });
    expect(JSON.stringify(entries.json())).toContain(NSTEMI);
  });
});

describe('a Chinese record with a bring-your-own multilingual model', () => {
  let t: TestApp;
  let doctor: Doctor;
  let patientId: string;

  beforeAll(async () => {
    t = await createTestApp({ EMBEDDING_MODEL: join(PROJECT_ROOT, 'test', 'fixtures', 'tiny-bert-zh') });
    doctor = await actor(t, 'clinician');
    patientId = await importChinese(t, doctor);
    await t.app.get(EntryEmbeddingService).embedAllPending();
  }, 60_000);
  afterAll(() => t.close());

  it('embeds the Chinese notes and blends their vectors into the ranking', async () => {
    const vectors = await t.prisma.entryEmbedding.findMany({ where: { patientId } });
    expect(vectors).toHaveLength(3);
    expect(vectors.every((v) => v.modelId.startsWith('byo/tiny-bert-zh@') && v.dimension === 16)).toBe(true);
    const response = await retrieve(t, doctor, patientId, '胸痛和心肌梗死的情况？');
    const body = response.json() as { unembedded: number; results: Result[] };
    expect(body.unembedded).toBe(0);
    expect(body.results.every((r) => typeof r.signals.dense === 'number')).toBe(true);
    expect(body.results[0]!.text).toContain(NSTEMI);
  });
});
