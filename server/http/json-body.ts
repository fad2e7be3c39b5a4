import type { FastifyInstance } from 'fastify';
import secureJson from 'secure-json-parse';
import { AppError } from '../../shared/errors.js';

const decoder = new TextDecoder('utf-8', { fatal: true });

// C0 controls other than tab, line feed and carriage return, and DEL: never meaningful in our text.
const forbiddenControl = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export const MAX_JSON_DEPTH = 64;

const describeText = (value: string): string | undefined => {
  if (!value.isWellFormed()) return 'contains an unpaired surrogate';
  if (forbiddenControl.test(value)) return 'contains a control character';
  return undefined;
};

/** Walks a parsed value without recursion, so that no nesting can exhaust the stack. */
export const findBadText = (root: unknown): string | undefined => {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: root, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      const problem = describeText(value);
      if (problem) return `${path || 'value'} ${problem}`;
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) return `${path || 'value'} is nested too deeply`;
    const entries = Array.isArray(value)
      ? value.map((v, i) => [String(i), v] as const)
      : Object.entries(value);
    for (const [key, item] of entries) {
      const keyProblem = describeText(key);
      if (keyProblem) return `a key in ${path || 'the body'} ${keyProblem}`;
      stack.push({ value: item, path: path ? `${path}.${key}` : key, depth: depth + 1 });
    }
  }
  return undefined;
};

/**
 * JSON bodies are decoded strictly: invalid UTF-8, prototype pollution keys, lone surrogates and
 * control characters are refused before any handler sees them.
 */
export const registerJsonBodyParser = (app: FastifyInstance): void => {
  // JSON only: every other media type is answered 415 before any handler runs.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => {
    try {
      done(null, parseStrictJson(body as Buffer));
    } catch (error) {
      done(error as AppError, undefined);
    }
  });
};

/** The strict decoding of a JSON body (undefined when empty); throws AppError. Other JSON media types use it too. */
export const parseStrictJson = (buffer: Buffer): unknown => {
  if (buffer.length === 0) return undefined;
  let text: string;
  try {
    text = decoder.decode(buffer);
  } catch {
    throw new AppError('invalid_encoding', 'The request body is not valid UTF-8.');
  }
  let parsed: unknown;
  try {
    parsed = secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch {
    throw new AppError('invalid_json', 'The request body is not valid JSON.');
  }
  const bad = findBadText(parsed);
  if (bad) {
    const code = bad.endsWith('nested too deeply') ? 'invalid_json' : 'invalid_encoding';
    throw new AppError(code, `Invalid body: ${bad}.`);
  }
  return parsed;
};

/** Query strings and path parameters get the same text rules as bodies. */
export const registerQueryTextCheck = (app: FastifyInstance): void => {
  app.addHook('preValidation', async (request) => {
    const bad = findBadText(request.query) ?? findBadText(request.params);
    if (bad) throw new AppError('invalid_encoding', `Invalid text in the address: ${bad}.`);
  });
};
