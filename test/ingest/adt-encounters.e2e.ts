import { MllpClient } from '../../src/ingest/mllp/mllp-client.js';
import { MllpListener } from '../../src/ingest/mllp/mllp-listener.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { adtEvent, person, pv1 } from './hl7-events.js';
import { entriesOf, patientIdOf, sendMapped } from './record-probe.js';

/** ADT encounter events over MLLP: each event is a new version of the visit's encounter. */
describe('ADT encounter events over MLLP', () => {
  let t: TestApp;
  let client: MllpClient;
  beforeAll(async () => {
    t = await createTestApp();
    client = await MllpClient.connect(await t.app.get(MllpListener).start(0));
  });
  afterAll(async () => {
    await client.close();
    await t.close();
  });

  async function encounter(mrn: string) {
    const encounters = await entriesOf(t, (await patientIdOf(t, mrn))!, 'encounter');
    expect(encounters).toHaveLength(1);
    return encounters[0]!;
  }

  it('admit → transfer → discharge → cancel discharge: location history kept, discharge undone', async () => {
    const p = person('ENC-1');
    await sendMapped(t, client, [
      adtEvent('A01', p, [pv1({ visit: 'V1', location: '4W^412^B^GENHOSP', admit: '20261201080000' })]),
      adtEvent('A02', p, [pv1({ visit: 'V1', location: 'ICU^2^A^GENHOSP' })], '20261202090000'),
      adtEvent('A03', p, [pv1({ visit: 'V1', location: 'ICU^2^A^GENHOSP', discharge: '20261203110000' })]),
      adtEvent('A13', p, [pv1({ visit: 'V1', location: 'ICU^2^A^GENHOSP' })]),
    ]);
    const e = await encounter('ENC-1');
    expect(e.currentVersion).toBe(4);
    expect(e.versions.map((v) => [v.body.status, v.body.location, v.body.endedAt])).toEqual([
      ['in-progress', '4W 412 B GENHOSP', undefined],
      ['in-progress', 'ICU 2 A GENHOSP', undefined],
      ['finished', 'ICU 2 A GENHOSP', '2026-12-03T11:00:00.000Z'],
      ['in-progress', 'ICU 2 A GENHOSP', undefined],
    ]);
    expect(e.body).toMatchObject({ type: 'inpatient', startedAt: '2026-12-01T08:00:00.000Z' });
    expect(
      (e.body.history as { event: string; cancelledBy?: string }[]).map((h) => [h.event, h.cancelledBy]),
    ).toEqual([
      ['A01', undefined],
      ['A02', undefined],
      ['A03', 'A13'],
      ['A13', undefined],
    ]);
  });

  it('cancel transfer returns to the previous location; class change; leave of absence and its cancellation', async () => {
    const p = person('ENC-2');
    await sendMapped(t, client, [
      adtEvent('A04', p, [pv1({ visit: 'V2', cls: 'O', location: 'CLIN^1^^GENHOSP' })]),
      adtEvent('A06', p, [pv1({ visit: 'V2', cls: 'I', location: '5E^501^^GENHOSP' })]),
      adtEvent('A02', p, [pv1({ visit: 'V2', location: 'ICU^3^^GENHOSP' })]),
      adtEvent('A12', p, [pv1({ visit: 'V2', location: 'ICU^3^^GENHOSP' })]),
      adtEvent('A21', p, [pv1({ visit: 'V2' })]),
    ]);
    let e = await encounter('ENC-2');
    expect(e.body).toMatchObject({ type: 'inpatient', location: '5E 501 GENHOSP', status: 'on-leave' });
    await sendMapped(t, client, [adtEvent('A52', p, [pv1({ visit: 'V2' })])]);
    e = await encounter('ENC-2');
    expect(e.body.status).toBe('in-progress');
    expect(e.currentVersion).toBe(6);
  });

  it('pre-admit, pending transfer and discharge, and their cancellations; a deleted visit is retracted, not removed', async () => {
    const p = person('ENC-3');
    await sendMapped(t, client, [
      adtEvent('A05', p, [pv1({ visit: 'V3', cls: 'P', admit: '20261210070000' })]),
      adtEvent('A38', p, [pv1({ visit: 'V3' })]),
    ]);
    expect((await encounter('ENC-3')).body.status).toBe('cancelled');
    const q = person('ENC-4');
    await sendMapped(t, client, [
      adtEvent('A01', q, [pv1({ visit: 'V4' })]),
      adtEvent('A15', q, [pv1({ visit: 'V4', location: 'ICU^9^^GENHOSP' })]),
      adtEvent('A16', q, [pv1({ visit: 'V4' })]),
    ]);
    expect((await encounter('ENC-4')).body).toMatchObject({
      pendingLocation: 'ICU 9 GENHOSP',
      pendingDischarge: true,
    });
    await sendMapped(t, client, [
      adtEvent('A26', q, [pv1({ visit: 'V4' })]),
      adtEvent('A25', q, [pv1({ visit: 'V4' })]),
      adtEvent('A23', q, [pv1({ visit: 'V4' })]),
    ]);
    const e = await encounter('ENC-4');
    expect(e.body.pendingLocation).toBeUndefined();
    expect(e.body.pendingDischarge).toBeUndefined();
    expect(e.body.status).toBe('entered-in-error');
    expect(e.versions).toHaveLength(6);
  });

  it('A08, A28 and A31 update demographics without adding encounters; a resent event changes nothing', async () => {
    const p = person('ENC-5');
    const admit = adtEvent('A01', p, [pv1({ visit: 'V5' })]);
    await sendMapped(t, client, [admit, adtEvent('A31', { ...p, family: 'EVERGREEN-HALL' }, [])]);
    await sendMapped(t, client, [adtEvent('A08', p, [pv1({ visit: 'V5', location: '6N^1^^GENHOSP' })])]);
    const e = await encounter('ENC-5');
    expect(e.body.location).toBe('6N 1 GENHOSP');
    // The same message again (same control id): the original ACK, nothing mapped twice.
    await client.send(admit.text);
    expect((await encounter('ENC-5')).currentVersion).toBe(2);
  });
});
