import { segment, type KonnectClient } from './client.js';

/** Core entities of a control plane: plugins, and the services and routes they attach to (control-planes-config-v2.yaml). */

export interface EntityRef {
  id: string;
}

export interface Plugin {
  id: string;
  name: string;
  config: Record<string, unknown>;
  enabled?: boolean | null;
  protocols?: string[] | null;
  tags?: string[] | null;
  service?: EntityRef | null;
  route?: EntityRef | null;
  consumer?: EntityRef | null;
  consumer_group?: EntityRef | null;
  instance_name?: string | null;
  created_at?: number | null;
  updated_at?: number | null;
  [other: string]: unknown;
}

/** A plugin as sent in a PUT: read-only fields left out. */
export type PluginBody = Omit<Plugin, 'id' | 'created_at' | 'updated_at'>;

export interface NamedEntity {
  id: string;
  name?: string | null;
}

interface ListPage<T> {
  data: T[];
  offset?: string | null;
}

const LIST_SIZE = 1000;

export function pluginsApi(konnect: KonnectClient, controlPlaneId: string) {
  const base = `/v2/control-planes/${segment(controlPlaneId)}/core-entities`;

  return {
    /**
     * Every plugin of this name on the control plane, whatever its scope: one page unless the
     * control plane holds over 1000 of them (pages follow `offset`, never the `next` URL).
     */
    listByName: async (name: string): Promise<Plugin[]> => {
      const plugins: Plugin[] = [];
      let offset: string | undefined;
      do {
        const page = await konnect.get<ListPage<Plugin>>(`${base}/plugins`, { 'filter[name][eq]': name, size: LIST_SIZE, offset });
        plugins.push(...(page.data ?? []).filter((plugin) => plugin.name === name));
        offset = page.offset ?? undefined;
      } while (offset);
      return plugins;
    },
    /** Creates or replaces the plugin with this id (200 either way); safe to repeat. */
    put: (id: string, body: PluginBody) => konnect.put<Plugin>(`${base}/plugins/${segment(id)}`, body),
    delete: (id: string) => konnect.delete(`${base}/plugins/${segment(id)}`),
    /** By id or name (the API accepts either). */
    getService: (idOrName: string) => konnect.get<NamedEntity>(`${base}/services/${segment(idOrName)}`),
    getRoute: (idOrName: string) => konnect.get<NamedEntity>(`${base}/routes/${segment(idOrName)}`),
  };
}

export type PluginsApi = ReturnType<typeof pluginsApi>;
