import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import {
  countLeadsCreatedBetween,
  getLead,
  insertNotice,
  leadsCreatedBetween,
  markUnreadable,
  purgePersonalData,
  recentLeads,
  saveFetchedLead,
  searchLeads,
} from '../../src/db/leads.js';
import { type Database, openDatabase } from '../../src/db/open.js';
import type { LeadDetails } from '../../src/leads/lead-details.js';
import type { LeadNotice } from '../../src/leads/webhook-payload.js';
import type { MetaLead } from '../../src/meta/lead-retrieval.js';
import { metaLeadFixture } from '../support/lead-fixtures.js';

const T0 = Date.UTC(2026, 10, 29, 16, 30);
const HOUR = 3_600_000;

function notice(leadId: string, extra: Partial<LeadNotice> = {}): LeadNotice {
  return {
    leadId,
    formId: 'form-1',
    pageId: 'page-1',
    adId: 'ad-1',
    adsetId: 'adset-1',
    createdTime: T0,
    ...extra,
  };
}

function metaLead(id: string, extra: Partial<MetaLead> = {}): MetaLead {
  return metaLeadFixture(id, { createdTime: T0, ...extra });
}

function details(extra: Partial<LeadDetails> = {}): LeadDetails {
  return {
    fullName: 'Dana Whitfield',
    phone: '+1 (713) 555-0142',
    email: 'dana@example.com',
    answers: [{ key: 'roof_type', label: 'Roof', value: 'Shingle' }],
    ...extra,
  };
}

/** A complete lead with the given person, created at `createdTime`. */
function addLead(db: Database, id: string, createdTime: number, person: Partial<LeadDetails> = {}): void {
  assert.equal(
    saveFetchedLead(db, metaLead(id, { createdTime }), details(person), 'page-1', 'poll', T0),
    true,
  );
}

function raw(db: Database, id: string): Record<string, unknown> | undefined {
  return db.prepare('SELECT * FROM leads WHERE id = ?').get(id) as Record<string, unknown> | undefined;
}

const ids = (leads: { id: string }[]) => leads.map((l) => l.id);

