import '../support/onnx-realm.js';
import { PatientErasureService } from '../../src/patients/patient-erasure.service.js';
import { toEvidence } from '../../src/reports/evidence/evidence-entry.js';
import type { ReportSentence } from '../../src/reports/report.types.js';
import { actor, auditTypes, patientOf } from '../records/records-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { loadEvalSet } from './eval-set.js';
import { storeEvalEntries } from './report-fixtures.js';

describe('reports API', () => {
  let t: TestApp;
  let doctor: Awaited<ReturnType<typeof actor>>;
  let stranger: Awaited<ReturnType<typeof actor>>;
  let patientId: string;
  let ids: Map<string, string>;
  const evalPatient = loadEvalSet().patients[0]!; // creatinine rising on an NSAID

  beforeAll(async () => {
    t = await createTestApp();
    doctor = await actor(t, 'clinician');
    stranger = await actor(t, 'clinician');
    patientId = (await patientOf(t, doctor)).id;
    ids = await storeEvalEntries(t, doctor.headers, patientId, evalPatient);
  });
  afterAll(() => t.close());

  const inject = (
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    payload?: object,
    headers = doctor.headers,
  ) => t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const createReport = async () => {
    const response = await inject('POST', `/api/patients/${patientId}/reports`, {
      question: evalPatient.question,
    });
    expect(response.statusCode).toBe(201);
    return response.json();
  };
  const sentencesOf = (report: { sections: { sentences: ReportSentence[] }[] }) =>
    report.sections.flatMap((s) => s.sentences);

  it('drafts a report whose every sentence cites the stored entries with exact quotes', async () => {
    const report = await createReport();
    expect(report).toMatchObject({
      patientId,
      question: evalPatient.question,
      status: 'draft',
      generator: 'extractive',
      unsupportedCount: 0,
    });
    expect(report.sections.map((s: { key: string }) => s.key)).toEqual([
      'answer',
      'presenting',
      'history',
      'medications',
      'allergies',
      'results',
      'assessments',
      'diagnoses',
      'gaps',
    ]);
    const sentences = sentencesOf(report);
    expect(sentences.length).toBeGreaterThan(8);
    const texts = sentences.map((s) => s.text).join('\n');
    for (const fact of evalPatient.requiredFacts) expect(texts.toLowerCase()).toContain(fact.toLowerCase());
    for (const sentence of sentences) {
      expect(sentence.unsupported).toBeUndefined();
      expect(sentence.citations.length).toBeGreaterThan(0);
      for (const c of sentence.citations) {
        const entry = (await inject('GET', `/api/entries/${c.entryId}`)).json();
        expect(toEvidence(entry).text.slice(c.start, c.end)).toBe(c.quote);
      }
    }
    expect(report.sections.find((s: { key: string }) => s.key === 'allergies').notices[0]).toMatch(
      /No allergies/,
    );
  });

  it('opens with a cited Answer and keeps the memory trace with the report', async () => {
    const report = await createReport();
    const answer = report.sections[0];
    expect(answer.key).toBe('answer');
    // "Why is the creatinine rising?": the note's own assessment answers it, first.
    expect(answer.sentences[0].text).toMatch(/NSAID|ibuprofen/i);
    const trace = report.trace;
    expect(trace).toMatchObject({ question: evalPatient.question, retrieval: 'ranked' });
    expect(trace.retrieved.length).toBeGreaterThan(3);
    expect(trace.retrieved[0]).toMatchObject({ rank: 1, signals: { bm25: expect.any(Number) } });
    expect(trace.retrieved[0].why.summary).toMatch(/recorded/);
    const citedIds = new Set(
      report.sections.flatMap((s: { sentences: ReportSentence[] }) =>
        s.sentences.flatMap((x) => x.citations.map((c) => c.entryId)),
      ),
    );
    expect(new Set(trace.cited.map((c: { entryId: string }) => c.entryId))).toEqual(citedIds);
    for (const r of trace.retrieved) expect(r.cited).toBe(citedIds.has(r.entryId));
    expect(trace.leftOut).toEqual(
      trace.retrieved.filter((r: { cited: boolean }) => !r.cited).map((r: { entryId: string }) => r.entryId),
    );
    // The entry retrieval ranked first is cited when it matches the question.
    expect(trace.retrieved[0].cited).toBe(true);
    // Stored with the report (encrypted with its content) and returned by GET.
    const read = (await inject('GET', `/api/reports/${report.id}`)).json();
    expect(read.trace).toEqual(trace);
    const raw = Buffer.from(
      (await t.prisma.report.findUniqueOrThrow({ where: { id: report.id } })).content,
    ).toString('latin1');
    expect(raw).not.toContain(trace.retrieved[0].entryId);
  });

  it("lists the patient's reports newest first, audited, and 404 for a stranger", async () => {
    const first = await createReport();
    const second = await createReport();
    const list = await inject('GET', `/api/patients/${patientId}/reports?limit=2`);
    expect(list.statusCode).toBe(200);
    const items = list.json().items;
    expect(items.map((i: { id: string }) => i.id)).toEqual([second.id, first.id]);
    expect(items[0]).toMatchObject({
      question: evalPatient.question,
      status: 'draft',
      createdById: doctor.user.id,
    });
    expect(items[0].sections).toBeUndefined();
    expect((await auditTypes(t, patientId)).map((e) => e.type)).toContain('report.list');
    const hidden = await inject('GET', `/api/patients/${patientId}/reports`, undefined, stranger.headers);
    expect(hidden.statusCode).toBe(404);
    expect((await inject('GET', `/api/patients/${patientId}/reports?limit=0`)).statusCode).toBe(400);
  });

  it('a later draft sees an amended entry and a new one', async () => {
    const first = await createReport();
    expect(JSON.stringify(first.sections)).toContain('Latest Creatinine 1.8 mg/dL');
    const cr3 = ids.get(`${evalPatient.id}-cr3`)!;
    const amended = await t.app.inject({
      method: 'PUT',
      url: `/api/entries/${cr3}`,
      headers: doctor.headers,
      payload: {
        body: {
          code: 'local',
          display: 'Creatinine',
          value: 1.9,
          unit: 'mg/dL',
          referenceRange: { low: 0.6, high: 1.2 },
          abnormalFlag: 'H',
        },
      },
    });
    expect(amended.statusCode).toBe(200);
    const second = await createReport();
    expect(JSON.stringify(second.sections)).toContain('Latest Creatinine 1.9 mg/dL');
    expect(second.unsupportedCount).toBe(0);
    // Put the value back for the other tests.
    await t.app.inject({
      method: 'PUT',
      url: `/api/entries/${cr3}`,
      headers: doctor.headers,
      payload: {
        body: {
          code: 'local',
          display: 'Creatinine',
          value: 1.8,
          unit: 'mg/dL',
          referenceRange: { low: 0.6, high: 1.2 },
          abnormalFlag: 'H',
        },
      },
    });
  });

  it('stores the draft encrypted and audits creation with the cited entries', async () => {
    const report = await createReport();
    const row = await t.prisma.report.findUniqueOrThrow({ where: { id: report.id } });
    const raw = Buffer.from(row.content).toString('latin1');
    for (const needle of ['Creatinine', 'ibuprofen', evalPatient.question, 'N18.31'])
      expect(raw).not.toContain(needle);
    const events = (await auditTypes(t, patientId)).filter(
      (e) => e.entityIds.includes(report.id) || e.type === 'report.evidence',
    );
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['report.create', 'report.evidence']));
    // Retrieval ranked the entries for the draft (REPORT_RETRIEVER) and audited its own read.
    expect((await auditTypes(t, patientId)).map((e) => e.type)).toContain('retrieval.query');
    const evidence = events.find((e) => e.type === 'report.evidence')!;
    expect(evidence.entityIds.every((id) => [...ids.values()].includes(id))).toBe(true);
  });

  it('re-verifies edits: a wrong number and a forged citation are flagged, and signing waits for a clean draft', async () => {
    const report = await createReport();
    const cr3 = ids.get(`${evalPatient.id}-cr3`)!;
    const entry = toEvidence((await inject('GET', `/api/entries/${cr3}`)).json());
    const whole = { entryId: cr3, quote: entry.text, start: 0, end: entry.text.length };
    const forged = { entryId: '00000000-0000-4000-8000-000000000000', quote: 'x', start: 0, end: 1 };
    // An entry the doctor may read, but of another patient: not evidence for this report.
    const otherPatient = (await patientOf(t, doctor)).id;
    const foreign = (
      await inject('POST', `/api/patients/${otherPatient}/entries`, {
        kind: 'note',
        occurredAt: '2026-03-01T00:00:00Z',
        body: { text: 'Creatinine 1.8 mg/dL noted.' },
      })
    ).json();
    const foreignText = toEvidence(foreign).text;
    const foreignCitation = { entryId: foreign.id, quote: foreignText, start: 0, end: foreignText.length };
    const edited = await inject('PATCH', `/api/reports/${report.id}`, {
      sections: [
        {
          key: 'results',
          sentences: [
            { text: 'Latest creatinine 1.8 mg/dL.', citations: [whole] },
            { text: 'Latest creatinine 2.8 mg/dL.', citations: [whole] },
            { text: 'Creatinine is high.', citations: [whole, forged] },
            { text: 'Creatinine 1.8 mg/dL noted.', citations: [foreignCitation] },
          ],
        },
      ],
    });
    expect(edited.statusCode).toBe(200);
    const results = edited.json().sections.find((s: { key: string }) => s.key === 'results').sentences;
    expect(results.map((s: ReportSentence) => s.unsupported?.code ?? 'ok')).toEqual([
      'ok',
      'number',
      'forged-citation',
      'forged-citation',
    ]);
    expect(results[3].citations).toEqual([]);
    expect(results[2].citations.map((c: { entryId: string }) => c.entryId)).toEqual([cr3]);
    expect(edited.json()).toMatchObject({ revision: 2, unsupportedCount: 3 });

    const refused = await inject('POST', `/api/reports/${report.id}/sign`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message).toMatch(/3 sentence\(s\) are flagged unsupported/);

    const fixed = await inject('PATCH', `/api/reports/${report.id}`, {
      sections: [
        { key: 'results', sentences: [{ text: 'Latest creatinine 1.8 mg/dL.', citations: [whole] }] },
      ],
    });
    expect(fixed.json()).toMatchObject({ revision: 3, unsupportedCount: 0 });
    const signed = await inject('POST', `/api/reports/${report.id}/sign`);
    expect(signed.statusCode).toBe(200);
    expect(signed.json()).toMatchObject({ status: 'signed', signedById: doctor.user.id });
    expect(signed.json().signedDigest).toMatch(/^[0-9a-f]{64}$/);

    expect((await inject('PATCH', `/api/reports/${report.id}`, { sections: [] })).statusCode).toBe(409);
    expect((await inject('POST', `/api/reports/${report.id}/sign`)).statusCode).toBe(409);
    await expect(
      t.prisma.report.update({ where: { id: report.id }, data: { revision: 99 } }),
    ).rejects.toThrow();
    await expect(t.prisma.report.delete({ where: { id: report.id } })).rejects.toThrow();
    const types = (await auditTypes(t, patientId))
      .filter((e) => e.entityIds.includes(report.id))
      .map((e) => e.type);
    expect(types).toEqual(['report.create', 'report.update', 'report.update', 'report.sign']);
  });

  it('exports text, Markdown and PDF with numbered references', async () => {
    const report = await createReport();
    const text = await inject('GET', `/api/reports/${report.id}/export?format=text`);
    expect(text.headers['content-type']).toMatch(/^text\/plain/);
    expect(text.body).toMatch(/REFERENCES\n\[1\] entry /);
    expect(text.body).toMatch(
      /Creatinine rose from 1\.1 mg\/dL on 2026-01-12 to 1\.8 mg\/dL on 2026-03-14\. \[\d+\]\[\d+\]/,
    );
    const markdown = await inject('GET', `/api/reports/${report.id}/export?format=markdown`);
    expect(markdown.headers['content-type']).toMatch(/^text\/markdown/);
    expect(markdown.body).toContain('## References');
    const pdf = await inject('GET', `/api/reports/${report.id}/export?format=pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 8).toString('latin1')).toBe('%PDF-1.7');
    // Text is in an embedded font subset (src/reports/export/pdf-export.spec.ts extracts it with pdftotext).
    expect(pdf.rawPayload.toString('latin1')).toMatch(/\/FontFile3 \d+ 0 R/);
    expect((await inject('GET', `/api/reports/${report.id}/export?format=docx`)).statusCode).toBe(400);
    const types = (await auditTypes(t, patientId))
      .filter((e) => e.entityIds.includes(report.id))
      .map((e) => e.type);
    expect(types).toEqual(['report.create', 'report.export', 'report.export', 'report.export']);
  });

  it('after erasure a report is gone for everyone and its content cannot be decrypted', async () => {
    const erased = (await patientOf(t, doctor)).id;
    await storeEvalEntries(t, doctor.headers, erased, evalPatient);
    const report = (
      await inject('POST', `/api/patients/${erased}/reports`, { question: evalPatient.question })
    ).json();
    await t.app.get(PatientErasureService).erase(erased);
    expect((await inject('GET', `/api/reports/${report.id}`)).statusCode).toBe(404);
    expect((await inject('POST', `/api/patients/${erased}/reports`, { question: 'why?' })).statusCode).toBe(
      404,
    );
    expect(await t.prisma.report.count({ where: { id: report.id } })).toBe(1);
  });

  it('answers 404 to a clinician outside the care team, 403 to roles without the permission, 401 without a token', async () => {
    const report = await createReport();
    const nurse = await actor(t, 'nurse');
    const compliance = await actor(t, 'compliance');
    expect(
      (await inject('POST', `/api/patients/${patientId}/reports`, { question: 'why?' }, stranger.headers))
        .statusCode,
    ).toBe(404);
    for (const [method, url, payload] of [
      ['GET', `/api/reports/${report.id}`],
      ['PATCH', `/api/reports/${report.id}`, { sections: [] }],
      ['POST', `/api/reports/${report.id}/sign`],
      ['GET', `/api/reports/${report.id}/export?format=text`],
    ] as const) {
      expect((await inject(method, url, payload, stranger.headers)).statusCode).toBe(404);
      expect((await t.app.inject({ method, url, ...(payload ? { payload } : {}) })).statusCode).toBe(401);
    }
    expect(
      (await inject('POST', `/api/patients/${patientId}/reports`, { question: 'why?' }, nurse.headers))
        .statusCode,
    ).toBe(403);
    expect(
      (await inject('POST', `/api/reports/${report.id}/sign`, undefined, nurse.headers)).statusCode,
    ).toBe(403);
    expect((await inject('GET', `/api/reports/${report.id}`, undefined, compliance.headers)).statusCode).toBe(
      403,
    );
    expect((await inject('GET', '/api/reports/not-a-uuid')).statusCode).toBe(404);
    expect(
      (await inject('POST', `/api/patients/${patientId}/reports`, { question: 'why?', extra: 1 })).statusCode,
    ).toBe(400);
  });
});
