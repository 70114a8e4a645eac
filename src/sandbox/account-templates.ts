// What the sandbox accounts contain. The default one is a hand-written US personal-injury
// lead-gen account whose ad sets cover the cases the bot must handle; an agency adds a Berlin
// dental clinic (EUR) and a Tokyo real-estate firm (JPY); the generated one is a large, seeded
// account for benchmarks. Amounts are in each currency's Meta unit: cents for USD and EUR,
// whole yen for JPY.
import type {
  AccountTemplate,
  AdSetProfile,
  AdSetTemplate,
  CampaignTemplate,
  FormTemplate,
  SandboxCurrency,
} from './account.js';
import type { LeadContacts } from './leads.js';
import { createRandom, pick } from './random.js';

const CONTACT_QUESTIONS = [
  { key: 'full_name', label: 'Full name', type: 'FULL_NAME' },
  { key: 'phone_number', label: 'Phone number', type: 'PHONE' },
  { key: 'email', label: 'Email', type: 'EMAIL' },
];

const WHEN_QUESTION = {
  key: 'when_did_the_accident_happen?',
  label: 'When did the accident happen?',
  type: 'CUSTOM',
  options: ['Within the last week', '1–4 weeks ago', '1–6 months ago', 'More than 6 months ago'],
};

const DOCTOR_QUESTION = {
  key: 'did_you_see_a_doctor?',
  label: 'Did you see a doctor?',
  type: 'CUSTOM',
  options: ['Yes', 'No', 'Not yet, but I plan to'],
};

const LEAD_FORMS: FormTemplate[] = [
  {
    name: 'Car Accident – Free Case Review (TX)',
    questions: [
      ...CONTACT_QUESTIONS,
      WHEN_QUESTION,
      { key: 'were_you_injured?', label: 'Were you injured?', type: 'CUSTOM', options: ['Yes', 'No'] },
      DOCTOR_QUESTION,
    ],
  },
  {
    name: 'Slip & Fall – Case Evaluation',
    questions: [
      ...CONTACT_QUESTIONS,
      {
        key: 'where_did_you_fall?',
        label: 'Where did you fall?',
        type: 'CUSTOM',
        options: ['Store or supermarket', 'Restaurant', 'Apartment complex', 'Somewhere else'],
      },
      WHEN_QUESTION,
      DOCTOR_QUESTION,
    ],
  },
];

const MVA_FORM = 0;
const PREMISES_FORM = 1;

/** A typical prospecting ad set; callers override what makes theirs special. */
function profile(overrides: Partial<AdSetProfile> & Pick<AdSetProfile, 'dailySpend'>): AdSetProfile {
  return {
    cpl: 3800,
    pixelLeadShare: 0,
    ctr: 0.014,
    linkClickShare: 0.68,
    cpm: 2500,
    dailyFrequency: 1.12,
    audienceNovelty: 0.7,
    audienceSize: 1_200_000,
    ...overrides,
  };
}

function dailyBudgetAdSet(
  name: string,
  dailyBudget: number,
  adSetProfile: AdSetProfile,
  ads: string[],
): AdSetTemplate {
  return { name, status: 'ACTIVE', dailyBudget, lifetimeBudget: null, profile: adSetProfile, ads };
}

const US_INJURY_LAW = {
  currency: 'USD',
  timezone: 'America/Chicago',
  pageName: 'Brazos & Reyes Injury Lawyers',
  pageCategory: 'Personal Injury Lawyer',
  locale: 'en_US',
} as const;

