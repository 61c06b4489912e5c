import { describe, expect, it } from 'vitest';
import { Store } from '../store.js';
import { claimValue, renderTemplates, type TemplateContext } from './claim-templates.js';
import { newClient } from './test-kit.js';

function context(): TemplateContext {
  const authServer = new Store('http://127.0.0.1:1').newAuthServer({
    name: 'Appointments Dev',
    audience: 'http://myhttpbin.dev',
    labels: { team: 'care' },
  }).authServer;
  const client = newClient({ name: 'Billing Bot', labels: { environment: 'staging' }, created_at: '2025-03-04T05:06:07.250Z' });
  return { client, authServer };
}

describe('claim values', () => {
  it('infers the type from the value: JSON becomes JSON, anything else stays a string', () => {
    const ctx = context();
    expect(claimValue('test', ctx)).toBe('test');
    expect(claimValue('12', ctx)).toBe(12);
    expect(claimValue('1.5', ctx)).toBe(1.5);
    expect(claimValue('false', ctx)).toBe(false);
    expect(claimValue('["a","b"]', ctx)).toEqual(['a', 'b']);
    expect(claimValue('{"a":{"b":1}}', ctx)).toEqual({ a: { b: 1 } });
    expect(claimValue('"quoted"', ctx)).toBe('quoted');
    expect(claimValue('', ctx)).toBe('');
  });

  it('renders the documented examples', () => {
    const ctx = context();
    expect(renderTemplates('${ .Client.Name }', ctx)).toBe('Billing Bot');
    expect(renderTemplates('${ .AuthServer.Audience }-${ .Client.ID }', ctx)).toBe(`http://myhttpbin.dev-${ctx.client.id}`);
    expect(renderTemplates('${ .Client.Labels.environment | default "production" }', ctx)).toBe('staging');
    expect(renderTemplates('${ .Client.Labels.region | default "production" }', ctx)).toBe('production');
    expect(renderTemplates('${ upper .Client.Name }', ctx)).toBe('BILLING BOT');
    expect(renderTemplates('${ uuidv4 }', ctx)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(renderTemplates('${ randAlphaNum 16 }', ctx)).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(renderTemplates('${ now | date "2006-01-02T15:04:05Z07:00" }', ctx)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });

  it('prints values as Go does: a missing map key, a list, a time', () => {
    const ctx = context();
    expect(renderTemplates('${ .Client.Labels.missing }', ctx)).toBe('<no value>');
    expect(renderTemplates('${ .Client.GrantTypes }', ctx)).toBe('[client_credentials]');
    expect(renderTemplates('${ .Client.CreatedAt }', ctx)).toBe('2025-03-04 05:06:07.25 +0000 UTC');
    expect(claimValue('${ .Client.GrantTypes | toJson }', ctx)).toEqual(['client_credentials']);
    expect(claimValue('${ .AuthServer.Labels | toJson }', ctx)).toEqual({ team: 'care' });
  });

  it('leaves an unsupported segment literal and renders the others', () => {
    const ctx = context();
    expect(renderTemplates('${ .Client.Nope }/${ .Client.Name }', ctx)).toBe('${ .Client.Nope }/Billing Bot');
    expect(renderTemplates('${ sprigUnknown .Client.Name }', ctx)).toBe('${ sprigUnknown .Client.Name }');
    expect(renderTemplates('${ $x := 1 }', ctx)).toBe('${ $x := 1 }');
    expect(renderTemplates('no template here', ctx)).toBe('no template here');
  });
});
