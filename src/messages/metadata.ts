import type { MessageMetadata } from './messenger.js';

/** What a lead alert is, carried in Slack with it: a restart finds it in the channel's history. */
export function leadAlertMetadata(leadId: string, accountId: string | null): MessageMetadata {
  return {
    event_type: 'leadops_lead_alert',
    event_payload: { lead_id: leadId, account_id: accountId ?? '' },
  };
}

/** What a daily report is (its account and date), carried in Slack with it. */
export function dailyReportMetadata(accountId: string, reportDate: string): MessageMetadata {
  return {
    event_type: 'leadops_daily_report',
    event_payload: { account_id: accountId, report_date: reportDate },
  };
}
