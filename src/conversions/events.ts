import type { CapiEvent } from '../db/capi-events.js';
import type { ServerEvent } from '../meta/conversions-api.js';
import { type CurrencyCode, wholeUnits } from '../money.js';
import { hashPerson, type Person } from './user-data.js';

/** What Meta shows as the CRM the events come from (`custom_data.lead_event_source`). */
export const LEAD_EVENT_SOURCE = 'LeadOps';

/** The Lead Ads id as Meta's `lead_id` (an integer): a JSON number when exact, else its digits. */
export function leadIdValue(leadId: string): number | string {
  const asNumber = Number(leadId);
  return /^\d+$/.test(leadId) && Number.isSafeInteger(asNumber) ? asNumber : leadId;
}

/**
 * One stage of one lead, as Meta's Conversion Leads payload specification has it. A value
 * (the signed case's) goes in whole units of the lead's account currency, with that currency.
 */
export function buildServerEvent(
  event: CapiEvent,
  person: Person,
  countryCode: string,
  currency: CurrencyCode | null,
): ServerEvent {
  const hashed = hashPerson(person, countryCode);
  const userData: ServerEvent['user_data'] = {};
  if (/^\d+$/.test(person.leadId)) userData.lead_id = leadIdValue(person.leadId);
  if (hashed.em) userData.em = [hashed.em];
  if (hashed.ph) userData.ph = [hashed.ph];
  if (hashed.fn) userData.fn = [hashed.fn];
  if (hashed.ln) userData.ln = [hashed.ln];
  userData.external_id = [hashed.externalId];
  const customData: ServerEvent['custom_data'] = {
    event_source: 'crm',
    lead_event_source: LEAD_EVENT_SOURCE,
  };
  if (event.valueCents !== null && event.valueCents > 0 && currency !== null) {
    customData.value = wholeUnits(event.valueCents, currency);
    customData.currency = currency;
  }
  return {
    event_name: event.eventName,
    event_time: event.eventTime,
    event_id: event.eventId,
    action_source: 'system_generated',
    user_data: userData,
    custom_data: customData,
  };
}
