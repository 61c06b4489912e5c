import * as z from 'zod/mini';
import type { KonnectClient } from './client.js';
import { KonnectApiError } from './errors.js';
import { nameOrId, uuid } from './paths.js';

/** Consumers of a control plane (control-planes-config-v2.yaml, `core-entities/consumers`). */

const unset = <T extends z.core.$ZodType>(type: T) => z.exactOptional(z.nullable(type));

const consumerSchema = z.object({
  id: z.string().check(z.minLength(1)),
  username: unset(z.string()),
  custom_id: unset(z.string()),
  tags: unset(z.array(z.string())),
  created_at: unset(z.number()),
  updated_at: unset(z.number()),
});
export type Consumer = z.infer<typeof consumerSchema>;

export interface ConsumerBody {
  username: string;
  custom_id: string;
  tags: string[];
}

export function consumersApi(konnect: KonnectClient, controlPlaneId: string) {
  const base = `/v2/control-planes/${uuid(controlPlaneId, 'control plane id')}/core-entities/consumers`;
  return {
    /**
     * The Consumer with this username (`consumers/{username_or_id}`), or undefined. A username that
     * looks like an id would be read as one: an answer of another username counts as none.
     */
    getByUsername: async (username: string): Promise<Consumer | undefined> => {
      try {
        const consumer = await konnect.get(`${base}/${nameOrId(username, 'Consumer username')}`, consumerSchema);
        return consumer.username === username ? consumer : undefined;
      } catch (error) {
        if (error instanceof KonnectApiError && error.status === 404) return undefined;
        throw error;
      }
    },
    /** Creates or replaces the Consumer with this id (200 either way); safe to repeat. */
    put: (id: string, body: ConsumerBody) => konnect.put(`${base}/${uuid(id, 'Consumer id')}`, body, consumerSchema),
    /** Konnect answers 204 whether or not it still exists. */
    delete: (id: string) => konnect.delete(`${base}/${uuid(id, 'Consumer id')}`),
  };
}

export type ConsumersApi = ReturnType<typeof consumersApi>;
