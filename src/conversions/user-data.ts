// Customer information as Meta matches it (Conversions API `user_data`, Custom Audience
// rows): normalised exactly as Meta's "Customer Information Parameters" says, then SHA-256.
import { createHash } from 'node:crypto';

/** Lower-case hex SHA-256 of the UTF-8 bytes, the form Meta expects for every hashed key. */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** `em`: leading and trailing spaces trimmed, every character lower-cased; null when it is no address. */
export function normalizeEmail(raw: string | null | undefined): string | null {
  const email = (raw ?? '').trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+$/.test(email) ? email : null;
}

/**
 * `ph`: digits only, with the country code, no leading zeros. A number written with `+` or
 * `00` already carries its country code; otherwise the national number (trunk zeros
 * dropped) gets `countryCode` in front — unless it is already long enough to include one
 * (11 digits starting with 1 for NANP, more than 10 digits elsewhere).
 */
export function normalizePhone(raw: string | null | undefined, countryCode: string): string | null {
  const text = (raw ?? '').trim();
  const international = text.startsWith('+') || /^00/.test(text.replace(/[^\d]/g, '').slice(0, 2));
  let digits = text.replace(/\D/g, '').replace(/^0+/, '');
  if (digits.length < 7) return null;
  if (!international) {
    const alreadyNanp = countryCode === '1' && digits.length === 11 && digits.startsWith('1');
    if (!alreadyNanp && digits.length <= 10) digits = `${countryCode}${digits}`;
  }
  return digits;
}

/**
 * `fn` / `ln`: lower case with no punctuation; letters outside a–z are kept in UTF-8
 * (composed, so "Valéry" is the bytes Meta hashes for "valéry").
 */
export function normalizeName(raw: string | null | undefined): string | null {
  const name = (raw ?? '')
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
  return name === '' ? null : name;
}

/** First and last name from the form's own fields, else from the full name (first word / the rest). */
export function splitName(person: {
  fullName: string | null;
  firstName?: string | null;
  lastName?: string | null;
}): { first: string | null; last: string | null } {
  if (person.firstName || person.lastName)
    return { first: person.firstName ?? null, last: person.lastName ?? null };
  const words = (person.fullName ?? '').trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return { first: null, last: null };
  return { first: words[0] ?? null, last: words.length > 1 ? words.slice(1).join(' ') : null };
}

/** What LeadOps knows about the person behind a lead. */
export interface Person {
  /** LeadOps' own lead id (the Lead Ads id): `external_id`, hashed. */
  leadId: string;
  fullName: string | null;
  firstName?: string | null;
  lastName?: string | null;
  email: string | null;
  phone: string | null;
}

/** Each matching key, normalised and hashed; absent when LeadOps has nothing for it. */
export interface HashedPerson {
  em?: string;
  ph?: string;
  fn?: string;
  ln?: string;
  externalId: string;
}

export function hashPerson(person: Person, countryCode: string): HashedPerson {
  const { first, last } = splitName(person);
  const hashed: HashedPerson = { externalId: sha256Hex(person.leadId.trim().toLowerCase()) };
  const email = normalizeEmail(person.email);
  if (email) hashed.em = sha256Hex(email);
  const phone = normalizePhone(person.phone, countryCode);
  if (phone) hashed.ph = sha256Hex(phone);
  const fn = normalizeName(first);
  if (fn) hashed.fn = sha256Hex(fn);
  const ln = normalizeName(last);
  if (ln) hashed.ln = sha256Hex(ln);
  return hashed;
}
