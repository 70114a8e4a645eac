// What the sandbox accounts contain. The default one is a hand-written US personal-injury
// lead-gen account whose ad sets cover the cases the bot must handle; the generated one
// is a large, seeded account for benchmarks.
import type {
  AccountTemplate,
  AdSetProfile,
  AdSetTemplate,
  CampaignTemplate,
  FormTemplate,
} from './account.js';
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
function profile(overrides: Partial<AdSetProfile> & Pick<AdSetProfile, 'dailySpendCents'>): AdSetProfile {
  return {
    cplCents: 3800,
    pixelLeadShare: 0,
    ctr: 0.014,
    linkClickShare: 0.68,
    cpmCents: 2500,
    dailyFrequency: 1.12,
    audienceNovelty: 0.7,
    audienceSize: 1_200_000,
    ...overrides,
  };
}

function dailyBudgetAdSet(
  name: string,
  dailyBudgetCents: number,
  adSetProfile: AdSetProfile,
  ads: string[],
): AdSetTemplate {
  return { name, status: 'ACTIVE', dailyBudgetCents, lifetimeBudgetCents: null, profile: adSetProfile, ads };
}

/** ~$220/day, so ~$6.7k a month. Each ad set's comment says which edge case it covers. */
export function defaultAccountTemplate(): AccountTemplate {
  return {
    name: 'Brazos & Reyes Injury Law – Lead Gen',
    pageName: 'Brazos & Reyes Injury Lawyers',
    forms: LEAD_FORMS,
    campaigns: [
      {
        name: 'MVA – Houston',
        status: 'ACTIVE',
        dailyBudgetCents: null,
        formIndex: MVA_FORM,
        adsets: [
          dailyBudgetAdSet(
            'Houston – Broad 25-65',
            4500,
            profile({
              dailySpendCents: 4200,
              cplCents: 3600,
              ctr: 0.0135,
              cpmCents: 2600,
              audienceSize: 1_400_000,
            }),
            ['Crash video – "Hurt in a wreck?"', 'Static – Free case review'],
          ),
          // Low CPL (< $25) with more than 5 leads in any 3 days.
          dailyBudgetAdSet(
            'Houston – Lookalike 1% (past clients)',
            4000,
            profile({
              dailySpendCents: 3800,
              cplCents: 1600,
              ctr: 0.021,
              cpmCents: 3100,
              audienceSize: 2_100_000,
            }),
            ['Testimonial – Maria got paid', 'Static – No fee unless we win'],
          ),
          // Paused: delivered in the past, nothing today.
          {
            ...dailyBudgetAdSet(
              'Houston – Spanish speakers',
              2000,
              profile({ dailySpendCents: 1500, cplCents: 4500, ctr: 0.012, cpmCents: 1900 }),
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
        dailyBudgetCents: 6500,
        formIndex: MVA_FORM,
        adsets: [
          cboAdSet(
            'DFW – Broad 25-65',
            profile({ dailySpendCents: 2900, cplCents: 3400, cpmCents: 2300, audienceSize: 1_900_000 }),
            ['Crash video – "Hurt in a wreck?"', 'Carousel – What your case is worth'],
          ),
          // High CPL (> $50 over any week).
          cboAdSet(
            'DFW – Interests: legal services',
            profile({
              dailySpendCents: 2600,
              cplCents: 10_500,
              ctr: 0.0095,
              cpmCents: 3400,
              audienceSize: 640_000,
            }),
            ['Static – Talk to a lawyer today'],
          ),
          cboAdSet(
            'DFW – Women 30-60',
            profile({
              dailySpendCents: 500,
              cplCents: 4200,
              ctr: 0.0125,
              cpmCents: 2100,
              audienceSize: 780_000,
            }),
            ['Static – Free case review'],
          ),
        ],
      },
      {
        name: 'Slip & Fall – Texas',
        status: 'ACTIVE',
        dailyBudgetCents: null,
        formIndex: PREMISES_FORM,
        adsets: [
          // Some leads come through the website form (pixel) as well as the instant form.
          dailyBudgetAdSet(
            'TX – Premises liability 30-65',
            3000,
            profile({
              dailySpendCents: 2850,
              cplCents: 4800,
              pixelLeadShare: 0.2,
              ctr: 0.0118,
              cpmCents: 2200,
            }),
            ['Video – Fell at a store?', 'Static – Property owners must pay'],
          ),
          // Lifetime budget.
          {
            name: 'TX – Grocery & retail falls (lifetime)',
            status: 'ACTIVE',
            dailyBudgetCents: null,
            lifetimeBudgetCents: 180_000,
            profile: profile({ dailySpendCents: 1200, cplCents: 5200, ctr: 0.0105, cpmCents: 2000 }),
            ads: ['Static – Slipped in a store?'],
          },
          // Spends every day, never produces a lead.
          dailyBudgetAdSet(
            'TX – Seniors 60+',
            1200,
            profile({
              dailySpendCents: 1100,
              cplCents: null,
              ctr: 0.0088,
              cpmCents: 1700,
              audienceSize: 420_000,
            }),
            ['Video – Fell at a store?'],
          ),
        ],
      },
      {
        name: 'Retargeting – Form openers',
        status: 'ACTIVE',
        dailyBudgetCents: null,
        formIndex: MVA_FORM,
        adsets: [
          // Small audience seen over and over: frequency > 4 over 7 days.
          dailyBudgetAdSet(
            "RT – Opened form, didn't submit (30d)",
            1200,
            profile({
              dailySpendCents: 1150,
              cplCents: 2600,
              pixelLeadShare: 0.1,
              ctr: 0.024,
              cpmCents: 3800,
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
              dailySpendCents: 850,
              cplCents: 3000,
              pixelLeadShare: 0.6,
              ctr: 0.019,
              cpmCents: 3300,
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
    dailyBudgetCents: null,
    lifetimeBudgetCents: null,
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

/** A large seeded account: every 4th campaign uses a campaign budget, ~1 ad set in 10 is paused. */
export function generatedAccountTemplate(
  seed: number,
  campaigns: number,
  adsetsPerCampaign: number,
): AccountTemplate {
  const random = createRandom(seed);
  const between = (low: number, high: number) => low + (high - low) * random();
  const campaignTemplates: CampaignTemplate[] = [];
  for (let c = 0; c < campaigns; c++) {
    const usesCampaignBudget = c % 4 === 3;
    const adsets: AdSetTemplate[] = [];
    for (let a = 0; a < adsetsPerCampaign; a++) {
      const dailySpendCents = Math.round(between(800, 6000));
      const adSetProfile = profile({
        dailySpendCents,
        cplCents: random() < 0.05 ? null : Math.round(between(1800, 7000)),
        pixelLeadShare: random() < 0.3 ? between(0.05, 0.4) : 0,
        ctr: between(0.008, 0.025),
        cpmCents: Math.round(between(1500, 4000)),
        dailyFrequency: between(1.05, 1.6),
        audienceNovelty: between(0.3, 0.8),
        audienceSize: Math.round(between(50_000, 2_500_000)),
      });
      adsets.push({
        name: `${pick(random, CITIES)} – ${pick(random, AUDIENCES)} #${a + 1}`,
        status: random() < 0.1 ? 'PAUSED' : 'ACTIVE',
        dailyBudgetCents: usesCampaignBudget ? null : Math.round((dailySpendCents * 1.08) / 100) * 100,
        lifetimeBudgetCents: null,
        profile: adSetProfile,
        ads:
          random() < 0.5 ? ['Static – Free case review'] : ['Video – Free case review', 'Static – Call now'],
      });
    }
    const totalSpend = adsets.reduce((sum, adset) => sum + adset.profile.dailySpendCents, 0);
    campaignTemplates.push({
      name: `${pick(random, PRACTICE_AREAS)} – ${pick(random, CITIES)} ${String(c + 1).padStart(3, '0')}`,
      status: random() < 0.08 ? 'PAUSED' : 'ACTIVE',
      dailyBudgetCents: usesCampaignBudget ? Math.round((totalSpend * 1.05) / 100) * 100 : null,
      formIndex: c % LEAD_FORMS.length,
      adsets,
    });
  }
  return {
    name: 'Sandbox – Large generated account',
    pageName: 'Brazos & Reyes Injury Lawyers',
    forms: LEAD_FORMS,
    campaigns: campaignTemplates,
  };
}
