// What a fresh emulator holds: the how-to's prerequisites. A `quickstart` control plane with
// `example-service` (upstream httpbin.konghq.com/anything, which the data-plane proxy answers itself
// as a built-in echo) and `example-route` (path /anything). Its `proxy_urls` point at the emulator's
// proxy port, so the action can default its gateway URL from them as it would on Konnect.
import { randomBytes, randomUUID } from 'node:crypto';
import { isoNow, unixNow, type ControlPlane, type Route, type Service, type Store } from './store.js';

export interface SeededQuickstart {
  controlPlane: ControlPlane;
  service: Service;
  route: Route;
}

/** Adds an empty control plane as Konnect's create call would leave it. */
export function addControlPlane(store: Store, name: string, proxyOrigin: string, labels: Record<string, string> = {}): ControlPlane {
  const proxy = new URL(proxyOrigin);
  const endpointId = randomBytes(5).toString('hex');
  const now = isoNow();
  const controlPlane: ControlPlane = {
    id: randomUUID(),
    name,
    description: '',
    labels,
    config: {
      control_plane_endpoint: `https://${endpointId}.us.cp.konghq.com`,
      telemetry_endpoint: `https://${endpointId}.us.tp.konghq.com`,
      cluster_type: 'CLUSTER_TYPE_CONTROL_PLANE',
      auth_type: 'pinned_client_certs',
      cloud_gateway: false,
      proxy_urls: [{ host: proxy.hostname, port: Number(proxy.port), protocol: proxy.protocol.replace(/:$/, '') }],
    },
    created_at: now,
    updated_at: now,
  };
  store.addControlPlane(controlPlane);
  return controlPlane;
}

export function seedQuickstart(store: Store, proxyOrigin: string): SeededQuickstart {
  const controlPlane = addControlPlane(store, 'quickstart', proxyOrigin);
  const now = unixNow();
  const service: Service = {
    id: randomUUID(),
    name: 'example-service',
    host: 'httpbin.konghq.com',
    port: 80,
    protocol: 'http',
    path: '/anything',
    enabled: true,
    tags: null,
    connect_timeout: 60000,
    read_timeout: 60000,
    write_timeout: 60000,
    retries: 5,
    created_at: now,
    updated_at: now,
  };
  const route: Route = {
    id: randomUUID(),
    name: 'example-route',
    paths: ['/anything'],
    methods: null,
    hosts: null,
    protocols: ['http', 'https'],
    strip_path: true,
    preserve_host: false,
    service: { id: service.id },
    tags: null,
    created_at: now,
    updated_at: now,
  };
  const entities = store.entities(controlPlane.id);
  if (!entities) throw new Error('emulator bug: the control plane just added is missing');
  entities.services.push(service);
  entities.routes.push(route);
  // Seeded state is what the data planes already run: published in the past, so no propagation wait.
  store.publish(controlPlane.id, 0);
  return { controlPlane, service, route };
}
