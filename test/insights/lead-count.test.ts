import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type ActionValue, countLeads } from '../../src/insights/lead-count.js';

const a = (action_type: string, value: string): ActionValue => ({ action_type, value });

describe('countLeads', () => {
  test('instant-form leads under all three names count once', () => {
    const actions = [
      a('link_click', '310'),
      a('lead', '12'),
      a('onsite_conversion.lead_grouped', '12'),
      a('leadgen_grouped', '12'),
      a('page_engagement', '420'),
    ];
    assert.equal(countLeads(actions), 12);
  });

  test('`lead` already includes pixel leads', () => {
    const actions = [
      a('lead', '15'),
      a('onsite_conversion.lead_grouped', '9'),
      a('leadgen_grouped', '9'),
      a('offsite_conversion.fb_pixel_lead', '6'),
    ];
    assert.equal(countLeads(actions), 15);
  });

  test('without `lead`: on-Facebook plus pixel leads', () => {
    const actions = [
      a('onsite_conversion.lead_grouped', '9'),
      a('leadgen_grouped', '9'),
      a('offsite_conversion.fb_pixel_lead', '6'),
    ];
    assert.equal(countLeads(actions), 15);
  });

  test('only pixel leads', () => {
    assert.equal(countLeads([a('offsite_conversion.fb_pixel_lead', '4'), a('link_click', '50')]), 4);
  });

  test('only leadgen_grouped', () => {
    assert.equal(countLeads([a('leadgen_grouped', '7')]), 7);
  });

  test('only onsite_conversion.lead_grouped', () => {
    assert.equal(countLeads([a('onsite_conversion.lead_grouped', '3')]), 3);
  });

  test('ignores actions that merely contain "lead" or are not leads', () => {
    const actions = [
      a('onsite_conversion.messaging_conversation_started_7d', '25'),
      a('link_click', '310'),
      a('landing_page_view', '200'),
      a('offsite_conversion.fb_pixel_complete_registration', '8'),
      a('onsite_conversion.lead_form_open', '40'),
      a('leadgen_other', '5'),
      a('post_engagement', '500'),
    ];
    assert.equal(countLeads(actions), 0);
    assert.equal(countLeads([...actions, a('leadgen_grouped', '2')]), 2);
  });

  test('`lead` of 0 is the answer even with other names present', () => {
    assert.equal(countLeads([a('lead', '0'), a('link_click', '12')]), 0);
  });

  test('empty or missing actions', () => {
    assert.equal(countLeads(undefined), 0);
    assert.equal(countLeads([]), 0);
  });

  test('a non-numeric value counts as 0', () => {
    assert.equal(countLeads([a('lead', 'n/a')]), 0);
  });
});
