import type { Role } from '../../shared/access/roles.js';
import { localeSchema } from '../../shared/contracts/common.js';
import { createUserSchema, emailSchema, passwordSchema } from '../../shared/contracts/users.js';
import type { Db, Tx } from '../db/connection.js';
import { appendAudit } from '../features/audit/audit-log.js';
import { createAccount, generateOneTimePassword, hashPassword } from '../features/users/user-accounts.js';
import {
  deleteSessionsOf,
  findUserIdByEmail,
  setPasswordHash,
  updateUserRow,
} from '../features/users/user-queries.js';
import { cliAuditSource, cliConfig, withDatabase } from './cli-database.js';
import { CliError } from './cli-error.js';
import { parseWith, print, readPasswordFromStdin } from './cli-input.js';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const findOrganisation = async (db: Db | Tx, reference: string) => {
  const query = db.selectFrom('organisations').select(['id', 'shortName', 'active']);
  const found = uuidPattern.test(reference)
    ? await query.where('id', '=', reference.toLowerCase()).executeTakeFirst()
    : await query
        .where((eb) => eb(eb.fn('lower', ['shortName']), '=', reference.toLowerCase()))
        .executeTakeFirst();
  if (!found) throw new CliError(`No organisation has the short name or id "${reference}".`);
  if (!found.active)
    throw new CliError(`The organisation ${found.shortName} is inactive; activate it first.`);
  return found;
};

export const findUserByEmail = async (db: Db | Tx, email: string): Promise<string> => {
  const id = await findUserIdByEmail(db, email);
  if (!id) throw new CliError(`No user has the e-mail address ${email}.`);
  return id;
};

export interface CreateUserOptions {
  email: string;
  name: string;
  organisation: string;
  role: Role[];
  locale: string;
  passwordStdin?: boolean;
}

export const createUser = async (options: CreateUserOptions): Promise<void> => {
  const name = parseWith(createUserSchema.shape.name, options.name, '--name');
  const email = parseWith(emailSchema, options.email, '--email');
  const locale = parseWith(localeSchema, options.locale, '--locale');
  const given = options.passwordStdin
    ? parseWith(passwordSchema, await readPasswordFromStdin(), 'password')
    : null;
  const oneTimePassword = given === null ? generateOneTimePassword() : null;
  const config = cliConfig();

  await withDatabase(config, async (db) => {
    const organisation = await findOrganisation(db, options.organisation);
    const auth = await (await import('./cli-auth.js')).cliAuth(db, config);
    const data = parseWith(
      createUserSchema,
      {
        name,
        email,
        organisationId: organisation.id,
        roles: options.role,
        locale,
        password: given ?? oneTimePassword,
      },
      'user',
    );
    await db.transaction().execute(async (tx) => {
      const id = await createAccount(tx, auth, {
        name: data.name,
        email: data.email,
        organisationId: data.organisationId,
        roles: data.roles,
        locale: data.locale,
        password: data.password!,
        mustChangePassword: oneTimePassword !== null,
      });
      await appendAudit(tx, cliAuditSource, {
        action: 'user.create',
        targetType: 'user',
        targetId: id,
        details: {
          via: 'cli',
          name: data.name,
          email: data.email,
          organisationId: data.organisationId,
          roles: data.roles,
          locale: data.locale,
        },
      });
    });
    print(`Created ${data.email} (${data.roles.join(', ')}) in ${organisation.shortName}.`);
    if (oneTimePassword) {
      print(`One-time password: ${oneTimePassword}`);
      print('It is shown only now; the user must change it at first sign-in.');
    }
  });
};

export const resetPassword = async (options: { email: string }): Promise<void> => {
  const email = parseWith(emailSchema, options.email, '--email');
  const oneTimePassword = generateOneTimePassword();
  const config = cliConfig();
  await withDatabase(config, async (db) => {
    await findUserByEmail(db, email);
    const auth = await (await import('./cli-auth.js')).cliAuth(db, config);
    const hash = await hashPassword(auth, oneTimePassword);
    await db.transaction().execute(async (tx) => {
      const id = await findUserByEmail(tx, email);
      await setPasswordHash(tx, id, hash);
      await updateUserRow(tx, id, { mustChangePassword: true });
      // The old password may be known to someone else: every session it opened ends now.
      await deleteSessionsOf(tx, id);
      await appendAudit(tx, cliAuditSource, {
        action: 'user.reset_password',
        targetType: 'user',
        targetId: id,
        details: { via: 'cli' },
      });
    });
    print(`Reset the password of ${email} and ended their sessions.`);
    print(`One-time password: ${oneTimePassword}`);
    print('It is shown only now; the user must change it at first sign-in.');
  });
};
