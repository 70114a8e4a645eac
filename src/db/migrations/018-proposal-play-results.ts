import type { Migration } from './migration.js';

/**
 * A play's own inputs and what Meta created for it (issue 15): `play` holds a lookalike's spec
 * (ratio, country, source audience), `result` the ids Meta gave (an ad set's copy and its ads'
 * copies, a lookalike audience) so the message can link them and a retry can go on from them.
 * Both JSON, NULL for the status and budget changes that need neither.
 */
export const proposalPlayResults: Migration = {
  version: 18,
  name: 'proposal plays: their inputs and what Meta created',
  up: (db) => {
    db.exec('ALTER TABLE proposals ADD COLUMN play TEXT');
    db.exec('ALTER TABLE proposals ADD COLUMN result TEXT');
  },
};
