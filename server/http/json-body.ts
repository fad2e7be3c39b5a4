import type { FastifyInstance } from 'fastify';
import secureJson from 'secure-json-parse';
import { AppError } from '../../shared/errors.js';

const decoder = new TextDecoder('utf-8', { fatal: true });

// C0 controls other than tab, line feed and carriage return, and DEL: never meaningful in our text.
const forbiddenControl = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

const findBadString = (value: unknown, path: string): string | undefined => {
  if (typeof value === 'string') {
    if (!value.isWellFormed()) return `${path || 'body'} contains an unpaired surrogate`;
    if (forbiddenControl.test(value)) return `${path || 'body'} contains a control character`;
    return undefined;
  }
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findBadString(item, `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = findBadString(key, `${path}.${key}`) ?? findBadString(item, path ? `${path}.${key}` : key);
      if (found) return found;
    }
  }
  return undefined;
};

/**
 * JSON bodies are decoded strictly: invalid UTF-8, prototype pollution keys, lone surrogates and
 * control characters are refused before any handler sees them.
 */
export const registerJsonBodyParser = (app: FastifyInstance): void => {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => {
    const buffer = body as Buffer;
    if (buffer.length === 0) return done(null, undefined);
    let text: string;
    try {
      text = decoder.decode(buffer);
    } catch {
      return done(new AppError('invalid_encoding', 'The request body is not valid UTF-8.'), undefined);
    }
    let parsed: unknown;
    try {
      parsed = secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
    } catch {
      return done(new AppError('invalid_json', 'The request body is not valid JSON.'), undefined);
    }
    const bad = findBadString(parsed, '');
    if (bad) return done(new AppError('invalid_encoding', `Invalid text: ${bad}.`), undefined);
    done(null, parsed);
  });
};
