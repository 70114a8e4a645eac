import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { getLead } from '../../src/db/leads.js';
import { type Database, openDatabase } from '../../src/db/open.js';
import { markDone } from '../../src/db/outbox.js';
import { LEAD_ALERT, recordNotices, recordPolledLeads } from '../../src/leads/intake.js';
import type { LeadNotice } from '../../src/leads/webhook-payload.js';
import type { MetaLead, MetaLeadForm } from '../../src/meta/lead-retrieval.js';
import { metaLeadFixture } from '../support/lead-fixtures.js';

const T0 = Date.UTC(2026, 10, 29, 16, 30);

function notice(leadId: string): LeadNotice {
  return { leadId, formId: 'form-1', pageId: 'page-1', adId: 'ad-1', adsetId: 'adset-1', createdTime: T0 };
}

const FORM: MetaLeadForm = {
  id: 'form-1',
  pageId: 'page-1',
  name: 'Free Roof Inspection',
  questions: [{ key: 'roof_type', label: 'What kind of roof?' }],
};

function metaLead(id: string, name: string): MetaLead {
  return metaLeadFixture(id, {
    createdTime: T0,
    fieldData: [
      { name: 'full_name', values: [name] },
      { name: 'phone_number', values: ['+17135550142'] },
      { name: 'roof_type', values: ['Metal'] },
    ],
  });
}

function leadRows(db: Database): { id: string; state: string; received_via: string }[] {
  return db.prepare('SELECT id, state, received_via FROM leads ORDER BY id').all() as {
    id: string;
    state: string;
    received_via: string;
  }[];
}

function outboxRows(db: Database): { kind: string; subject: string; state: string; created_at: number }[] {
  return db.prepare('SELECT kind, subject, state, created_at FROM outbox ORDER BY id').all() as {
    kind: string;
    subject: string;
    state: string;
    created_at: number;
  }[];
}

describe('lead intake', () => {
  let db: Database;
  beforeEach(() => {
    db = openDatabase(':memory:');
  });
  afterEach(() => db.close());

  describe('recordNotices', () => {
    test('each notice is stored with one pending alert', () => {
      assert.equal(recordNotices(db, [notice('L1'), notice('L2')], T0 + 1000), 2);
      assert.deepEqual(leadRows(db), [
        { id: 'L1', state: 'notified', received_via: 'webhook' },
        { id: 'L2', state: 'notified', received_via: 'webhook' },
      ]);
      assert.deepEqual(outboxRows(db), [
        { kind: LEAD_ALERT, subject: 'L1', state: 'pending', created_at: T0 + 1000 },
        { kind: LEAD_ALERT, subject: 'L2', state: 'pending', created_at: T0 + 1000 },
      ]);
      assert.equal(LEAD_ALERT, 'lead_alert');
    });

    test('a duplicate in the same batch or a later one counts once', () => {
      assert.equal(recordNotices(db, [notice('L1'), notice('L1'), notice('L2')], T0), 2);
      assert.equal(recordNotices(db, [notice('L2'), notice('L3')], T0 + 5000), 1);
      assert.equal(recordNotices(db, [notice('L1')], T0 + 9000), 0);
      assert.equal(recordNotices(db, [], T0 + 9000), 0);
      assert.deepEqual(
        leadRows(db).map((r) => r.id),
        ['L1', 'L2', 'L3'],
      );
      assert.deepEqual(
        outboxRows(db).map((r) => [r.subject, r.created_at]),
        [
          ['L1', T0],
          ['L2', T0],
          ['L3', T0 + 5000],
        ],
      );
    });

    test('an alert already sent is not queued again', () => {
      recordNotices(db, [notice('L1')], T0);
      markDone(db, 1, { ts: '1.0' }, T0 + 1);
      assert.equal(recordNotices(db, [notice('L1')], T0 + 2), 0);
      assert.deepEqual(outboxRows(db), [{ kind: LEAD_ALERT, subject: 'L1', state: 'done', created_at: T0 }]);
    });

    test('all in one transaction: a failure part-way leaves nothing stored', () => {
      let reads = 0;
      const exploding = {
        ...notice('ignored'),
        get leadId(): string {
          reads++;
          if (reads >= 2) throw new Error('second read');
          return 'L2';
        },
      };
      assert.throws(() => recordNotices(db, [notice('L1'), exploding], T0), /second read/);
      assert.equal(reads, 2, 'the second notice got as far as its outbox item');
      assert.deepEqual(leadRows(db), []);
      assert.deepEqual(outboxRows(db), []);
      assert.equal(recordNotices(db, [notice('L1')], T0), 1, 'the database is still usable');
    });
  });

  describe('recordPolledLeads', () => {
    test('stores complete leads via poll, with their details and one alert each', () => {
      assert.equal(
        recordPolledLeads(
          db,
          [metaLead('P1', 'Dana Whitfield'), metaLead('P2', 'Maria Gonzalez')],
          FORM,
          T0 + 60_000,
        ),
        2,
      );
      assert.deepEqual(leadRows(db), [
        { id: 'P1', state: 'complete', received_via: 'poll' },
        { id: 'P2', state: 'complete', received_via: 'poll' },
      ]);
      const p1 = getLead(db, 'P1');
      assert.equal(p1?.fullName, 'Dana Whitfield');
      assert.equal(p1?.phone, '+17135550142');
      assert.equal(p1?.pageId, 'page-1');
      assert.equal(p1?.receivedAt, T0 + 60_000);
      assert.deepEqual(p1?.answers, [{ key: 'roof_type', label: 'What kind of roof?', value: 'Metal' }]);
      assert.deepEqual(
        outboxRows(db).map((r) => [r.kind, r.subject, r.state]),
        [
          [LEAD_ALERT, 'P1', 'pending'],
          [LEAD_ALERT, 'P2', 'pending'],
        ],
      );
    });

    test('a lead already known is not re-queued nor counted', () => {
      recordNotices(db, [notice('L1')], T0);
      markDone(db, 1, { ts: '1.0' }, T0 + 1);
      assert.equal(
        recordPolledLeads(db, [metaLead('L1', 'Dana Whitfield'), metaLead('P2', 'Ana')], FORM, T0 + 2),
        1,
      );
      assert.deepEqual(
        outboxRows(db).map((r) => [r.subject, r.state]),
        [
          ['L1', 'done'],
          ['P2', 'pending'],
        ],
      );
      const l1 = getLead(db, 'L1');
      assert.equal(l1?.receivedVia, 'webhook');
      assert.equal(l1?.receivedAt, T0);
      assert.equal(recordPolledLeads(db, [metaLead('P2', 'Ana')], FORM, T0 + 3), 0);
      assert.equal(outboxRows(db).length, 2);
    });
  });
});
