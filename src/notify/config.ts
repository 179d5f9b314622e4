/**
 * Mail settings from the environment (OTASUKE_SMTP_URL, OTASUKE_MAIL_FROM,
 * OTASUKE_PORTAL_URL) and `otasuke start` flags, which win over the environment.
 */

export const DEFAULT_MAIL_FROM = 'Otasuke <no-reply@localhost>';
export const DEFAULT_PORTAL_URL = 'http://localhost:8080';

export interface MailConfig {
  /** smtp:// or smtps:// URL; null = mail is off (notifications still queue in the outbox) */
  smtpUrl: string | null;
  from: string;
  portalUrl: string;
}

export interface MailFlags {
  smtpUrl?: string;
  mailFrom?: string;
  portalUrl?: string;
}

export class MailConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MailConfigError';
  }
}

function present(v: string | undefined): string | undefined {
  const t = v?.trim();
  return t ? t : undefined;
}

/** Checks the values; throws MailConfigError naming the setting (never echoing a password). */
export function checkMailConfig(c: MailConfig): MailConfig {
  if (c.smtpUrl !== null) {
    let u: URL;
    try {
      u = new URL(c.smtpUrl);
    } catch {
      throw new MailConfigError(
        'OTASUKE_SMTP_URL / --smtp-url is not a URL (smtp://user:pass@host:587 or smtps://…)',
      );
    }
    if (u.protocol !== 'smtp:' && u.protocol !== 'smtps:')
      throw new MailConfigError('OTASUKE_SMTP_URL / --smtp-url must start with smtp:// or smtps://');
    if (!u.hostname) throw new MailConfigError('OTASUKE_SMTP_URL / --smtp-url has no host');
  }
  // "Name <a@b>" or a bare address; no line breaks (they would become extra headers)
  if (/[\r\n]/.test(c.from) || !/^[^<>@\s]+@[^<>@\s]+$|<[^<>@\s]+@[^<>@\s]+>$/.test(c.from.trim()))
    throw new MailConfigError(
      'OTASUKE_MAIL_FROM / --mail-from must be an address, e.g. "Otasuke <no-reply@example.jp>"',
    );
  let p: URL;
  try {
    p = new URL(c.portalUrl);
  } catch {
    throw new MailConfigError('OTASUKE_PORTAL_URL / --portal-url is not a URL (https://portal.example.jp)');
  }
  if (p.protocol !== 'http:' && p.protocol !== 'https:')
    throw new MailConfigError('OTASUKE_PORTAL_URL / --portal-url must be http:// or https://');
  return c;
}

/**
 * The mail settings of the environment; flags, when given, take precedence.
 * `fallbackPortalUrl`: the portal address the process knows it serves (used when
 * neither sets one; default http://localhost:8080).
 */
export function mailConfigFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  flags: MailFlags = {},
  fallbackPortalUrl: string = DEFAULT_PORTAL_URL,
): MailConfig {
  return checkMailConfig({
    smtpUrl: present(flags.smtpUrl) ?? present(env.OTASUKE_SMTP_URL) ?? null,
    from: present(flags.mailFrom) ?? present(env.OTASUKE_MAIL_FROM) ?? DEFAULT_MAIL_FROM,
    portalUrl: present(flags.portalUrl) ?? present(env.OTASUKE_PORTAL_URL) ?? fallbackPortalUrl,
  });
}

/** The SMTP URL for a log line: the password replaced. */
export function redactSmtpUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(invalid URL)';
  }
}
