import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.string().url().optional(),
  BASE_URL: z.string().url().optional(),
  SMTP_URL: z.string().url().optional(),
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  VAALIVAHTI_ADMIN_EMAIL: z.string().email().optional(),
  VAALIVAHTI_ADMIN_PASSWORD: z.string().min(12).optional(),
  ATTACHMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(512 * 1024 * 1024)
    .default(20 * 1024 * 1024),
  FEED_PRIVATE_NETWORKS: z
    .string()
    .optional()
    .transform((text, context) => {
      try {
        return privateNetworksOf(text);
      } catch (error) {
        context.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
});

/**
 * FEED_PRIVATE_NETWORKS: private addresses or CIDR ranges that partner feeds may reach,
 * comma-separated ("10.20.0.0/16, fd00::/8, 127.0.0.1"); by default none (feed-address.ts).
 */
const privateNetworksOf = (text: string | undefined): string[] =>
  (text ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [address = '', prefix, extra] = part.split('/');
      const family = isIP(address);
      const max = family === 6 ? 128 : 32;
      const bits = prefix === undefined ? max : /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
      if (family === 0 || extra !== undefined || !(bits >= 0 && bits <= max))
        throw new Error(`not an address or a CIDR range: ${part}`);
      return `${address}/${bits}`;
    });

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  baseUrl: string;
  smtpUrl: string | undefined;
  trustProxy: boolean;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  demo: boolean;
  /** Largest attachment upload accepted, in bytes. */
  attachmentMaxBytes: number;
  /** Private networks partner feeds may reach, as CIDR ranges (FEED_PRIVATE_NETWORKS). */
  feedPrivateNetworks: string[];
}

export const loadConfig = (
  env: NodeJS.ProcessEnv = process.env,
  options: { demo?: boolean } = {},
): Config => {
  const parsed = schema.safeParse(
    Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== '')),
  );
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  const displayHost = c.HOST === '0.0.0.0' || c.HOST === '::' ? '127.0.0.1' : c.HOST;
  return {
    port: c.PORT,
    host: c.HOST,
    dataDir: path.resolve(c.DATA_DIR),
    databaseUrl: c.DATABASE_URL,
    baseUrl: (
      c.BASE_URL ?? `http://${displayHost.includes(':') ? `[${displayHost}]` : displayHost}:${c.PORT}`
    ).replace(/\/$/, ''),
    smtpUrl: c.SMTP_URL,
    trustProxy: c.TRUST_PROXY === 'true',
    logLevel: c.LOG_LEVEL,
    adminEmail: c.VAALIVAHTI_ADMIN_EMAIL,
    adminPassword: c.VAALIVAHTI_ADMIN_PASSWORD,
    demo: options.demo ?? false,
    attachmentMaxBytes: c.ATTACHMENT_MAX_BYTES,
    feedPrivateNetworks: c.FEED_PRIVATE_NETWORKS,
  };
};
