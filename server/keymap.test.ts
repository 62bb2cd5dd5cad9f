import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, engineName, type Client, type TestEnv } from './test/harness.js';

describe(`a person's keymap (${engineName()})`, () => {
  let env: TestEnv;
  let ann: Client;
  let bob: Client;

  beforeAll(async () => {
    env = await createTestEnv();
    await env.user('ann@x.test');
    await env.user('bob@x.test');
    ann = await env.login('ann@x.test');
    bob = await env.login('bob@x.test');
  });
  afterAll(() => env.close());

  it('starts with the defaults, stores remaps with the account, and goes back to the defaults', async () => {
    expect((await ann.get('/api/me/keymap')).body).toEqual({ keys: {} });
    const put = await ann.put('/api/me/keymap', { keys: { skip: ['alt+x'], escalate: ['alt+s'] } });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect((await ann.get('/api/me/keymap')).body).toEqual({ keys: { skip: ['alt+x'], escalate: ['alt+s'] } });
    // Another person's keymap is their own.
    expect((await bob.get('/api/me/keymap')).body).toEqual({ keys: {} });
    expect((await ann.put('/api/me/keymap', { keys: {} })).status).toBe(200);
    expect((await ann.get('/api/me/keymap')).body).toEqual({ keys: {} });
  });

  it('refuses a clash, a plain key, an unknown action and junk with a 400 saying what to change', async () => {
    const clash = await ann.put('/api/me/keymap', { keys: { skip: ['alt+a'] } });
    expect(clash.status).toBe(400);
    expect(clash.body.error.message).toContain('Alt+A is already “Take Labeler 1’s answer for the focused question”');
    expect(clash.body.error.details[0].path).toBe('keys.skip');
    const plain = await ann.put('/api/me/keymap', { keys: { flag: ['f'] } });
    expect(plain.status).toBe(400);
    expect(plain.body.error.message).toContain('needs Alt, Ctrl or ⌘');
    expect((await ann.put('/api/me/keymap', { keys: { explode: ['alt+x'] } })).status).toBe(400);
    expect((await ann.put('/api/me/keymap', { keys: { skip: [] } })).status).toBe(400);
    expect((await ann.put('/api/me/keymap', { keys: { skip: ['alt+x'.repeat(20)] } })).status).toBe(400);
    expect((await ann.put('/api/me/keymap', { keys: 'alt+x' })).status).toBe(400);
    expect((await ann.put('/api/me/keymap', { keys: { 'tab-next-question': ['alt+x'] } })).status).toBe(400);
    // Nothing of it was stored.
    expect((await ann.get('/api/me/keymap')).body).toEqual({ keys: {} });
    expect((await env.anon.get('/api/me/keymap')).status).toBe(401);
  });
});
