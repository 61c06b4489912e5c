// Links from the job summary to Konnect's web app (src/report/konnect-links.ts).
import { describe, expect, it } from 'vitest';
import { apiName, REGIONS as KONNECT_REGIONS, regionOf } from '../../src/konnect/region.js';
import { konnectLink, type LinkedResource } from '../../src/report/konnect-links.js';

const CP = 'd32d905a-ed33-46a3-a093-d8f536af9a8a';
const SERVER = '6ddf6bee-6cc0-417f-89ad-8375eead428b';
const ID = '15dea234-1725-4f5e-9564-ecb097a8f448';
const CLIENT = 'kYa9iQFU5xPDSIUH9z1z';
const US = 'https://us.api.konghq.com';

describe('regionOf', () => {
  it.each(KONNECT_REGIONS)('reads %s from its API host', (region) => {
    expect(regionOf(`https://${region}.api.konghq.com`)).toBe(region);
    expect(regionOf(`https://${region}.api.konghq.com/`)).toBe(region);
  });

  it('reads the host case-insensitively, as URLs do', () => {
    expect(regionOf('https://EU.API.KONGHQ.COM')).toBe('eu');
  });

  it.each([
    'http://127.0.0.1:1234',
    'http://localhost:8080/v1',
    'http://us.api.konghq.com', // not https
    'https://us.api.konghq.com:8443',
    'https://us.api.konghq.com/v2',
    'https://us.api.konghq.com/?x=1',
    'https://us.api.konghq.com/#x',
    'https://user:pass@us.api.konghq.com',
    'https://global.api.konghq.com',
    'https://xx.api.konghq.com',
    'https://us.api.konghq.com.evil.example',
    'https://evil.example/us.api.konghq.com',
    'https://us.api.konghq.com.',
    'us.api.konghq.com',
    '',
    'not a url',
  ])('is undefined for %j', (apiBaseUrl) => {
    expect(regionOf(apiBaseUrl)).toBeUndefined();
  });
});

