// The emulator's in-memory state: one Konnect organisation in one region.
// Entities are kept exactly as the API returns them (spec-shaped, snake_case), so handlers can
// serialise them as they are and `/_emulator/state` can dump them. What Konnect keeps but never
// returns (secret values, signing keys) lives beside the entity, never inside it.
import { randomBytes, randomUUID, type webcrypto } from 'node:crypto';

// ---------------------------------------------------------------- control planes v2

export interface ProxyUrl {
  host: string;
  port: number;
  protocol: string;
}

export interface ControlPlane {
  id: string;
  name: string;
  description: string;
  labels: Record<string, string>;
  config: {
    control_plane_endpoint: string;
    telemetry_endpoint: string;
    cluster_type: 'CLUSTER_TYPE_CONTROL_PLANE';
    auth_type: 'pinned_client_certs';
    cloud_gateway: boolean;
    proxy_urls: ProxyUrl[];
  };
  created_at: string;
  updated_at: string;
}

// ---------------------------------------------------------------- control-plane config v2 (core entities)

export interface ForeignKey {
  id: string;
}

/** Core entities carry unix-second timestamps, unlike the ISO strings of the other APIs. */
export interface Service {
  id: string;
  name: string | null;
  host: string;
  port: number;
  protocol: string;
  path: string | null;
  enabled: boolean;
  tags: string[] | null;
  connect_timeout: number;
  read_timeout: number;
  write_timeout: number;
  retries: number;
  created_at: number;
  updated_at: number;
}

export interface Route {
  id: string;
  name: string | null;
  paths: string[] | null;
  methods: string[] | null;
  hosts: string[] | null;
  protocols: string[];
  strip_path: boolean;
  preserve_host: boolean;
  service: ForeignKey | null;
  tags: string[] | null;
  created_at: number;
  updated_at: number;
}

export interface Plugin {
  id: string;
  name: string;
  instance_name: string | null;
  config: Record<string, unknown>;
  enabled: boolean;
  protocols: string[];
  tags: string[] | null;
  service: ForeignKey | null;
  route: ForeignKey | null;
  consumer: ForeignKey | null;
  created_at: number;
  updated_at: number;
}

/** Kong's Consumer: one of `username` or `custom_id` is required, each unique in the control plane. */
export interface Consumer {
  id: string;
  username: string | null;
  custom_id: string | null;
  tags: string[] | null;
  created_at: number;
  updated_at: number;
}

/** The core entities of one control plane, as a data plane would receive them. */
export interface CoreEntities {
  services: Service[];
  routes: Route[];
  plugins: Plugin[];
  consumers: Consumer[];
}

export function emptyCoreEntities(): CoreEntities {
  return { services: [], routes: [], plugins: [], consumers: [] };
}

// ---------------------------------------------------------------- Kong Identity v1

export interface AuthServer {
  id: string;
  name: string;
  description: string;
  audience: string;
  signing_algorithm: 'RS256' | 'RS384' | 'RS512' | 'PS256' | 'PS384' | 'PS512';
  issuer: string;
  metadata_uri: string;
  jwks_uri: string;
  labels: Record<string, string>;
  trusted_origins: string[];
  created_at: string;
  updated_at: string;
}

export interface Scope {
  id: string;
  name: string;
  description: string;
  default: boolean;
  include_in_metadata: boolean;
  enabled: boolean;
  created_at: string;
  updated_at: string;
}

export interface Claim {
  id: string;
  name: string;
  value: string;
  include_in_token: boolean;
  include_in_all_scopes: boolean;
  include_in_scopes: string[];
  enabled: boolean;
  created_at: string;
  updated_at: string;
}

export interface Client {
  id: string;
  name: string;
  grant_types: ('client_credentials' | 'implicit')[];
  response_types: ('none' | 'token' | 'code' | 'id_token')[];
  redirect_uris: string[];
  login_uri: string | null;
  access_token_duration: number;
  id_token_duration: number;
  allow_all_scopes: boolean;
  allow_scopes: string[];
  labels: Record<string, string>;
  token_endpoint_auth_method: 'client_secret_post' | 'none';
  created_at: string;
  updated_at: string;
}

