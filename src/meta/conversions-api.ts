import type { GraphClient } from './graph-client.js';

/**
 * A Conversions API server event as Meta's Conversion Leads (CRM) specification has it:
 * `system_generated`, `custom_data.event_source: crm`, the Lead Ads id unhashed in
 * `user_data.lead_id`, every other key of `user_data` normalised and SHA-256 hashed.
 */
export interface ServerEvent {
  event_name: string;
  /** Unix seconds. */
  event_time: number;
  event_id: string;
  action_source: 'system_generated';
  user_data: {
    /** Meta's lead id, unhashed: a number when it fits one exactly, else its digits. */
    lead_id?: number | string;
    em?: string[];
    ph?: string[];
    fn?: string[];
    ln?: string[];
    external_id?: string[];
  };
  custom_data: {
    event_source: 'crm';
    lead_event_source: string;
    value?: number;
    currency?: string;
  };
}

/** Meta's answer to `POST /{pixel_id}/events`. */
export interface EventsAnswer {
  eventsReceived: number;
  messages: string[];
  fbtraceId: string | null;
}

/** `POST /{pixel_id}/events`, through the one Graph client (appsecret_proof, errors, logs without tokens). */
export class ConversionsApi {
  constructor(
    private readonly graph: GraphClient,
    readonly pixelId: string,
    private readonly testEventCode: string | null,
  ) {}

  /** Sends the events in one request, in order; Meta accepts or refuses them together. */
  async send(events: readonly ServerEvent[]): Promise<EventsAnswer> {
    const body = {
      data: events,
      ...(this.testEventCode ? { test_event_code: this.testEventCode } : {}),
    };
    const answer = await this.graph.post<{
      events_received?: number;
      messages?: unknown[];
      fbtrace_id?: string;
    }>([this.pixelId, 'events'], body, { changesAdObjects: false });
    return {
      eventsReceived: Number(answer.events_received ?? 0),
      messages: (answer.messages ?? []).map((m) => (typeof m === 'string' ? m : JSON.stringify(m))),
      fbtraceId: answer.fbtrace_id ?? null,
    };
  }
}
