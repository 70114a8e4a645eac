// Which Conversions API events a lead gets, and when they are queued: the initial `lead`
// stage in the transaction that stores the lead, the others in the one that records a click.
import type { Config } from '../config.js';
import { insertCapiEvent } from '../db/capi-events.js';
import { FUNNEL, type Outcome, type Stage } from '../db/lead-outcomes.js';
import type { Database } from '../db/open.js';
import { enqueue } from '../db/outbox.js';
import { readSetting, writeSetting } from '../db/settings.js';
import type { Minor } from '../money.js';

/** The outbox kind of a Conversions API event; its subject is `${leadId}:${stage}`. */
export const CAPI_EVENT = 'capi_event';

export type StageNames = Config['conversions']['stages'];

/**
 * Conversions API on (META_PIXEL_ID names a dataset for at least one account): what each
 * stage is called. Which dataset a lead's events go to is its account's, chosen when they are sent.
 */
export interface CapiSettings {
  stages: StageNames;
}

/** Meta takes events up to 7 days old. */
export const MAX_EVENT_AGE_SECONDS = 7 * 86_400;

const SETTING = 'conversions.capi';

/**
 * Written at start-up from the configuration, so that every door leads come in by (webhook,
 * polling) knows in its own transaction whether to queue the initial stage.
 */
export function publishCapiSettings(db: Database, config: Config, now: number): CapiSettings | null {
  const { pixel } = config.meta;
  const on = pixel.all !== null || pixel.byAccount.size > 0;
  const settings = on ? { stages: config.conversions.stages } : null;
  writeSetting(db, SETTING, settings, now);
  return settings;
}

export function capiSettings(db: Database): CapiSettings | null {
  return readSetting<CapiSettings>(db, SETTING);
}

/** The event name for a stage, or null when the stage is not sent (junk by default). */
export function eventNameOf(stages: StageNames, stage: Stage): string | null {
  return stages[stage];
}

/** Stable per lead and stage: a retry, a second click or a restart is the same event to Meta. */
export function eventIdOf(leadId: string, stage: Stage): string {
  return `${leadId}:${stage}`;
}

export function capiSubject(leadId: string, stage: Stage): string {
  return `${leadId}:${stage}`;
}

export function parseCapiSubject(subject: string): { leadId: string; stage: Stage } | null {
  const at = subject.lastIndexOf(':');
  const stage = subject.slice(at + 1);
  if (at <= 0 || !['lead', ...FUNNEL, 'junk'].includes(stage)) return null;
  return { leadId: subject.slice(0, at), stage: stage as Stage };
}

/** Order in which a lead's stages reach Meta; junk comes after whatever was marked before it. */
export function stageRank(stage: Stage): number {
  return stage === 'junk' ? FUNNEL.length : FUNNEL.indexOf(stage);
}

/**
 * Queues one stage (in the caller's transaction): the event row and its outbox job, both
 * keyed by (lead, stage), so a stage is sent once however often it is asked for.
 */
export function queueStage(
  db: Database,
  settings: CapiSettings,
  input: { leadId: string; stage: Stage; eventTime: number; valueCents: Minor | null; now: number },
): boolean {
  const eventName = eventNameOf(settings.stages, input.stage);
  if (!eventName) return false;
  const added = insertCapiEvent(db, {
    leadId: input.leadId,
    stage: input.stage,
    eventName,
    eventId: eventIdOf(input.leadId, input.stage),
    eventTime: input.eventTime,
    valueCents: input.valueCents,
    createdAt: input.now,
  });
  if (added) enqueue(db, CAPI_EVENT, capiSubject(input.leadId, input.stage), input.now);
  return added;
}

/**
 * The initial lead stage, for a lead just stored (call inside the transaction that stores
 * it). Its time is when LeadOps received the lead, never before Meta created it.
 */
export function queueLeadStage(
  db: Database,
  leadId: string,
  createdTime: number | null,
  receivedAt: number,
): boolean {
  const settings = capiSettings(db);
  if (!settings) return false;
  const eventTime = Math.floor(Math.max(receivedAt, createdTime ?? receivedAt) / 1000);
  return queueStage(db, settings, { leadId, stage: 'lead', eventTime, valueCents: null, now: receivedAt });
}

/**
 * The stages an outcome means, in funnel order: signed implies qualified and contacted
 * (Meta wants every earlier stage sent before a later one); junk is just junk.
 */
export function stagesFor(outcome: Outcome): Stage[] {
  if (outcome === 'junk') return ['junk'];
  return FUNNEL.slice(1, FUNNEL.indexOf(outcome) + 1);
}
