import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../common/errors/domain-error.js';
import { PrismaService } from '../database/prisma.service.js';
import type { MeDto } from './dto/me.dto.js';
import { mfaRequiredFor } from './mfa-policy.js';

/** The signed-in user's view of their own account. */
@Injectable()
export class AccountService {
  constructor(private readonly prisma: PrismaService) {}

  async me(userId: string): Promise<MeDto> {
    const user = await this.prisma.user.findUnique({
      where: { id: userId },
      select: { id: true, email: true, role: true, mfaEnabledAt: true },
    });
    if (!user) throw new NotFoundError('user');
    return {
      id: user.id,
      email: user.email,
      role: user.role,
      mfaEnabled: user.mfaEnabledAt !== null,
      mfaRequired: mfaRequiredFor(user.role),
    };
  }
}