/** A client with the spec's default for every field a create or replace body may leave out. */
export function clientWithDefaults(id: string, createdAt: string, updatedAt: string = createdAt): Client {
  return {
    id,
    name: '',
    grant_types: [],
    response_types: [],
    redirect_uris: [],
    login_uri: null,
    access_token_duration: 300,
    id_token_duration: 300,
    allow_all_scopes: false,
    allow_scopes: [],
    labels: {},
    token_endpoint_auth_method: 'client_secret_post',
    created_at: createdAt,
    updated_at: updatedAt,
  };
}

/** A client secret as the list endpoint returns it: never the value. */
export interface ClientSecretInfo {
  id: string;
  enabled: boolean;
  created_at: string;
  updated_at: string;
}

export interface StoredClientSecret {
  info: ClientSecretInfo;
  /** Kept so the token endpoint can compare; Konnect stores only a hash, the emulator has no need to. */
  value: string;
}

export interface StoredClient {
  client: Client;
  secrets: StoredClientSecret[];
}

/** The signing key of an auth server's issuer; made on first use, since RSA key generation is slow. */
export interface SigningKey {
  kid: string;
  privateKey: webcrypto.CryptoKey;
  publicJwk: Record<string, unknown>;
}

export interface StoredAuthServer {
  authServer: AuthServer;
  /** The issuer's path segment that tells one auth server from another on the issuer port. */
  issuerSlug: string;
  scopes: Scope[];
  claims: Claim[];
  clients: StoredClient[];
  signingKey?: Promise<SigningKey>;
}

// ---------------------------------------------------------------- the store

interface StoredControlPlane {
  controlPlane: ControlPlane;
  entities: CoreEntities;
  /** Published configurations, oldest first: what a data plane sees lags behind by the propagation delay. */
  published: { at: number; entities: CoreEntities }[];
  /** Each plugin's current version and when it was first published (kept when older snapshots are dropped). */
  pluginVersions: Map<string, PluginPublication & { json: string }>;
}

/** A plugin's current version, and when the control plane first published it. */
export interface PluginPublication {
  id: string;
  name: string;
  publishedAt: number;
}

export function newId(): string {
  return randomUUID();
}

/** Client IDs look like Konnect's: 20 URL-safe characters. */
export function newClientId(): string {
  return randomBytes(15).toString('base64url');
}

export function newSecretValue(): string {
  return randomBytes(24).toString('base64url');
}

export function isoNow(): string {
  return new Date().toISOString();
}

export function unixNow(): number {
  return Math.floor(Date.now() / 1000);
}

export class Store {
  private readonly controlPlanes = new Map<string, StoredControlPlane>();
  private readonly authServers = new Map<string, StoredAuthServer>();

  /** `issuerOrigin` is the issuer port's origin, e.g. `http://127.0.0.1:40123`. */
  constructor(readonly issuerOrigin: string) {}

  // ---- control planes and their core entities

  addControlPlane(controlPlane: ControlPlane): void {
    this.controlPlanes.set(controlPlane.id, {
      controlPlane,
      entities: emptyCoreEntities(),
      published: [],
      pluginVersions: new Map(),
    });
    this.publish(controlPlane.id);
  }

  listControlPlanes(): ControlPlane[] {
    return [...this.controlPlanes.values()].map((stored) => stored.controlPlane);
  }

  getControlPlane(id: string): ControlPlane | undefined {
    return this.controlPlanes.get(id)?.controlPlane;
  }

  findControlPlaneByName(name: string): ControlPlane | undefined {
    return this.listControlPlanes().find((controlPlane) => controlPlane.name === name);
  }

  /** The live core entities of a control plane; handlers mutate them and then call `publish`. */
  entities(controlPlaneId: string): CoreEntities | undefined {
    return this.controlPlanes.get(controlPlaneId)?.entities;
  }

  /** Records the control plane's current configuration as published to its data planes. */
  publish(controlPlaneId: string, at: number = Date.now()): void {
    const stored = this.controlPlanes.get(controlPlaneId);
    if (!stored) return;
    stored.published.push({ at, entities: structuredClone(stored.entities) });
    const versions = new Map<string, PluginPublication & { json: string }>();
    for (const plugin of stored.entities.plugins) {
      const json = JSON.stringify(plugin);
      const known = stored.pluginVersions.get(plugin.id);
      versions.set(plugin.id, known?.json === json ? known : { id: plugin.id, name: plugin.name, publishedAt: at, json });
    }
    stored.pluginVersions = versions;
  }

