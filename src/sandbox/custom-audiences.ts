// Customer-list custom audiences as the sandbox serves them: create and list them on the ad
// account, add hashed people with Meta's multi-batch upload sessions.
import { COUNTRY_CODES } from '../audiences/countries.js';
import type { SandboxAccount } from './account.js';
import { GraphError, invalidParameter, unsupportedRequest } from './graph-errors.js';
import type { GraphRequest } from './graph-request.js';
import { paginate } from './paging.js';

const MAX_USERS_PER_REQUEST = 10_000;
const KEYS = new Set([
  'EXTERN_ID',
  'EMAIL',
  'PHONE',
  'GEN',
  'DOBY',
  'DOBM',
  'DOBD',
  'LN',
  'FN',
  'FI',
  'CT',
  'ST',
  'ZIP',
  'MADID',
  'COUNTRY',
  'LOOKALIKE_VALUE',
]);
/** Keys Meta only takes hashed: all but the ids and the lookalike value. */
const HASHED = new Set([...KEYS].filter((key) => !['EXTERN_ID', 'MADID', 'LOOKALIKE_VALUE'].includes(key)));
const SHA256 = /^[a-f0-9]{64}$/;
/** Meta's smallest lookalike source: people matched in one country. */
export const MIN_LOOKALIKE_SOURCE = 100;

export interface UploadSessionState {
  sessionId: string;
  batches: number[];
  estimatedTotal: number | null;
  finished: boolean;
  received: number;
  invalid: number;
}

export interface SandboxAudience {
  id: string;
  /** The ad account ('act_…') it was created in. */
  adAccountId: string;
  name: string;
  description: string;
  subtype: string;
  customerFileSource: string;
  /** One entry per distinct row received (its hashed keys joined). */
  members: Set<string>;
  sessions: Map<string, UploadSessionState>;
  /** A customer list whose rows carry LOOKALIKE_VALUE (a value-based source). */
  valueBased: boolean;
  /** A lookalike's source audience and spec. */
  originAudienceId?: string;
  lookalikeSpec?: { ratio: number; country: string; type: string };
}

/** One `POST /{audience_id}/users` as received. */
export interface AudienceUpload {
  audienceId: string;
  schema: string[];
  rows: string[][];
  session: {
    session_id: string;
    batch_seq: number;
    last_batch_flag: boolean;
    estimated_num_total: number | null;
  } | null;
  at: number;
}

export interface SandboxAudiences {
  readonly audiences: SandboxAudience[];
  readonly uploads: AudienceUpload[];
  reset(): void;
  /** The emulator's router: an answer for the audience paths, undefined for anything else. */
  route(request: GraphRequest, paging: { pageSize: number; baseUrl: string }): unknown;
}

function parseJson(value: unknown, name: string): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    throw invalidParameter(`param ${name} must be JSON.`);
  }
}

function userError(subcode: number, title: string, message: string): GraphError {
  return new GraphError(400, {
    message: 'Invalid parameter',
    type: 'OAuthException',
    code: 100,
    error_subcode: subcode,
    is_transient: false,
    error_user_title: title,
    error_user_msg: message,
  });
}

function sessionError(message: string): GraphError {
  return new GraphError(400, {
    message: 'Invalid parameter',
    type: 'OAuthException',
    code: 100,
    is_transient: false,
    error_user_title: 'Invalid Upload Session',
    error_user_msg: message,
  });
}

