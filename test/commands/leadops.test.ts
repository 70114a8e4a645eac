import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Account } from '../../src/accounts/account.js';
import type { AccountStatus } from '../../src/accounts/registry.js';
import { leadopsCommand } from '../../src/commands/leadops.js';
import type { Services } from '../../src/commands/types.js';
import { silentLogger } from '../../src/log.js';

const BERLIN: Account = {
  id: 'act_2002',
  name: 'Kanzlei <Berlin>',
  currency: 'EUR',
  timezone: 'Europe/Berlin',
  homeChannel: null,
  pixelId: null,
};

function services(statuses: AccountStatus[]) {
  const connected: [string, string, string][] = [];
  const fake = {
    logger: silentLogger,
    config: { approvers: ['U0BOSS'] },
    accounts: {
      statuses: () => statuses,
      served: () => [],
      async connect(id: string, channel: string, by: string) {
        connected.push([id, channel, by]);
        return { ...BERLIN, id, homeChannel: channel };
      },
    },
  };
  return { services: fake as unknown as Services, connected };
}

const command = leadopsCommand(() => []);
const asked = (text: string) => ({ userId: 'U0BOSS', channelId: 'C1', channelName: 'general', text });

describe('/leadops connect (registry faked)', () => {
  test('a new account: connected with its home channel; names escaped', async () => {
    const { services: s, connected } = services([]);
    const reply = await command.handle(asked('connect 2002 <#C0BERLIN1|client-berlin>'), s);
    assert.deepEqual(connected, [['act_2002', 'C0BERLIN1', 'U0BOSS']]);
    assert.equal(reply.visibility, 'ephemeral');
    assert.equal(
      reply.text,
      'Connected Kanzlei &lt;Berlin&gt; · act_2002 · EUR · Europe/Berlin. Its lead alerts, report, proposals and watchdog alerts go to <#C0BERLIN1>.',
    );
  });

  test('the same home channel again: said so', async () => {
    const { services: s } = services([
      { id: 'act_2002', name: 'Kanzlei', homeChannel: '#client-berlin', ok: true, lastError: null },
    ]);
    const reply = await command.handle(asked('connect act_2002 client-berlin'), s);
    assert.match(reply.text, /already has #client-berlin as its home channel\.$/);
  });
});
