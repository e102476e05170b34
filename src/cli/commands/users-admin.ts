import type { Command } from 'commander';
import { UsersService } from '../../users/users.service.js';
import { withAppContext } from '../cli-context.js';

/** `users:disable` and `users:reset-mfa`: both end every session of the user at once (audited as 'system'). */
export function registerUsersAdmin(program: Command): void {
  program
    .command('users:disable')
    .description("disable a user's account and end all their sessions")
    .requiredOption('--email <email>', 'the user to disable')
    .action(async (options: { email: string }) => {
      const user = await withAppContext(async (context) => {
        const users = context.get(UsersService);
        return users.setStatus((await users.findByEmail(options.email)).id, 'disabled', {});
      });
      console.log(`disabled ${user.email} (${user.id}); all sessions ended`);
    });
  program
    .command('users:reset-mfa')
    .description("remove a user's MFA (they enrol again at next sign-in) and end all their sessions")
    .requiredOption('--email <email>', 'the user whose MFA to reset')
    .action(async (options: { email: string }) => {
      const user = await withAppContext(async (context) => {
        const users = context.get(UsersService);
        return users.resetMfa((await users.findByEmail(options.email)).id, {});
      });
      console.log(`reset MFA for ${user.email} (${user.id}); all sessions ended`);
    });
}
