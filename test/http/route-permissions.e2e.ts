import { RequestMethod } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { PUBLIC_ROUTE, ROUTE_PERMISSION } from '../../src/access/decorators.js';
import { PERMISSIONS } from '../../src/access/permissions.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

interface RouteInfo {
  route: string;
  isPublic: boolean;
  permission?: string;
}

const joinPath = (...parts: string[]) =>
  parts
    .map((part) => part.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/');

/** Every handler of every controller, with what the access guard will demand of it. */
function enumerateRoutes(t: TestApp): RouteInfo[] {
  const discovery = t.app.get(DiscoveryService);
  const scanner = t.app.get(MetadataScanner);
  const reflector = t.app.get(Reflector);
  return discovery.getControllers().flatMap(({ instance, metatype }) => {
    const prototype = Object.getPrototypeOf(instance);
    return scanner.getAllMethodNames(prototype).flatMap((name) => {
      const handler = prototype[name];
      if (Reflect.getMetadata(METHOD_METADATA, handler) === undefined) return [];
      const targets = [handler, metatype!];
      return [
        {
          route: `${RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler)]} ${joinPath(Reflect.getMetadata(PATH_METADATA, metatype!), Reflect.getMetadata(PATH_METADATA, handler))}`,
          isPublic: reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets) === true,
          permission: reflector.getAllAndOverride<string>(ROUTE_PERMISSION, targets),
        },
      ];
    });
  });
}

describe('deny by default', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('finds the application routes', () => {
    expect(enumerateRoutes(t).map((r) => r.route)).toContain('GET health');
  });

  it('every route is either @Public() or declares a known permission', () => {
    const undeclared = enumerateRoutes(t).filter(
      (r) => !r.isPublic && !PERMISSIONS.includes(r.permission as never),
    );
    expect(undeclared).toEqual([]);
  });

  it('public routes are the reviewed few', () => {
    const reviewed = [/^GET health/, /^POST auth\//, /^GET auth\/jwks/];
    const unexpected = enumerateRoutes(t).filter(
      (r) => r.isPublic && !reviewed.some((pattern) => pattern.test(r.route)),
    );
    expect(unexpected).toEqual([]);
  });

  it('refuses a handler without metadata, whoever calls it', async () => {
    const { AccessGuard } = await import('../../src/access/access.guard.js');
    const guard = new AccessGuard(new Reflector());
    const handler = () => undefined;
    class Bare {}
    const context = {
      getHandler: () => handler,
      getClass: () => Bare,
      switchToHttp: () => ({ getRequest: () => ({ principal: { userId: 'u', role: 'admin' } }) }),
    };
    expect(() => guard.canActivate(context as never)).toThrow(/declares no permission/);
  });
});
