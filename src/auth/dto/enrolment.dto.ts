import { z } from 'zod';
import { password } from './login.dto.js';

export const RedeemEnrolmentDto = z
  .strictObject({
    code: z
      .string()
      .regex(/^[A-Za-z0-9_-]{43}$/, 'not an enrolment code')
      .meta({
        description: 'the one-time enrolment code an administrator handed over (or the link carried)',
        example: 'q3V9xY2mK8pL0tR7wZ4nB6cD1fG5hJ3sA9eU2iO8kMn',
      }),
    password: password.meta({
      description: 'the new password (12–128 characters, not a common one)',
      example: 'a longer passphrase of my own',
    }),
  })
  .meta({ id: 'RedeemEnrolmentDto' });
export type RedeemEnrolmentDto = z.infer<typeof RedeemEnrolmentDto>;
