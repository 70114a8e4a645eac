/** One schema step. Released migrations are never edited: add the next one. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}