/** ~$220/day, so ~$6.7k a month. Each ad set's comment says which edge case it covers. */
export function defaultAccountTemplate(): AccountTemplate {
  return {
    name: 'Brazos & Reyes Injury Law – Lead Gen',
    ...US_INJURY_LAW,
    forms: LEAD_FORMS,
    campaigns: [
      {
        name: 'MVA – Houston',
        status: 'ACTIVE',
        dailyBudget: null,
        formIndex: MVA_FORM,
        adsets: [
          {
            ...dailyBudgetAdSet(
              'Houston – Broad 25-65',
              4500,
              profile({
                dailySpend: 4200,
                cpl: 3600,
                ctr: 0.0135,
                cpm: 2600,
                audienceSize: 1_400_000,
              }),
              ['Crash video – "Hurt in a wreck?"', 'Static – Free case review'],
            ),
            // Its static ad is wearing out: CTR sliding over the last days (creative rotation).
            fatigue: { 'Static – Free case review': { ctrDrop: 0.9 } },
          },
          // Low CPL (< $25) with more than 5 leads in any 3 days.
          dailyBudgetAdSet(
            'Houston – Lookalike 1% (past clients)',
            4000,
            profile({
              dailySpend: 3800,
              cpl: 1600,
              ctr: 0.021,
              cpm: 3100,
              audienceSize: 2_100_000,
            }),
            ['Testimonial – Maria got paid', 'Static – No fee unless we win'],
          ),
          // Paused: delivered in the past, nothing today.
          {
            ...dailyBudgetAdSet(
              'Houston – Spanish speakers',
              2000,
              profile({ dailySpend: 1500, cpl: 4500, ctr: 0.012, cpm: 1900 }),
              ['Video – ¿Tuvo un accidente?'],
            ),
            status: 'PAUSED',
          },
        ],
      },
      {
        // Advantage campaign budget: the budget lives on the campaign, not the ad sets.
        name: 'MVA – Dallas/Fort Worth',
        status: 'ACTIVE',
        dailyBudget: 6500,
        formIndex: MVA_FORM,
        adsets: [
          {
            ...cboAdSet(
              'DFW – Broad 25-65',
              profile({ dailySpend: 2900, cpl: 3400, cpm: 2300, audienceSize: 1_900_000 }),
              ['Crash video – "Hurt in a wreck?"', 'Carousel – What your case is worth'],
            ),
            // Its carousel is shown to the same people again and again: frequency above 3.5 over 7 days.
            fatigue: { 'Carousel – What your case is worth': { frequency: 4 } },
          },
          // High CPL (> $50 over any week).
          cboAdSet(
            'DFW – Interests: legal services',
            profile({
              dailySpend: 2600,
              cpl: 10_500,
              ctr: 0.0095,
              cpm: 3400,
              audienceSize: 640_000,
            }),
            ['Static – Talk to a lawyer today'],
          ),
          cboAdSet(
            'DFW – Women 30-60',
            profile({
              dailySpend: 500,
              cpl: 4200,
              ctr: 0.0125,
              cpm: 2100,
              audienceSize: 780_000,
            }),
            ['Static – Free case review'],
          ),
        ],
      },
      {
        name: 'Slip & Fall – Texas',
        status: 'ACTIVE',
        dailyBudget: null,
        formIndex: PREMISES_FORM,
        adsets: [
          // Some leads come through the website form (pixel) as well as the instant form.
          dailyBudgetAdSet(
            'TX – Premises liability 30-65',
            3000,
            profile({
              dailySpend: 2850,
              cpl: 4800,
              pixelLeadShare: 0.2,
              ctr: 0.0118,
              cpm: 2200,
            }),
            ['Video – Fell at a store?', 'Static – Property owners must pay'],
          ),
          // Lifetime budget.
          {
            name: 'TX – Grocery & retail falls (lifetime)',
            status: 'ACTIVE',
            dailyBudget: null,
            lifetimeBudget: 180_000,
            profile: profile({ dailySpend: 1200, cpl: 5200, ctr: 0.0105, cpm: 2000 }),
            ads: ['Static – Slipped in a store?'],
          },
          // Spends every day, never produces a lead.
          dailyBudgetAdSet(
            'TX – Seniors 60+',
            1200,
            profile({
              dailySpend: 1100,
              cpl: null,
              ctr: 0.0088,
              cpm: 1700,
              audienceSize: 420_000,
            }),
            ['Video – Fell at a store?'],
          ),
        ],
      },
      {
        name: 'Retargeting – Form openers',
        status: 'ACTIVE',
        dailyBudget: null,
        formIndex: MVA_FORM,
        adsets: [
          // Small audience seen over and over: frequency > 4 over 7 days.
          dailyBudgetAdSet(
            "RT – Opened form, didn't submit (30d)",
            1200,
            profile({
              dailySpend: 1150,
              cpl: 2600,
              pixelLeadShare: 0.1,
              ctr: 0.024,
              cpm: 3800,
              dailyFrequency: 1.8,
              audienceNovelty: 0.25,
              audienceSize: 6500,
            }),
            ['Static – Still thinking it over?', 'Video – Attorney answers your questions'],
          ),
          dailyBudgetAdSet(
            'RT – Website visitors (14d)',
            900,
            profile({
              dailySpend: 850,
              cpl: 3000,
              pixelLeadShare: 0.6,
              ctr: 0.019,
              cpm: 3300,
              dailyFrequency: 1.5,
              audienceNovelty: 0.35,
              audienceSize: 12_000,
            }),
            ['Static – Free case review'],
          ),
        ],
      },
    ],
  };
}

