import { InvalidArgumentError, type Command } from 'commander';
import { CareTeamService } from '../../access/care-team.service.js';
import { NotFoundError } from '../../common/errors/domain-error.js';
import { PrismaService } from '../../database/prisma.service.js';
import { PatientsService } from '../../patients/patients.service.js';
import { normaliseEmail } from '../../users/users.service.js';
import { withAppContext } from '../cli-context.js';

export function registerCareteamAdd(program: Command): void {
  program
    .command('careteam:add')
    .description("grant a clinician or nurse access to a patient's record (care-team membership)")
    .requiredOption('--user <email>', 'the clinician or nurse')
    .requiredOption('--patient <mrn>', "the patient's MRN")
    .option('--authority <name>', 'the assigning authority of the MRN (needed only when several issued it)')
    .option('--until <iso-date>', 'membership ends then', (value: string) => {
      const date = new Date(value);
      if (Number.isNaN(date.getTime())) throw new InvalidArgumentError('must be an ISO 8601 date');
      return date;
    })
    .action(async (options: { user: string; patient: string; authority?: string; until?: Date }) => {
      await withAppContext(async (context) => {
        const user = await context
          .get(PrismaService)
          .user.findUnique({ where: { email: normaliseEmail(options.user) }, select: { id: true } });
        if (!user) throw new NotFoundError('user');
        const patientId = await context.get(PatientsService).idByMrn(options.patient, options.authority);
        if (!patientId) throw new NotFoundError('patient');
        await context.get(CareTeamService).add(patientId, user.id, { endsAt: options.until });
        console.log(`added ${normaliseEmail(options.user)} to the care team of patient ${patientId}`);
      });
    });
}
