// What Kong's openid-connect plugin knows of an identity provider: the discovery document and the
// JWKS, fetched over real HTTP from `<issuer>/.well-known/openid-configuration` (the emulator's
// issuer port, so these fetches show in the request log as Kong's would reach Kong Identity) and
// cached per issuer for the plugin's `cache_ttl`. As in Kong, a key id the cached JWKS lacks
// triggers a refetch of the keys at most once per `rediscovery_lifetime`, and a failed refresh
// falls back to what is cached.
import type { JSONWebKeySet } from 'jose';

export interface ProviderMetadata {
  configuration: Record<string, unknown>;
  jwks: JSONWebKeySet;
  discoveredAt: number;
  keysFetchedAt: number;
}

interface CacheEntry {
  metadata?: ProviderMetadata;
  pending?: Promise<ProviderMetadata>;
}

const WELL_KNOWN = '/.well-known/openid-configuration';

/** Kong accepts the issuer URL or the discovery URL itself as `config.issuer`. */
export function discoveryUrl(issuer: string): string {
  return issuer.endsWith(WELL_KNOWN) ? issuer : issuer.replace(/\/+$/, '') + WELL_KNOWN;
}

export class ProviderCache {
  private readonly entries = new Map<string, CacheEntry>();

  /** Kong's default `timeout` for calls to the identity provider. */
  constructor(private readonly timeoutMs = 10_000) {}

  async load(issuer: string, cacheTtlSeconds: number): Promise<ProviderMetadata> {
    const url = discoveryUrl(issuer);
    const entry = this.entry(url);
    const { metadata } = entry;
    if (metadata && Date.now() - metadata.discoveredAt < cacheTtlSeconds * 1000) return metadata;
    // Concurrent requests share one discovery instead of each fetching.
    entry.pending ??= this.discover(url).finally(() => {
      delete entry.pending;
    });
    try {
      entry.metadata = await entry.pending;
      return entry.metadata;
    } catch (error) {
      if (metadata) return metadata;
      throw error;
    }
  }

  /** Fresh keys after an unknown kid, or `undefined` when the last fetch is too recent to repeat. */
  async rediscoverKeys(issuer: string, rediscoveryLifetimeSeconds: number): Promise<ProviderMetadata | undefined> {
    const entry = this.entry(discoveryUrl(issuer));
    const metadata = entry.metadata;
    if (!metadata || Date.now() - metadata.keysFetchedAt < rediscoveryLifetimeSeconds * 1000) return undefined;
    try {
      entry.metadata = { ...metadata, jwks: await this.fetchKeys(metadata.configuration), keysFetchedAt: Date.now() };
      return entry.metadata;
    } catch {
      return undefined;
    }
  }

  private entry(url: string): CacheEntry {
    let entry = this.entries.get(url);
    if (!entry) {
      entry = {};
      this.entries.set(url, entry);
    }
    return entry;
  }

  private async discover(url: string): Promise<ProviderMetadata> {
    const configuration = await this.fetchJson(url);
    const jwks = await this.fetchKeys(configuration);
    const now = Date.now();
    return { configuration, jwks, discoveredAt: now, keysFetchedAt: now };
  }

  private async fetchKeys(configuration: Record<string, unknown>): Promise<JSONWebKeySet> {
    const jwksUri = configuration['jwks_uri'];
    // A provider without a JWKS verifies nothing: every token then fails its signature check.
    if (typeof jwksUri !== 'string') return { keys: [] };
    const jwks = await this.fetchJson(jwksUri);
    return Array.isArray(jwks['keys']) ? (jwks as unknown as JSONWebKeySet) : { keys: [] };
  }

  private async fetchJson(url: string): Promise<Record<string, unknown>> {
    const response = await fetch(url, { headers: { Accept: 'application/json' }, signal: AbortSignal.timeout(this.timeoutMs) });
    if (!response.ok) throw new Error(`invalid status code received from ${url} (${response.status})`);
    const body: unknown = await response.json();
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error(`invalid JSON object received from ${url}`);
    return body as Record<string, unknown>;
  }
}
