import { Injectable } from '@nestjs/common';
import { ConflictError, DomainError } from '../common/errors/domain-error.js';
import { PrismaService } from '../database/prisma.service.js';
import type { Role } from '../generated/prisma/enums.js';
import { hashPassword } from '../auth/password-hasher.js';
import { assertAcceptablePassword } from '../auth/password-policy.js';

export interface NewUser {
  email: string;
  role: Role;
  password?: string;
  createdById?: string;
}

export interface UserSummary {
  id: string;
  email: string;
  role: Role;
}

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

@Injectable()
export class UsersService {
  constructor(private readonly prisma: PrismaService) {}

  async create({ email, role, password, createdById }: NewUser): Promise<UserSummary> {
    const normalised = normaliseEmail(email);
    if (!/^[^\s@]+@[^\s@]+$/.test(normalised))
      throw new DomainError('invalid_email', 'email address is not valid');
    if (password !== undefined) assertAcceptablePassword(password);
    const passwordHash = password === undefined ? null : await hashPassword(password);
    try {
      return await this.prisma.user.create({
        data: { email: normalised, role, passwordHash, createdById },
        select: { id: true, email: true, role: true },
      });
    } catch (error) {
      if ((error as { code?: string }).code === 'P2002')
        throw new ConflictError(`a user with email ${normalised} already exists`);
      throw error;
    }
  }
}
