import type { Migration } from './migration.js';

/** The CHECK clauses that grow, as migration 4 wrote them, and what they become. */
const WIDENED: readonly [string, string][] = [
  [
    "CHECK (target_type IN ('adset', 'campaign'))",
    "CHECK (target_type IN ('adset', 'campaign', 'ad', 'account'))",
  ],
  [
    "CHECK (action IN ('pause', 'resume', 'raise_budget', 'lower_budget'))",
    "CHECK (action IN ('pause', 'resume', 'raise_budget', 'lower_budget', 'duplicate', 'create_lookalike'))",
  ],
];

/**
 * The plays (issue 15): a proposal may now change an ad (creative rotation), copy an ad set
 * (`duplicate`) or create a lookalike audience on the account (`create_lookalike`). SQLite
 * cannot alter a CHECK, so the table is rebuilt from its own current definition with the two
 * clauses widened — whatever other columns it has by then — its rows, ids and indexes kept.
 */
export const proposalPlays: Migration = {
  version: 14,
  name: 'proposals for ads, ad set copies and lookalike audiences',
  up: (db) => {
    const table = db
      .prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'proposals'")
      .get() as { sql: string } | undefined;
    if (!table) throw new Error('migration 14: no proposals table');
    let sql = table.sql;
    for (const [from, to] of WIDENED) {
      if (!sql.includes(from)) throw new Error(`migration 14: the proposals table has no ${from}`);
      sql = sql.replace(from, to);
    }
    const indexes = (
      db
        .prepare(
          "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'proposals' AND sql IS NOT NULL",
        )
        .all() as { sql: string }[]
    ).map((row) => row.sql);
    // The old table moves aside (its rows' links to each other follow it), the widened one takes
    // the name, so its own links (undo_of, undone_by) point at itself from the first row on.
    db.exec('ALTER TABLE proposals RENAME TO proposals_before_14');
    db.exec(sql);
    db.exec('INSERT INTO proposals SELECT * FROM proposals_before_14');
    db.exec('DROP TABLE proposals_before_14');
    for (const index of indexes) db.exec(index);
  },
};
