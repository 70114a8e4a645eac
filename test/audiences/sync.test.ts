import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AUDIENCE_NAME,
  AUDIENCE_SCHEMA,
  AudienceSync,
  audienceRow,
  audienceSettingKey,
} from '../../src/audiences/sync.js';
import { setLeadAccount } from '../../src/db/ad-accounts.js';
import { countMembers } from '../../src/db/audience-uploads.js';
import { saveFetchedLead } from '../../src/db/leads.js';
import { type Database, openDatabase } from '../../src/db/open.js';
import { readSetting } from '../../src/db/settings.js';
import { silentLogger } from '../../src/log.js';
import { CustomAudiences } from '../../src/meta/custom-audiences.js';
import { GraphClient } from '../../src/meta/graph-client.js';
import type { MetaLead } from '../../src/meta/lead-retrieval.js';
import { type GraphEmulator, startGraphEmulator } from '../../src/sandbox/graph-emulator.js';

const NOW = Date.parse('2026-11-29T18:00:00Z');
const SECRET = 'audience-secret';
// Meta's examples (Customer Information Parameters), hashed independently with sha256sum.
const EM = '62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f';
const PH = 'e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176';
const FN = '6915771be1c5aa0c886870b6951b03d7eafc121fea0e80a5ea83beb7c449f4ec';
const LN = '6627835f988e2c5e50533d491163072d3f4f41f5c8b04630150debb3722ca2dd';
const EXTERN_1234567890123456 = '7a51d064a1a216a692f753fcdab276e4ff201a01d8b66f56d50d4d719fd0dc87';

function metaLead(id: string, receivedOffset: number): MetaLead {
  return {
    id,
    createdTime: NOW - 3_600_000 + receivedOffset,
    formId: 'form-1',
    adId: 'ad-1',
    adName: 'Ad',
    adsetId: 'adset-1',
    adsetName: 'Ad set',
    campaignId: 'camp-1',
    campaignName: 'Campaign',
    isOrganic: false,
    platform: 'fb',
    fieldData: [],
    raw: { id },
  };
}

/** `count` stored leads, each with an email and a phone, in one transaction. */
function storeLeads(db: Database, count: number, from = 0): void {
  db.transaction(() => {
    for (let i = from; i < from + count; i++) {
      const id = String(1_000_000_000_000_000 + i);
      saveFetchedLead(
        db,
        metaLead(id, i),
        {
          fullName: `Person ${i}`,
          email: `person${i}@example.com`,
          phone: `+1713555${String(i % 10_000).padStart(4, '0')}`,
          answers: [],
        },
        'page-1',
        'poll',
        NOW + i,
      );
    }
  })();
}

describe('audienceRow', () => {
  test('EMAIL, PHONE, FN, LN, EXTERN_ID, each normalised and hashed as for the Conversions API', () => {
    assert.deepEqual(AUDIENCE_SCHEMA, ['EMAIL', 'PHONE', 'FN', 'LN', 'EXTERN_ID']);
    assert.deepEqual(
      audienceRow(
        {
          leadId: '1234567890123456',
          fullName: 'Mary Smith',
          email: ' John_Smith@gmail.com ',
          phone: '(650)555-1212',
          raw: null,
        },
        '1',
      ),
      [EM, PH, FN, LN, EXTERN_1234567890123456],
    );
  });

  test('the form’s own first and last name win over the full name; no email nor phone → no row', () => {
    const raw = JSON.stringify({
      field_data: [
        { name: 'first_name', values: ['Mary'] },
        { name: 'last_name', values: ['Smith'] },
      ],
    });
    assert.deepEqual(
      audienceRow(
        { leadId: '1234567890123456', fullName: 'M. S.', email: 'John_Smith@gmail.com', phone: null, raw },
        '1',
      ),
      [EM, '', FN, LN, EXTERN_1234567890123456],
    );
    assert.equal(
      audienceRow({ leadId: '1', fullName: 'Mary Smith', email: 'no', phone: '12', raw: null }, '1'),
      null,
    );
  });
});

