import { z } from 'zod';
import { locales } from './locales.js';

export { locales, type Locale } from './locales.js';
export const localeSchema = z.enum(locales).describe('Interface language: Finnish, Swedish or English');

export const idSchema = z.uuid().describe('Identifier (UUID)');

/** Single-line text: trimmed, not empty, bounded. Control characters are refused for every body. */
export const lineText = (max: number) => z.string().trim().min(1).max(max);

export const localisedNameSchema = z
  .strictObject({
    fi: lineText(200).describe('Name in Finnish'),
    sv: lineText(200).describe('Name in Swedish'),
    en: lineText(200).describe('Name in English'),
  })
  .describe('A name in Finnish, Swedish and English');
export type LocalisedName = z.infer<typeof localisedNameSchema>;

export const timestampSchema = z.iso.datetime({ offset: true }).describe('Time in UTC, ISO 8601');

export const cursorSchema = z.string().max(500).describe('Opaque cursor from the previous page');
export const limitSchema = z.coerce.number().int().min(1).max(200).default(50).describe('Page size');

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item).describe('This page'),
    nextCursor: z.string().nullable().describe('Cursor of the next page, or null on the last'),
  });

export const idParamsSchema = z.strictObject({ id: idSchema });

export const errorSchema = z
  .object({
    code: z.string().describe('Stable error code'),
    message: z.string().describe('Human-readable explanation'),
    requestId: z.string().describe('Request id, also in the server log'),
    issues: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .describe('Validation problems, one per field'),
  })
  .describe('An error');