function cboAdSet(name: string, adSetProfile: AdSetProfile, ads: string[]): AdSetTemplate {
  return {
    name,
    status: 'ACTIVE',
    dailyBudget: null,
    lifetimeBudget: null,
    profile: adSetProfile,
    ads,
  };
}

const PRACTICE_AREAS = [
  'MVA',
  'Truck accident',
  'Slip & Fall',
  'Dog bite',
  'Workplace injury',
  'Wrongful death',
];
const CITIES = [
  'Houston',
  'Dallas',
  'Fort Worth',
  'San Antonio',
  'Austin',
  'El Paso',
  'Corpus Christi',
  'Lubbock',
];
const AUDIENCES = [
  'Broad 25-65',
  'Lookalike 1%',
  'Lookalike 3%',
  'Interests: legal',
  'Women 30-60',
  'Men 25-54',
];

/** Zones a generated account in each currency may use (its first one unless told otherwise). */
export const GENERATED_ZONES: Record<string, readonly string[]> = {
  USD: ['America/Chicago', 'America/New_York', 'America/Denver', 'America/Los_Angeles'],
  EUR: ['Europe/Berlin', 'Europe/Paris', 'Europe/Madrid', 'Europe/Amsterdam'],
  GBP: ['Europe/London'],
  JPY: ['Asia/Tokyo'],
  KRW: ['Asia/Seoul'],
  BRL: ['America/Sao_Paulo'],
  AUD: ['Australia/Sydney'],
  CAD: ['America/Toronto'],
};

/**
 * Roughly what one US cent is in another currency's Meta unit, so a generated account's figures
 * look like that market's (¥1.5, ₩13.5 per cent); never used to convert anything the bot sees.
 */
const UNITS_PER_US_CENT: Record<string, number> = {
  USD: 1,
  EUR: 0.92,
  GBP: 0.79,
  JPY: 1.5,
  KRW: 13.5,
  BRL: 5,
  AUD: 1.5,
  CAD: 1.4,
};

export interface GeneratedAccountOptions {
  currency?: SandboxCurrency;
  timezone?: string;
  name?: string;
}

