import type { GraphClient } from './graph-client.js';

/** The keys of a customer-list row, as Meta names them in `payload.schema`. */
export type AudienceKey = 'EMAIL' | 'PHONE' | 'FN' | 'LN' | 'EXTERN_ID' | 'LOOKALIKE_VALUE';

/** A lookalike of a customer list (guide §5.3). */
export interface LookalikeSpec {
  name: string;
  description: string;
  originAudienceId: string;
  /** 0.01–0.10. */
  ratio: number;
  /** ISO 3166-1 alpha-2. */
  country: string;
}

/** Meta's multi-batch upload session: one id for the whole upload, batches numbered from 1. */
export interface UploadSession {
  session_id: number;
  batch_seq: number;
  last_batch_flag: boolean;
  estimated_num_total: number;
}

export interface UsersAnswer {
  audienceId: string | null;
  sessionId: string | null;
  numReceived: number;
  numInvalidEntries: number;
}

/** Meta takes at most this many rows per `POST /{audience_id}/users`. */
export const MAX_USERS_PER_REQUEST = 10_000;

/** Customer-list custom audiences of the ad account: find or create one, add people to it. */
export class CustomAudiences {
  constructor(
    private readonly graph: GraphClient,
    private readonly adAccountId: string,
  ) {}

  /** The account's audience with exactly this name, read fresh (not from the cache). */
  async findByName(name: string): Promise<{ id: string; name: string } | null> {
    const rows = await this.graph.getAll<{ id: string; name?: string }>(
      [this.adAccountId, 'customaudiences'],
      { fields: 'id,name', limit: 200 },
      { fresh: true, account: this.adAccountId },
    );
    const found = rows.find((row) => row.name === name);
    return found ? { id: found.id, name } : null;
  }

  /**
   * A customer-file audience whose people LeadOps provides (guide §5.2); `valueBased` makes it a
   * value-based seed (`is_value_based`: its rows carry LOOKALIKE_VALUE, guide §5.5).
   */
  async create(name: string, description: string, options: { valueBased?: boolean } = {}): Promise<string> {
    const answer = await this.graph.post<{ id?: string }>(
      [this.adAccountId, 'customaudiences'],
      {
        name,
        subtype: 'CUSTOM',
        description,
        customer_file_source: 'USER_PROVIDED_ONLY',
        ...(options.valueBased ? { is_value_based: true } : {}),
      },
      { account: this.adAccountId },
    );
    if (!answer.id) throw new Error('Meta created the audience but sent no id');
    return answer.id;
  }

  /**
   * A lookalike audience of `originAudienceId` (`subtype=LOOKALIKE`, guide §5.3). A value-based
   * origin makes it value-based; the spec is the same. Throws MetaError when Meta refuses.
   */
  async createLookalike(spec: LookalikeSpec): Promise<string> {
    const answer = await this.graph.post<{ id?: string }>(
      [this.adAccountId, 'customaudiences'],
      {
        name: spec.name,
        subtype: 'LOOKALIKE',
        description: spec.description,
        origin_audience_id: spec.originAudienceId,
        lookalike_spec: { type: 'similarity', ratio: spec.ratio, country: spec.country },
      },
      { account: this.adAccountId },
    );
    if (!answer.id) throw new Error('Meta created the lookalike but sent no id');
    return answer.id;
  }

  /** One batch of hashed rows (at most 10,000), part of `session`. */
  async addUsers(
    audienceId: string,
    payload: { schema: readonly AudienceKey[]; data: readonly (readonly (string | number)[])[] },
    session: UploadSession,
  ): Promise<UsersAnswer> {
    if (payload.data.length > MAX_USERS_PER_REQUEST)
      throw new Error(`at most ${MAX_USERS_PER_REQUEST} rows per request (got ${payload.data.length})`);
    const answer = await this.graph.post<{
      audience_id?: string;
      session_id?: string | number;
      num_received?: number;
      num_invalid_entries?: number;
    }>([audienceId, 'users'], { payload, session }, { changesAdObjects: false, account: this.adAccountId });
    return {
      audienceId: answer.audience_id ?? null,
      sessionId: answer.session_id === undefined ? null : String(answer.session_id),
      numReceived: Number(answer.num_received ?? 0),
      numInvalidEntries: Number(answer.num_invalid_entries ?? 0),
    };
  }
}