export function createSandboxAudiences(options: {
  accounts: readonly SandboxAccount[];
  now: () => number;
}): SandboxAudiences {
  const seed = options.accounts[0]?.seed ?? 0;
  const audiences: SandboxAudience[] = [];
  const uploads: AudienceUpload[] = [];
  let counter = 0;

  function render(audience: SandboxAudience, fields: string | undefined): Record<string, unknown> {
    const all: Record<string, unknown> = {
      id: audience.id,
      name: audience.name,
      description: audience.description,
      subtype: audience.subtype,
      customer_file_source: audience.customerFileSource,
      approximate_count_lower_bound: audience.members.size,
      is_value_based: audience.valueBased,
      origin_audience_id: audience.originAudienceId,
      lookalike_spec: audience.lookalikeSpec,
    };
    const wanted = (fields ?? 'id')
      .split(',')
      .map((f) => f.trim())
      .filter(Boolean);
    return Object.fromEntries(wanted.filter((f) => f in all).map((f) => [f, all[f]]));
  }

  function create(account: SandboxAccount, request: GraphRequest): unknown {
    const { name, subtype = 'CUSTOM', description = '', customer_file_source: source } = request.params;
    if (!name) throw invalidParameter('The parameter name is required');
    if (subtype === 'LOOKALIKE') return createLookalike(account, request);
    if (subtype !== 'CUSTOM')
      throw invalidParameter('The sandbox makes customer-list (CUSTOM) and LOOKALIKE audiences only');
    if (
      !source ||
      !['USER_PROVIDED_ONLY', 'PARTNER_PROVIDED_ONLY', 'BOTH_USER_AND_PARTNER_PROVIDED'].includes(source)
    )
      throw invalidParameter('The parameter customer_file_source is required for customer-list audiences');
    const audience: SandboxAudience = {
      id: nextId(),
      adAccountId: account.id,
      name,
      description,
      subtype,
      customerFileSource: source,
      members: new Set(),
      sessions: new Map(),
      valueBased: request.params.is_value_based === 'true' || request.params.is_value_based === '1',
    };
    audiences.push(audience);
    return { id: audience.id };
  }

  function nextId(): string {
    counter += 1;
    return `238${String(seed % 100000).padStart(5, '0')}${String(counter).padStart(8, '0')}`;
  }

  /** Guide §5.3: a lookalike of a customer list of the same account, validated as Meta does. */
  function createLookalike(account: SandboxAccount, request: GraphRequest): unknown {
    const { name = '', origin_audience_id: originId } = request.params;
    if (!originId) throw invalidParameter('The parameter origin_audience_id is required');
    const origin = audiences.find((a) => a.id === originId && a.adAccountId === account.id);
    if (!origin)
      throw userError(
        1713003,
        'Source Audience Not Found',
        `The source audience ${originId} doesn't exist in this ad account or you don't have permission to use it.`,
      );
    const spec = parseJson(request.params.lookalike_spec, 'lookalike_spec') as
      | { ratio?: unknown; country?: unknown; type?: unknown }
      | undefined;
    if (!spec || typeof spec !== 'object') throw invalidParameter('The parameter lookalike_spec is required');
    const ratio = Number(spec.ratio);
    if (!Number.isFinite(ratio) || ratio < 0.01 || ratio > 0.2)
      throw userError(
        1713009,
        'Invalid Lookalike Size',
        'The lookalike ratio must be between 0.01 (1%) and 0.20 (20%).',
      );
    const country = String(spec.country ?? '');
    if (!COUNTRY_CODES.has(country))
      throw userError(
        1713010,
        'Invalid Country',
        `“${country}” is not a valid country code for a lookalike.`,
      );
    if (origin.members.size < MIN_LOOKALIKE_SOURCE)
      throw userError(
        1713007,
        'Source Audience Is Too Small',
        `Your source audience needs at least ${MIN_LOOKALIKE_SOURCE} people from a single country. It has ${origin.members.size}. Choose a larger source audience.`,
      );
    const audience: SandboxAudience = {
      id: nextId(),
      adAccountId: account.id,
      name,
      description: request.params.description ?? '',
      subtype: 'LOOKALIKE',
      customerFileSource: '',
      members: new Set(),
      sessions: new Map(),
      valueBased: false,
      originAudienceId: origin.id,
      lookalikeSpec: { ratio, country, type: String(spec.type ?? 'similarity') },
    };
    audiences.push(audience);
    return { id: audience.id };
  }

  function addUsers(audience: SandboxAudience, request: GraphRequest): unknown {
    const payload = parseJson(request.body.payload ?? request.params.payload, 'payload') as
      | { schema?: unknown; data?: unknown }
      | undefined;
    if (!payload || typeof payload !== 'object') throw invalidParameter('The parameter payload is required');
    const schema = typeof payload.schema === 'string' ? [payload.schema] : payload.schema;
    if (
      !Array.isArray(schema) ||
      schema.length === 0 ||
      !schema.every((k) => typeof k === 'string' && KEYS.has(k))
    )
      throw invalidParameter('payload.schema must be a list of keys such as EMAIL, PHONE, FN, LN, EXTERN_ID');
    if (!Array.isArray(payload.data) || payload.data.length === 0)
      throw invalidParameter('payload.data must be a non-empty list of rows');
    if (payload.data.length > MAX_USERS_PER_REQUEST)
      throw invalidParameter(
        `The number of users in the payload exceeds the limit of ${MAX_USERS_PER_REQUEST}`,
      );
    const rows = (payload.data as unknown[]).map((row) =>
      Array.isArray(row) ? row.map(String) : [String(row)],
    );
    if (rows.some((row) => row.length !== schema.length))
      throw invalidParameter('Every row of payload.data must have one value per key of payload.schema');

    const rawSession = parseJson(request.body.session ?? request.params.session, 'session') as
      | Record<string, unknown>
      | undefined;
    let session: AudienceUpload['session'] = null;
    if (rawSession !== undefined) {
      const sessionId = String(rawSession.session_id ?? '');
      const batchSeq = Number(rawSession.batch_seq);
      if (!/^\d+$/.test(sessionId)) throw sessionError('session.session_id must be a number.');
      if (!Number.isInteger(batchSeq) || batchSeq < 1) throw sessionError('session.batch_seq starts at 1.');
      if (typeof rawSession.last_batch_flag !== 'boolean')
        throw sessionError('session.last_batch_flag must be true or false.');
      const state = audience.sessions.get(sessionId) ?? {
        sessionId,
        batches: [],
        estimatedTotal: null,
        finished: false,
        received: 0,
        invalid: 0,
      };
      if (state.finished) throw sessionError(`Session ${sessionId} has ended (its last batch was sent).`);
      if (batchSeq !== state.batches.length + 1)
        throw sessionError(
          `Batch ${batchSeq} out of order: session ${sessionId} expects ${state.batches.length + 1}.`,
        );
      const estimated = rawSession.estimated_num_total;
      state.estimatedTotal = typeof estimated === 'number' ? estimated : state.estimatedTotal;
      state.batches.push(batchSeq);
      state.finished = rawSession.last_batch_flag;
      audience.sessions.set(sessionId, state);
      session = {
        session_id: sessionId,
        batch_seq: batchSeq,
        last_batch_flag: rawSession.last_batch_flag,
        estimated_num_total: state.estimatedTotal,
      };
    }

    let invalid = 0;
    for (const row of rows) {
      const ok = row.every(
        (value, i) => value === '' || !HASHED.has(schema[i] as string) || SHA256.test(value),
      );
      const matchable = row.some((value) => value !== '');
      if (!ok || !matchable) invalid += 1;
      else audience.members.add(row.join('|'));
    }
    uploads.push({ audienceId: audience.id, schema: schema as string[], rows, session, at: options.now() });
    const state = session ? audience.sessions.get(session.session_id) : undefined;
    if (state) {
      state.received += rows.length;
      state.invalid += invalid;
    }
    return {
      audience_id: audience.id,
      session_id: session?.session_id ?? String(Math.floor(options.now() / 1000)),
      num_received: rows.length,
      num_invalid_entries: invalid,
      invalid_entry_samples: {},
    };
  }

  return {
    audiences,
    uploads,
    reset() {
      audiences.length = 0;
      uploads.length = 0;
    },
    route(request, paging) {
      const [id = '', edge, ...rest] = request.segments;
      if (rest.length > 0) return undefined;
      const account = options.accounts.find((candidate) => candidate.id === id);
      if (account && edge === 'customaudiences') {
        if (request.method === 'POST') return create(account, request);
        const own = audiences.filter((audience) => audience.adAccountId === account.id);
        const page = paginate(own, request, paging.pageSize, paging.baseUrl);
        return { ...page, data: page.data.map((a) => render(a, request.params.fields)) };
      }
      const audience = audiences.find((a) => a.id === id);
      if (!audience) return undefined;
      if (edge === 'users' && request.method === 'POST') return addUsers(audience, request);
      if (edge === undefined && request.method === 'GET')
        return render(audience, request.params.fields ?? 'id,name');
      throw unsupportedRequest(request.method, id);
    },
  };
}
