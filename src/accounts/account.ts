import type { CurrencyCode } from '../money.js';

/** Meta's ad account id with its prefix: `act_1234567890`. */
export type AccountId = string;

/**
 * One ad account LeadOps serves, as every job, command and message receives it: what Meta
 * says of it (name, currency, time zone) and where its messages go.
 */
export interface Account {
  id: AccountId;
  name: string;
  currency: CurrencyCode;
  /** IANA zone: the account's dates and Meta's date presets are in it. */
  timezone: string;
  /** Its lead alerts, report, proposals and watchdog alerts go here; null → the configured channels. */
  homeChannel: string | null;
  /** Conversions API dataset for its leads' outcomes; null → outcomes recorded, not sent. */
  pixelId: string | null;
}

/** `act_123` from `act_123` or `123`; null when it is neither. */
export function normaliseAccountId(text: string): AccountId | null {
  const match = /^(?:act_)?(\d{1,20})$/.exec(text.trim());
  return match ? `act_${match[1]}` : null;
}

/** The configured fallback channels, for an account without a home channel. */
export interface FallbackChannels {
  report: string;
  leads: string;
  approvals: string;
}

export type MessagePurpose = keyof FallbackChannels;

/** Where an account's messages of one kind go: its home channel, else the configured one. */
export function channelFor(account: Account, purpose: MessagePurpose, fallback: FallbackChannels): string {
  return account.homeChannel ?? fallback[purpose];
}
