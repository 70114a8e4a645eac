import type { ActionValue } from '../insights/lead-count.js';

/** Meta files one instant-form lead under both names; they are the same leads, never added. */
const ON_FACEBOOK = ['onsite_conversion.lead_grouped', 'leadgen_grouped'];
const PIXEL = 'offsite_conversion.fb_pixel_lead';

/**
 * Instant-form leads only: the leads LeadOps itself can receive (a website lead goes to the
 * pixel, never to a webhook). Without an on-Facebook entry, `lead` minus pixel leads.
 */
export function countFormLeads(actions: readonly ActionValue[] | undefined): number {
  if (!actions || actions.length === 0) return 0;
  const value = (type: string) => {
    const action = actions.find((a) => a.action_type === type);
    return action ? Math.round(Number(action.value)) || 0 : null;
  };
  const onFacebook = ON_FACEBOOK.map(value).find((v) => v !== null);
  if (onFacebook !== undefined && onFacebook !== null) return onFacebook;
  return Math.max(0, (value('lead') ?? 0) - (value(PIXEL) ?? 0));
}