/** A large seeded account: every 4th campaign uses a campaign budget, ~1 ad set in 10 is paused. */
export function generatedAccountTemplate(
  seed: number,
  campaigns: number,
  adsetsPerCampaign: number,
  options: GeneratedAccountOptions = {},
): AccountTemplate {
  const currency = options.currency ?? 'USD';
  const scale = UNITS_PER_US_CENT[currency] ?? 1;
  // Whole units of the figures' scale: a US account's stay exactly what they always were.
  const amount = (cents: number) => Math.round(cents * scale);
  const random = createRandom(seed);
  const between = (low: number, high: number) => low + (high - low) * random();
  const campaignTemplates: CampaignTemplate[] = [];
  for (let c = 0; c < campaigns; c++) {
    const usesCampaignBudget = c % 4 === 3;
    const adsets: AdSetTemplate[] = [];
    for (let a = 0; a < adsetsPerCampaign; a++) {
      const dailySpend = amount(Math.round(between(800, 6000)));
      const cpl = random() < 0.05 ? null : amount(Math.round(between(1800, 7000)));
      const adSetProfile = profile({
        dailySpend,
        cpl,
        pixelLeadShare: random() < 0.3 ? between(0.05, 0.4) : 0,
        ctr: between(0.008, 0.025),
        cpm: amount(Math.round(between(1500, 4000))),
        dailyFrequency: between(1.05, 1.6),
        audienceNovelty: between(0.3, 0.8),
        audienceSize: Math.round(between(50_000, 2_500_000)),
      });
      adsets.push({
        name: `${pick(random, CITIES)} – ${pick(random, AUDIENCES)} #${a + 1}`,
        status: random() < 0.1 ? 'PAUSED' : 'ACTIVE',
        dailyBudget: usesCampaignBudget ? null : Math.round((dailySpend * 1.08) / 100) * 100,
        lifetimeBudget: null,
        profile: adSetProfile,
        ads:
          random() < 0.5 ? ['Static – Free case review'] : ['Video – Free case review', 'Static – Call now'],
      });
    }
    const totalSpend = adsets.reduce((sum, adset) => sum + adset.profile.dailySpend, 0);
    campaignTemplates.push({
      name: `${pick(random, PRACTICE_AREAS)} – ${pick(random, CITIES)} ${String(c + 1).padStart(3, '0')}`,
      status: random() < 0.08 ? 'PAUSED' : 'ACTIVE',
      dailyBudget: usesCampaignBudget ? Math.round((totalSpend * 1.05) / 100) * 100 : null,
      formIndex: c % LEAD_FORMS.length,
      adsets,
    });
  }
  return {
    ...US_INJURY_LAW,
    name: options.name ?? 'Sandbox – Large generated account',
    currency,
    timezone: options.timezone ?? GENERATED_ZONES[currency]?.[0] ?? 'UTC',
    forms: LEAD_FORMS,
    campaigns: campaignTemplates,
  };
}

/** The agency's accounts, in order: the US default one, the Berlin dental clinic, the Tokyo realty. */
export function agencyAccountTemplates(): AccountTemplate[] {
  return [defaultAccountTemplate(), berlinDentalTemplate(), tokyoRealtyTemplate()];
}

// ── Zahnklinik Berlin-Mitte: a dental clinic's implant and aligner leads, in euro cents ──

const GERMAN_CONTACTS: LeadContacts = {
  firstNames: [
    ['Anna', 'anna'],
    ['Lukas', 'lukas'],
    ['Sophie', 'sophie'],
    ['Jonas', 'jonas'],
    ['Marie', 'marie'],
    ['Leon', 'leon'],
    ['Laura', 'laura'],
    ['Felix', 'felix'],
    ['Jürgen', 'juergen'],
    ['Sabine', 'sabine'],
  ],
  lastNames: [
    ['Müller', 'mueller'],
    ['Schmidt', 'schmidt'],
    ['Schneider', 'schneider'],
    ['Fischer', 'fischer'],
    ['Weber', 'weber'],
    ['Meyer', 'meyer'],
    ['Wagner', 'wagner'],
    ['Becker', 'becker'],
    ['Hoffmann', 'hoffmann'],
  ],
  // Berlin's 030 23125 xxx block is set aside for films and fiction.
  phonePrefixes: ['+493023125'],
  phoneDigits: 3,
  emailDomains: ['gmx.de', 'web.de', 't-online.de', 'gmail.com', 'posteo.de'],
};

