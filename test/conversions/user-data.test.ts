import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  hashPerson,
  normalizeEmail,
  normalizeName,
  normalizePhone,
  sha256Hex,
  splitName,
} from '../../src/conversions/user-data.js';

// Meta's examples from "Customer Information Parameters" (Conversions API); the hex digests
// were computed independently with `printf '%s' value | sha256sum`.
const META = {
  email: { input: 'John_Smith@gmail.com', normalized: 'john_smith@gmail.com' },
  phone: { input: '(650)555-1212', normalized: '16505551212' },
  firstName: { input: 'Mary', normalized: 'mary' },
  accented: { input: 'Valéry', normalized: 'valéry' },
  korean: { input: '정', normalized: '정' },
};
const SHA = {
  john_smith: '62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f',
  us_phone: 'e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176',
  mary: '6915771be1c5aa0c886870b6951b03d7eafc121fea0e80a5ea83beb7c449f4ec',
  valery: '08e1996b5dd49e62a4b4c010d44e4345592a863bb9f8e3976219bac29417149c',
  jeong: '8fa8cd9c440be61d0151429310034083132b35975c4bea67fdd74158eb51db14',
  smith: '6627835f988e2c5e50533d491163072d3f4f41f5c8b04630150debb3722ca2dd',
  lead_1234567890123456: '7a51d064a1a216a692f753fcdab276e4ff201a01d8b66f56d50d4d719fd0dc87',
  uk_mobile: '033134b911b137918338415ee3d20a064b24773d36a3b02e8b99fdd3fcd6b4cd',
};

describe('normalisation and hashing, against Meta’s published examples', () => {
  test('em: trimmed and lower-cased, then SHA-256', () => {
    assert.equal(normalizeEmail(META.email.input), META.email.normalized);
    assert.equal(normalizeEmail(`  ${META.email.input}\t`), META.email.normalized);
    assert.equal(sha256Hex(normalizeEmail(META.email.input) ?? ''), SHA.john_smith);
  });

  test('ph: digits only with the country code (DEFAULT_COUNTRY_CODE 1 for a US number without one)', () => {
    assert.equal(normalizePhone(META.phone.input, '1'), META.phone.normalized);
    assert.equal(normalizePhone('+1 (650) 555-1212', '1'), META.phone.normalized);
    assert.equal(normalizePhone('1-650-555-1212', '1'), META.phone.normalized);
    assert.equal(normalizePhone('650.555.1212 ext', '1'), META.phone.normalized);
    assert.equal(sha256Hex(normalizePhone(META.phone.input, '1') ?? ''), SHA.us_phone);
  });

  test('ph: other countries — leading zeros dropped, the code added, a + or 00 number kept as written', () => {
    assert.equal(normalizePhone('07700 900123', '44'), '447700900123');
    assert.equal(normalizePhone('+44 7700 900123', '1'), '447700900123');
    assert.equal(normalizePhone('0044 7700 900123', '1'), '447700900123');
    assert.equal(sha256Hex(normalizePhone('07700 900123', '44') ?? ''), SHA.uk_mobile);
  });

  test('fn / ln: lower case, no punctuation, UTF-8 kept (composed)', () => {
    assert.equal(normalizeName(META.firstName.input), META.firstName.normalized);
    assert.equal(sha256Hex(normalizeName(META.firstName.input) ?? ''), SHA.mary);
    assert.equal(normalizeName(META.accented.input), META.accented.normalized);
    assert.equal(sha256Hex(normalizeName(META.accented.input) ?? ''), SHA.valery);
    // The same name typed with a combining accent hashes the same.
    assert.equal(sha256Hex(normalizeName('Vale\u0301ry') ?? ''), SHA.valery);
    assert.equal(sha256Hex(normalizeName(META.korean.input) ?? ''), SHA.jeong);
    assert.equal(normalizeName("  O'Connor-Smith. "), 'oconnorsmith');
  });

  test('nothing to match on gives nothing, not the hash of an empty string', () => {
    assert.equal(normalizeEmail('   '), null);
    assert.equal(normalizeEmail('call me maybe'), null);
    assert.equal(normalizePhone('555-01', '1'), null);
    assert.equal(normalizePhone(null, '1'), null);
    assert.equal(normalizeName(' .- '), null);
  });

  test('first and last name: the form’s own fields, else the full name split at the first space', () => {
    assert.deepEqual(splitName({ fullName: 'Mary Ann Smith' }), { first: 'Mary', last: 'Ann Smith' });
    assert.deepEqual(splitName({ fullName: 'Cher' }), { first: 'Cher', last: null });
    assert.deepEqual(splitName({ fullName: 'X Y', firstName: 'Mary', lastName: 'Smith' }), {
      first: 'Mary',
      last: 'Smith',
    });
    assert.deepEqual(splitName({ fullName: null }), { first: null, last: null });
  });

  test('a whole person: each key normalised then hashed; external_id is the lead id hashed', () => {
    assert.deepEqual(
      hashPerson(
        {
          leadId: '1234567890123456',
          fullName: 'Mary Smith',
          email: ' John_Smith@gmail.com',
          phone: '(650)555-1212',
        },
        '1',
      ),
      {
        externalId: SHA.lead_1234567890123456,
        em: SHA.john_smith,
        ph: SHA.us_phone,
        fn: SHA.mary,
        ln: SHA.smith,
      },
    );
    assert.deepEqual(
      hashPerson({ leadId: '1234567890123456', fullName: null, email: null, phone: null }, '1'),
      {
        externalId: SHA.lead_1234567890123456,
      },
    );
  });
});
