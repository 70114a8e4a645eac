import type { Account } from '../../src/accounts/account.js';

/** Account values for unit tests: a dollar account in Chicago and a yen account in Tokyo. */
export const CHICAGO: Account = {
  id: 'act_1001',
  name: 'Brazos & Reyes',
  currency: 'USD',
  timezone: 'America/Chicago',
  homeChannel: null,
  pixelId: null,
};

export const TOKYO: Account = {
  id: 'act_3003',
  name: 'Sakura Law',
  currency: 'JPY',
  timezone: 'Asia/Tokyo',
  homeChannel: 'C0TOKYO',
  pixelId: null,
};
