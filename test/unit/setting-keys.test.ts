import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SETTING_KEYS, SETTINGS_SECTION } from '../../src/core/setting-keys';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));

describe('C2 every setting is restricted in untrusted workspaces', () => {
  const declared = Object.keys(manifest.contributes.configuration.properties).map((k: string) => k.slice(SETTINGS_SECTION.length + 1)).sort();

  it('the list the host reads from is the list package.json declares', () => {
    assert.deepEqual([...SETTING_KEYS].sort(), declared);
  });

  it('each is a restricted configuration, so VS Code too ignores the workspace value when untrusted', () => {
    const restricted = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations.map((k: string) => k.slice(SETTINGS_SECTION.length + 1)).sort();
    assert.deepEqual(restricted, declared);
  });
});
