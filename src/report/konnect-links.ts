import { CLIENT_ID_PATTERN, UUID_PATTERN } from '../konnect/paths.js';
import { regionOf } from '../konnect/region.js';
import type { ResourceKind } from '../resources/description.js';

/**
 * Links from the job summary to Konnect's web app, for the run's region. Konnect publishes no URL
 * scheme for its web app, so each pattern below is one that Kong's own code or docs use, or is
 * inferred from them (marked INFERRED); where no page for a resource was found, the link goes to the
 * nearest page that was (a scope's link is its auth server's page). Sources, as crawled in 2026-08:
 *
 *   Region: the first path segment, the same code as in the API host (us.api.konghq.com -> /us/).
 *     SEEN  https://cloud.konghq.com/us/gateway-manager/  (Kong/developer.konghq.com
 *           app/dedicated-cloud-gateways/reference.md, and many how-tos)
 *     SEEN  https://cloud.konghq.com/$KONNECT_REGION/service-catalog/integrations/gitlab
 *           (Kong/developer.konghq.com app/catalog/integrations/gitlab.md)
 *     SEEN  geo = new URL(geoApiServerUrl).hostname.split('.')[0], then `/${geo}/identity/...`
 *           (Kong/public-ui-components packages/core/forms/src/components/forms/OIDCPrincipals.vue,
 *           commit 62160fa19)
 *     INFERRED  that eu, au, me, in and sg work as us does: only /us/ and the variable appear in sources.
 *
 *   Control plane: /{region}/gateway-manager/{controlPlaneId}
 *     INFERRED  as the parent of the seen entity pages below; no source links the bare page.
 *   Entities on a control plane: /{region}/gateway-manager/{controlPlaneId}/{entities}/...
 *     SEEN  https://cloud.konghq.com/us/gateway-manager/{cpId}/routes/{routeId}  (Kong/public-ui-components
 *           packages/entities/entities-shared/docs/config-card-display.md)
 *     SEEN  /us/gateway-manager/{cpId}/gateway-services/create  (Kong/developer.konghq.com
 *           api-specs/konnect/service-catalog/v1/openapi.yaml, an example value)
 *   Plugin: /{region}/gateway-manager/{controlPlaneId}/plugins/openid-connect/{pluginId}
 *     SEEN  `https://cloud.konghq.tech/us/gateway-manager/${controlPlaneId}/${entity}/${plugin}/${entityId}`
 *           with entity 'plugins' and the plugin's name (Kong/public-ui-components
 *           packages/core/tracing/sandbox/pages/TraceViewPage.vue, commit 28ebb40e2; konghq.tech is
 *           Kong's staging host); Kong Manager's router has the same shape, /plugins/:pluginType/:id
 *           (Kong/kong-manager src/router.ts).
 *   Consumer: /{region}/gateway-manager/{controlPlaneId}/consumers/{consumerId}
 *     SEEN  the same sandbox with entity 'consumers'; Kong Manager: /consumers/:id (src/router.ts).
 *
 *   Kong Identity: /{region}/identity/...
 *     SEEN  https://cloud.konghq.com/identity/  (Kong/developer.konghq.com app/kong-identity/auth-servers.md)
 *     SEEN  `/${geo}/identity/auth-servers/${authServerId}/create-auth-server-client` and
 *           `/${geo}/identity/create-auth-server` (OIDCPrincipals.vue above, commit 62160fa19, whose
 *           message "url correction" moved them from /kong-identity/ to /identity/; since commit
 *           4155214da the component asks the host app for these pages instead of building them)
 *   Auth server: /{region}/identity/auth-servers/{authServerId}
 *     INFERRED  as the parent of the seen create-auth-server-client page.
 *   Scope, claim, client, client secret: the auth server's page.
 *     NOT FOUND  no source shows a page (or tab) of its own for a scope, a claim or a client, and the
 *           docs' UI steps create all three from the auth server's page ("Navigate back to your
 *           authorization server", app/kong-identity/auth-servers.md), so that is where they link.
 *
 * Nothing in Kong/kongctl, Kong/deck, Kong/kong-operator or Kong/terraform-provider-konnect prints a
 * web-app link.
 */

/** The web app, one host for every region: the region is the first segment of the path. */
export const KONNECT_WEB_APP = 'https://cloud.konghq.com';

/** The resources a summary row names. */
export type LinkKind = ResourceKind;

export interface LinkedResource {
  kind: LinkKind;
  /** The resource's own id: a UUID, or for a client its Kong Identity client id. */
  id: string;
  /** Required for a plugin and a Consumer. */
  controlPlaneId?: string;
  /** Required for a scope, a claim, a client and a client secret. */
  authServerId?: string;
  /** The client a secret belongs to (checked when given; the link does not need it). */
  clientId?: string;
}

/**
 * The web-app page of `resource` for the region of `apiBaseUrl`, or undefined when the API is not
 * Konnect's, a needed parent id is missing, or any id given is not of the shape Konnect gives it (the
 * summary then shows the plain id). Ids are checked before they go into a path, so that nothing such
 * as `../x` can point the link elsewhere, and percent-encoded besides.
 */
export function konnectLink(apiBaseUrl: string, resource: LinkedResource): string | undefined {
  const region = regionOf(apiBaseUrl);
  if (region === undefined) return undefined;
  const { kind, id, controlPlaneId, authServerId, clientId } = resource;
  const own = kind === 'client' ? segment(id, CLIENT_ID_PATTERN) : segment(id, UUID_PATTERN);
  const cp = controlPlaneId === undefined ? undefined : segment(controlPlaneId, UUID_PATTERN);
  const server = authServerId === undefined ? undefined : segment(authServerId, UUID_PATTERN);
  const client = clientId === undefined ? undefined : segment(clientId, CLIENT_ID_PATTERN);
  // An id that was given but is malformed refuses the link, even where the path does not use it.
  if (own === null || cp === null || server === null || client === null) return undefined;

  const page = (...segments: string[]) => `${KONNECT_WEB_APP}/${region}/${segments.join('/')}`;
  switch (kind) {
    case 'control plane':
      return page('gateway-manager', own);
    case 'plugin':
      // The action manages only the openid-connect plugin; the page's path names the plugin.
      return cp === undefined ? undefined : page('gateway-manager', cp, 'plugins', 'openid-connect', own);
    case 'consumer':
      return cp === undefined ? undefined : page('gateway-manager', cp, 'consumers', own);
    case 'auth server':
      return page('identity', 'auth-servers', own);
    case 'scope':
    case 'claim':
    case 'client':
    case 'client secret':
      // No page of their own was found: their auth server's page lists them.
      return server === undefined ? undefined : page('identity', 'auth-servers', server);
  }
}

/** `value` encoded as one path segment when it matches `pattern`, else null. */
function segment(value: string, pattern: RegExp): string | null {
  return typeof value === 'string' && pattern.test(value) ? encodeURIComponent(value) : null;
}
