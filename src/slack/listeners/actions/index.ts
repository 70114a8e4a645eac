import type { App } from '@slack/bolt';
import type { Services } from '../../../commands/types.js';
import { registerApprove } from './approve.js';
import { registerReject } from './reject.js';
import { registerUndo } from './undo.js';

/** Every button LeadOps puts on a message; the ids live in src/slack/action-ids.ts. */
export function registerActions(app: App, services: Services): void {
  registerApprove(app, services);
  registerReject(app, services);
  registerUndo(app, services);
}
