import { decodeJwt } from 'jose';
import { checkGatewayFully, type NarrowToken } from '../check/check.js';
import { ActionError, inStep } from '../errors/errors.js';
import { discoverIssuer, fetchJwks } from '../oauth/discovery.js';
import { requestClientCredentialsToken } from '../oauth/token.js';
import { verifyAccessToken } from '../oauth/verify.js';
import { TEARDOWN_MARK } from '../resources/ownership.js';
import { define } from '../resources/registry.js';
import { teardownMarkAge, TEARDOWN_MARK_LIFETIME_MS } from './teardown-mark.js';

/**
 * The steps of a provisioning run that are not resources: the issuer's metadata and keys, the
 * token's verification, the narrow token of require-scopes, the look for a racing teardown, and the
 * gateway check. Described like the resources, so the engine runs and reports them alike.
 */

/** The issuer's metadata: from the auth server found, before any write; else from the one created. */
export const issuerMetadata = define({
  key: 'issuerMetadata',
  phase: 'secret and token',
  find: {
    needs: ['authServer'],
    modes: ['apply'],
    run: async (ctx, found) => {
      const issuer = found.authServer.named?.issuer;
      return issuer === undefined ? undefined : inStep('discover the issuer', () => discoverIssuer(ctx.issuer, issuer));
    },
  },
  apply: {
    needs: ['authServer'],
    run: async (ctx, found, { authServer }) =>
      found.issuerMetadata?.issuer === authServer.resource.issuer
        ? found.issuerMetadata
        : inStep('discover the issuer', () => discoverIssuer(ctx.issuer, authServer.resource.issuer)),
  },
});

export const jwks = define({
  key: 'jwks',
  phase: 'secret and token',
  apply: {
    needs: ['issuerMetadata'],
    run: (ctx, _found, { issuerMetadata }) => inStep("fetch the issuer's keys", () => fetchJwks(ctx.issuer, issuerMetadata.jwks_uri)),
  },
});

export const token = define({
  key: 'token',
  phase: 'secret and token',
  row: 'client secret',
  apply: {
    needs: ['credentials', 'jwks', 'authServer'],
    run: (ctx, _found, { credentials, jwks: keys, authServer }) =>
      verifyAccessToken(credentials.token.value, {
        jwks: keys,
        issuer: authServer.resource.issuer,
        audience: ctx.config.authServer.audience,
        maxLifetimeSeconds: ctx.config.client.accessTokenDuration,
      }),
  },
});

/**
 * require-scopes: a token of the same client without the action's scopes, which the plugin must
 * refuse. It asks for no scope (nothing about `openid` is assumed), then, if the issuer refuses
 * that, for `openid`; and it checks what the token holds. If the token holds the action's scopes
 * anyway, or no narrower token can be had, the enforcement cannot be proven: said, not failed.
 */
export const narrowToken = define({
  key: 'narrowToken',
  phase: 'gateway check',
  apply: {
    needs: ['credentials', 'client', 'issuerMetadata'],
    run: async (ctx, _found, { credentials, client, issuerMetadata: metadata }): Promise<NarrowToken | undefined> => {
      if (!ctx.config.requireScopes || ctx.config.check === undefined) return undefined;
      const refusals: string[] = [];
      for (const scopes of [[], ['openid']]) {
        const request = () =>
          requestClientCredentialsToken(ctx.issuer, {
            tokenEndpoint: metadata.token_endpoint,
            clientId: client.resource.id,
            clientSecret: credentials.secret,
            scopes,
          });
        const asked = scopes.length === 0 ? 'no scope' : 'only openid';
        const outcome = await inStep(`request a token with ${asked} (for the gateway check)`, request).catch((error: unknown) => ({
          ok: false as const,
          reason: error instanceof Error ? error.message : String(error),
        }));
        if (!outcome.ok) {
          refusals.push(`asked for ${asked}: ${outcome.reason}`);
          continue;
        }
        const held = grantedScopes(outcome.token.value, outcome.token.scope);
        if (ctx.config.scopes.every((scope) => held.includes(scope))) {
          return { unavailable: `the issuer granted the action's scopes to a token that ${asked === 'no scope' ? 'asked for none' : 'asked only for openid'}` };
        }
        return { token: outcome.token.value };
      }
      return { unavailable: `the issuer refused every narrower token (${refusals.join('; ')})` };
    },
  },
});

/** The scopes a token holds: its `scope` claim, else what the token response said. */
function grantedScopes(value: string, responseScope: string | undefined): string[] {
  let claim: unknown;
  try {
    claim = decodeJwt(value)['scope'];
  } catch {
    claim = undefined;
  }
  const text = typeof claim === 'string' ? claim : Array.isArray(claim) ? claim.join(' ') : (responseScope ?? '');
  return text.split(/\s+/).filter(Boolean);
}

/** Thrown when a teardown marked the auth server after this run created its client: the run converges again once it is done. */
export class TeardownRacing extends ActionError {
  override readonly name = 'TeardownRacing';
}

/**
 * The provisioning half of the teardown protocol (README, Teardown): a run that created its client
 * reads the auth server once the client (and the plugin) exist. A teardown's mark younger than its
 * lifetime means a teardown may be removing what no client needed when it counted: the run waits
 * for it and converges again. A run whose client existed before it was counted by any teardown.
 */
export const noTeardownRacing = define({
  key: 'noTeardownRacing',
  phase: 'Kong Identity',
  row: 'auth server',
  apply: {
    needs: ['authServer', 'client'],
    after: ['plugin', 'scopes', 'claims', 'consumer'],
    run: async (ctx, _found, { authServer, client }) => {
      if (!client.created) return undefined;
      const server = await inStep(`read auth server "${authServer.resource.name}"`, () => ctx.identity.getAuthServer(authServer.resource.id));
      const age = teardownMarkAge(server.labels?.[TEARDOWN_MARK]);
      if (age !== undefined && age < TEARDOWN_MARK_LIFETIME_MS) {
        throw new TeardownRacing(`A teardown is deciding about auth server "${server.name}" while this run created its client.`, {
          hint: 'The run waits for it and converges again; if this persists, serialise provisioning and teardown with a workflow concurrency group.',
        });
      }
      return undefined;
    },
  },
});

export const check = define({
  key: 'check',
  phase: 'gateway check',
  apply: {
    needs: ['credentials', 'narrowToken', 'consumer'],
    after: ['token', 'plugin', 'noTeardownRacing', 'scopeEntryKept'],
    run: async (ctx, _found, { credentials, narrowToken: narrow, consumer }) =>
      ctx.config.check === undefined
        ? undefined
        : checkGatewayFully(
            ctx.transport,
            ctx.config.check,
            ctx.signal,
            { token: credentials.token.value, ...(narrow === undefined ? {} : { narrow }) },
            consumer?.resource.id,
          ),
  },
});
