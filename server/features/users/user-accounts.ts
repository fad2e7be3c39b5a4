import { randomInt } from 'node:crypto';
import type { Role } from '../../../shared/access/roles.js';
import type { Locale } from '../../../shared/contracts/common.js';
import { AppError } from '../../../shared/errors.js';
import type { Tx } from '../../db/connection.js';
import type { Auth } from '../auth/auth-instance.js';
import { findUserIdByEmail, insertPasswordAccount, insertUser, organisationExists } from './user-queries.js';

// No 0/O, 1/l/I: one-time passwords are read aloud and typed from paper.
const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';

export const generateOneTimePassword = (): string =>
  Array.from({ length: 4 }, () =>
    Array.from({ length: 5 }, () => alphabet[randomInt(alphabet.length)]).join(''),
  ).join('-');

export const hashPassword = async (auth: Auth, password: string): Promise<string> =>
  (await auth.$context).password.hash(password);

export interface NewAccount {
  name: string;
  email: string;
  organisationId: string;
  roles: Role[];
  locale: Locale;
  password: string;
  mustChangePassword: boolean;
}

/** The one way an account comes to exist: the web admin, the command line, first start and the demo all use it. */
export const createAccount = async (tx: Tx, auth: Auth, account: NewAccount): Promise<string> => {
  if (await findUserIdByEmail(tx, account.email)) {
    throw new AppError('conflict', `A user with the e-mail address ${account.email} already exists.`);
  }
  if (!(await organisationExists(tx, account.organisationId))) {
    throw new AppError('validation_failed', 'The organisation does not exist or is inactive.', [
      { path: 'body.organisationId', message: 'Unknown or inactive organisation.' },
    ]);
  }
  const { id } = await insertUser(tx, {
    name: account.name,
    email: account.email.toLowerCase(),
    organisationId: account.organisationId,
    roles: account.roles,
    locale: account.locale,
    mustChangePassword: account.mustChangePassword,
  });
  await insertPasswordAccount(tx, id, await hashPassword(auth, account.password));
  return id;
};
