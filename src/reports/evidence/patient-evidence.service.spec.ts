import type { Caller } from '../../common/caller.js';
import { PatientEvidenceService, type ReportRetriever } from './patient-evidence.service.js';

const caller = { principal: { userId: 'u', role: 'clinician' }, actor: {}, correlationId: 'c' } as Caller;
const service = (retriever?: ReportRetriever) => new PatientEvidenceService(null as never, retriever);

describe('PatientEvidenceService.rank', () => {
  it('uses the bound retriever', async () => {
    expect(await service({ rank: async () => ['a', 'b'] }).rank('p', 'why?', caller)).toEqual(['a', 'b']);
  });

  it('falls back to no ranking without a retriever or when it fails', async () => {
    expect(await service().rank('p', 'why?', caller)).toEqual([]);
    expect(
      await service({ rank: async () => Promise.reject(new Error('down')) }).rank('p', 'why?', caller),
    ).toEqual([]);
  });
});
