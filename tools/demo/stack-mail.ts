import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { waitFor } from '@issuestream/testing';
import { simpleParser } from 'mailparser';

/** Where the stack's SMTP server keeps what it receives (deploy/local/mail-server.mjs); STACK_DIR may point elsewhere. */
export const stackMailDir = path.resolve(__dirname, '../..', process.env['STACK_DIR'] ?? '.stack', 'mail');

/** The subject, recipients and file of the newest e-mail in the stack's mail directory whose subject contains `text`. */
export async function findMail(text: string): Promise<{ subject: string; to: string; file: string } | undefined> {
  let files: string[];
  try {
    files = readdirSync(stackMailDir).filter((f) => f.endsWith('.eml')).sort().reverse();
  } catch {
    return undefined;
  }
  for (const file of files) {
    const mail = await simpleParser(readFileSync(path.join(stackMailDir, file)));
    if (mail.subject?.includes(text)) return { subject: mail.subject, to: [mail.to ?? []].flat().map((a) => a.text).join(', '), file: path.join(stackMailDir, file) };
  }
  return undefined;
}

/** Waits for the feedback alert e-mail whose subject contains `text` and prints who got it. */
export async function printFeedbackAlertMail(text: string, timeoutMs: number): Promise<void> {
  const mail = await waitFor(() => findMail(text), { timeoutMs, intervalMs: 250, description: `the feedback alert e-mail in ${stackMailDir}` });
  console.log(`[demo] feedback alert e-mail to ${mail.to}: "${mail.subject}" (${path.relative(process.cwd(), mail.file)})`);
}
