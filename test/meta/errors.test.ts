import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ErrorCode, LeadOpsError, userMessageOf } from '../../src/errors.js';
import { isRateLimitCode, MetaError, toMetaError } from '../../src/meta/errors.js';

const TOKEN = 'EAABsbCS1iHgBAKZCSECRETTOKEN';

/** Shaped like the SDK's FacebookRequestError, URL with the token included. */
function sdkError(
  status: number | null,
  body: {
    message: string;
    type?: string;
    code?: number;
    error_subcode?: number;
    is_transient?: boolean;
  } | null,
  headers: Record<string, unknown> | null = { 'x-fb-trace-id': 'AbCdEf', 'Content-Type': 'application/json' },
) {
  return {
    name: 'FacebookRequestError',
    message: body?.message ?? 'The request was made but no response was received',
    status,
    response: body ? { fbtrace_id: 'AbCdEf123', is_transient: false, ...body } : null,
    headers,
    method: 'GET',
    url: `https://graph.facebook.com/v24.0/act_123/insights?access_token=${TOKEN}&fields=spend`,
    data: { access_token: TOKEN },
    stack: `FacebookRequestError\n    at https://graph.facebook.com/v24.0/act_123/insights?access_token=${TOKEN}`,
  };
}

function assertNoToken(error: MetaError): void {
  assert.ok(!JSON.stringify(error).includes(TOKEN), 'JSON of the error');
  assert.ok(!error.message.includes(TOKEN), 'message');
  assert.ok(!error.userMessage.includes(TOKEN), 'userMessage');
  assert.ok(!JSON.stringify(error.details).includes(TOKEN), 'details');
  assert.ok(!Object.values(error).some((v) => typeof v === 'string' && v.includes(TOKEN)), 'own fields');
}

describe('toMetaError', () => {
  test('190: the token is invalid; the user is told to renew it', () => {
    const error = toMetaError(
      sdkError(400, {
        message: 'Error validating access token: Session has expired on Friday, 27-Nov-26.',
        type: 'OAuthException',
        code: 190,
        error_subcode: 463,
      }),
    );
    assert.ok(error instanceof MetaError);
    assert.ok(error instanceof LeadOpsError);
    assert.equal(error.code, ErrorCode.MetaTokenInvalid);
    assert.equal(error.retryable, false);
    assert.match(error.userMessage, /renew/);
    assert.equal(
      error.message,
      'Graph error 190: Error validating access token: Session has expired on Friday, 27-Nov-26.',
    );
    assert.deepEqual(error.details, {
      status: 400,
      code: 190,
      subcode: 463,
      type: 'OAuthException',
      graphMessage: 'Error validating access token: Session has expired on Friday, 27-Nov-26.',
      fbtraceId: 'AbCdEf123',
      headers: { 'x-fb-trace-id': 'AbCdEf', 'content-type': 'application/json' },
    });
    assertNoToken(error);
    assert.equal(userMessageOf(error), error.userMessage);
  });

  test('rate-limit codes are retryable', () => {
    for (const code of [4, 17, 32, 613, 80000, 80004, 80014]) {
      const error = toMetaError(
        sdkError(400, {
          message: 'User request limit reached',
          type: 'OAuthException',
          code,
          error_subcode: 2446079,
        }),
      );
      assert.equal(error.code, ErrorCode.MetaRateLimited, `code ${code}`);
      assert.equal(error.retryable, true, `code ${code}`);
      assert.equal(
        error.userMessage,
        'Meta is rate-limiting this ad account right now. Try again in a few minutes.',
      );
      assertNoToken(error);
    }
  });

  test('isRateLimitCode', () => {
    assert.equal(isRateLimitCode(80004), true);
    assert.equal(isRateLimitCode(79999), false);
    assert.equal(isRateLimitCode(80015), false);
    assert.equal(isRateLimitCode(100), false);
    assert.equal(isRateLimitCode(null), false);
  });

  test('10 and 200: permission', () => {
    for (const code of [10, 200, 294]) {
      const error = toMetaError(
        sdkError(403, {
          message: '(#200) Requires ads_management permission.',
          type: 'OAuthException',
          code,
        }),
      );
      assert.equal(error.code, ErrorCode.MetaPermission, `code ${code}`);
      assert.equal(error.retryable, false);
      assert.equal(
        error.userMessage,
        'Meta refused: (#200) Requires ads_management permission. Check that the token has ads_read, ads_management and leads_retrieval on this account.',
      );
      assertNoToken(error);
    }
  });

  test('a 500 status: unavailable and retryable', () => {
    const error = toMetaError(
      sdkError(500, {
        message: 'An unknown error has occurred.',
        type: 'OAuthException',
        code: 1,
        is_transient: true,
      }),
    );
    assert.equal(error.code, ErrorCode.MetaUnavailable);
    assert.equal(error.retryable, true);
    assert.equal(error.userMessage, 'Meta’s API is not answering right now. Try again in a minute.');
    assertNoToken(error);
    const noCode = toMetaError(sdkError(503, { message: 'Service Unavailable' }));
    assert.equal(noCode.code, ErrorCode.MetaUnavailable);
    assert.equal(noCode.message, 'Graph error 503: Service Unavailable');
  });

  test('is_transient from Meta: unavailable', () => {
    const error = toMetaError(
      sdkError(400, { message: 'Please reduce the amount of data.', code: 100, is_transient: true }),
    );
    assert.equal(error.code, ErrorCode.MetaUnavailable);
    assert.equal(error.retryable, true);
  });

  test('no status (network failure): unavailable', () => {
    const error = toMetaError(sdkError(null, null, null));
    assert.equal(error.code, ErrorCode.MetaUnavailable);
    assert.equal(error.retryable, true);
    assert.equal(error.message, 'Graph error network: The request was made but no response was received');
    assert.deepEqual(error.details, {
      status: null,
      code: null,
      subcode: null,
      type: null,
      graphMessage: 'The request was made but no response was received',
      fbtraceId: null,
      headers: {},
    });
    assertNoToken(error);
  });

  test('100: request failed, with Meta’s message', () => {
    const error = toMetaError(
      sdkError(400, {
        message: '(#100) date_preset must be one of the following values: today, yesterday',
        type: 'OAuthException',
        code: 100,
        error_subcode: 1487534,
      }),
    );
    assert.equal(error.code, ErrorCode.MetaRequestFailed);
    assert.equal(error.retryable, false);
    assert.equal(
      error.userMessage,
      'Meta said: (#100) date_preset must be one of the following values: today, yesterday',
    );
    assert.equal(
      error.message,
      'Graph error 100: (#100) date_preset must be one of the following values: today, yesterday',
    );
    assertNoToken(error);
  });

  test('something that is not an SDK error: unavailable, nothing copied', () => {
    const error = toMetaError(new TypeError(`fetch failed for ?access_token=${TOKEN}`));
    assert.equal(error.code, ErrorCode.MetaUnavailable);
    assert.equal(error.details.graphMessage, 'no response');
    assertNoToken(error);
    assert.equal(toMetaError(undefined).code, ErrorCode.MetaUnavailable);
  });

  test('a MetaError passes through unchanged', () => {
    const first = toMetaError(sdkError(400, { message: 'bad', code: 100 }));
    assert.equal(toMetaError(first), first);
  });
});
