/**
 * E-mail notifications (issue 5): the public surface. `startMail` is the one call the
 * composition root makes; the desk only sees the `Notifier` in ApiDeps.
 */
import type { StateDb } from '../storage/state/state-db.js';
import { type MailFlags, mailConfigFromEnv, redactSmtpUrl } from './config.js';
import { MailSender } from './mailer.js';
import type { Notifier } from './model.js';
import { MailNotifier } from './outbox.js';
import type { RuleExplain } from './policy.js';
import { shippedRuleExplain } from './rule-explain.js';

export {
  DEFAULT_MAIL_FROM,
  DEFAULT_PORTAL_URL,
  type MailConfig,
  MailConfigError,
  type MailFlags,
  mailConfigFromEnv,
} from './config.js';
export { PORTAL_PATHS } from './format.js';
export { MailSender, type MailSenderOptions } from './mailer.js';
export { NO_NOTIFIER, type NotificationEvent, type Notifier } from './model.js';
export { backoffMs, MAX_ATTEMPTS, MailNotifier, type MailNotifierOptions } from './outbox.js';

export interface RunningMail {
  /** goes into ApiDeps.notifier */
  notifier: Notifier;
  /** the same notifier with its outbox, for mails that are not desk events (the weekly summary) */
  outbox: MailNotifier;
  /** null when no SMTP URL is configured (mails wait in the outbox) */
  sender: MailSender | null;
  /** stops the sender after the mail in flight */
  stop(): Promise<void>;
}

/**
 * Builds the notifier and, when an SMTP URL is set, starts the sender. Flags (from
 * `otasuke start`) win over the environment. Throws MailConfigError on a bad setting.
 */
export function startMail(opts: {
  db: StateDb;
  env: Readonly<Record<string, string | undefined>>;
  flags?: MailFlags;
  log: (msg: string) => void;
  /** the portal address this process serves, for links when neither flag nor env sets one */
  fallbackPortalUrl?: string;
  /** plain-language rule explanations for company alert mails; default: content/rules */
  ruleExplain?: RuleExplain;
  now?: () => number;
}): RunningMail {
  const config = mailConfigFromEnv(opts.env, opts.flags, opts.fallbackPortalUrl);
  const sender = config.smtpUrl
    ? new MailSender({
        db: opts.db,
        transport: config.smtpUrl,
        from: config.from,
        now: opts.now,
        log: opts.log,
      })
    : null;
  const notifier = new MailNotifier({
    db: opts.db,
    portalUrl: config.portalUrl,
    now: opts.now,
    log: opts.log,
    onQueued: sender ? () => sender.kick() : undefined,
    ruleExplain: opts.ruleExplain ?? shippedRuleExplain,
  });
  if (sender) {
    opts.log(
      `mail: sending through ${redactSmtpUrl(config.smtpUrl ?? '')} as ${config.from}; portal links to ${config.portalUrl}`,
    );
    sender.start();
  } else {
    opts.log(
      'mail: off — no SMTP server configured (set OTASUKE_SMTP_URL or --smtp-url); notifications are kept in the outbox and sent once it is set',
    );
  }
  return {
    notifier,
    outbox: notifier,
    sender,
    stop: async () => {
      await sender?.stop();
    },
  };
}
