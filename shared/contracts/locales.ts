/** The interface languages. Apart from common.ts, so the web app can use them without loading zod. */
export const locales = ['fi', 'sv', 'en'] as const;
export type Locale = (typeof locales)[number];
