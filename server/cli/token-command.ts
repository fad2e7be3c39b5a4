import { createApiTokenSchema } from '../../shared/contracts/me.js';
import { emailSchema } from '../../shared/contracts/users.js';
import { appendAudit } from '../features/audit/audit-log.js';
import { findUser } from '../features/users/user-queries.js';
import { cliAuditSource, cliConfig, withDatabase } from './cli-database.js';
import { CliError } from './cli-error.js';
import { note, parseWith, print } from './cli-input.js';
import { findUserByEmail } from './user-command.js';

export interface CreateTokenOptions {
  email: string;
  name: string;
  days: string;
}

export const createToken = async (options: CreateTokenOptions): Promise<void> => {
  const email = parseWith(emailSchema, options.email, '--email');
  const days = Number(options.days);
  if (!Number.isInteger(days) || days < 1 || days > 366)
    throw new CliError('--days: give a whole number of days from 1 to 366.');
  const data = parseWith(createApiTokenSchema, { name: options.name, expiresInDays: days }, 'token');
  const config = cliConfig();
  await withDatabase(config, async (db) => {
    const userId = await findUserByEmail(db, email);
    if (!(await findUser(db, userId))?.active)
      throw new CliError(`${email} is deactivated; a token for them would not work.`);
    const auth = await (await import('./cli-auth.js')).cliAuth(db, config);
    const created = await auth.api.createApiKey({
      body: {
        name: data.name,
        userId,
        expiresIn: data.expiresInDays === null ? null : data.expiresInDays * 86400,
      },
    });
    // better-auth writes the token outside our transaction; a token without its audit entry must not survive.
    try {
      await db.transaction().execute((tx) =>
        appendAudit(tx, cliAuditSource, {
          action: 'token.create',
          targetType: 'api_token',
          targetId: created.id,
          details: { via: 'cli', userId, name: data.name, expiresInDays: data.expiresInDays },
        }),
      );
    } catch (error) {
      await db.deleteFrom('apiKeys').where('id', '=', created.id).execute();
      throw error;
    }
    // The secret alone goes to standard output, so that a script can capture it: TOKEN=$(vaalivahti token create …).
    print(created.key);
    const expires = created.expiresAt ? new Date(created.expiresAt).toISOString() : 'never';
    note(
      `API token "${data.name}" for ${email} created (expires ${expires}). It is shown only now; keep it secret.`,
    );
  });
};
