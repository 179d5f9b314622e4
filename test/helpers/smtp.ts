/**
 * A real SMTP server for mail tests (smtp-server on 127.0.0.1, no TLS), keeping every
 * message it accepts, parsed with mailparser:
 *
 *   const smtp = await startSmtpServer();
 *   const sender = new MailSender({ db, transport: smtp.url, from: 'Otasuke <no-reply@example.jp>' });
 *   …
 *   const [m] = await smtp.waitFor(1);
 *   expect(m.parsed.subject).toContain('受付');
 *   await smtp.close();
 */
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** the SMTP envelope (MAIL FROM / RCPT TO) */
  envelope: { from: string; to: string[] };
  /** the user name the client logged in with, if it did */
  user: string | null;
  raw: string;
  parsed: ParsedMail;
}

export interface TestSmtpServer {
  /** smtp://127.0.0.1:PORT */
  url: string;
  port: number;
  messages: ReceivedMail[];
  /** resolves with the messages once at least `n` arrived; rejects after `timeoutMs` */
  waitFor(n: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

export async function startSmtpServer(
  opts: {
    /** a fixed port (e.g. from freePort()); default: any free one */
    port?: number;
    /** answer RCPT TO for these addresses with 550 (a mailbox that does not exist) */
    rejectRecipient?: (address: string) => boolean;
    /** hold each message this long before accepting it (a slow server) */
    delayMs?: number;
  } = {},
): Promise<TestSmtpServer> {
  const messages: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  const server = new SMTPServer({
    authOptional: true,
    // the sender may log in (smtp://user:pass@…) over the plain connection of a test
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // no DNS look-up of 127.0.0.1 for every connection
    disableReverseLookup: true,
    // a test's close() should not wait the default 30 s for a lingering client
    closeTimeout: 1_000,
    onAuth(auth, _session, cb) {
      cb(null, { user: auth.username });
    },
    onRcptTo(address, _session, cb) {
      if (opts.rejectRecipient?.(address.address)) {
        const err = new Error('mailbox unavailable') as Error & { responseCode: number };
        err.responseCode = 550;
        cb(err);
        return;
      }
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw)
          .then(async (parsed) => {
            if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
            messages.push({
              envelope: {
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                to: session.envelope.rcptTo.map((r) => r.address),
              },
              user: typeof session.user === 'string' ? session.user : null,
              raw,
              parsed,
            });
            for (const w of waiters) w();
            cb();
          })
          .catch((err: Error) => cb(err));
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const a = server.server.address();
  const port = typeof a === 'object' && a ? a.port : 0;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    waitFor(n, timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (messages.length < n) return;
          cleanup();
          resolve(messages.slice());
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`expected ${n} mails, got ${messages.length} in ${timeoutMs} ms`));
        }, timeoutMs);
        const cleanup = (): void => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    close() {
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
