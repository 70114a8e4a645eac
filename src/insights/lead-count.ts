/** One entry of an insights row's `actions` array, as Meta sends it. */
export interface ActionValue {
  action_type: string;
  value: string;
}

/** Instant-form leads; Meta reports the same lead under both names. */
const ON_FACEBOOK = ['onsite_conversion.lead_grouped', 'leadgen_grouped'];
const PIXEL = 'offsite_conversion.fb_pixel_lead';

/**
 * Leads as Ads Manager counts them. Meta files one instant-form lead under `lead`,
 * `onsite_conversion.lead_grouped` and `leadgen_grouped` at once, and a pixel lead under
 * `offsite_conversion.fb_pixel_lead` and `lead`. So: `lead` when present; otherwise the
 * on-Facebook count plus pixel leads — never a sum across the overlapping names.
 */
export function countLeads(actions: readonly ActionValue[] | undefined): number {
  if (!actions || actions.length === 0) return 0;
  const value = (type: string) => {
    const action = actions.find((a) => a.action_type === type);
    return action ? Math.round(Number(action.value)) || 0 : null;
  };
  const lead = value('lead');
  if (lead !== null) return lead;
  const onFacebook = ON_FACEBOOK.map(value).find((v) => v !== null) ?? 0;
  return onFacebook + (value(PIXEL) ?? 0);
}
