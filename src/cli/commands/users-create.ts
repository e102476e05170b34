import { InvalidArgumentError, type Command } from 'commander';
import { Role } from '../../generated/prisma/enums.js';
import { UsersService } from '../../users/users.service.js';
import { readStdin, withAppContext } from '../cli-context.js';

const ROLES = Object.values(Role);

export function registerUsersCreate(program: Command): void {
  program
    .command('users:create')
    .description(
      'create a user; without --password-stdin it prints a one-time enrolment code with which the user sets their own password',
    )
    .requiredOption('--email <email>', 'login email (case-insensitive, unique)')
    .requiredOption('--role <role>', `one of: ${ROLES.join(', ')}`, (value: string) => {
      if (!ROLES.includes(value as Role))
        throw new InvalidArgumentError(`must be one of: ${ROLES.join(', ')}`);
      return value as Role;
    })
    .option('--password-stdin', 'read the password from standard input')
    .action(async (options: { email: string; role: Role; passwordStdin?: boolean }) => {
      const password = options.passwordStdin ? await readStdin() : undefined;
      const user = await withAppContext((context) =>
        context.get(UsersService).create({ email: options.email, role: options.role, password }),
      );
      console.log(`created ${user.role} ${user.email} (${user.id})`);
      if ('enrolment' in user)
        console.log(
          `enrolment code (give it to the user; works once, until ${user.enrolment.expiresAt.toISOString()}): ${user.enrolment.code}\n` +
            `or open the web client at ${user.enrolment.path}`,
        );
    });
}
