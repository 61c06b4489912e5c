// The job summary of a first run and of a rerun, as the runner shows it: one row per resource with
// what happened to it and its id, then the issuer, the token's expiry, the gateway check and the
// run's duration. Snapshots with ids, URLs, times and durations normalised; never a secret.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index.js';
import { howToInputs } from '../harness/how-to.js';
import { runAction, type ActionRun } from '../harness/run-action.js';

const SEAL_KEY = randomBytes(32).toString('base64');

/** Ids and URLs by name where the run outputs them, other UUIDs numbered, times and durations blanked. */
function normalise(summary: string, run: ActionRun, emulator: Emulator): string {
  const named: Array<[string | undefined, string]> = [
    [run.outputs['issuer-url'], '{issuer-url}'],
    [emulator.proxyUrl, '{proxy-url}'],
    [emulator.apiUrl, '{api-url}'],
    [run.outputs['control-plane-id'], '{control-plane-id}'],
    [run.outputs['auth-server-id'], '{auth-server-id}'],
    [run.outputs['client-id'], '{client-id}'],
    [run.outputs['plugin-id'], '{plugin-id}'],
    ...Object.entries(JSON.parse(run.outputs['scope-ids'] ?? '{}') as Record<string, string>).map(([name, id]): [string, string] => [id, `{scope-id ${name}}`]),
  ];
  let text = summary;
  for (const [value, placeholder] of named) if (value) text = text.split(value).join(placeholder);
  const others = new Map<string, string>();
  text = text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => {
    if (!others.has(id)) others.set(id, `{id-${others.size + 1}}`);
    return others.get(id) ?? id;
  });
  return text
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z/g, '{time}')
    .replace(/\d{4}-\d\d-\d\d \d\d:\d\d UTC \(in [^)]*\)/g, '{readable time}')
    .replace(/\d+\.\d s\b/g, '{n} s')
    .replace(/></g, '>\n<'); // one tag a line, so that a snapshot diff points at the cell that changed
}

function unescapeHtml(text: string): string {
  const entities: Record<string, string> = { '&nbsp;': '', '&quot;': '"', '&lt;': '<', '&gt;': '>', '&amp;': '&' };
  return text.replace(/&(?:nbsp|quot|lt|gt|amp);/g, (entity) => entities[entity] ?? entity);
}

/** The table as rows of cell texts (tags stripped), header first. */
function tableOf(summary: string): string[][] {
  const table = /<table>([\s\S]*?)<\/table>/.exec(summary)?.[1] ?? '';
  return [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...(row[1] ?? '').matchAll(/<t[hd]>([\s\S]*?)<\/t[hd]>/g)].map((cell) => unescapeHtml((cell[1] ?? '').replace(/<[^>]+>/g, ''))),
  );
}

describe('the job summary', () => {
  let emulator: Emulator;
  let first: ActionRun;
  let rerun: ActionRun;

  beforeAll(async () => {
    emulator = await startEmulator({ propagationMs: 300 });
    const inputs = howToInputs(emulator, { 'proxy-url': emulator.proxyUrl, 'seal-key': SEAL_KEY });
    first = await runAction(inputs, { timeoutMs: 60_000 });
    rerun = await runAction({ ...inputs, audience: 'http://myhttpbin.example' }, { timeoutMs: 60_000 });
  });
  afterAll(async () => emulator?.stop());

  it('of a first run matches the snapshot', async () => {
    expect(first.exitCode).toBe(0);
    await expect(normalise(first.summary, first, emulator)).toMatchFileSnapshot('__snapshots__/summary-first-run.html');
  });

  it('of a rerun that changes the audience matches the snapshot', async () => {
    expect(rerun.exitCode).toBe(0);
    await expect(normalise(rerun.summary, rerun, emulator)).toMatchFileSnapshot('__snapshots__/summary-rerun.html');
  });

  it('has one row per resource: kind, name, result, id, changes', () => {
    const state = emulator.store.dump();
    const server = state.authServers[0];
    const [header, ...rows] = tableOf(rerun.summary);
    expect(header).toEqual(['Resource', 'Name', 'Result', 'ID', 'Changes']);
    expect(rows.map((row) => row.length)).toEqual(rows.map(() => 5));
    expect(rows.map(([kind, name, result]) => `${kind} ${name}: ${result}`)).toEqual([
      'control plane quickstart: found',
      'auth server Appointments Dev: updated',
      'scope my-scope: unchanged',
      'claim test-claim: unchanged',
      'client Client: unchanged',
      'plugin openid-connect (global): updated',
      'client secret Client: rotated',
    ]);
    const ids = Object.fromEntries(rows.map(([kind, , , id]) => [kind, id]));
    expect(ids).toMatchObject({
      'control plane': rerun.outputs['control-plane-id'],
      'auth server': server?.id,
      client: server?.clients[0]?.id,
      plugin: rerun.outputs['plugin-id'],
    });
    // The rotated secret's id is the one secret the client keeps.
    expect(server?.clients[0]?.secrets?.map((secret) => secret.id)).toEqual([ids['client secret']]);
    const changes = Object.fromEntries(rows.map(([kind, , , , change]) => [kind, change]));
    expect(changes['auth server']).toBe('audience: "http://myhttpbin.dev" -> "http://myhttpbin.example"');
  });

  it('never contains a secret, the sealed token included', () => {
    for (const run of [first, rerun]) {
      const secrets = [emulator.konnectToken, SEAL_KEY, run.outputs['client-secret'], run.outputs['access-token'], run.outputs['sealed-access-token']];
      for (const secret of secrets) {
        expect(secret?.length).toBeGreaterThan(16);
        expect(run.summary).not.toContain(secret);
      }
    }
  });
});
