// Lead quality, assembled once by the composition root: outcomes, the Conversions API job
// (when META_PIXEL_ID is set), and the exclusion audience.
import { AudienceSync } from '../audiences/sync.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { markNotSent } from '../db/capi-events.js';
import type { Database } from '../db/open.js';
import type { LeadAccounts } from '../leads/lead-account.js';
import type { Logger } from '../log.js';
import type { Messenger } from '../messages/messenger.js';
import { ConversionsApi } from '../meta/conversions-api.js';
import { CustomAudiences } from '../meta/custom-audiences.js';
import type { GraphClient } from '../meta/graph-client.js';
import type { JobHandler } from '../outbox/worker.js';
import { AlertRefresher } from './alert.js';
import { capiEventJob } from './capi-job.js';
import { LeadOutcomes } from './outcomes.js';
import { CAPI_EVENT, parseCapiSubject, publishCapiSettings } from './stages.js';

export interface LeadQuality {
  outcomes: LeadOutcomes;
  /** Keeps posted lead alerts (and the assignee's DM) in step with the store. */
  refresher: AlertRefresher;
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
  /** Each lead's account: its channel, zone, currency and dataset. */
  accounts: LeadAccounts;
}): LeadQuality {
  const { db, clock, logger, graph, messenger, config, accounts } = deps;
  const settings = publishCapiSettings(db, config, clock.nowMilliseconds());
  const refresher = new AlertRefresher({ db, logger, messenger, accounts });
  const outcomes = new LeadOutcomes({
    db,
    clock,
    logger,
    refresher,
    accounts,
    caseValue: config.conversions.caseValue,
  });
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
  if (settings) {
    const apis = new Map<string, ConversionsApi>();
    jobs[CAPI_EVENT] = capiEventJob({
      db,
      clock,
      logger,
      apiFor: (dataset) => {
        let api = apis.get(dataset);
        if (!api) {
          api = new ConversionsApi(graph, dataset, config.conversions.testEventCode);
          apis.set(dataset, api);
        }
        return api;
      },
      accounts,
      countryCode: config.conversions.defaultCountryCode,
      messenger,
      refresher,
    });
  }
  logger.info({ capi: settings ? 'on' : 'off' }, 'Conversions API');
  const audiences = new AudienceSync({
    db,
    clock,
    logger,
    apiFor: (accountId) => new CustomAudiences(graph, accountId),
    countryCode: config.conversions.defaultCountryCode,
  });
  return { outcomes, refresher, audiences, jobs };
}
