import { segment, type KonnectClient } from './client.js';
import { KonnectApiError } from './errors.js';

/** Consumers of a control plane (control-planes-config-v2.yaml, `core-entities/consumers`). */

export interface Consumer {
  id: string;
  username?: string | null;
  custom_id?: string | null;
  tags?: string[] | null;
  created_at?: number | null;
  updated_at?: number | null;
}

export type ConsumerBody = Pick<Consumer, 'username' | 'custom_id' | 'tags'>;

export function consumersApi(konnect: KonnectClient, controlPlaneId: string) {
  const base = `/v2/control-planes/${segment(controlPlaneId)}/core-entities/consumers`;
  return {
    /**
     * The Consumer with this username (`consumers/{username_or_id}`), or undefined. A username that
     * looks like an id would be read as one: an answer of another username counts as none.
     */
    getByUsername: async (username: string): Promise<Consumer | undefined> => {
      try {
        const consumer = await konnect.get<Consumer>(`${base}/${segment(username)}`);
        return consumer.username === username ? consumer : undefined;
      } catch (error) {
        if (error instanceof KonnectApiError && error.status === 404) return undefined;
        throw error;
      }
    },
    /** Creates or replaces the Consumer with this id (200 either way); safe to repeat. */
    put: (id: string, body: ConsumerBody) => konnect.put<Consumer>(`${base}/${segment(id)}`, body),
    /** Konnect answers 204 whether or not it still exists. */
    delete: (id: string) => konnect.delete(`${base}/${segment(id)}`),
  };
}

export type ConsumersApi = ReturnType<typeof consumersApi>;
