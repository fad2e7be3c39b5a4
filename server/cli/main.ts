import { Command, CommanderError } from 'commander';
import { AppError } from '../../shared/errors.js';
import { InstanceLockedError } from '../db/instance-lock.js';
import { CliError } from './cli-error.js';
import { registerCommands } from './commands.js';

const program = new Command('vaalivahti')
  .description(
    "The operator's command line of Vaalivahti. It uses the server's database: DATABASE_URL, or else the embedded PostgreSQL of DATA_DIR (default ./data), also while the server runs.",
  )
  .showHelpAfterError('(add --help for usage)')
  .exitOverride();
program.configureHelp({ sortSubcommands: true });
registerCommands(program);

/** Errors the operator can act on are their message alone; anything else is a bug and keeps its stack. */
const report = async (error: unknown): Promise<void> => {
  const { ZodError } = await import('zod');
  const { DataDirError } = await import('../db/embedded-postgres.js');
  if (error instanceof ZodError) {
    process.stderr.write(
      `error: ${error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')}\n`,
    );
  } else if (
    error instanceof CliError ||
    error instanceof AppError ||
    error instanceof InstanceLockedError ||
    error instanceof DataDirError
  ) {
    process.stderr.write(`error: ${error.message}\n`);
  } else {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    if (error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  }
};

try {
  await program.parseAsync(process.argv);
  process.exit(process.exitCode ?? 0);
} catch (error) {
  // commander has already printed its own errors and help; only its exit code is left to pass on.
  if (error instanceof CommanderError) process.exit(error.exitCode);
  await report(error);
  process.exit(1);
}
