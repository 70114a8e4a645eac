// Meta's rate-limit usage headers. Percentages stay small and creep up with the number of
// calls, so a client that watches them sees plausible values without ever backing off.

export interface UsageInput {
  accountId: string;
  /** The business use case as `x-business-use-case-usage` names it: 'ads_insights', 'ads_management', … */
  useCase: string;
  callCount: number;
  /** Set when answering with a rate-limit error: everything reads 100%. */
  throttled?: boolean;
  insights?: boolean;
  /** The account's share used, when a call budget sets it (else it creeps up with callCount). */
  percent?: number;
  /** Minutes until a throttle lifts (`estimated_time_to_regain_access`); 0 when not throttled. */
  regainMinutes?: number;
}

const ACCESS_TIER = 'standard_access';
const MAX_QUIET_PERCENT = 15;

export function usageHeaders(input: UsageInput): Record<string, string> {
  const percent = input.throttled
    ? 100
    : (input.percent ?? Math.min(MAX_QUIET_PERCENT, 1 + Math.floor(input.callCount / 50)));
  const cpuPercent = Math.max(1, Math.floor(percent / 2));
  const headers: Record<string, string> = {
    'x-app-usage': JSON.stringify({ call_count: percent, total_cputime: cpuPercent, total_time: percent }),
    'x-ad-account-usage': JSON.stringify({
      acc_id_util_pct: percent,
      reset_time_duration: 0,
      ads_api_access_tier: ACCESS_TIER,
    }),
    'x-business-use-case-usage': JSON.stringify({
      [input.accountId]: [
        {
          type: input.useCase,
          call_count: percent,
          total_cputime: cpuPercent,
          total_time: percent,
          estimated_time_to_regain_access: input.regainMinutes ?? 0,
          ads_api_access_tier: ACCESS_TIER,
        },
      ],
    }),
  };
  if (input.accountId === '') delete headers['x-business-use-case-usage'];
  if (input.insights) {
    headers['x-fb-ads-insights-throttle'] = JSON.stringify({
      app_id_util_pct: percent,
      acc_id_util_pct: percent,
      ads_api_access_tier: ACCESS_TIER,
    });
  }
  return headers;
}
