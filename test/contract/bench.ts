// Timing of the contract validator, cold (fresh process) and warm. Run: npx tsx test/contract/bench.ts
import { performance } from 'node:perf_hooks';

const CONTROL_PLANE = '9524ec7d-36d9-465d-a8c5-83a3c9390458';
const PLUGINS_PATH = `/v2/control-planes/${CONTROL_PLANE}/core-entities/plugins`;
const CLIENTS_PATH = `/v1/auth-servers/${CONTROL_PLANE}/clients`;
const PLUGIN_BODY = { name: 'openid-connect', config: { issuer: 'https://x/auth', auth_methods: ['bearer'] }, tags: ['x'] };
const PLUGIN_RESPONSE = { ...PLUGIN_BODY, id: 'b6c7f6a0-51a5-4cba-a0d5-0a8cbd2ac2a1', enabled: true, created_at: 1, updated_at: 1 };
const CLIENT_BODY = {
  name: 'ci',
  grant_types: ['client_credentials'],
  allow_all_scopes: false,
  allow_scopes: ['c5e12516-182c-4928-ae04-05374b3b1cca'],
  access_token_duration: 3600,
  id_token_duration: 3600,
  response_types: ['id_token', 'token'],
};

function timed<T>(label: string, action: () => T): T {
  const started = performance.now();
  const result = action();
  console.log(`${label.padEnd(58)} ${(performance.now() - started).toFixed(1).padStart(8)} ms`);
  return result;
}

const started = performance.now();
const contract = await import('./index.js');
console.log(`${'import ./index.js (no spec loaded yet)'.padEnd(58)} ${(performance.now() - started).toFixed(1).padStart(8)} ms`);

const { matchOperation, validateRequest, validateResponse } = contract;
const query = new URLSearchParams();
timed('first matchOperation /v2 plugin (parses both /v2 specs)', () => matchOperation('POST', PLUGINS_PATH));
timed('first validateRequest create-plugin (compiles)', () => validateRequest('POST', PLUGINS_PATH, query, PLUGIN_BODY));
timed('first validateResponse create-plugin 201 (compiles)', () => validateResponse('POST', PLUGINS_PATH, 201, 'application/json', PLUGIN_RESPONSE));
timed('first validateRequest createAuthServerClient (parses /v1)', () => validateRequest('POST', CLIENTS_PATH, query, CLIENT_BODY));

const violations = timed('1000 × plugin: match + validateRequest + validateResponse', () => {
  let count = 0;
  for (let i = 0; i < 1000; i++) {
    matchOperation('POST', PLUGINS_PATH);
    count += validateRequest('POST', PLUGINS_PATH, query, PLUGIN_BODY).length;
    count += validateResponse('POST', PLUGINS_PATH, 201, 'application/json', PLUGIN_RESPONSE).length;
  }
  return count;
});
timed('1000 × createAuthServerClient validateRequest', () => {
  for (let i = 0; i < 1000; i++) validateRequest('POST', CLIENTS_PATH, query, CLIENT_BODY);
});
if (violations !== 0) throw new Error(`valid traffic produced ${violations} violations`);