const GERMAN_CONTACT_QUESTIONS = [
  { key: 'full_name', label: 'Vollständiger Name', type: 'FULL_NAME' },
  { key: 'phone_number', label: 'Telefonnummer', type: 'PHONE' },
  { key: 'email', label: 'E-Mail', type: 'EMAIL' },
];

const INSURANCE_QUESTION = {
  key: 'wie_sind_sie_versichert?',
  label: 'Wie sind Sie versichert?',
  type: 'CUSTOM',
  options: ['Gesetzlich', 'Privat', 'Gesetzlich mit Zahnzusatzversicherung'],
};

function dentalProfile(overrides: Partial<AdSetProfile> & Pick<AdSetProfile, 'dailySpend'>): AdSetProfile {
  return profile({ cpl: 3000, ctr: 0.012, cpm: 950, audienceSize: 900_000, ...overrides });
}

/** ~€150/day (euro cents), ~€4.5k a month: implants, aligners, a retargeting ad set. */
export function berlinDentalTemplate(): AccountTemplate {
  return {
    name: 'Zahnklinik Berlin-Mitte – Patientengewinnung',
    currency: 'EUR',
    timezone: 'Europe/Berlin',
    pageName: 'Zahnklinik Berlin-Mitte',
    pageCategory: 'Dentist & Dental Office',
    locale: 'de_DE',
    contacts: GERMAN_CONTACTS,
    forms: [
      {
        name: 'Implantate – Kostenlose Erstberatung',
        questions: [
          ...GERMAN_CONTACT_QUESTIONS,
          {
            key: 'welche_behandlung_interessiert_sie?',
            label: 'Welche Behandlung interessiert Sie?',
            type: 'CUSTOM',
            options: ['Einzelimplantat', 'Feste Zähne an einem Tag', 'Vollkeramik-Krone', 'Noch unsicher'],
          },
          INSURANCE_QUESTION,
        ],
      },
      {
        name: 'Unsichtbare Zahnspange – Beratungstermin',
        questions: [
          ...GERMAN_CONTACT_QUESTIONS,
          {
            key: 'wie_alt_sind_sie?',
            label: 'Wie alt sind Sie?',
            type: 'CUSTOM',
            options: ['Unter 18', '18–30', '31–50', 'Über 50'],
          },
          INSURANCE_QUESTION,
        ],
      },
    ],
    campaigns: [
      {
        name: 'Implantate – Berlin',
        status: 'ACTIVE',
        dailyBudget: null,
        formIndex: 0,
        adsets: [
          dailyBudgetAdSet(
            'Berlin – Breit 35-70',
            4000,
            dentalProfile({ dailySpend: 3700, cpl: 3200, cpm: 900, audienceSize: 1_300_000 }),
            ['Video – Feste Zähne an einem Tag', 'Statisch – Kostenlose Erstberatung'],
          ),
          dailyBudgetAdSet(
            'Berlin – Lookalike 2 % (Patienten)',
            3000,
            dentalProfile({ dailySpend: 2800, cpl: 1900, ctr: 0.017, cpm: 1150 }),
            ['Karussell – Vorher/Nachher', 'Statisch – Implantat ab 1.490 €'],
          ),
          dailyBudgetAdSet(
            'Brandenburg – Umland 40+',
            1500,
            dentalProfile({ dailySpend: 1400, cpl: 5600, ctr: 0.009, cpm: 700, audienceSize: 600_000 }),
            ['Statisch – Kostenlose Erstberatung'],
          ),
          {
            ...dailyBudgetAdSet(
              'Berlin – Türkischsprachig',
              1000,
              dentalProfile({ dailySpend: 900, cpl: 3500 }),
              ['Video – İmplant danışmanlığı'],
            ),
            status: 'PAUSED',
          },
        ],
      },
      {
        // Advantage campaign budget.
        name: 'Aligner – Berlin',
        status: 'ACTIVE',
        dailyBudget: 5000,
        formIndex: 1,
        adsets: [
          cboAdSet(
            'Berlin – Frauen 25-45',
            dentalProfile({ dailySpend: 2600, cpl: 2400, ctr: 0.015, cpm: 1050, audienceSize: 700_000 }),
            ['Statisch – Unsichtbare Zahnspange ab 79 €/Monat', 'Video – Dr. Weber erklärt Aligner'],
          ),
          // Spends, never a lead.
          cboAdSet(
            'Berlin – Studierende 18-29',
            dentalProfile({ dailySpend: 900, cpl: null, ctr: 0.008, cpm: 600, audienceSize: 350_000 }),
            ['Statisch – Unsichtbare Zahnspange ab 79 €/Monat'],
          ),
        ],
      },
      {
        name: 'Retargeting – Website-Besucher',
        status: 'ACTIVE',
        dailyBudget: null,
        formIndex: 0,
        adsets: [
          // Small audience seen often, many leads through the website's form (pixel).
          dailyBudgetAdSet(
            'RT – Website-Besucher (30 Tage)',
            800,
            dentalProfile({
              dailySpend: 750,
              cpl: 2100,
              pixelLeadShare: 0.5,
              ctr: 0.021,
              cpm: 1400,
              dailyFrequency: 1.8,
              audienceNovelty: 0.25,
              audienceSize: 8000,
            }),
            ['Statisch – Noch Fragen zu Ihrem Implantat?'],
          ),
        ],
      },
    ],
  };
}

