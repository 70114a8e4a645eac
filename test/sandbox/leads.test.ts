import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { localDate } from '../../src/sandbox/dates.js';
import { type GraphEmulator, startGraphEmulator } from '../../src/sandbox/graph-emulator.js';
import { graphGet, graphGetAll, graphPost, NOW } from './graph-http.js';

const LEAD_FIELDS =
  'id,created_time,ad_id,ad_name,adset_id,adset_name,campaign_id,campaign_name,form_id,field_data,is_organic,platform';

describe('Lead Ads', () => {
  let graph: GraphEmulator;
  let formId: string;
  before(async () => {
    graph = await startGraphEmulator({ now: () => NOW, leadHistoryDays: 7 });
    formId = graph.account.forms[0]?.id ?? '';
  });
  after(async () => {
    await graph.close();
  });

  test('the store starts with the last week’s leads, one per instant-form lead in ad insights', () => {
    const day = '2026-11-27';
    const stored = new Map<string, number>();
    for (const lead of graph.leads) {
      if (localDate(lead.createdTime, graph.account.timezone) !== day) continue;
      stored.set(lead.adId ?? '', (stored.get(lead.adId ?? '') ?? 0) + 1);
    }
    const delivered = graph
      .insightsRows('ad', day, day)
      .filter((row) => row.instantFormLeads > 0)
      .map((row) => [row.id, row.instantFormLeads]);
    assert.ok(delivered.length > 3);
    assert.deepEqual(new Map(delivered as [string, number][]), stored);
    assert.ok(graph.leads.every((lead) => lead.createdTime <= NOW));
  });

  test('a page’s forms, with their questions', async () => {
    const page = graph.account.pages[0];
    assert.ok(page);
    const { rows } = await graphGetAll(graph, `/${page.id}/leadgen_forms`, {
      fields: 'id,name,status,questions,leads_count',
      limit: 1,
    });
    assert.equal(rows.length, 2);
    const questions = rows[0].questions as { key: string; options?: { value: string }[] }[];
    assert.deepEqual(
      questions.map((question) => question.key),
      [
        'full_name',
        'phone_number',
        'email',
        'when_did_the_accident_happen?',
        'were_you_injured?',
        'did_you_see_a_doctor?',
      ],
    );
    assert.ok(questions[3]?.options?.some((option) => option.value === 'Within the last week'));
    assert.equal(rows[0].leads_count, graph.leads.filter((lead) => lead.formId === rows[0].id).length);
  });

  test('leads newest first, filtered by time_created, paged with next links', async () => {
    const since = Math.floor(NOW / 1000) - 3 * 86_400;
    const filtering = [{ field: 'time_created', operator: 'GREATER_THAN', value: since }];
    const { rows, pages } = await graphGetAll(graph, `/${formId}/leads`, {
      filtering,
      limit: 5,
      fields: LEAD_FIELDS,
    });
    const expected = graph.leads
      .filter((lead) => lead.formId === formId && Math.floor(lead.createdTime / 1000) > since)
      .sort((a, b) => b.createdTime - a.createdTime);
    assert.ok(expected.length > 5);
    assert.deepEqual(
      rows.map((row) => row.id),
      expected.map((lead) => lead.id),
    );
    assert.equal(pages.length, Math.ceil(expected.length / 5));
    for (const row of rows) {
      assert.match(row.created_time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/);
      assert.ok(Date.parse(row.created_time) / 1000 > since);
      assert.equal(row.form_id, formId);
      assert.equal(row.is_organic, false);
      assert.ok(row.ad_name && row.adset_name && row.campaign_name);
    }
  });

  test('addLead makes a realistic lead that the API serves at once', async () => {
    const lead = graph.addLead();
    assert.match(lead.id, /^\d{16}$/);
    assert.equal(lead.createdTime, NOW);
    assert.ok(lead.adId);
    const answers = Object.fromEntries(lead.fieldData.map((answer) => [answer.name, answer.values[0]]));
    assert.match(answers.full_name ?? '', /^[A-Z][a-z]+ [A-Z][a-z]+$/);
    assert.match(answers.phone_number ?? '', /^\+1\d{10}$/);
    assert.match(answers.email ?? '', /^[a-z.]+\d*@[a-z]+\.com$/);
    assert.ok(answers['were_you_injured?'] || answers['where_did_you_fall?']);

    const newest = await graphGet(graph, `/${lead.formId}/leads`, { limit: 1 });
    assert.deepEqual(Object.keys(newest.body.data[0]).sort(), ['created_time', 'field_data', 'id']);
    assert.equal(newest.body.data[0].id, lead.id);

    const { body } = await graphGet(graph, `/${lead.id}`, { fields: LEAD_FIELDS });
    const ad = graph.account.ads.find((candidate) => candidate.id === lead.adId);
    assert.equal(body.ad_id, ad?.id);
    assert.equal(body.adset_id, ad?.adsetId);
    assert.equal(body.campaign_id, ad?.campaignId);
    assert.equal(body.created_time, '2026-11-29T18:00:00+0000');
    assert.deepEqual(body.field_data, lead.fieldData);
  });

  test('addLead with given answers, form, time, and an organic lead', async () => {
    const form = graph.account.forms[1];
    assert.ok(form);
    const given = graph.addLead({
      formId: form.id,
      createdTime: Date.parse('2026-11-29T16:30:00Z'),
      fields: { full_name: 'Ana Ruiz', 'where_did_you_fall?': 'Restaurant' },
    });
    const answers = Object.fromEntries(given.fieldData.map((answer) => [answer.name, answer.values]));
    assert.deepEqual(answers.full_name, ['Ana Ruiz']);
    assert.deepEqual(answers['where_did_you_fall?'], ['Restaurant']);
    assert.equal(graph.account.ads.find((ad) => ad.id === given.adId)?.formId, form.id);

    const organic = graph.addLead({ isOrganic: true });
    const { body } = await graphGet(graph, `/${organic.id}`, { fields: LEAD_FIELDS });
    assert.equal(body.is_organic, true);
    assert.equal(body.ad_id, undefined);
    assert.equal(body.campaign_name, undefined);
    assert.notEqual(organic.id, given.id);
  });

  test('subscribing the app to a Page', async () => {
    const page = graph.account.pages[0];
    assert.ok(page);
    const missing = await graphPost(graph, `/${page.id}/subscribed_apps`, {});
    assert.equal(missing.body.error.code, 100);
    const done = await graphPost(graph, `/${page.id}/subscribed_apps`, { subscribed_fields: 'leadgen' });
    assert.deepEqual(done.body, { success: true });
    const listed = await graphGet(graph, `/${page.id}/subscribed_apps`);
    assert.deepEqual(listed.body.data[0].subscribed_fields, ['leadgen']);
  });
});
