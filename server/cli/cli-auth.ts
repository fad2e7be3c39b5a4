import type { Config } from '../config.js';
import type { Db } from '../db/connection.js';
import { createAuth, type Auth } from '../features/auth/auth-instance.js';
import { ensureAuthSecret } from '../features/bootstrap/first-start.js';

/**
 * The same better-auth the server builds, on the command's connection: it hashes passwords and
 * mints tokens. The commands import this module only when they get that far, since it is the
 * slowest to load and most mistakes are caught before.
 */
export const cliAuth = async (db: Db, config: Config): Promise<Auth> => {
  const auth = createAuth({ db, baseUrl: config.baseUrl, secret: await ensureAuthSecret(db) });
  // better-auth checks the schema in the background as it starts; a command this short must let
  // that check finish before it closes the database.
  await (await auth.$context).checkSchema?.();
  return auth;
};
