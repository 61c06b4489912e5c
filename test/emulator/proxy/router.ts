// Kong's router, for the HTTP routes the emulator needs: a route matches when the request meets
// every field it sets (methods, hosts, paths); among matches, the one setting more fields wins,
// then the longest matching path, then the oldest route. Paths are prefix matches on the raw
// string (`/anything` also matches `/anythingelse`, as in Kong), or regexes when they start with
// `~`, anchored at the start.
import type { CoreEntities, Route, Service } from '../store.js';

export interface IncomingRequest {
  method: string;
  /** The Host header, without the port, lowercased. */
  host: string;
  path: string;
}

export interface RouteMatch {
  route: Route;
  /** `undefined` for a route without a service: Kong runs its plugins, then answers 503. */
  service: Service | undefined;
  /** The part of the path the route's `paths` matched ('' when it sets none). */
  matchedPath: string;
}

interface Candidate extends RouteMatch {
  fieldsMatched: number;
}

export function findRoute(config: CoreEntities, request: IncomingRequest): RouteMatch | undefined {
  const candidates: Candidate[] = [];
  for (const route of config.routes) {
    const service = route.service ? config.services.find((candidate) => candidate.id === route.service?.id) : undefined;
    // Kong leaves the routes of a disabled service out of its router.
    if (service?.enabled === false) continue;
    const candidate = matchRoute(route, request);
    if (candidate) candidates.push({ ...candidate, route, service });
  }
  candidates.sort((a, b) => b.fieldsMatched - a.fieldsMatched || b.matchedPath.length - a.matchedPath.length || a.route.created_at - b.route.created_at);
  const best = candidates[0];
  return best && { route: best.route, service: best.service, matchedPath: best.matchedPath };
}

function matchRoute(route: Route, request: IncomingRequest): { fieldsMatched: number; matchedPath: string } | undefined {
  if (!route.protocols.some((protocol) => protocol === 'http' || protocol === 'https')) return undefined;
  let fieldsMatched = 0;
  if (route.methods?.length) {
    if (!route.methods.some((method) => method.toUpperCase() === request.method)) return undefined;
    fieldsMatched += 1;
  }
  if (route.hosts?.length) {
    if (!route.hosts.some((host) => hostMatches(host.toLowerCase(), request.host))) return undefined;
    fieldsMatched += 1;
  }
  let matchedPath = '';
  if (route.paths?.length) {
    const matches = route.paths.map((path) => matchPath(path, request.path)).filter((match) => match !== undefined);
    if (matches.length === 0) return undefined;
    matchedPath = matches.reduce((longest, match) => (match.length > longest.length ? match : longest));
    fieldsMatched += 1;
  }
  // Kong requires an HTTP route to set at least one of them; one that sets none matches nothing.
  return fieldsMatched > 0 ? { fieldsMatched, matchedPath } : undefined;
}

function matchPath(routePath: string, requestPath: string): string | undefined {
  if (!routePath.startsWith('~')) return requestPath.startsWith(routePath) ? routePath : undefined;
  try {
    return new RegExp(`^(?:${routePath.slice(1)})`).exec(requestPath)?.[0];
  } catch {
    return undefined;
  }
}

function hostMatches(routeHost: string, requestHost: string): boolean {
  if (routeHost.startsWith('*.')) return requestHost.endsWith(routeHost.slice(1)) && requestHost.length > routeHost.length - 1;
  if (routeHost.endsWith('.*')) return requestHost.startsWith(routeHost.slice(0, -1)) && requestHost.length > routeHost.length - 1;
  return routeHost === requestHost;
}

/**
 * The path Kong sends upstream: the route's matched prefix removed when `strip_path` is set,
 * appended to the service's path (one slash between them).
 */
export function upstreamPath(match: RouteMatch, requestPath: string): string {
  const rest = match.route.strip_path ? requestPath.slice(match.matchedPath.length) : requestPath;
  const base = match.service?.path ?? '/';
  if (rest === '') return base;
  if (base.endsWith('/') && rest.startsWith('/')) return base + rest.slice(1);
  if (!base.endsWith('/') && !rest.startsWith('/')) return `${base}/${rest}`;
  return base + rest;
}
