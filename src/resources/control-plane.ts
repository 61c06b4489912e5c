import { controlPlanesApi, findControlPlane } from '../konnect/control-planes.js';
import { apiName } from '../konnect/region.js';
import { define } from './registry.js';

/** The control plane the plugin goes on: found by its exact name, never changed. */
export const controlPlane = define({
  key: 'controlPlane',
  phase: 'control plane',
  row: 'control plane',
  find: {
    needs: [],
    run: (ctx) => findControlPlane(controlPlanesApi(ctx.konnect), ctx.config.controlPlaneName, apiName(ctx.config.apiBaseUrl)),
  },
  apply: { needs: [], run: async (_ctx, found) => found.controlPlane },
  plan: (_ctx, found) => [{ kind: 'control plane', name: found.controlPlane.name, action: 'found', id: found.controlPlane.id, changes: [] }],
});
