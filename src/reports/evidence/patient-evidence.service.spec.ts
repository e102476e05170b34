import type { Caller } from '../../common/caller.js';
import {
  PatientEvidenceService,
  type ReportRetriever,
  type RetrievedForReport,
} from './patient-evidence.service.js';

const caller = { principal: { userId: 'u', role: 'clinician' }, actor: {}, correlationId: 'c' } as Caller;
const service = (retriever?: ReportRetriever) => new PatientEvidenceService(null as never, retriever);

describe('PatientEvidenceService.rank', () => {
  it('uses the bound retriever', async () => {
    const ranked = ['a', 'b'].map((entryId) => ({ entryId }) as RetrievedForReport);
    expect(await service({ rank: async () => ranked }).rank('p', 'why?', caller)).toBe(ranked);
  });

  it('falls back to no ranking without a retriever or when it fails', async () => {
    expect(await service().rank('p', 'why?', caller)).toBeUndefined();
    expect(
      await service({ rank: async () => Promise.reject(new Error('down')) }).rank('p', 'why?', caller),
    ).toBeUndefined();
  });
});