// ── Sakura Home Realty Tokyo: home-valuation and investment leads, budgets in whole yen ──

const JAPANESE_CONTACTS: LeadContacts = {
  firstNames: [
    ['健太', 'kenta'],
    ['美咲', 'misaki'],
    ['翔太', 'shota'],
    ['陽菜', 'hina'],
    ['大輔', 'daisuke'],
    ['結衣', 'yui'],
    ['拓也', 'takuya'],
    ['さくら', 'sakura'],
    ['直樹', 'naoki'],
    ['恵子', 'keiko'],
  ],
  lastNames: [
    ['佐藤', 'sato'],
    ['鈴木', 'suzuki'],
    ['高橋', 'takahashi'],
    ['田中', 'tanaka'],
    ['伊藤', 'ito'],
    ['渡辺', 'watanabe'],
    ['山本', 'yamamoto'],
    ['中村', 'nakamura'],
    ['小林', 'kobayashi'],
  ],
  familyNameFirst: true,
  phonePrefixes: ['+81900000', '+81800000', '+81700000'],
  phoneDigits: 4,
  emailDomains: ['gmail.com', 'yahoo.co.jp', 'docomo.ne.jp', 'icloud.com', 'outlook.jp'],
};

const JAPANESE_CONTACT_QUESTIONS = [
  { key: 'full_name', label: 'お名前', type: 'FULL_NAME' },
  { key: 'phone_number', label: '電話番号', type: 'PHONE' },
  { key: 'email', label: 'メールアドレス', type: 'EMAIL' },
];

/** Tokyo CPMs of ¥900–¥1,400; CPLs of ¥3,000–¥8,000 (whole yen, as Meta counts JPY). */
function realtyProfile(overrides: Partial<AdSetProfile> & Pick<AdSetProfile, 'dailySpend'>): AdSetProfile {
  return profile({ cpl: 5200, ctr: 0.0095, cpm: 1100, audienceSize: 2_500_000, ...overrides });
}

