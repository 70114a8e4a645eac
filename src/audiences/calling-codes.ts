// Which country a phone number written with its country code (`+49…`, `0049…`) is from: the
// ITU calling code → ISO 3166-1 alpha-2, for the countries a lead-gen account most often serves.
// Shared codes go to their largest country (+1 → US, +7 → RU); a code not listed is not guessed.
const CALLING_CODES: Record<string, string> = {
  '1': 'US',
  '7': 'RU',
  '20': 'EG',
  '27': 'ZA',
  '30': 'GR',
  '31': 'NL',
  '32': 'BE',
  '33': 'FR',
  '34': 'ES',
  '36': 'HU',
  '39': 'IT',
  '40': 'RO',
  '41': 'CH',
  '43': 'AT',
  '44': 'GB',
  '45': 'DK',
  '46': 'SE',
  '47': 'NO',
  '48': 'PL',
  '49': 'DE',
  '51': 'PE',
  '52': 'MX',
  '54': 'AR',
  '55': 'BR',
  '56': 'CL',
  '57': 'CO',
  '60': 'MY',
  '61': 'AU',
  '62': 'ID',
  '63': 'PH',
  '64': 'NZ',
  '65': 'SG',
  '66': 'TH',
  '81': 'JP',
  '82': 'KR',
  '84': 'VN',
  '86': 'CN',
  '90': 'TR',
  '91': 'IN',
  '92': 'PK',
  '234': 'NG',
  '254': 'KE',
  '351': 'PT',
  '352': 'LU',
  '353': 'IE',
  '358': 'FI',
  '420': 'CZ',
  '852': 'HK',
  '886': 'TW',
  '971': 'AE',
  '972': 'IL',
  '966': 'SA',
};

/** `1` → `US`, `49` → `DE`; null for a code not listed. */
export function countryOfCallingCode(code: string): string | null {
  return CALLING_CODES[code] ?? null;
}

/** The country of a phone number written internationally (`+49 30 …`, `0049…`); null otherwise. */
export function countryOfPhone(phone: string | null | undefined): string | null {
  const text = (phone ?? '').trim();
  const digits = text.replace(/\D/g, '');
  let international: string | null = null;
  if (text.startsWith('+')) international = digits;
  else if (digits.startsWith('00')) international = digits.slice(2);
  if (!international) return null;
  for (const length of [1, 2, 3]) {
    const country = CALLING_CODES[international.slice(0, length)];
    if (country) return country;
  }
  return null;
}
