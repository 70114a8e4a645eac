import type { App } from '@slack/bolt';
import type { Services } from '../../../commands/types.js';
import { registerSignedCaseSubmission } from './signed-case.js';

/** Every modal LeadOps opens; the callback ids live in src/messages/action-ids.ts. */
export function registerViews(app: App, services: Services): void {
  registerSignedCaseSubmission(app, services);
}
