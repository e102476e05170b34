import { randomUUID } from 'node:crypto';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { PUBLIC_ROUTE, ROUTE_PERMISSION } from '../../src/access/decorators.js';
import { roleHas, type Permission } from '../../src/access/permissions.js';
import { Role } from '../../src/generated/prisma/enums.js';
import { authHeader, userWithToken } from '../support/auth.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

interface Route {
  method: string;
  path: string;
  permission?: Permission;
  isPublic: boolean;
}

/** Every handler of every controller (as test/http/route-permissions.e2e.ts finds them). */
function enumerateRoutes(t: TestApp): Route[] {
  const discovery = t.app.get(DiscoveryService);
  const scanner = t.app.get(MetadataScanner);
  const reflector = t.app.get(Reflector);
  const join = (...parts: (string | undefined)[]) =>
    parts
      .flatMap((part) => (part ?? '').split('/'))
      .filter(Boolean)
      .join('/');
  return discovery.getControllers().flatMap(({ instance, metatype }) => {
    const prototype = Object.getPrototypeOf(instance);
    return scanner.getAllMethodNames(prototype).flatMap((name) => {
      const handler = prototype[name];
      const method = Reflect.getMetadata(METHOD_METADATA, handler);
      if (method === undefined) return [];
      const targets = [handler, metatype!];
      const paths = [Reflect.getMetadata(PATH_METADATA, handler)].flat() as string[];
      return paths.map((path) => ({
        method: RequestMethod[method]!,
        path: `/api/${join(Reflect.getMetadata(PATH_METADATA, metatype!), path)}`,
        permission: reflector.getAllAndOverride<Permission>(ROUTE_PERMISSION, targets),
        isPublic: reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets) === true,
      }));
    });
  });
}

/** Path parameters become random UUIDs: authentication and role checks come before any lookup. */
const concrete = (path: string) => path.replace(/:[A-Za-z_]+/g, () => randomUUID());

describe('every route authenticates and checks the role (generated)', () => {
  let t: TestApp;
  let routes: Route[];
  const tokens = new Map<Role, string>();

  beforeAll(async () => {
    t = await createTestApp();
    routes = enumerateRoutes(t).filter((route) => !route.isPublic && route.method !== 'ALL');
    for (const role of Object.values(Role)) tokens.set(role, (await userWithToken(t, role)).token);
  });
  afterAll(() => t.close());

  const call = (route: Route, headers: Record<string, string> = {}) =>
    t.app.inject({ method: route.method as 'GET', url: concrete(route.path), headers });

  it('finds the protected routes (auth, users and whatever else is mounted)', () => {
    const names = routes.map((r) => `${r.method} ${r.path}`);
    expect(names).toEqual(
      expect.arrayContaining(['GET /api/auth/me', 'POST /api/users', 'PUT /api/users/:id/role']),
    );
  });

  it('unauthenticated: 401 on every protected route', async () => {
    const failures: string[] = [];
    for (const route of routes) {
      const response = await call(route);
      if (response.statusCode !== 401)
        failures.push(`${route.method} ${route.path} → ${response.statusCode}`);
    }
    expect(failures).toEqual([]);
  });

  it('a garbage or expired-looking bearer token: 401 on every protected route', async () => {
    const failures: string[] = [];
    for (const route of routes) {
      const response = await call(route, authHeader('eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.x'));
      if (response.statusCode !== 401)
        failures.push(`${route.method} ${route.path} → ${response.statusCode}`);
    }
    expect(failures).toEqual([]);
  });

  it('a role without the permission: 403 on every protected route', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const route of routes) {
      for (const role of Object.values(Role)) {
        if (!route.permission || roleHas(role, route.permission)) continue;
        checked++;
        const response = await call(route, authHeader(tokens.get(role)!));
        if (response.statusCode !== 403)
          failures.push(`${role}: ${route.method} ${route.path} → ${response.statusCode}`);
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(routes.length);
  });
});
