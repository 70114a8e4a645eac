import type { Database } from 'better-sqlite3';
import type { MetaLeadForm } from '../meta/lead-retrieval.js';
import { prepared } from './prepared.js';

/** Form names and question labels, fetched once per form and kept. */
export function getLeadForm(db: Database, id: string): MetaLeadForm | null {
  const row = prepared(db, 'SELECT id, page_id, name, questions FROM lead_forms WHERE id = ?').get(id) as
    | { id: string; page_id: string | null; name: string; questions: string }
    | undefined;
  return row
    ? {
        id: row.id,
        pageId: row.page_id,
        name: row.name,
        questions: JSON.parse(row.questions) as MetaLeadForm['questions'],
      }
    : null;
}

export function saveLeadForm(db: Database, form: MetaLeadForm, now: number): void {
  prepared(
    db,
    `INSERT INTO lead_forms (id, page_id, name, questions, fetched_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET page_id = excluded.page_id, name = excluded.name,
       questions = excluded.questions, fetched_at = excluded.fetched_at`,
  ).run(form.id, form.pageId, form.name, JSON.stringify(form.questions), now);
}