describe('AudienceSync against the sandbox', () => {
  /** One account served: every stored lead goes in its audience, as a one-account LeadOps did. */
  const everyLead = () => ({ accountId: graph.account.id, allLeads: true });
  let graph: GraphEmulator;
  let db: Database;
  let sync: AudienceSync;
  let client: GraphClient;
  before(async () => {
    graph = await startGraphEmulator({ appSecret: SECRET, now: () => NOW });
    db = openDatabase(':memory:');
    client = new GraphClient({
      graphUrl: graph.url,
      apiVersion: 'v24.0',
      accessToken: graph.accessToken,
      appSecret: SECRET,
      cacheTtlMs: 60_000,
      timeoutMs: 20_000,
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 20 },
      clock: { nowMilliseconds: () => NOW },
      logger: silentLogger,
    });
    sync = new AudienceSync({
      db,
      clock: { nowMilliseconds: () => NOW },
      logger: silentLogger,
      apiFor: (accountId) => new CustomAudiences(client, accountId),
      countryCode: '1',
    });
  });
  after(async () => {
    client.close();
    db.close();
    await graph.close();
  });

  test('10,001 leads: the audience is created, then two batches of at most 10,000 in one upload session', async () => {
    storeLeads(db, 10_001);
    const result = await sync.sync('U0BOSS', everyLead());
    const [audience] = graph.audiences.audiences;
    assert.ok(audience);
    assert.equal(audience.name, AUDIENCE_NAME);
    assert.equal(audience.customerFileSource, 'USER_PROVIDED_ONLY');
    assert.deepEqual(
      { ...result, audienceId: '' },
      {
        accountId: graph.account.id,
        audienceId: '',
        audienceName: AUDIENCE_NAME,
        created: true,
        added: 10_001,
        batches: 2,
        numReceived: 10_001,
        numInvalid: 0,
        total: 10_001,
        unmatchable: 0,
      },
    );
    const uploads = graph.audiences.uploads;
    assert.deepEqual(
      uploads.map((u) => [
        u.rows.length,
        u.session?.batch_seq,
        u.session?.last_batch_flag,
        u.session?.estimated_num_total,
      ]),
      [
        [10_000, 1, false, 10_001],
        [1, 2, true, 10_001],
      ],
    );
    assert.equal(
      uploads[0]?.session?.session_id,
      uploads[1]?.session?.session_id,
      'one session for the whole upload',
    );
    for (const upload of uploads) {
      assert.deepEqual(upload.schema, ['EMAIL', 'PHONE', 'FN', 'LN', 'EXTERN_ID']);
      assert.ok(
        upload.rows.every((row) => row.every((value) => /^[a-f0-9]{64}$/.test(value))),
        'every key hashed',
      );
    }
    assert.equal(audience.members.size, 10_001);
    assert.equal(countMembers(db, result.audienceId), 10_001);
  });

  test('running it again adds only the new leads, in a new session, to the same audience', async () => {
    const before = graph.audiences.uploads.length;
    const nothing = await sync.sync('U0BOSS', everyLead());
    assert.equal(nothing.added, 0);
    assert.equal(nothing.total, 10_001);
    assert.equal(graph.audiences.uploads.length, before, 'no upload when nothing is new');

    storeLeads(db, 3, 20_000);
    const more = await sync.sync('U0BOSS', everyLead());
    assert.equal(more.created, false);
    assert.equal(more.added, 3);
    assert.equal(more.total, 10_004);
    const last = graph.audiences.uploads.at(-1);
    assert.equal(last?.rows.length, 3);
    assert.deepEqual([last?.session?.batch_seq, last?.session?.last_batch_flag], [1, true]);
    assert.notEqual(last?.session?.session_id, graph.audiences.uploads[0]?.session?.session_id);
    assert.equal(graph.audiences.audiences.length, 1);
  });

  test('Meta failing mid-way: what it took stays taken, the next run sends the rest', async () => {
    /** Meta refuses the second batch once. */
    class FlakyAudiences extends CustomAudiences {
      calls = 0;
      override async addUsers(...args: Parameters<CustomAudiences['addUsers']>) {
        this.calls += 1;
        if (this.calls === 2) graph.injectFaults({ kind: 'permission', code: 200, match: '/users' });
        return super.addUsers(...args);
      }
    }
    const flaky = new FlakyAudiences(client, graph.account.id);
    const small = new AudienceSync({
      db,
      clock: { nowMilliseconds: () => NOW },
      logger: silentLogger,
      apiFor: () => flaky,
      countryCode: '1',
      batchSize: 2,
    });
    storeLeads(db, 5, 30_000);
    const uploadsBefore = graph.audiences.uploads.length;
    await assert.rejects(small.sync('U0BOSS', everyLead()), /Graph error 200/);
    assert.equal(graph.audiences.uploads.length, uploadsBefore + 1, 'the first batch was taken');
    assert.equal(countMembers(db, graph.audiences.audiences[0]?.id ?? ''), 10_006);

    const retried = await small.sync('U0BOSS', everyLead());
    assert.equal(retried.added, 3);
    assert.equal(retried.batches, 2);
    assert.equal(retried.total, 10_009);
    assert.deepEqual(
      graph.audiences.uploads
        .slice(uploadsBefore + 1)
        .map((u) => [u.rows.length, u.session?.batch_seq, u.session?.last_batch_flag]),
      [
        [2, 1, false],
        [1, 2, true],
      ],
    );
  });

  test('several accounts: the audience of the account named, with that account’s leads only, its id kept per account', async () => {
    const own = openDatabase(':memory:');
    try {
      storeLeads(own, 4, 40_000);
      const ids = (own.prepare('SELECT id FROM leads ORDER BY id').all() as { id: string }[]).map(
        (r) => r.id,
      );
      setLeadAccount(own, ids[0] ?? '', graph.account.id);
      setLeadAccount(own, ids[1] ?? '', graph.account.id);
      setLeadAccount(own, ids[2] ?? '', 'act_2002');
      // ids[3]: no account (organic): not in any account's audience.
      const perAccount = new AudienceSync({
        db: own,
        clock: { nowMilliseconds: () => NOW },
        logger: silentLogger,
        apiFor: (accountId) => new CustomAudiences(client, accountId),
        countryCode: '1',
      });
      const uploadsBefore = graph.audiences.uploads.length;
      const result = await perAccount.sync('U0BOSS', { accountId: graph.account.id, allLeads: false });
      assert.equal(result.added, 2);
      assert.equal(result.created, false, 'the account already has an audience of that name');
      assert.equal(graph.audiences.uploads.length, uploadsBefore + 1);
      assert.equal(graph.audiences.uploads.at(-1)?.rows.length, 2);
      assert.deepEqual(readSetting(own, audienceSettingKey(graph.account.id)), { id: result.audienceId });
      assert.equal(readSetting(own, 'audiences.past_leads'), null);
    } finally {
      own.close();
    }
  });
});
