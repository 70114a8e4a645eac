/** A lead's person and answers, from Meta's `field_data` and the form's questions. */
export interface LeadDetails {
  fullName: string | null;
  phone: string | null;
  email: string | null;
  answers: { key: string; label: string; value: string }[];
}

const CONTACT_FIELDS = new Set(['full_name', 'first_name', 'last_name', 'phone_number', 'email']);

function humanize(key: string): string {
  const text = key.replace(/[_?]+/g, ' ').trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function leadDetails(
  fieldData: readonly { name: string; values: readonly string[] }[],
  questions: readonly { key: string; label: string }[] = [],
): LeadDetails {
  const value = (name: string) => {
    const joined = fieldData
      .find((f) => f.name === name)
      ?.values.join(', ')
      .trim();
    return joined ? joined : null;
  };
  const first = value('first_name');
  const last = value('last_name');
  const fullName = value('full_name') ?? ([first, last].filter(Boolean).join(' ') || null);
  return {
    fullName,
    phone: value('phone_number'),
    email: value('email'),
    answers: fieldData
      .filter((f) => !CONTACT_FIELDS.has(f.name))
      .map((f) => ({
        key: f.name,
        label: questions.find((q) => q.key === f.name)?.label ?? humanize(f.name),
        value: f.values.join(', '),
      })),
  };
}
