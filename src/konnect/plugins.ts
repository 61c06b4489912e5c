import * as z from 'zod/mini';
import type { KonnectClient } from './client.js';
import { listCoreEntityPages } from './pages.js';
import { nameOrId, uuid } from './paths.js';

/** Core entities of a control plane: plugins, and the services and routes they attach to (control-planes-config-v2.yaml). */

const entityRef = z.object({ id: z.string() });
export type EntityRef = z.infer<typeof entityRef>;

/** Absent, null, or `type`: core entities send null for what is not set. */
const unset = <T extends z.core.$ZodType>(type: T) => z.exactOptional(z.nullable(type));

/**
 * A plugin, with every field it came with: a PUT replaces the whole plugin, so fields the action
 * does not know (Kong adds them: ordering, partials, …) must go back as they came.
 */
const pluginSchema = z.looseObject({
  id: z.string().check(z.minLength(1)),
  name: z.string(),
  config: z.record(z.string(), z.unknown()),
  enabled: unset(z.boolean()),
  protocols: unset(z.array(z.string())),
  tags: unset(z.array(z.string())),
  service: unset(entityRef),
  route: unset(entityRef),
  consumer: unset(entityRef),
  consumer_group: unset(entityRef),
  instance_name: unset(z.string()),
  created_at: unset(z.number()),
  updated_at: unset(z.number()),
});
export type Plugin = z.infer<typeof pluginSchema>;

/** A plugin as sent in a PUT: read-only fields left out. */
export type PluginBody = Omit<Plugin, 'id' | 'created_at' | 'updated_at'>;

const namedEntitySchema = z.object({ id: z.string().check(z.minLength(1)), name: unset(z.string()) });
export type NamedEntity = z.infer<typeof namedEntitySchema>;

const LIST_SIZE = 1000;

export function pluginsApi(konnect: KonnectClient, controlPlaneId: string) {
  const base = `/v2/control-planes/${uuid(controlPlaneId, 'control plane id')}/core-entities`;

  return {
    /**
     * Every plugin of this name on the control plane, whatever its scope: one page unless the
     * control plane holds over 1000 of them (pages follow `offset`, never the `next` URL).
     */
    listByName: (name: string): Promise<Plugin[]> =>
      listCoreEntityPages(konnect, `${base}/plugins`, pluginSchema, { 'filter[name][eq]': name, size: LIST_SIZE }, (plugin) => plugin.name === name),
    /** Creates or replaces the plugin with this id (200 either way); safe to repeat. */
    get: (id: string) => konnect.get(`${base}/plugins/${uuid(id, 'plugin id')}`, pluginSchema),
    put: (id: string, body: PluginBody) => konnect.put(`${base}/plugins/${uuid(id, 'plugin id')}`, body, pluginSchema),
    /** Konnect answers 204 whether or not it still exists. */
    delete: (id: string) => konnect.delete(`${base}/plugins/${uuid(id, 'plugin id')}`),
    /** By id or name (the API accepts either). */
    getService: (idOrName: string) => konnect.get(`${base}/services/${nameOrId(idOrName, 'service')}`, namedEntitySchema),
    getRoute: (idOrName: string) => konnect.get(`${base}/routes/${nameOrId(idOrName, 'route')}`, namedEntitySchema),
  };
}

export type PluginsApi = ReturnType<typeof pluginsApi>;
