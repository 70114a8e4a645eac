import type { App } from '@slack/bolt';
import type { Services } from '../../../commands/types.js';
import { registerApprove } from './approve.js';
import { registerClaim } from './claim.js';
import { registerContacted } from './contacted.js';
import { registerJunk } from './junk.js';
import { registerQualified } from './qualified.js';
import { registerReject } from './reject.js';
import { registerSignedCase } from './signed-case.js';
import { registerUndo } from './undo.js';

/** Every button LeadOps puts on a message; the ids live in src/messages/action-ids.ts. */
export function registerActions(app: App, services: Services): void {
  registerApprove(app, services);
  registerReject(app, services);
  registerUndo(app, services);
  registerContacted(app, services);
  registerQualified(app, services);
  registerSignedCase(app, services);
  registerJunk(app, services);
  registerClaim(app, services);
}
