import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { COMMANDS } from '../src/commands/index.js';

const manifest = readFileSync(new URL('../manifest.yml', import.meta.url), 'utf8');

test('manifest.yml declares every slash command LeadOps answers, and no other', () => {
  const declared = [...manifest.matchAll(/^\s*- command: (\/\S+)$/gm)].map((m) => m[1]).sort();
  assert.deepEqual(declared, COMMANDS.map((command) => `/${command.name}`).sort());
});

test('manifest.yml asks for what the Home tab, DMs and the crash check need', () => {
  for (const scope of ['im:write', 'users:read', 'channels:history', 'groups:history', 'channels:read'])
    assert.match(manifest, new RegExp(`^\\s*- ${scope}$`, 'm'), scope);
  assert.match(manifest, /home_tab_enabled: true/);
  assert.match(manifest, /^\s*- app_home_opened$/m);
});