describe('konnectLink', () => {
  it.each<[LinkedResource, string]>([
    [{ kind: 'control plane', id: CP }, `/gateway-manager/${CP}`],
    [{ kind: 'plugin', id: ID, controlPlaneId: CP }, `/gateway-manager/${CP}/plugins/openid-connect/${ID}`],
    [{ kind: 'consumer', id: ID, controlPlaneId: CP }, `/gateway-manager/${CP}/consumers/${ID}`],
    [{ kind: 'auth server', id: SERVER }, `/identity/auth-servers/${SERVER}`],
    [{ kind: 'scope', id: ID, authServerId: SERVER }, `/identity/auth-servers/${SERVER}`],
    [{ kind: 'claim', id: ID, authServerId: SERVER }, `/identity/auth-servers/${SERVER}`],
    [{ kind: 'client', id: CLIENT, authServerId: SERVER }, `/identity/auth-servers/${SERVER}`],
    [{ kind: 'client secret', id: ID, authServerId: SERVER, clientId: CLIENT }, `/identity/auth-servers/${SERVER}`],
  ])('links a %j', (resource, path) => {
    expect(konnectLink(US, resource)).toBe(`https://cloud.konghq.com/us${path}`);
  });

  it.each(KONNECT_REGIONS)('puts the region %s first in the path', (region) => {
    expect(konnectLink(`https://${region}.api.konghq.com`, { kind: 'plugin', id: ID, controlPlaneId: CP })).toBe(
      `https://cloud.konghq.com/${region}/gateway-manager/${CP}/plugins/openid-connect/${ID}`,
    );
    expect(konnectLink(`https://${region}.api.konghq.com/`, { kind: 'auth server', id: SERVER })).toBe(
      `https://cloud.konghq.com/${region}/identity/auth-servers/${SERVER}`,
    );
  });

  it.each(['http://127.0.0.1:1234', 'https://konnect.internal.example', 'https://us.api.konghq.com/v2'])(
    'gives no link for the api-url %s (an emulator or a proxy has no web app)',
    (apiBaseUrl) => {
      expect(konnectLink(apiBaseUrl, { kind: 'control plane', id: CP })).toBeUndefined();
      expect(konnectLink(apiBaseUrl, { kind: 'auth server', id: SERVER })).toBeUndefined();
    },
  );

  it('accepts a client id of any shape Kong Identity gives one', () => {
    for (const id of ['a', 'a_b-C', 'x'.repeat(36), CP]) {
      expect(konnectLink(US, { kind: 'client', id, authServerId: SERVER })).toBe(`https://cloud.konghq.com/us/identity/auth-servers/${SERVER}`);
    }
  });

  it.each([
    ['plugin', { kind: 'plugin', id: ID }],
    ['consumer', { kind: 'consumer', id: ID }],
    ['scope', { kind: 'scope', id: ID }],
    ['claim', { kind: 'claim', id: ID }],
    ['client', { kind: 'client', id: CLIENT }],
    ['client secret', { kind: 'client secret', id: ID, clientId: CLIENT }],
  ] as const)('gives no link for a %s without its parent id', (_, resource) => {
    expect(konnectLink(US, resource)).toBeUndefined();
  });

  const HOSTILE = ['../x', '..', '.', '', ' ', `${CP} `, ` ${CP}`, 'a b', `${CP}/..`, `${CP}?x=1`, `${CP}#x`, 'a%2F..', 'a\nb', 'x'.repeat(500), 'é'];

  it.each(HOSTILE)('never puts the id %j into a link, in any position', (hostile) => {
    const kinds = ['control plane', 'auth server', 'scope', 'claim', 'client', 'client secret', 'plugin', 'consumer'] as const;
    for (const kind of kinds) {
      const base: LinkedResource = { kind, id: kind === 'client' ? CLIENT : ID, controlPlaneId: CP, authServerId: SERVER, clientId: CLIENT };
      for (const field of ['id', 'controlPlaneId', 'authServerId', 'clientId'] as const) {
        const link = konnectLink(US, { ...base, [field]: hostile });
        expect(link, `${kind} with ${field} ${JSON.stringify(hostile)}`).toBeUndefined();
      }
    }
  });

  it('refuses a UUID-shaped id with extra characters and a client id of 37 characters', () => {
    expect(konnectLink(US, { kind: 'control plane', id: `${CP}0` })).toBeUndefined();
    expect(konnectLink(US, { kind: 'client', id: 'x'.repeat(37), authServerId: SERVER })).toBeUndefined();
    expect(konnectLink(US, { kind: 'auth server', id: CLIENT })).toBeUndefined(); // a client id is not a UUID
  });

  it('builds links that parse back to the same path (nothing is re-interpreted)', () => {
    const link = konnectLink('https://sg.api.konghq.com', { kind: 'consumer', id: ID, controlPlaneId: CP });
    expect(link).toBeDefined();
    const url = new URL(link ?? '');
    expect(url.origin).toBe('https://cloud.konghq.com');
    expect(url.pathname).toBe(`/sg/gateway-manager/${CP}/consumers/${ID}`);
    expect(url.search + url.hash).toBe('');
  });
});

describe('apiName', () => {
  it.each([
    ['https://us.api.konghq.com', 'Konnect US (us.api.konghq.com)'],
    ['https://eu.api.konghq.com/', 'Konnect EU (eu.api.konghq.com)'],
    ['https://au.api.konghq.com', 'Konnect AU (au.api.konghq.com)'],
    ['https://me.api.konghq.com', 'Konnect ME (me.api.konghq.com)'],
    ['https://in.api.konghq.com', 'Konnect IN (in.api.konghq.com)'],
    ['https://sg.api.konghq.com', 'Konnect SG (sg.api.konghq.com)'],
    ['http://127.0.0.1:1234', 'api-url http://127.0.0.1:1234'],
    ['http://127.0.0.1:1234/', 'api-url http://127.0.0.1:1234'],
    ['https://proxy.example/konnect/', 'api-url https://proxy.example/konnect/'],
    ['https://us.api.konghq.com/v2', 'api-url https://us.api.konghq.com/v2'],
  ])('names %s as %j', (apiBaseUrl, name) => {
    expect(apiName(apiBaseUrl)).toBe(name);
  });

  it('leaves credentials, query and fragment out', () => {
    expect(apiName('https://user:secret@proxy.example/p?token=abc#frag')).toBe('api-url https://proxy.example/p');
  });

  it('cuts a long api-url', () => {
    const name = apiName(`https://proxy.example/${'a'.repeat(500)}`);
    expect(name.length).toBeLessThan(140);
    expect(name.endsWith('…')).toBe(true);
  });

  it('says so when api-url is not a URL', () => {
    expect(apiName('not a url')).toBe('api-url (not a URL)');
  });
});
