import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { leadDetails } from '../../src/leads/lead-details.js';

describe('leadDetails', () => {
  test('full_name, phone, email and answers with the form’s labels', () => {
    assert.deepEqual(
      leadDetails(
        [
          { name: 'full_name', values: ['Dana Whitfield'] },
          { name: 'phone_number', values: ['+17135550142'] },
          { name: 'email', values: ['dana@example.com'] },
          { name: 'roof_type', values: ['Shingle'] },
          { name: 'when_can_we_call?', values: ['Mornings'] },
        ],
        [
          { key: 'roof_type', label: 'What kind of roof do you have?' },
          { key: 'unused', label: 'Not asked' },
        ],
      ),
      {
        fullName: 'Dana Whitfield',
        phone: '+17135550142',
        email: 'dana@example.com',
        answers: [
          { key: 'roof_type', label: 'What kind of roof do you have?', value: 'Shingle' },
          { key: 'when_can_we_call?', label: 'When can we call', value: 'Mornings' },
        ],
      },
    );
  });

  test('first + last name when there is no full_name', () => {
    assert.equal(
      leadDetails([
        { name: 'first_name', values: ['Maria'] },
        { name: 'last_name', values: ['Gonzalez'] },
      ]).fullName,
      'Maria Gonzalez',
    );
    assert.equal(leadDetails([{ name: 'first_name', values: ['Maria'] }]).fullName, 'Maria');
    assert.equal(leadDetails([{ name: 'last_name', values: ['Gonzalez'] }]).fullName, 'Gonzalez');
  });

  test('full_name wins over first + last; contact fields are not answers', () => {
    const details = leadDetails([
      { name: 'first_name', values: ['M'] },
      { name: 'full_name', values: ['Maria Gonzalez'] },
      { name: 'last_name', values: ['G'] },
    ]);
    assert.equal(details.fullName, 'Maria Gonzalez');
    assert.deepEqual(details.answers, []);
  });

  test('an empty full_name falls back to first + last', () => {
    assert.equal(
      leadDetails([
        { name: 'full_name', values: ['  '] },
        { name: 'first_name', values: ['Ana'] },
        { name: 'last_name', values: ['Ruiz'] },
      ]).fullName,
      'Ana Ruiz',
    );
  });

  test('nothing known → nulls and no answers', () => {
    assert.deepEqual(leadDetails([]), { fullName: null, phone: null, email: null, answers: [] });
  });

  test('humanized fallback labels for keys the form does not list', () => {
    assert.deepEqual(
      leadDetails([
        { name: 'zip_code', values: ['77002'] },
        { name: 'is_this_your_home??', values: ['yes'] },
        { name: '_budget_', values: ['$10k'] },
      ]).answers,
      [
        { key: 'zip_code', label: 'Zip code', value: '77002' },
        { key: 'is_this_your_home??', label: 'Is this your home', value: 'yes' },
        { key: '_budget_', label: 'Budget', value: '$10k' },
      ],
    );
  });

  test('several values are joined with ", "', () => {
    const details = leadDetails(
      [
        { name: 'services', values: ['Repair', 'Gutters', 'Inspection'] },
        { name: 'email', values: ['a@example.com', 'b@example.com'] },
      ],
      [{ key: 'services', label: 'Services' }],
    );
    assert.equal(details.email, 'a@example.com, b@example.com');
    assert.deepEqual(details.answers, [
      { key: 'services', label: 'Services', value: 'Repair, Gutters, Inspection' },
    ]);
  });

  test('empty values: contact fields become null, answers keep ""', () => {
    assert.deepEqual(
      leadDetails([
        { name: 'full_name', values: [] },
        { name: 'phone_number', values: [''] },
        { name: 'email', values: [' '] },
        { name: 'notes', values: [] },
      ]),
      { fullName: null, phone: null, email: null, answers: [{ key: 'notes', label: 'Notes', value: '' }] },
    );
  });
});
