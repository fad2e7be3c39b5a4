import type { z } from 'zod';
import { CliError } from './cli-error.js';

/** Validates one value with the same zod schema the HTTP API uses, naming the option in the error. */
export const parseWith = <S extends z.ZodType>(schema: S, value: unknown, label: string): z.output<S> => {
  const result = schema.safeParse(value);
  if (!result.success)
    throw new CliError(`${label}: ${result.error.issues.map((issue) => issue.message).join('; ')}`);
  return result.data;
};

/** A password piped in, as `echo "$PW" | vaalivahti user create … --password-stdin`: one trailing newline is not part of it. */
export const readPasswordFromStdin = async (): Promise<string> => {
  if (process.stdin.isTTY) process.stderr.write('Password (then Enter and Ctrl-D): ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
};

export const print = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};

export const note = (line = ''): void => {
  process.stderr.write(`${line}\n`);
};
