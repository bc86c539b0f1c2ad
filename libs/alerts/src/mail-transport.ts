import { createTransport, type Transporter } from 'nodemailer';

export interface MailTransportOptions {
  /** `smtp://host:port`, `smtps://user:pass@host:465`, … */
  smtpUrl: string;
  /** Bounds on connecting, the greeting and an idle socket: a hung server fails the attempt instead of holding the sender. */
  timeoutMs: number;
}

/**
 * nodemailer over SMTP, keeping one connection open between e-mails: servers
 * commonly pause before greeting a new connection (smtp-server 100 ms), which
 * per e-mail capped sending at ~8 e-mails/s; a dropped connection is reopened
 * for the next e-mail. `close()` it on shutdown.
 */
export function createMailTransport(options: MailTransportOptions): Transporter {
  return createTransport({
    url: options.smtpUrl,
    pool: true,
    maxConnections: 1,
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
  });
}