/** ~¥64,000/day, ~¥1.9M a month: home valuations in the 23 wards, investment flats, retargeting. */
export function tokyoRealtyTemplate(): AccountTemplate {
  return {
    name: 'Sakura Home Realty Tokyo – Lead Gen',
    currency: 'JPY',
    timezone: 'Asia/Tokyo',
    pageName: 'さくらホーム不動産 Sakura Home Realty',
    pageCategory: 'Real Estate Agent',
    locale: 'ja_JP',
    contacts: JAPANESE_CONTACTS,
    forms: [
      {
        name: '無料売却査定（東京23区）',
        questions: [
          ...JAPANESE_CONTACT_QUESTIONS,
          {
            key: 'property_type',
            label: '物件の種類を教えてください',
            type: 'CUSTOM',
            options: ['マンション', '一戸建て', '土地', 'その他'],
          },
          {
            key: 'selling_timeline',
            label: 'ご売却の予定時期は？',
            type: 'CUSTOM',
            options: ['3か月以内', '半年以内', '1年以内', '未定'],
          },
        ],
      },
      {
        name: '投資用マンション 個別相談',
        questions: [
          ...JAPANESE_CONTACT_QUESTIONS,
          {
            key: 'annual_income',
            label: '年収を教えてください',
            type: 'CUSTOM',
            options: ['500万円未満', '500〜800万円', '800〜1200万円', '1200万円以上'],
          },
        ],
      },
    ],
    campaigns: [
      {
        name: 'Home valuation – Tokyo 23 wards',
        status: 'ACTIVE',
        dailyBudget: null,
        formIndex: 0,
        adsets: [
          dailyBudgetAdSet(
            '23 wards – Broad 40-65',
            15_000,
            realtyProfile({ dailySpend: 14_000, cpl: 4800 }),
            ['動画 – 3分でわかる売却の流れ', '静止画 – 無料査定 最短60秒'],
          ),
          dailyBudgetAdSet(
            'Jonan area – Lookalike 1% (sellers)',
            12_000,
            realtyProfile({ dailySpend: 11_000, cpl: 3200, ctr: 0.013, cpm: 1300, audienceSize: 1_800_000 }),
            ['カルーセル – 成約事例', '静止画 – 無料査定 最短60秒'],
          ),
          // High CPL for this account.
          dailyBudgetAdSet(
            'Joto area – Interests: home loans',
            6000,
            realtyProfile({ dailySpend: 5600, cpl: 9800, ctr: 0.007, cpm: 950 }),
            ['静止画 – 住み替えのご相談'],
          ),
        ],
      },
      {
        // Advantage campaign budget.
        name: 'Investment flats – Greater Tokyo',
        status: 'ACTIVE',
        dailyBudget: 20_000,
        formIndex: 1,
        adsets: [
          cboAdSet(
            'Greater Tokyo – Income 8M+ 30-55',
            realtyProfile({ dailySpend: 11_000, cpl: 7600, ctr: 0.0085, cpm: 1400, audienceSize: 900_000 }),
            ['静止画 – 家賃収入シミュレーション', '動画 – 会社員の不動産投資'],
          ),
          // Spends, never a lead.
          cboAdSet(
            'Greater Tokyo – Doctors & owners',
            realtyProfile({ dailySpend: 6500, cpl: null, ctr: 0.006, cpm: 1250, audienceSize: 300_000 }),
            ['静止画 – 家賃収入シミュレーション'],
          ),
        ],
      },
      {
        name: 'Retargeting – Valuation page visitors',
        status: 'ACTIVE',
        dailyBudget: null,
        formIndex: 0,
        adsets: [
          dailyBudgetAdSet(
            'RT – Valuation page (14d)',
            4000,
            realtyProfile({
              dailySpend: 3800,
              cpl: 2900,
              pixelLeadShare: 0.4,
              ctr: 0.018,
              cpm: 1350,
              dailyFrequency: 1.7,
              audienceNovelty: 0.3,
              audienceSize: 9000,
            }),
            ['静止画 – 査定結果をお送りします'],
          ),
        ],
      },
    ],
  };
}
