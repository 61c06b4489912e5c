import { beforeEach, describe, expect, it } from 'vitest';
import { KonnectApiError } from '../../src/konnect/errors.js';
import type { ClientSecret, IdentityApi } from '../../src/konnect/identity.js';
import type { MintOutcome } from '../../src/oauth/token.js';
import { chooseSecretStrategy, obtainWorkingCredentials, type SecretContext, secretsToRetire, secretToEvict } from '../../src/resources/client-secret.js';

const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString();
const secret = (id: string, second: number, enabled = true): ClientSecret => ({ id, enabled, created_at: at(second), updated_at: at(second) });

describe('chooseSecretStrategy', () => {
  it('hands out the creation secret of a client this run created', () => {
    expect(chooseSecretStrategy({ created: true, creationSecret: 'gen' }, undefined)).toEqual({ kind: 'use-creation-secret', secret: 'gen' });
    expect(chooseSecretStrategy({ created: true, creationSecret: 'input' }, 'input')).toEqual({ kind: 'use-creation-secret', secret: 'input' });
  });

  it('verifies the input on an existing client', () => {
    expect(chooseSecretStrategy({ created: false }, 'input')).toEqual({ kind: 'verify-input', secret: 'input' });
  });

  it('rotates an existing client without input', () => {
    expect(chooseSecretStrategy({ created: false }, undefined)).toEqual({ kind: 'rotate' });
    // created, but Konnect returned no secret: only a rotation yields one
    expect(chooseSecretStrategy({ created: true }, undefined)).toEqual({ kind: 'rotate' });
  });

  it('rotates a new client at once when the post step must revoke the secret (it needs an id)', () => {
    expect(chooseSecretStrategy({ created: true, creationSecret: 'gen' }, undefined, true)).toEqual({ kind: 'rotate' });
    // never a client-secret input's secret: that one is handed out as it is, and not revoked
    expect(chooseSecretStrategy({ created: true, creationSecret: 'input' }, 'input', true)).toEqual({ kind: 'use-creation-secret', secret: 'input' });
  });
});

describe('secretToEvict', () => {
  it('leaves room alone', () => {
    expect(secretToEvict([secret('a', 1), secret('b', 2, false)], new Set())).toBeUndefined();
  });

  it('picks the oldest active secret that is not protected', () => {
    expect(secretToEvict([secret('b', 2), secret('a', 1)], new Set())?.id).toBe('a');
    expect(secretToEvict([secret('b', 2), secret('a', 1)], new Set(['a']))?.id).toBe('b');
    expect(secretToEvict([secret('b', 2), secret('a', 1)], new Set(['a', 'b']))).toBeUndefined();
  });
});

describe('secretsToRetire', () => {
  it('retires the active secrets older than the new one, never the new one or newer ones', () => {
    const fresh = secret('new', 10);
    const list = [secret('old', 1), secret('disabled', 2, false), fresh, secret('sibling', 11)];
    expect(secretsToRetire(list, fresh).map((s) => s.id)).toEqual(['old']);
  });
});

/** A client's secrets as Konnect keeps them: at most two active, values known only at creation. */
class FakeSecrets {
  secrets: Array<ClientSecret & { value: string }> = [];
  clock = 100;
  calls: string[] = [];

  add(id: string, value: string, second: number) {
    this.secrets.push({ ...secret(id, second), value });
  }

  api(): IdentityApi {
    return {
      listClientSecrets: async () => {
        this.calls.push('list');
        return this.secrets.map(({ value: _v, ...s }) => s);
      },
      createClientSecret: async (_as: string, _client: string, value?: string) => {
        this.calls.push('create');
        if (this.secrets.filter((s) => s.enabled).length >= 2) {
          throw new KonnectApiError('POST', '/secrets', 403, JSON.stringify({ status: 403, title: 'Forbidden', detail: 'at most 2 active secrets' }));
        }
        const made = { ...secret(`s${this.clock}`, this.clock), value: value ?? `generated-${this.clock}` };
        this.clock += 1;
        this.secrets.push(made);
        return { id: made.id, enabled: true, created_at: made.created_at, updated_at: made.updated_at, secret: made.value };
      },
      deleteClientSecret: async (_as: string, _client: string, id: string) => {
        this.calls.push(`delete ${id}`);
        this.secrets = this.secrets.filter((s) => s.id !== id);
      },
    } as unknown as IdentityApi;
  }

  /** The token endpoint: accepts any active secret. */
  mint = async (value: string): Promise<MintOutcome<string>> =>
    this.secrets.some((s) => s.enabled && s.value === value) ? { ok: true, token: `token-for-${value}` } : { ok: false, reason: 'invalid_client' };
}

