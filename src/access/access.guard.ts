import {
  ForbiddenException,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { PUBLIC_ROUTE, ROUTE_PERMISSION } from './decorators.js';
import { roleHas, type Permission } from './permissions.js';
import './principal.js';

/**
 * Global, deny-by-default: a route with neither @Public() nor @RequirePermission() is refused for
 * everyone. Per-patient checks (care team, break-the-glass) happen in the services, by id.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(ROUTE_PERMISSION, targets);
    if (!permission) throw new ForbiddenException('route declares no permission');
    const principal = context.switchToHttp().getRequest<FastifyRequest>().principal;
    if (!principal) throw new UnauthorizedException('authentication required');
    if (!roleHas(principal.role, permission)) throw new ForbiddenException('not permitted');
    return true;
  }
}
