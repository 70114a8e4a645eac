import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, test } from 'node:test';
import { isValidSignature, leadNotices } from '../../src/leads/webhook-payload.js';

const SECRET = 'app-secret-123';

function sign(body: Buffer, secret = SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

describe('isValidSignature', () => {
  const body = Buffer.from('{"object":"page","entry":[]}', 'utf8');

  test('the right HMAC over the raw bytes is accepted', () => {
    assert.equal(isValidSignature(body, sign(body), SECRET), true);
  });

  test('a signature made with another secret is refused', () => {
    assert.equal(isValidSignature(body, sign(body, 'other-secret'), SECRET), false);
  });

  test('a missing header is refused', () => {
    assert.equal(isValidSignature(body, undefined, SECRET), false);
    assert.equal(isValidSignature(body, '', SECRET), false);
  });

  test('the hex without the sha256= prefix is refused', () => {
    const hex = createHmac('sha256', SECRET).update(body).digest('hex');
    assert.equal(isValidSignature(body, hex, SECRET), false);
    assert.equal(isValidSignature(body, `sha1=${hex}`, SECRET), false);
  });

  test('hex of the wrong length is refused (no throw)', () => {
    const hex = createHmac('sha256', SECRET).update(body).digest('hex');
    assert.equal(isValidSignature(body, `sha256=${hex.slice(0, 62)}`, SECRET), false);
    assert.equal(isValidSignature(body, `sha256=${hex}00`, SECRET), false);
    assert.equal(isValidSignature(body, 'sha256=', SECRET), false);
    assert.equal(isValidSignature(body, 'sha256=not-hex-at-all', SECRET), false);
  });

  test('a body of another byte is refused', () => {
    const other = Buffer.from('{"object":"page","entry":[1]}', 'utf8');
    assert.equal(isValidSignature(other, sign(body), SECRET), false);
  });

  test('Meta’s \\u00e9 escapes are checked as sent; the same JSON re-serialised fails', () => {
    const raw = Buffer.from('{"entry":[{"changes":[{"value":{"full_name":"Jos\\u00e9"}}]}]}', 'utf8');
    const header = sign(raw);
    assert.equal(isValidSignature(raw, header, SECRET), true);
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(raw.toString('utf8'))), 'utf8');
    assert.equal(reserialised.toString('utf8'), '{"entry":[{"changes":[{"value":{"full_name":"José"}}]}]}');
    assert.equal(isValidSignature(reserialised, header, SECRET), false);
  });
});

function change(value: Record<string, unknown>, field = 'leadgen') {
  return { field, value };
}

describe('leadNotices', () => {
  test('one leadgen change, every field', () => {
    const body = {
      object: 'page',
      entry: [
        {
          id: 'page-1',
          time: 1764433800,
          changes: [
            change({
              leadgen_id: '900001',
              form_id: 'form-1',
              page_id: 'page-1',
              ad_id: 'ad-1',
              adgroup_id: 'adset-1',
              created_time: 1764433800,
            }),
          ],
        },
      ],
    };
    assert.deepEqual(leadNotices(body), [
      {
        leadId: '900001',
        formId: 'form-1',
        pageId: 'page-1',
        adId: 'ad-1',
        adsetId: 'adset-1',
        createdTime: 1_764_433_800_000,
      },
    ]);
  });

  test('several entries × several changes, in order; other fields and id-less changes skipped', () => {
    const body = {
      object: 'page',
      entry: [
        {
          id: 'page-A',
          changes: [
            change({ leadgen_id: 'L1', page_id: 'page-A' }),
            change({ item: 'comment', post_id: 'p1' }, 'feed'),
            change({ leadgen_id: 'L2', page_id: 'page-A' }),
          ],
        },
        {
          id: 'page-B',
          changes: [
            change({ form_id: 'form-x' }),
            change({ leadgen_id: 'L3', page_id: 'page-B' }),
            change({ leadgen_id: 'L4' }, 'feed'),
          ],
        },
        { id: 'page-C', changes: [change({ leadgen_id: 'L5', page_id: 'page-C' })] },
      ],
    };
    const notices = leadNotices(body);
    assert.deepEqual(
      notices?.map((n) => [n.leadId, n.pageId]),
      [
        ['L1', 'page-A'],
        ['L2', 'page-A'],
        ['L3', 'page-B'],
        ['L5', 'page-C'],
      ],
    );
  });

  test('numeric ids become strings; created_time seconds → milliseconds', () => {
    const body = {
      entry: [
        {
          id: 111,
          changes: [
            change({
              leadgen_id: 444,
              form_id: 222,
              page_id: 111,
              ad_id: 333,
              adgroup_id: 555,
              created_time: 1700000000,
            }),
          ],
        },
      ],
    };
    assert.deepEqual(leadNotices(body), [
      {
        leadId: '444',
        formId: '222',
        pageId: '111',
        adId: '333',
        adsetId: '555',
        createdTime: 1_700_000_000_000,
      },
    ]);
  });

  test('the page id falls back to entry.id; absent fields are null', () => {
    assert.deepEqual(leadNotices({ entry: [{ id: 'page-9', changes: [change({ leadgen_id: 'L9' })] }] }), [
      { leadId: 'L9', formId: null, pageId: 'page-9', adId: null, adsetId: null, createdTime: null },
    ]);
  });

  test('a change without leadgen_id (or an empty one) is ignored', () => {
    assert.deepEqual(
      leadNotices({
        entry: [
          { id: 'p', changes: [change({ form_id: 'f' }), change({ leadgen_id: '' }), { field: 'leadgen' }] },
        ],
      }),
      [],
    );
  });

  test('not an object, or no entry array → null', () => {
    assert.equal(leadNotices(null), null);
    assert.equal(leadNotices(undefined), null);
    assert.equal(leadNotices('{"entry":[]}'), null);
    assert.equal(leadNotices(42), null);
    assert.equal(leadNotices({}), null);
    assert.equal(leadNotices({ object: 'page', entry: {} }), null);
  });

  test('an empty entry list, or entries without changes → []', () => {
    assert.deepEqual(leadNotices({ object: 'page', entry: [] }), []);
    assert.deepEqual(leadNotices({ entry: [{ id: 'p' }, null, { id: 'q', changes: 'nope' }] }), []);
  });
});
