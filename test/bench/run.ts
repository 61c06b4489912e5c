// `npm run bench`: the bundled action against the emulator with 100 ms of latency per request,
// beside a naive baseline doing the same work one request at a time, in one go. For each
// scenario it prints wall time, request count and sequential round trips (from the emulator's
// request log: the longest chain of requests each starting after the previous one ended).
import { startEmulator, type Emulator } from '../emulator/index.js';
import { isoNow, newClientId, type Store } from '../emulator/store.js';
import { runAction } from '../harness/run-action.js';
import { sequentialRoundTrips, type RequestLogEntry } from '../harness/request-log.js';
import { runNaiveBaseline, type BaselineInputs } from './naive-baseline.js';

const latencyMs = 100;

interface Measurement {
  wallMs: number;
  requests: number;
  roundTrips: number;
}

const names = {
  controlPlaneName: 'quickstart',
  authServerName: 'Appointments Dev',
  audience: 'http://myhttpbin.dev',
  scope: 'my-scope',
  claim: { name: 'test-claim', value: 'test' },
  clientName: 'Client',
};

function actionInputs(emulator: Emulator, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'konnect-token': emulator.konnectToken,
    'api-url': emulator.apiUrl,
    'control-plane-name': names.controlPlaneName,
    'auth-server-name': names.authServerName,
    audience: names.audience,
    scopes: names.scope,
    claims: `${names.claim.name}=${names.claim.value}`,
    'client-name': names.clientName,
    ...extra,
  };
}

async function measure(emulator: Emulator, work: () => Promise<void>): Promise<Measurement> {
  const before = emulator.requests().length;
  const started = performance.now();
  await work();
  const wallMs = performance.now() - started;
  const log: RequestLogEntry[] = emulator.requests().slice(before);
  return { wallMs, requests: log.length, roundTrips: sequentialRoundTrips(log) };
}

async function runBundledAction(emulator: Emulator, extra: Record<string, string> = {}): Promise<Record<string, string>> {
  const run = await runAction(actionInputs(emulator, extra), { timeoutMs: 120_000 });
  if (run.exitCode !== 0) throw new Error(`the action failed:\n${run.stdout}\n${run.stderr}`);
  return run.outputs;
}

/** 49 other auth servers and 4,999 other clients beside ours: an org the size of Konnect's limits. */
function growOrg(store: Store): void {
  for (let i = 1; i < 50; i++) store.addAuthServer(store.newAuthServer({ name: `other-${i}`, audience: `https://other-${i}.example` }));
  const ours = store.listAuthServers().find((stored) => stored.authServer.name === names.authServerName);
  if (!ours) throw new Error('grow the org after the first run');
  const template = ours.clients[0]?.client;
  if (!template) throw new Error('the first run made no client');
  for (let i = 1; i < 5000; i++) {
    const now = isoNow();
    ours.clients.push({ client: { ...template, id: newClientId(), name: `client-${i}`, created_at: now, updated_at: now }, secrets: [] });
  }
}

async function scenarios(runner: 'action' | 'baseline'): Promise<Record<string, Measurement>> {
  const emulator = await startEmulator({ latencyMs });
  try {
    const baselineInputs: BaselineInputs = { apiUrl: emulator.apiUrl, konnectToken: emulator.konnectToken, ...names };
    const once = (extra: Record<string, string> = {}) =>
      runner === 'action' ? runBundledAction(emulator, extra) : runNaiveBaseline(baselineInputs).then((r) => ({ 'client-secret': r.clientSecret }));
    const results: Record<string, Measurement> = {};
    let latest: Record<string, string> = {};
    results['first run'] = await measure(emulator, async () => void (await once()));
    // A rerun rotates the client secret: its outputs carry the secret a later job would keep.
    results['rerun'] = await measure(emulator, async () => void (latest = await once()));
    if (runner === 'action') {
      const clientSecret = latest['client-secret'] ?? '';
      results['rerun, client-secret given'] = await measure(emulator, async () => void (await once({ 'client-secret': clientSecret })));
    }
    growOrg(emulator.store);
    results['rerun, 50 servers, 5,000 clients'] = await measure(emulator, async () => void (await once()));
    return results;
  } finally {
    await emulator.stop();
  }
}

const action = await scenarios('action');
const baseline = await scenarios('baseline');

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const rows = Object.entries(action).map(([scenario, ours]) => {
  const theirs = baseline[scenario];
  return [
    scenario,
    seconds(ours.wallMs),
    String(ours.requests),
    String(ours.roundTrips),
    theirs ? seconds(theirs.wallMs) : '–',
    theirs ? String(theirs.requests) : '–',
    theirs ? String(theirs.roundTrips) : '–',
    theirs ? `${(theirs.wallMs / ours.wallMs).toFixed(2)}×` : '–',
  ];
});
const header = ['scenario', 'action wall', 'requests', 'round trips', 'baseline wall', 'requests', 'round trips', 'speed-up'];
console.log(`Latency ${latencyMs} ms per request; the action runs as a child process (node start-up included).\n`);
console.log(`| ${header.join(' | ')} |\n| ${header.map(() => '---').join(' | ')} |`);
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
