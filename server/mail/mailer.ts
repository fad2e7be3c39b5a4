import nodemailer from 'nodemailer';
import type { Logger } from 'pino';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  /** False when SMTP_URL is not set: nothing is sent, and callers leave their outbox as it is. */
  readonly enabled: boolean;
  send(message: MailMessage): Promise<void>;
  close(): void;
}

const disabledMailer: Mailer = {
  enabled: false,
  send: async () => {
    throw new Error('e-mail is disabled: SMTP_URL is not set');
  },
  close: () => undefined,
};

/**
 * The sender address: `?from=` on SMTP_URL (taken off before nodemailer reads the URL), otherwise
 * no-reply at BASE_URL's host name.
 */
const splitSender = (smtpUrl: string, baseUrl: string): { url: string; from: string } => {
  const url = new URL(smtpUrl);
  const from = url.searchParams.get('from');
  url.searchParams.delete('from');
  return { url: url.toString(), from: from ?? `"Vaalivahti" <no-reply@${new URL(baseUrl).hostname}>` };
};

/** A nodemailer transport from SMTP_URL (smtp:// or smtps://, with user:password@ if needed). */
export const createMailer = (options: {
  smtpUrl: string | undefined;
  baseUrl: string;
  log: Pick<Logger, 'info' | 'warn'>;
}): Mailer => {
  if (!options.smtpUrl) {
    options.log.warn('SMTP_URL is not set: e-mail notifications are disabled');
    return disabledMailer;
  }
  const { url, from } = splitSender(options.smtpUrl, options.baseUrl);
  const transport = nodemailer.createTransport(url);
  options.log.info({ smtpHost: new URL(url).hostname }, 'e-mail notifications are enabled');
  return {
    enabled: true,
    async send(message) {
      await transport.sendMail({ from, ...message });
    },
    close: () => transport.close(),
  };
};
