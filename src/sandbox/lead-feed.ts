import type { GraphEmulator } from './graph-emulator.js';
import { leadgenBody, metaSerialise, postWebhook } from './meta-webhooks.js';

export interface LeadFeed {
  stop(): void;
}

/**
 * For the demo: a new sandbox lead every so often, in each of the sandbox's accounts in turn.
 * Most are delivered like Meta does — a signed POST to the bot's own /webhooks/meta for the
 * Page of the lead's form — and every fourth only through polling, so both doors can be seen working.
 */
export function startLeadFeed(options: {
  sandbox: GraphEmulator;
  botUrl: string;
  appSecret: string;
  everyMs: number;
  onError: (error: Error) => void;
}): LeadFeed {
  let count = 0;
  const { accounts } = options.sandbox;
  const timer = setInterval(() => {
    const account = accounts[count % accounts.length] ?? options.sandbox.account;
    const lead = options.sandbox.addLead({ accountId: account.id });
    count += 1;
    if (count % 4 === 0) return;
    const pageId = account.forms.find((f) => f.id === lead.formId)?.pageId ?? '';
    const body = leadgenBody(
      [{ pageId, changes: [{ leadId: lead.id, formId: lead.formId, adId: lead.adId ?? undefined }] }],
      options.sandbox.now(),
    );
    postWebhook(options.botUrl, metaSerialise(body), options.appSecret).catch(options.onError);
  }, options.everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