describe('obtainWorkingCredentials', () => {
  let store: FakeSecrets;
  let ctx: SecretContext<string>;

  beforeEach(() => {
    store = new FakeSecrets();
    ctx = { api: store.api(), authServerId: 'as', clientId: 'c', clientName: 'ci', mint: (s) => store.mint(s), pause: async () => undefined };
  });

  it('uses the creation secret, and retires nothing', async () => {
    store.add('s1', 'gen', 1);
    const creds = await obtainWorkingCredentials(ctx, { kind: 'use-creation-secret', secret: 'gen' });
    expect(creds).toMatchObject({ strategy: 'use-creation-secret', secret: 'gen', token: 'token-for-gen' });
    expect(await creds.retireOld()).toEqual([]);
    expect(store.calls).toEqual([]);
  });

  it('waits out a new client that is not accepted at once', async () => {
    let refusals = 2;
    ctx.mint = async (s) => (refusals-- > 0 ? { ok: false, reason: 'invalid_client' } : store.mint(s));
    store.add('s1', 'gen', 1);
    await expect(obtainWorkingCredentials(ctx, { kind: 'use-creation-secret', secret: 'gen' })).resolves.toMatchObject({ token: 'token-for-gen' });
  });

  it('accepts a working client-secret without touching the secrets', async () => {
    store.add('s1', 'kept', 1);
    const creds = await obtainWorkingCredentials(ctx, { kind: 'verify-input', secret: 'kept' });
    expect(creds).toMatchObject({ strategy: 'verify-input', secret: 'kept' });
    expect(creds.createdSecretId).toBeUndefined();
    expect(store.calls).toEqual([]);
  });

  it('installs nothing into a client that is not ours: a refused client-secret fails, naming take-over', async () => {
    store.add('s1', 'theirs', 1);
    ctx.mayChangeSecrets = false;
    const refusal = obtainWorkingCredentials(ctx, { kind: 'verify-input', secret: 'mine' });
    await expect(refusal).rejects.toThrow(/not this repository's to install a secret into/);
    await expect(refusal).rejects.toMatchObject({ hint: expect.stringContaining('take-over: true') });
    expect(store.calls).toEqual([]);
    await expect(obtainWorkingCredentials(ctx, { kind: 'verify-input', secret: 'theirs' })).resolves.toMatchObject({ token: 'token-for-theirs' });
  });

  it('installs a refused client-secret, evicting the oldest when two are active', async () => {
    store.add('s1', 'old-1', 1);
    store.add('s2', 'old-2', 2);
    const creds = await obtainWorkingCredentials(ctx, { kind: 'verify-input', secret: 'mine' });
    expect(creds).toMatchObject({ secret: 'mine', token: 'token-for-mine' });
    expect(store.calls).toEqual(['create', 'list', 'delete s1', 'create']);
    expect(store.secrets.map((s) => s.value)).toEqual(['old-2', 'mine']);
  });

  it('rotates: a new secret that mints, then the older ones are retired', async () => {
    store.add('s1', 'old', 1);
    const creds = await obtainWorkingCredentials(ctx, { kind: 'rotate' });
    expect(creds).toMatchObject({ strategy: 'rotate', secret: 'generated-100', token: 'token-for-generated-100', createdSecretId: 's100' });
    expect(store.secrets.map((s) => s.id)).toEqual(['s1', 's100']); // the old one works until retirement
    expect(await creds.retireOld()).toEqual(['s1']);
    expect(store.secrets.map((s) => s.id)).toEqual(['s100']);
  });

  it('rotates at the two-secret limit by evicting the oldest first', async () => {
    store.add('s1', 'old-1', 1);
    store.add('s2', 'old-2', 2);
    const creds = await obtainWorkingCredentials(ctx, { kind: 'rotate' });
    expect(creds.secret).toBe('generated-100');
    expect(store.calls.slice(0, 4)).toEqual(expect.arrayContaining(['create', 'list', 'delete s1']));
    await creds.retireOld();
    expect(store.secrets.map((s) => s.id)).toEqual(['s100']);
  });

  it('makes another secret when a concurrent run deleted the fresh one', async () => {
    store.add('s1', 'old', 1);
    let sabotaged = false;
    ctx.mint = async (value) => {
      if (!sabotaged) {
        sabotaged = true; // a sibling deletes our fresh secret before we use it
        store.secrets = store.secrets.filter((s) => s.value !== value);
      }
      return store.mint(value);
    };
    const creds = await obtainWorkingCredentials(ctx, { kind: 'rotate' });
    expect(creds.secret).toBe('generated-101');
  });

  it('fails with the fix when a fresh secret is refused although it exists', async () => {
    ctx.mint = async () => ({ ok: false, reason: 'HTTP 401 invalid_client' });
    await expect(obtainWorkingCredentials(ctx, { kind: 'rotate' })).rejects.toThrow(/refused client "ci".*invalid_client/);
  });

  it('reports a 403 with room to spare as what it is (a permission problem), not as the limit', async () => {
    ctx.api = {
      ...store.api(),
      createClientSecret: async () => {
        throw new KonnectApiError('POST', '/secrets', 403, JSON.stringify({ status: 403, title: 'Forbidden', detail: 'You do not have permission' }));
      },
    } as unknown as IdentityApi;
    await expect(obtainWorkingCredentials(ctx, { kind: 'rotate' })).rejects.toThrow(/permission/);
  });
});
