/**
 * What the desk tells the notifier (issue 5): one event per thing worth a mail. The
 * notifier decides who gets it (company contacts, staff, the engineer), in which
 * language, and queues it in the durable outbox.
 */
export type NotificationEvent =
  | {
      kind: 'alert-new';
      tenant: string;
      alertId: string;
      ruleId: string;
      level: string;
      title: string;
      titleJa: string;
      count: number;
      firstSeenMs: number;
      /**
       * The rule's plain-language explanation for the company, when the detector has one
       * (e.g. 「あなたの会社のネットワークで、外部の不審なサーバーへの通信が見つかりました」).
       * Absent: the rule's description from content/rules, else a general sentence.
       */
      explain?: { ja: string; en: string };
    }
  | {
      kind: 'case-created';
      tenant: string;
      caseId: string;
      number: string;
      title: string;
      channel: string;
      priority: string;
    }
  | {
      kind: 'case-updated';
      tenant: string;
      caseId: string;
      number: string;
      title: string;
      /** what changed, for the mail body: a status move or a company-visible message */
      change: {
        status?: string;
        /** only a company-visible message: it is quoted in the company's mail */
        message?: string;
        /**
         * Who made the change: 'staff' (default) mails the company contacts; 'company' (a
         * message from the portal) mails the desk (agents, operator-admins, the assignee).
         */
        by?: 'staff' | 'company';
        /**
         * The timeline entry of the change. Part of the de-duplication key, so the same
         * status reached twice (waiting → in-progress → waiting) is mailed twice while a
         * repeated trigger of one change is not.
         */
        entryId?: string;
      };
    }
  | {
      kind: 'dispatch-scheduled';
      tenant: string;
      caseId: string;
      caseNumber: string;
      dispatchId: string;
      number: string;
      engineerId: string | null;
      scheduledStart: number;
      scheduledEnd: number | null;
      siteAddress: string | null;
    }
  | {
      kind: 'case-assigned';
      tenant: string;
      caseId: string;
      number: string;
      title: string;
      priority: string;
      assigneeId: string;
      /** who assigned it (not mailed when it is the assignee themself) */
      byUserId: string | null;
      /** when: the same case given to the same person again later is a new mail */
      at: number;
    }
  | {
      kind: 'dispatch-reported';
      tenant: string;
      caseId: string;
      caseNumber: string;
      dispatchId: string;
      number: string;
    };

export interface Notifier {
  /** Queues the mails for an event; never throws (failures are logged and counted). */
  notify(event: NotificationEvent): Promise<void>;
}

/** For tests and processes without mail. */
export const NO_NOTIFIER: Notifier = { notify: async () => undefined };
