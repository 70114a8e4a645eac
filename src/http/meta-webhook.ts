import type { IncomingMessage, ServerResponse } from 'node:http';
import { isValidSignature, type LeadNotice, leadNotices } from '../leads/webhook-payload.js';
import type { Logger } from '../log.js';
import { sendText } from './server.js';

/** Meta batches up to 1,000 changes per POST; this is far above that and far below harm. */
const MAX_BODY_BYTES = 5 * 1024 * 1024;

export interface MetaWebhookOptions {
  verifyToken: string | null;
  appSecret: string | null;
  /** Stores the notices durably; the 200 goes out only after it returns. */
  intake: (notices: LeadNotice[]) => void;
  logger: Logger;
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        resolve(null);
        req.destroy();
      } else {
        chunks.push(chunk);
      }
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** `GET /webhooks/meta`: Meta's subscription handshake. */
export function verifySubscription(options: MetaWebhookOptions) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
    const ok =
      options.verifyToken !== null &&
      query.get('hub.mode') === 'subscribe' &&
      query.get('hub.verify_token') === options.verifyToken;
    if (!ok) return sendText(res, 403, 'Forbidden');
    sendText(res, 200, query.get('hub.challenge') ?? '');
  };
}

/**
 * `POST /webhooks/meta`: verify the signature over the raw bytes, record the lead ids,
 * answer 200. Fetching the lead and posting to Slack happen later, from the outbox.
 */
export function receiveLeadgen(options: MetaWebhookOptions) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    const raw = await readBody(req, MAX_BODY_BYTES);
    if (raw === null) return sendText(res, 413, 'Payload too large');
    if (!options.appSecret) {
      options.logger.warn(
        'Meta webhook refused: META_APP_SECRET is not set, so signatures cannot be checked',
      );
      return sendText(res, 403, 'Webhook signature cannot be verified');
    }
    const signature = req.headers['x-hub-signature-256'];
    if (!isValidSignature(raw, Array.isArray(signature) ? signature[0] : signature, options.appSecret)) {
      options.logger.warn('Meta webhook refused: bad or missing X-Hub-Signature-256');
      return sendText(res, 401, 'Invalid signature');
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return sendText(res, 400, 'Malformed JSON');
    }
    const notices = leadNotices(body);
    if (notices === null) return sendText(res, 400, 'Not a webhook notification');
    options.intake(notices);
    sendText(res, 200, 'EVENT_RECEIVED');
  };
}
