import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsUUID } from 'class-validator';

export class AddCareTeamMemberDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  userId!: string;

  @ApiPropertyOptional({ description: 'membership ends at this instant (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  endsAt?: string;
}

export class CareTeamMemberDto {
  @ApiProperty() userId!: string;
  @ApiProperty() email!: string;
  @ApiProperty() role!: string;
  @ApiProperty() startsAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) endsAt!: Date | null;
}
