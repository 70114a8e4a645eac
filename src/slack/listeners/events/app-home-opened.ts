import type { App } from '@slack/bolt';
import type { Services } from '../../../commands/types.js';

/** The Home tab opened: publish the viewer's view (`views.publish`). The Messages tab is left alone. */
export function registerAppHomeOpened(app: App, services: Services): void {
  app.event('app_home_opened', async ({ event }) => {
    if (event.tab !== 'home') return;
    await services.home.opened(event.user);
  });
}
