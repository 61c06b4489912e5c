// Konnect Control Planes v2 (`control-planes-v2.yaml`): the list (filters, `labels`, sort, pages)
// and get by ID. Control planes are seeded (`seed.ts`); creating, updating and deleting them, and
// control-plane groups, are outside what the action uses and answer 501.
import { badRequest, notFound } from '../api/errors.js';
import { labelsMatch, platformList, type PlatformListSpec } from '../api/lists.js';
import { ok, param, type ApiRequest, type Operations } from '../api/types.js';
import type { EmulatorReply } from '../http/types.js';
import type { ControlPlane } from '../store.js';

const controlPlaneList: PlatformListSpec<ControlPlane> = {
  filters: {
    name: { kind: 'string', ops: ['eq', 'neq', 'contains'], get: (cp) => cp.name },
    id: { kind: 'string', ops: ['eq', 'oeq'], get: (cp) => cp.id },
    cluster_type: { kind: 'string', ops: ['eq', 'neq', 'oeq'], get: (cp) => cp.config.cluster_type },
    cloud_gateway: { kind: 'boolean', get: (cp) => cp.config.cloud_gateway },
  },
  sortable: ['created_at'],
};

function listControlPlanes(request: ApiRequest): EmulatorReply {
  let controlPlanes = request.ctx.store.listControlPlanes();
  // `labels=key:value` (the spec's FilterByLabels), a plain parameter beside `filter[…]`.
  const labels = request.query.get('labels');
  if (labels !== null && labels !== '') {
    if (!/^[^:,]+(:[^,]*)?$/.test(labels)) {
      return badRequest([{ field: 'labels', rule: 'invalid', source: 'query', reason: 'must be key or key:value' }]);
    }
    controlPlanes = controlPlanes.filter((cp) => labelsMatch(cp.labels, labels));
  }
  return platformList(request, controlPlanes, controlPlaneList);
}

function getControlPlane(request: ApiRequest): EmulatorReply {
  const id = param(request, 'controlPlaneId');
  const controlPlane = request.ctx.store.getControlPlane(id);
  return controlPlane ? ok(controlPlane) : notFound(`Control plane [${id}] not found`);
}

export const controlPlaneOperations: Operations = {
  'list-control-planes': listControlPlanes,
  'get-control-plane': getControlPlane,
};