  /** The plugins of the control plane's last published configuration, each with when its current version was first published. */
  pluginPublications(controlPlaneId: string): PluginPublication[] {
    const versions = this.controlPlanes.get(controlPlaneId)?.pluginVersions ?? new Map();
    return [...versions.values()].map(({ id, name, publishedAt }) => ({ id, name, publishedAt }));
  }

  /** What a data plane runs at `now`: the newest configuration published at least `propagationMs` ago. */
  dataPlaneConfig(controlPlaneId: string, propagationMs: number, now: number = Date.now()): CoreEntities {
    const stored = this.controlPlanes.get(controlPlaneId);
    const empty = emptyCoreEntities();
    if (!stored) return empty;
    const visible = stored.published.filter((entry) => entry.at + propagationMs <= now);
    // Older snapshots than the newest visible one can never be seen again.
    if (visible.length > 1) stored.published.splice(0, visible.length - 1);
    return visible.at(-1)?.entities ?? empty;
  }

  // ---- Kong Identity

  addAuthServer(stored: StoredAuthServer): void {
    this.authServers.set(stored.authServer.id, stored);
  }

  listAuthServers(): StoredAuthServer[] {
    return [...this.authServers.values()];
  }

  getAuthServer(id: string): StoredAuthServer | undefined {
    return this.authServers.get(id);
  }

  deleteAuthServer(id: string): boolean {
    return this.authServers.delete(id);
  }

  findAuthServerByIssuerSlug(slug: string): StoredAuthServer | undefined {
    return this.listAuthServers().find((stored) => stored.issuerSlug === slug);
  }

  /** Issuer URLs look like Konnect's `https://<random>.<region>.identity.konghq.com/auth`, on the issuer port. */
  issuerFor(issuerSlug: string): string {
    return `${this.issuerOrigin}/${issuerSlug}/auth`;
  }

  newAuthServer(fields: Pick<AuthServer, 'name' | 'audience'> & Partial<Omit<AuthServer, 'id' | 'issuer' | 'metadata_uri' | 'jwks_uri'>>): StoredAuthServer {
    const issuerSlug = randomBytes(5).toString('hex');
    const issuer = this.issuerFor(issuerSlug);
    const now = isoNow();
    return {
      authServer: {
        id: newId(),
        name: fields.name,
        description: fields.description ?? '',
        audience: fields.audience,
        signing_algorithm: fields.signing_algorithm ?? 'RS256',
        issuer,
        metadata_uri: `${issuer}/.well-known/openid-configuration`,
        jwks_uri: `${issuer}/.well-known/jwks`,
        labels: fields.labels ?? {},
        trusted_origins: fields.trusted_origins ?? [],
        created_at: now,
        updated_at: now,
      },
      issuerSlug,
      scopes: [],
      claims: [],
      clients: [],
    };
  }

  /** Everything, each entity as the API returns it: the body of `GET /_emulator/state`. */
  dump(): EmulatorStateDump {
    const all = [...this.controlPlanes.values()];
    const withControlPlane = <T>(pick: (entities: CoreEntities) => T[]) =>
      all.flatMap((stored) => pick(stored.entities).map((entity) => ({ ...entity, control_plane_id: stored.controlPlane.id })));
    return {
      controlPlanes: all.map((stored) => stored.controlPlane),
      services: withControlPlane((entities) => entities.services),
      routes: withControlPlane((entities) => entities.routes),
      plugins: withControlPlane((entities) => entities.plugins),
      consumers: withControlPlane((entities) => entities.consumers),
      authServers: this.listAuthServers().map((stored) => ({
        ...stored.authServer,
        scopes: stored.scopes,
        claims: stored.claims,
        clients: stored.clients.map((storedClient) => ({
          ...storedClient.client,
          secrets: storedClient.secrets.map((secret) => ({
            id: secret.info.id,
            enabled: secret.info.enabled,
            created_at: secret.info.created_at,
          })),
        })),
      })),
    };
  }
}

export interface EmulatorStateDump {
  controlPlanes: ControlPlane[];
  services: (Service & { control_plane_id: string })[];
  routes: (Route & { control_plane_id: string })[];
  plugins: (Plugin & { control_plane_id: string })[];
  consumers: (Consumer & { control_plane_id: string })[];
  authServers: (AuthServer & {
    scopes: Scope[];
    claims: Claim[];
    clients: (Client & { secrets: { id: string; enabled: boolean; created_at: string }[] })[];
  })[];
}
