import * as z from 'zod/mini';
import type { KonnectClient } from './client.js';
import { listCoreEntityPages } from './pages.js';
import { konnectStatus } from './errors.js';
import { UUID_PATTERN, uuid } from './paths.js';

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
    /**
     * The services or routes with this id (a UUID, in the path) or this name (the list's
     * `filter[name][eq]`: an input's name never goes into a URL path).
     */
    findEntity: async (kind: 'services' | 'routes', idOrName: string): Promise<NamedEntity[]> => {
      if (UUID_PATTERN.test(idOrName)) {
        try {
          return [await konnect.get(`${base}/${kind}/${uuid(idOrName, kind === 'services' ? 'service id' : 'route id')}`, namedEntitySchema)];
        } catch (error) {
          if (konnectStatus(error) !== 404) throw error;
        }
      }
      return listCoreEntityPages(
        konnect,
        `${base}/${kind}`,
        namedEntitySchema,
        { 'filter[name][eq]': idOrName, size: 10 },
        (entity) => entity.name === idOrName,
      );
    },
  };
}

export type PluginsApi = ReturnType<typeof pluginsApi>;
