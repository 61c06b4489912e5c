// The issuer port: one OpenID provider per Kong Identity auth server, at
// `<issuer origin>/<issuer slug>/auth` (Konnect gives each its own host instead). It serves the
// discovery document, the JWKS, the token endpoint (client credentials), introspection, userinfo
// and revocation (which authenticates the client and answers 200, RFC 7009; JWTs stay valid until
// they expire). The interactive endpoints the document advertises (authorize, end_session,
// device_authorization) answer an OAuth error. Errors are OAuth JSON; an unknown auth server or
// path is a 404.
import type { EmulatorContext } from '../context.js';
import type { EmulatorReply, EmulatorRequest, Handler } from '../http/types.js';
import type { StoredAuthServer } from '../store.js';
import { handleIntrospection, handleRevocation, handleUserinfo } from './introspection.js';
import { UnpublishedKeys } from './keys.js';
import { discoveryDocument, ISSUER_PATHS, jwksDocument } from './metadata.js';
import { methodNotAllowed, OAuthFailure, oauthErrorReply } from './oauth-errors.js';
import { handleTokenRequest } from './token.js';

interface Endpoint {
  methods: string[];
  handle: (request: EmulatorRequest, stored: StoredAuthServer) => EmulatorReply | Promise<EmulatorReply>;
}

const ISSUER_PATH = /^\/([^/]+)\/auth(\/.*)$/;

export function createIssuerHandler(ctx: EmulatorContext): Handler {
  const unpublishedKeys = new UnpublishedKeys();

  const endpoints: Record<string, Endpoint> = {
    [ISSUER_PATHS.discovery]: {
      methods: ['GET', 'HEAD'],
      handle: (_request, stored) => json(200, discoveryDocument(stored)),
    },
    [ISSUER_PATHS.jwks]: {
      methods: ['GET', 'HEAD'],
      handle: async (_request, stored) => json(200, await jwksDocument(stored)),
    },
    [ISSUER_PATHS.token]: {
      methods: ['POST'],
      handle: (request, stored) => handleTokenRequest(request, stored, unpublishedKeys, ctx.options.openidScope),
    },
    [ISSUER_PATHS.introspection]: { methods: ['POST'], handle: handleIntrospection },
    [ISSUER_PATHS.userinfo]: { methods: ['GET', 'POST'], handle: handleUserinfo },
    [ISSUER_PATHS.revocation]: { methods: ['POST'], handle: handleRevocation },
    // Advertised (Kong's authorization code flow redirects to the first); no one can log in.
    [ISSUER_PATHS.authorization]: { methods: ['GET', 'POST'], handle: notEmulated },
    [ISSUER_PATHS.endSession]: { methods: ['GET', 'POST'], handle: notEmulated },
    [ISSUER_PATHS.deviceAuthorization]: { methods: ['POST'], handle: notEmulated },
  };

  return async (request) => {
    const [, slug = '', path = ''] = ISSUER_PATH.exec(request.url.pathname) ?? [];
    const stored = ctx.store.findAuthServerByIssuerSlug(slug);
    const endpoint = endpoints[path];
    if (!stored || !endpoint) {
      return oauthErrorReply(404, 'not_found', `No issuer endpoint at ${request.url.pathname}.`);
    }
    try {
      if (!endpoint.methods.includes(request.method)) throw methodNotAllowed(endpoint.methods);
      return await endpoint.handle(request, stored);
    } catch (error) {
      if (error instanceof OAuthFailure) return error.toReply();
      throw error;
    }
  };
}

function notEmulated(): never {
  throw new OAuthFailure(400, 'unsupported_response_type', 'The emulator does not run interactive authorization flows.');
}

function json(status: number, body: unknown): EmulatorReply {
  return { status, headers: { 'Content-Type': 'application/json' }, body };
}
