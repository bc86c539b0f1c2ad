import { createTransport, type Transporter } from 'nodemailer';

export interface MailTransportOptions {
  /** `smtp://host:port`, `smtps://user:pass@host:465`, … */
  smtpUrl: string;
  /** Bounds on connecting, the greeting and an idle socket: a hung server fails the attempt instead of holding the sender. */
  timeoutMs: number;
}

/** nodemailer over SMTP, one connection per e-mail. */
export function createMailTransport(options: MailTransportOptions): Transporter {
  return createTransport({
    url: options.smtpUrl,
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
  });
}
