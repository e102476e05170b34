import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';

export class RedeemEnrolmentDto {
  @ApiProperty({
    description: 'the one-time enrolment code an administrator handed over (or the link carried)',
  })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'code: not an enrolment code' })
  code!: string;

  @ApiProperty({ format: 'password', description: 'the new password (12–128, not a common one)' })
  @IsString()
  @MaxLength(1024)
  password!: string;
}
