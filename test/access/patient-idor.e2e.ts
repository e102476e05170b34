import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { ROUTE_PERMISSION } from '../../src/access/decorators.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { actor, patientOf } from '../records/records-fixtures.js';

const CLINICAL = [
  'patient:read',
  'patient:write',
  'entry:read',
  'entry:write',
  'report:write',
  'report:sign',
];

/** Valid bodies for the routes that take one, so the 404 comes from the access check, not validation. */
const BODIES: Record<string, object> = {
  'POST /api/patients/:id/entries': { kind: 'note', occurredAt: '2026-01-01T00:00:00Z', body: { text: 'x' } },
  'PUT /api/entries/:id': { body: { text: 'x' } },
  'POST /api/patients/:id/reports': { question: 'why is the creatinine rising?' },
};

function clinicalRoutes(t: TestApp) {
  const discovery = t.app.get(DiscoveryService);
  const scanner = t.app.get(MetadataScanner);
  const reflector = t.app.get(Reflector);
  return discovery.getControllers().flatMap(({ instance, metatype }) => {
    const prototype = Object.getPrototypeOf(instance);
    return scanner.getAllMethodNames(prototype).flatMap((name) => {
      const handler = prototype[name];
      const method = Reflect.getMetadata(METHOD_METADATA, handler);
      if (method === undefined) return [];
      const path = `/api/${[
        Reflect.getMetadata(PATH_METADATA, metatype!),
        Reflect.getMetadata(PATH_METADATA, handler),
      ]
        .flatMap((p: string) => (p ?? '').split('/'))
        .filter(Boolean)
        .join('/')}`;
      const permission = reflector.getAllAndOverride<string>(ROUTE_PERMISSION, [handler, metatype!]);
      if (!CLINICAL.includes(permission) || !/^\/api\/(patients|entries)\/:id/.test(path)) return [];
      return [{ method: RequestMethod[method] as 'GET', path }];
    });
  });
}

describe('IDOR (generated): every clinical route with a patient or entry id', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('answers 404 to a clinician outside the care team, and works for one inside', async () => {
    const doctor = await actor(t, 'clinician');
    const outsider = await actor(t, 'clinician');
    const patient = await patientOf(t, doctor);
    const entry = (
      await t.app.inject({
        method: 'POST',
        url: `/api/patients/${patient.id}/entries`,
        headers: doctor.headers,
        payload: BODIES['POST /api/patients/:id/entries'],
      })
    ).json();
    const routes = clinicalRoutes(t);
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining([
        'GET /api/patients/:id',
        'GET /api/patients/:id/entries',
        'PUT /api/entries/:id',
        'GET /api/entries/:id/versions',
      ]),
    );
    const failures: string[] = [];
    for (const route of routes) {
      const url = route.path.replace(':id', route.path.startsWith('/api/patients') ? patient.id : entry.id);
      const key = `${route.method} ${route.path}`;
      const payload = BODIES[key] ?? (route.method === 'GET' || route.method === 'DELETE' ? undefined : {});
      const denied = await t.app.inject({ method: route.method, url, headers: outsider.headers, payload });
      const ok =
        key in BODIES || payload === undefined
          ? denied.statusCode === 404
          : [400, 404].includes(denied.statusCode);
      if (!ok || denied.body.includes(patient.name.family)) failures.push(`${key} → ${denied.statusCode}`);
      if (payload === undefined || key in BODIES) {
        const allowed = await t.app.inject({ method: route.method, url, headers: doctor.headers, payload });
        if (allowed.statusCode === 404) failures.push(`${key} refuses the care team`);
      }
    }
    expect(failures).toEqual([]);
  });
});
