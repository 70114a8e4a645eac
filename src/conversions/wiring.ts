// Lead quality, assembled once by the composition root: outcomes, the Conversions API job
// (when META_PIXEL_ID is set), and the exclusion audience.
import { AudienceSync } from '../audiences/sync.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { markNotSent } from '../db/capi-events.js';
import type { Database } from '../db/open.js';
import type { Logger } from '../log.js';
import type { Messenger } from '../messages/messenger.js';
import { ConversionsApi } from '../meta/conversions-api.js';
import { CustomAudiences } from '../meta/custom-audiences.js';
import type { GraphClient } from '../meta/graph-client.js';
import { minorFromDecimal } from '../money.js';
import type { JobHandler } from '../outbox/worker.js';
import { AlertRefresher } from './alert.js';
import { capiEventJob } from './capi-job.js';
import { LeadOutcomes } from './outcomes.js';
import { CAPI_EVENT, parseCapiSubject, publishCapiSettings } from './stages.js';

export interface LeadQuality {
  outcomes: LeadOutcomes;
  audiences: AudienceSync;
  /** Outbox handlers to register (none when the Conversions API is off). */
  jobs: Record<string, JobHandler>;
}

export function createLeadQuality(deps: {
  db: Database;
  clock: Clock;
  logger: Logger;
  graph: GraphClient;
  messenger: Messenger;
  config: Config;
  timezone: () => Promise<string>;
  /** The account whose leads these are, and its currency (CASE_VALUE is in it). */
  account: { id: string; currency: string | null };
}): LeadQuality {
  const { db, clock, logger, graph, messenger, config, timezone, account } = deps;
  const settings = publishCapiSettings(db, config, clock.nowMilliseconds());
  const refresher = new AlertRefresher({ db, logger, messenger, timezone });
  const outcomes = new LeadOutcomes({
    db,
    clock,
    logger,
    refresher,
    caseValueCents: account.currency ? minorFromDecimal(config.conversions.caseValue, account.currency) : 0,
  });
  const pixelId = settings?.pixelId ?? null;
  const jobs: Record<string, JobHandler> = {
    // Events queued before META_PIXEL_ID was unset: recorded as not sent, not retried forever.
    [CAPI_EVENT]: async (item) => {
      const parsed = parseCapiSubject(item.subject);
      if (parsed) {
        const reason = 'the Conversions API was turned off (META_PIXEL_ID unset)';
        markNotSent(db, parsed.leadId, parsed.stage, 'refused', reason, null, clock.nowMilliseconds());
      }
      return { done: { skipped: 'Conversions API off' } };
    },
  };
  if (pixelId) {
    jobs[CAPI_EVENT] = capiEventJob({
      db,
      clock,
      logger,
      api: new ConversionsApi(graph, pixelId, config.conversions.testEventCode),
      countryCode: config.conversions.defaultCountryCode,
      messenger,
      refresher,
      timezone,
    });
  }
  logger.info({ capi: pixelId ? 'on' : 'off' }, 'Conversions API');
  const audiences = new AudienceSync({
    db,
    clock,
    logger,
    api: new CustomAudiences(graph, account.id),
    countryCode: config.conversions.defaultCountryCode,
  });
  return { outcomes, audiences, jobs };
}
