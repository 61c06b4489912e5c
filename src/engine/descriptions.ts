import { authServer, otherClients } from '../resources/auth-server.js';
import { claims, duplicateClaimIds } from '../resources/claims.js';
import { credentials, retiredSecretIds } from '../resources/client-secret.js';
import { client } from '../resources/client.js';
import { consumer } from '../resources/consumer.js';
import { controlPlane } from '../resources/control-plane.js';
import { plugin, scopeEntryKept } from '../resources/plugin.js';
import type { Description } from '../resources/registry.js';
import { scopes } from '../resources/scopes.js';
import { check, issuerMetadata, jwks, narrowToken, noTeardownRacing, token } from './steps.js';

/**
 * Every description the engine runs, in order. The order is the order of requests among stages
 * ready at the same moment (at most four Konnect requests are in flight: the ones on the token's
 * path come first); a find names only finds above it. A teardown goes in the reverse order of what
 * the applies need (engine.ts, teardownOrder): the Consumer before its client, the auth server last. A new resource kind is one file in
 * src/resources/ and one line here.
 */
export const DESCRIPTIONS: readonly Description[] = [
  controlPlane,
  authServer,
  issuerMetadata,
  scopes,
  claims,
  client,
  plugin,
  consumer,
  otherClients,
  jwks,
  credentials,
  token,
  noTeardownRacing,
  scopeEntryKept,
  duplicateClaimIds,
  narrowToken,
  check,
  retiredSecretIds,
] as Description[];
