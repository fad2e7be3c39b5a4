import { InvalidArgumentError, type Command } from 'commander';
import { roles, type Role } from '../../shared/access/roles.js';

// The commands' code is loaded only when one runs, so that --help and mistyped options answer at once.

const collectRole = (value: string, previous: Role[] | undefined): Role[] => {
  if (!(roles as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`"${value}" is not a role; choose from ${roles.join(', ')}.`);
  }
  const role = value as Role;
  return previous?.includes(role) ? previous : [...(previous ?? []), role];
};

export const registerCommands = (program: Command): void => {
  const db = program.command('db').description('the database');
  db.command('migrate')
    .description(
      'bring the database schema up to date (the server also does this when it starts); creates the embedded database if DATA_DIR has none',
    )
    .action(async () => (await import('./db-command.js')).migrate());

  const user = program.command('user').description('manage user accounts');
  user
    .command('create')
    .description(
      'create a user account; without --password-stdin, prints a one-time password that must be changed at first sign-in',
    )
    .requiredOption('--email <email>', 'e-mail address (the sign-in name)')
    .requiredOption('--name <name>', 'full name')
    .requiredOption(
      '--organisation <organisation>',
      'home organisation: its short name (for example "NCSC-FI") or id',
    )
    .requiredOption('--role <role>', `role, one of ${roles.join(', ')}; repeat for several`, collectRole)
    .option('--locale <locale>', 'interface language: fi, sv or en', 'fi')
    .option('--password-stdin', 'read the password (at least 12 characters) from standard input instead')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  vaalivahti user create --email anna@ncsc.example --name "Anna Analyst" --organisation NCSC-FI --role analyst',
        '  printf %s "$PASSWORD" | vaalivahti user create --email … --name … --organisation OM --role coordinator --password-stdin',
      ].join('\n'),
    )
    .action(async (options: import('./user-command.js').CreateUserOptions) =>
      (await import('./user-command.js')).createUser(options),
    );
  user
    .command('reset-password')
    .description("replace a user's password with a one-time password, printed once, and end their sessions")
    .requiredOption('--email <email>', "the user's e-mail address")
    .action(async (options: { email: string }) => (await import('./user-command.js')).resetPassword(options));

  const token = program.command('token').description('manage personal API tokens for machine clients');
  token
    .command('create')
    .description(
      'create an API token for a user and print its secret, once, alone on standard output (use as "Authorization: Bearer <token>")',
    )
    .requiredOption('--email <email>', 'e-mail address of the user the token acts as')
    .requiredOption('--name <name>', 'what the token is for, for example "MISP sync"')
    .option('--days <n>', 'days until the token expires, 1–366', '90')
    .action(async (options: import('./token-command.js').CreateTokenOptions) =>
      (await import('./token-command.js')).createToken(options),
    );

  const audit = program.command('audit').description('the hash-chained audit trail');
  audit
    .command('verify')
    .description(
      'check every entry of the audit trail against its hash chain; exit code 1 if any was changed, removed or inserted',
    )
    .action(async () => (await import('./audit-command.js')).verifyAudit());
};