describe('db/leads', () => {
  let db: Database;
  beforeEach(() => {
    db = openDatabase(':memory:');
  });
  afterEach(() => db.close());

  describe('insertNotice', () => {
    test('true for a new id, false for the same id again; the first is kept', () => {
      assert.equal(insertNotice(db, notice('L1'), T0 + 1000), true);
      assert.equal(insertNotice(db, notice('L1', { formId: 'other' }), T0 + 9000), false);
      assert.deepEqual(getLead(db, 'L1'), {
        id: 'L1',
        pageId: 'page-1',
        formId: 'form-1',
        adId: 'ad-1',
        adName: null,
        adsetId: 'adset-1',
        adsetName: null,
        campaignId: null,
        campaignName: null,
        accountId: null,
        createdTime: T0,
        receivedAt: T0 + 1000,
        receivedVia: 'webhook',
        state: 'notified',
        fullName: null,
        phone: null,
        email: null,
        answers: [],
        isOrganic: false,
        platform: null,
        readError: null,
        purgedAt: null,
      });
    });

    test('false for an id already stored by polling', () => {
      addLead(db, 'L2', T0);
      assert.equal(insertNotice(db, notice('L2'), T0), false);
      assert.equal(getLead(db, 'L2')?.state, 'complete');
    });
  });

  describe('saveFetchedLead', () => {
    test('a new lead is inserted complete', () => {
      const lead = metaLead('L1', { isOrganic: true, platform: 'ig', raw: { id: 'L1', x: 1 } });
      assert.equal(saveFetchedLead(db, lead, details(), 'page-1', 'poll', T0 + 5000), true);
      assert.deepEqual(getLead(db, 'L1'), {
        id: 'L1',
        pageId: 'page-1',
        formId: 'form-1',
        adId: 'ad-1',
        adName: 'Hail Video',
        adsetId: 'adset-1',
        adsetName: 'Houston Homeowners',
        campaignId: 'camp-1',
        campaignName: 'Storm Season',
        accountId: null,
        createdTime: T0,
        receivedAt: T0 + 5000,
        receivedVia: 'poll',
        state: 'complete',
        fullName: 'Dana Whitfield',
        phone: '+1 (713) 555-0142',
        email: 'dana@example.com',
        answers: [{ key: 'roof_type', label: 'Roof', value: 'Shingle' }],
        isOrganic: true,
        platform: 'ig',
        readError: null,
        purgedAt: null,
      });
      assert.equal(raw(db, 'L1')?.raw, '{"id":"L1","x":1}');
    });

    test('a NaN created time is stored as null', () => {
      saveFetchedLead(db, metaLead('L1', { createdTime: Number.NaN }), details(), null, 'poll', T0);
      assert.equal(getLead(db, 'L1')?.createdTime, null);
    });

    test('completes a notified lead, keeping how and when it arrived, and returns false', () => {
      insertNotice(db, notice('L1', { pageId: 'page-from-webhook' }), T0 + 1000);
      assert.equal(saveFetchedLead(db, metaLead('L1'), details(), 'page-other', 'poll', T0 + 60_000), false);
      const lead = getLead(db, 'L1');
      assert.equal(lead?.state, 'complete');
      assert.equal(lead?.receivedVia, 'webhook');
      assert.equal(lead?.receivedAt, T0 + 1000);
      assert.equal(lead?.pageId, 'page-from-webhook');
      assert.equal(lead?.fullName, 'Dana Whitfield');
      assert.equal(lead?.campaignName, 'Storm Season');
      assert.deepEqual(lead?.answers, [{ key: 'roof_type', label: 'Roof', value: 'Shingle' }]);
    });

    test('a notified lead without a page id takes the fetched one', () => {
      insertNotice(db, notice('L1', { pageId: null }), T0);
      saveFetchedLead(db, metaLead('L1'), details(), 'page-2', 'webhook', T0);
      assert.equal(getLead(db, 'L1')?.pageId, 'page-2');
    });

    test('an unreadable lead that can be read later is completed, its error cleared', () => {
      insertNotice(db, notice('L1'), T0);
      markUnreadable(db, 'L1', 'gone');
      assert.equal(saveFetchedLead(db, metaLead('L1'), details(), null, 'webhook', T0), false);
      assert.equal(getLead(db, 'L1')?.state, 'complete');
      assert.equal(getLead(db, 'L1')?.readError, null);
    });

    test('a complete lead is left alone', () => {
      addLead(db, 'L1', T0);
      const before = raw(db, 'L1');
      assert.equal(
        saveFetchedLead(
          db,
          metaLead('L1', { campaignName: 'Changed', createdTime: T0 + HOUR }),
          details({ fullName: 'Someone Else', phone: null }),
          'page-9',
          'webhook',
          T0 + HOUR,
        ),
        false,
      );
      assert.deepEqual(raw(db, 'L1'), before);
    });
  });

  describe('markUnreadable', () => {
    test('a notified lead becomes unreadable with the reason', () => {
      insertNotice(db, notice('L1'), T0);
      markUnreadable(db, 'L1', 'Unsupported get request');
      assert.equal(getLead(db, 'L1')?.state, 'unreadable');
      assert.equal(getLead(db, 'L1')?.readError, 'Unsupported get request');
    });

    test('a complete or already-unreadable lead is not touched; an unknown id is a no-op', () => {
      addLead(db, 'L1', T0);
      markUnreadable(db, 'L1', 'nope');
      assert.equal(getLead(db, 'L1')?.state, 'complete');
      assert.equal(getLead(db, 'L1')?.readError, null);
      insertNotice(db, notice('L2'), T0);
      markUnreadable(db, 'L2', 'first');
      markUnreadable(db, 'L2', 'second');
      assert.equal(getLead(db, 'L2')?.readError, 'first');
      markUnreadable(db, 'missing', 'x');
      assert.equal(getLead(db, 'missing'), null);
    });
  });

  describe('recentLeads and leadsCreatedBetween', () => {
    test('newest first by created time (received time when unknown), limited', () => {
      addLead(db, 'old', T0 - 2 * HOUR);
      addLead(db, 'new', T0 + 2 * HOUR);
      addLead(db, 'mid', T0);
      insertNotice(db, notice('no-time', { createdTime: null }), T0 + HOUR);
      assert.deepEqual(ids(recentLeads(db, 10)), ['new', 'no-time', 'mid', 'old']);
      assert.deepEqual(ids(recentLeads(db, 2)), ['new', 'no-time']);
      const empty = openDatabase(':memory:');
      assert.deepEqual(recentLeads(empty, 5), []);
      empty.close();
    });

    test('from is inclusive, to is exclusive', () => {
      addLead(db, 'before', T0 - 1);
      addLead(db, 'at-from', T0);
      addLead(db, 'inside', T0 + HOUR);
      addLead(db, 'last-ms', T0 + 24 * HOUR - 1);
      addLead(db, 'at-to', T0 + 24 * HOUR);
      assert.deepEqual(ids(leadsCreatedBetween(db, T0, T0 + 24 * HOUR, 50)), [
        'last-ms',
        'inside',
        'at-from',
      ]);
      assert.deepEqual(ids(leadsCreatedBetween(db, T0, T0 + 24 * HOUR, 1)), ['last-ms']);
      assert.equal(countLeadsCreatedBetween(db, T0, T0 + 24 * HOUR), 3);
      assert.equal(countLeadsCreatedBetween(db, T0 - 1, T0 + 24 * HOUR + 1), 5);
      assert.equal(countLeadsCreatedBetween(db, T0 + 2 * HOUR, T0 + 3 * HOUR), 0);
    });

    test('a lead without a created time counts by when it was received', () => {
      insertNotice(db, notice('L1', { createdTime: null }), T0 + HOUR);
      assert.deepEqual(ids(leadsCreatedBetween(db, T0 + HOUR, T0 + 2 * HOUR, 50)), ['L1']);
      assert.equal(countLeadsCreatedBetween(db, T0, T0 + HOUR), 0);
    });
  });

  describe('searchLeads', () => {
    beforeEach(() => {
      addLead(db, 'maria', T0, {
        fullName: 'Maria Gonzalez',
        phone: '+1 (832) 555-0199',
        email: 'mg@example.com',
      });
      addLead(db, 'dana', T0 + HOUR, {
        fullName: 'Dana Whitfield',
        phone: '+17135550142',
        email: 'dana.w@roofmail.com',
      });
      addLead(db, 'pct', T0 + 2 * HOUR, { fullName: '100% Roofing_Co', phone: null, email: 'x@y.com' });
    });

    test('by name, case-insensitively', () => {
      assert.deepEqual(ids(searchLeads(db, 'maria', 50)), ['maria']);
      assert.deepEqual(ids(searchLeads(db, 'GONZ', 50)), ['maria']);
      assert.deepEqual(ids(searchLeads(db, 'O', 50)), ['pct', 'dana', 'maria']);
    });

    test('by email', () => {
      assert.deepEqual(ids(searchLeads(db, 'roofmail.COM', 50)), ['dana']);
      assert.deepEqual(ids(searchLeads(db, 'nobody@', 50)), []);
    });

    test('by phone digits, punctuation ignored on both sides', () => {
      assert.deepEqual(ids(searchLeads(db, '8325550199', 50)), ['maria']);
      assert.deepEqual(ids(searchLeads(db, '(832) 555-0199', 50)), ['maria']);
      assert.deepEqual(ids(searchLeads(db, '713-555-0142', 50)), ['dana']);
      assert.deepEqual(ids(searchLeads(db, '555', 50)), ['dana', 'maria']);
    });

    test('a phone stored with dots is found by its digits', () => {
      addLead(db, 'dots', T0 - HOUR, { fullName: 'Ana Ruiz', phone: '281.555.0123', email: null });
      assert.deepEqual(ids(searchLeads(db, '2815550123', 50)), ['dots']);
    });

    test('% and _ are matched literally', () => {
      assert.deepEqual(ids(searchLeads(db, '%', 50)), ['pct']);
      assert.deepEqual(ids(searchLeads(db, '0% r', 50)), ['pct']);
      assert.deepEqual(ids(searchLeads(db, '_', 50)), ['pct']);
      assert.deepEqual(ids(searchLeads(db, 'g_co', 50)), ['pct']);
      assert.deepEqual(ids(searchLeads(db, 'm%g', 50)), []);
      assert.deepEqual(ids(searchLeads(db, '\\', 50)), []);
    });

    test('a 2-digit search does not match every phone', () => {
      assert.deepEqual(ids(searchLeads(db, '55', 50)), []);
      assert.deepEqual(ids(searchLeads(db, '+1', 50)), []);
      assert.deepEqual(ids(searchLeads(db, '10', 50)), ['pct'], 'the name still matches');
    });

    test('names with accented capitals are found, typed as stored or in lower case', () => {
      addLead(db, 'alvarez', T0 - HOUR, { fullName: 'José Álvarez', phone: null, email: null });
      assert.deepEqual(ids(searchLeads(db, 'josé', 50)), ['alvarez']);
      assert.deepEqual(ids(searchLeads(db, 'Álvarez', 50)), ['alvarez']);
      assert.deepEqual(ids(searchLeads(db, 'álvarez', 50)), ['alvarez']);
    });

    test('the limit applies, newest first', () => {
      assert.deepEqual(ids(searchLeads(db, 'o', 2)), ['pct', 'dana']);
    });
  });

  describe('purgePersonalData', () => {
    test('nulls personal fields of older leads only, counts them, and is idempotent', () => {
      addLead(db, 'old', T0 - 2 * HOUR);
      addLead(db, 'edge', T0);
      addLead(db, 'new', T0 + HOUR);
      insertNotice(db, notice('old-notice', { createdTime: null }), T0 - HOUR);
      const now = T0 + 10 * HOUR;
      assert.equal(purgePersonalData(db, T0, now), 2);
      const old = getLead(db, 'old');
      assert.deepEqual(
        {
          fullName: old?.fullName,
          phone: old?.phone,
          email: old?.email,
          answers: old?.answers,
          purgedAt: old?.purgedAt,
        },
        { fullName: null, phone: null, email: null, answers: [], purgedAt: now },
      );
      assert.equal(raw(db, 'old')?.raw, null);
      assert.equal(old?.campaignName, 'Storm Season', 'attribution stays');
      assert.equal(old?.createdTime, T0 - 2 * HOUR);
      assert.equal(getLead(db, 'old-notice')?.purgedAt, now);
      for (const id of ['edge', 'new']) {
        const kept = getLead(db, id);
        assert.equal(kept?.fullName, 'Dana Whitfield');
        assert.equal(kept?.purgedAt, null);
        assert.notEqual(raw(db, id)?.raw, null);
      }
      assert.equal(purgePersonalData(db, T0, now + HOUR), 0);
      assert.equal(getLead(db, 'old')?.purgedAt, now, 'first purge time kept');
      assert.equal(countLeadsCreatedBetween(db, T0 - 3 * HOUR, T0 + 2 * HOUR), 4, 'still counted');
    });
  });
});
