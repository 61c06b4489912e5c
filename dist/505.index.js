export const id = 505;
export const ids = [505];
export const modules = {

/***/ 5151:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   D: () => (/* binding */ findControlPlane),
/* harmony export */   r: () => (/* binding */ controlPlanesApi)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(452);

function controlPlanesApi(konnect) {
    return {
        findByName: async (name) => {
            // `eq`, not the how-to's `contains`, which matches "quickstart" and "quickstart-2" alike.
            const page = await konnect.get('/v2/control-planes', {
                'filter[name][eq]': name,
                'page[size]': 10,
            });
            return (page.data ?? []).filter((cp) => cp.name === name);
        },
    };
}
/** The one control plane named `name`; zero or several is an error that says what to do. */
async function findControlPlane(api, name) {
    return (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .inStep */ .qg)(`find control plane "${name}"`, () => onlyMatch(api, name));
}
async function onlyMatch(api, name) {
    const matches = await api.findByName(name);
    const [only] = matches;
    if (matches.length === 1 && only)
        return only;
    if (matches.length === 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ(`No control plane is named "${name}" in this region.`, {
            hint: 'Check control-plane-name (exact, case-sensitive) and region / api-url.',
        });
    }
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ(`${matches.length} control planes are named "${name}" (ids ${matches.map((cp) => cp.id).join(', ')}).`, {
        hint: 'control-plane-name must identify one control plane: rename all but one of them in Konnect, then run again.',
    });
}


/***/ }),

/***/ 4410:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   V: () => (/* binding */ pluginsApi)
/* harmony export */ });
/* harmony import */ var _client_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7985);

const LIST_SIZE = 1000;
function pluginsApi(konnect, controlPlaneId) {
    const base = `/v2/control-planes/${(0,_client_js__WEBPACK_IMPORTED_MODULE_0__/* .segment */ .mX)(controlPlaneId)}/core-entities`;
    return {
        /**
         * Every plugin of this name on the control plane, whatever its scope: one page unless the
         * control plane holds over 1000 of them (pages follow `offset`, never the `next` URL).
         */
        listByName: async (name) => {
            const plugins = [];
            let offset;
            do {
                const page = await konnect.get(`${base}/plugins`, { 'filter[name][eq]': name, size: LIST_SIZE, offset });
                plugins.push(...(page.data ?? []).filter((plugin) => plugin.name === name));
                offset = page.offset ?? undefined;
            } while (offset);
            return plugins;
        },
        /** Creates or replaces the plugin with this id (200 either way); safe to repeat. */
        put: (id, body) => konnect.put(`${base}/plugins/${(0,_client_js__WEBPACK_IMPORTED_MODULE_0__/* .segment */ .mX)(id)}`, body),
        /** By id or name (the API accepts either). */
        getService: (idOrName) => konnect.get(`${base}/services/${(0,_client_js__WEBPACK_IMPORTED_MODULE_0__/* .segment */ .mX)(idOrName)}`),
        getRoute: (idOrName) => konnect.get(`${base}/routes/${(0,_client_js__WEBPACK_IMPORTED_MODULE_0__/* .segment */ .mX)(idOrName)}`),
    };
}


/***/ }),

/***/ 1542:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DI: () => (/* binding */ planAuthServer),
/* harmony export */   P8: () => (/* binding */ findAuthServer),
/* harmony export */   Y_: () => (/* binding */ applyAuthServer)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(452);
/* harmony import */ var _adopt_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8422);
/* harmony import */ var _plan_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6993);



/** Compared fields: audience, and description when given. */
function planAuthServer(desired, existing) {
    const fields = { audience: desired.audience };
    if (desired.description !== undefined)
        fields['description'] = desired.description;
    return (0,_plan_js__WEBPACK_IMPORTED_MODULE_2__/* .planFields */ .tF)(fields, existing);
}
/** Auth server names are unique per org and region, so there is at most one. */
async function findAuthServer(api, name) {
    return (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .inStep */ .qg)(`look up auth server "${name}"`, async () => (await api.findAuthServers(name))[0]);
}
async function applyAuthServer(api, desired, existing) {
    if (existing === undefined) {
        const { resource, adopted } = await (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .inStep */ .qg)(`create auth server "${desired.name}"`, () => (0,_adopt_js__WEBPACK_IMPORTED_MODULE_1__/* .createOrAdopt */ .K)(`auth server "${desired.name}"`, () => api.createAuthServer({
            name: desired.name,
            audience: desired.audience,
            ...(desired.description === undefined ? {} : { description: desired.description }),
            ...(desired.labels === undefined ? {} : { labels: desired.labels }),
        }), () => findAuthServer(api, desired.name)));
        if (!adopted)
            return { plan: planAuthServer(desired, undefined), resource, created: true };
        return applyAuthServer(api, desired, resource); // a concurrent run made it: converge it like any existing one
    }
    const plan = planAuthServer(desired, existing);
    if (plan.action === 'unchanged')
        return { plan, resource: existing, created: false };
    const updated = await (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .inStep */ .qg)(`update auth server "${desired.name}"`, () => api.updateAuthServer(existing.id, (0,_plan_js__WEBPACK_IMPORTED_MODULE_2__/* .patchFrom */ .z$)(plan)));
    return { plan, resource: updated, created: false };
}


/***/ }),

/***/ 9879:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BL: () => (/* binding */ removeDuplicateClaims),
/* harmony export */   BR: () => (/* binding */ findClaims),
/* harmony export */   GF: () => (/* binding */ planClaim),
/* harmony export */   vC: () => (/* binding */ desiredClaim),
/* harmony export */   y1: () => (/* binding */ applyClaims)
/* harmony export */ });
/* unused harmony export pickCanonicalClaim */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6421);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(452);
/* harmony import */ var _adopt_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8422);
/* harmony import */ var _plan_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6993);




/**
 * As in the how-to: a claim goes into the token when any of the action's scopes is requested
 * (include_in_scopes = those scopes' ids), and only then.
 */
function desiredClaim(claim, scopeIds) {
    return {
        name: claim.name,
        value: claim.value,
        include_in_token: true,
        include_in_all_scopes: false,
        include_in_scopes: [...scopeIds],
        enabled: true,
    };
}
function planClaim(desired, existing) {
    const { name: _name, ...fields } = desired;
    return existing === undefined
        ? (0,_plan_js__WEBPACK_IMPORTED_MODULE_3__/* .planFields */ .tF)({ ...desired }, undefined)
        : (0,_plan_js__WEBPACK_IMPORTED_MODULE_3__/* .planFields */ .tF)(fields, existing, ['include_in_scopes']);
}
/**
 * Claim names are not unique in Kong Identity: when several share a name, the action manages the
 * first one returned and says so.
 */
async function findClaims(api, authServerId, names) {
    const found = await Promise.all(names.map((name) => (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .inStep */ .qg)(`look up claim "${name}"`, async () => {
        const matches = await api.findClaims(authServerId, name);
        if (matches.length > 1)
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(`${matches.length} claims are named "${name}"; managing ${matches[0]?.id} and leaving the others.`);
        return matches[0];
    })));
    return new Map(found.flatMap((claim) => (claim ? [[claim.name, claim]] : [])));
}
async function applyClaim(api, authServerId, desired, existing) {
    const name = desired.name;
    if (existing === undefined) {
        const { resource, adopted } = await (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .inStep */ .qg)(`create claim "${name}"`, () => (0,_adopt_js__WEBPACK_IMPORTED_MODULE_2__/* .createOrAdopt */ .K)(`claim "${name}"`, () => api.createClaim(authServerId, desired), async () => (await api.findClaims(authServerId, name))[0]));
        if (!adopted)
            return { plan: planClaim(desired, undefined), resource, created: true };
        return applyClaim(api, authServerId, desired, resource);
    }
    const plan = planClaim(desired, existing);
    if (plan.action === 'unchanged')
        return { plan, resource: existing, created: false };
    const updated = await (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .inStep */ .qg)(`update claim "${name}"`, () => api.updateClaim(authServerId, existing.id, (0,_plan_js__WEBPACK_IMPORTED_MODULE_3__/* .patchFrom */ .z$)(plan)));
    return { plan, resource: updated, created: false };
}
async function applyClaims(api, authServerId, claims, scopeIds, existing) {
    return Promise.all(claims.map((claim) => applyClaim(api, authServerId, desiredClaim(claim, scopeIds), existing.get(claim.name))));
}
/**
 * Claim names are not unique, so concurrent first runs can each create the same claim. Every run
 * applies the same rule to the claims it created: the oldest claim of a name (then the smallest id)
 * is the one; a run whose claim is not it deletes its own. Runs beside the token request: duplicates
 * carry the same value, so the token is right either way. Returns the deleted ids (report.ts logs them).
 */
async function removeDuplicateClaims(api, authServerId, claims) {
    const created = claims.filter((claim) => claim.created).map((claim) => claim.resource);
    const deleted = await Promise.all(created.map(async (ours) => {
        const keeper = pickCanonicalClaim(await (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .inStep */ .qg)(`look up claim "${ours.name}"`, () => api.findClaims(authServerId, ours.name)));
        if (keeper === undefined || keeper.id === ours.id)
            return [];
        await (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .inStep */ .qg)(`delete duplicate claim "${ours.name}"`, () => api.deleteClaim(authServerId, ours.id));
        return [ours.id];
    }));
    return deleted.flat();
}
/** The claim every run agrees to keep among same-named ones: the oldest, then the smallest id. */
function pickCanonicalClaim(claims) {
    return [...claims].sort((a, b) => (a.created_at ?? '').localeCompare(b.created_at ?? '') || a.id.localeCompare(b.id))[0];
}


/***/ }),

/***/ 4853:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $r: () => (/* binding */ findClient),
/* harmony export */   HZ: () => (/* binding */ planClient),
/* harmony export */   e: () => (/* binding */ applyClient),
/* harmony export */   eX: () => (/* binding */ desiredClient)
/* harmony export */ });
/* unused harmony export newClientId */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(452);
/* harmony import */ var _adopt_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8422);
/* harmony import */ var _plan_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6993);




/** A machine client: client credentials at the token endpoint (client_secret_post), the action's scopes only. */
function desiredClient(name, scopeIds, tokenDurationSeconds) {
    return {
        name,
        grant_types: ['client_credentials'],
        response_types: ['token'],
        allow_all_scopes: false,
        allow_scopes: [...scopeIds],
        access_token_duration: tokenDurationSeconds,
        id_token_duration: tokenDurationSeconds,
        token_endpoint_auth_method: 'client_secret_post',
    };
}
const UNORDERED = ['grant_types', 'response_types', 'allow_scopes'];
function planClient(desired, existing) {
    if (existing === undefined)
        return (0,_plan_js__WEBPACK_IMPORTED_MODULE_3__/* .planFields */ .tF)({ ...desired }, undefined);
    const { name: _name, ...fields } = desired;
    return (0,_plan_js__WEBPACK_IMPORTED_MODULE_3__/* .planFields */ .tF)(fields, existing, UNORDERED);
}
/** Client names are unique per auth server. */
async function findClient(api, authServerId, name) {
    return (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .inStep */ .qg)(`look up client "${name}"`, async () => (await api.findClients(authServerId, name))[0]);
}
/** Client ids look like Konnect's own: 20 characters of [A-Za-z0-9_-]. */
function newClientId() {
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(15).toString('base64url');
}
/**
 * Creates the client or converges an existing one. With `secret` (the client-secret input) a new
 * client is created by PUT with a client id we choose and that secret: one request, safe to repeat,
 * and the client has exactly the secret the user keeps. Without it, a POST lets Konnect generate the
 * secret, returned this once.
 */
async function applyClient(api, authServerId, desired, existing, options = {}) {
    const name = desired.name;
    if (existing === undefined) {
        const labels = options.labels === undefined ? {} : { labels: options.labels };
        const secret = options.secret;
        const findExisting = () => findClient(api, authServerId, name);
        if (secret !== undefined) {
            const clientId = newClientId();
            const { resource, adopted } = await (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .inStep */ .qg)(`create client "${name}"`, () => (0,_adopt_js__WEBPACK_IMPORTED_MODULE_2__/* .createOrAdopt */ .K)(`client "${name}"`, () => api.putClient(authServerId, clientId, { ...desired, ...labels, client_secret: secret }), findExisting));
            if (!adopted)
                return { plan: planClient(desired, undefined), resource, created: true, creationSecret: secret };
            return applyClient(api, authServerId, desired, resource, options);
        }
        const { resource, adopted } = await (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .inStep */ .qg)(`create client "${name}"`, () => (0,_adopt_js__WEBPACK_IMPORTED_MODULE_2__/* .createOrAdopt */ .K)(`client "${name}"`, () => api.createClient(authServerId, { ...desired, ...labels }), findExisting));
        if (!adopted) {
            const { client_secret: creationSecret, ...client } = resource;
            return {
                plan: planClient(desired, undefined),
                resource: client,
                created: true,
                ...(creationSecret === undefined ? {} : { creationSecret }),
            };
        }
        return applyClient(api, authServerId, desired, resource, options);
    }
    const plan = planClient(desired, existing);
    if (plan.action === 'unchanged')
        return { plan, resource: existing, created: false };
    const updated = await (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .inStep */ .qg)(`update client "${name}"`, () => api.updateClient(authServerId, existing.id, (0,_plan_js__WEBPACK_IMPORTED_MODULE_3__/* .patchFrom */ .z$)(plan)));
    return { plan, resource: updated, created: false };
}


/***/ }),

/***/ 6993:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   eD: () => (/* binding */ formatChange),
/* harmony export */   tF: () => (/* binding */ planFields),
/* harmony export */   z$: () => (/* binding */ patchFrom)
/* harmony export */ });
/**
 * Plans: what one resource needs (create, update with field-level changes, or nothing), computed
 * by pure functions from the desired and the existing state. Apply steps and dry runs share them.
 */
/**
 * Compares each desired field with the existing resource. Fields listed in `unordered` are sets:
 * their order does not count as drift (scope ids, grant types).
 */
function planFields(desired, existing, unordered = []) {
    if (existing === undefined) {
        return { action: 'create', changes: Object.entries(desired).map(([field, to]) => ({ field, from: undefined, to })) };
    }
    const changes = [];
    for (const [field, to] of Object.entries(desired)) {
        const from = existing[field];
        const same = unordered.includes(field) ? sameSet(from, to) : sameValue(from, to);
        if (!same)
            changes.push({ field, from, to });
    }
    return changes.length === 0 ? { action: 'unchanged', changes } : { action: 'update', changes };
}
/** The changed fields with their desired values: the body of a PATCH. */
function patchFrom(plan) {
    return Object.fromEntries(plan.changes.map((change) => [change.field, change.to]));
}
function sameValue(a, b) {
    return JSON.stringify(normalize(a)) === JSON.stringify(normalize(b));
}
function sameSet(a, b) {
    if (!Array.isArray(a) || !Array.isArray(b))
        return sameValue(a, b);
    const sortedA = [...new Set(a.map((item) => JSON.stringify(normalize(item))))].sort();
    const sortedB = [...new Set(b.map((item) => JSON.stringify(normalize(item))))].sort();
    return sameValue(sortedA, sortedB);
}
/** Object keys sorted, so that key order never counts as a difference. */
function normalize(value) {
    if (Array.isArray(value))
        return value.map(normalize);
    if (value !== null && typeof value === 'object') {
        return Object.fromEntries(Object.keys(value)
            .sort()
            .map((key) => [key, normalize(value[key])]));
    }
    return value;
}
/** A short, log-safe rendering of a change: `audience: "a" -> "b"`. */
function formatChange(change) {
    const show = (value) => (value === undefined ? '(unset)' : JSON.stringify(value));
    return `${change.field}: ${show(change.from)} -> ${show(change.to)}`;
}


/***/ }),

/***/ 793:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Hl: () => (/* binding */ resolvePluginTarget),
/* harmony export */   IN: () => (/* binding */ listOidcPlugins),
/* harmony export */   OK: () => (/* binding */ applyPlugin),
/* harmony export */   b5: () => (/* binding */ planPlugin),
/* harmony export */   sV: () => (/* binding */ desiredPluginConfig),
/* harmony export */   xH: () => (/* binding */ pickPluginForTarget)
/* harmony export */ });
/* unused harmony exports PLUGIN_NAME, PLUGIN_TAG, pluginBody */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6421);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7598);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(452);
/* harmony import */ var _konnect_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1663);
/* harmony import */ var _plan_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6993);





const PLUGIN_NAME = 'openid-connect';
/** Marks the plugin as the action's, so `deck gateway sync --select-tag` can leave it alone. */
const PLUGIN_TAG = 'kong-identity-oidc-action';
function desiredPluginConfig(issuer, audience, consumerClaim) {
    return {
        issuer,
        auth_methods: ['bearer'],
        audience: [audience],
        audience_required: [audience],
        ...(consumerClaim === undefined ? {} : { consumer_claim: [consumerClaim] }),
    };
}
/** Looks the service and route up (by name or id) at once; a missing one names its input. */
async function resolvePluginTarget(api, target) {
    const lookup = async (kind, idOrName) => {
        if (idOrName === undefined)
            return undefined;
        return (0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .inStep */ .qg)(`look up ${kind} "${idOrName}"`, async () => {
            try {
                return await (kind === 'service' ? api.getService(idOrName) : api.getRoute(idOrName));
            }
            catch (error) {
                if (error instanceof _konnect_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .KonnectApiError */ .XK && error.status === 404) {
                    throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionError */ .lZ(`No ${kind} "${idOrName}" exists on the control plane.`, {
                        hint: `Check the ${kind} input: the name or id of a ${kind} on this control plane (or leave it empty to apply the plugin globally).`,
                    });
                }
                throw error;
            }
        });
    };
    const [service, route] = await Promise.all([lookup('service', target.service), lookup('route', target.route)]);
    const parts = [service ? `service "${target.service}"` : '', route ? `route "${target.route}"` : ''].filter(Boolean);
    return {
        ...(service ? { serviceId: service.id } : {}),
        ...(route ? { routeId: route.id } : {}),
        label: parts.length === 0 ? 'global' : parts.join(' + '),
    };
}
/**
 * The plugin on exactly this scope: same service and route, no consumer or consumer group. Kong
 * allows one per scope; should there be more, the action's tagged one wins.
 */
function pickPluginForTarget(plugins, target) {
    const onScope = plugins.filter((plugin) => plugin.name === PLUGIN_NAME &&
        (plugin.service?.id ?? undefined) === target.serviceId &&
        (plugin.route?.id ?? undefined) === target.routeId &&
        !plugin.consumer?.id &&
        !plugin.consumer_group?.id);
    return onScope.find((plugin) => plugin.tags?.includes(PLUGIN_TAG)) ?? onScope[0];
}
/** Compares only what the action owns: its config keys, `enabled`, and the presence of its tag. */
function planPlugin(desired, existing) {
    const wanted = { enabled: true };
    for (const [key, value] of Object.entries(desired))
        wanted[`config.${key}`] = value;
    if (existing === undefined)
        return (0,_plan_js__WEBPACK_IMPORTED_MODULE_4__/* .planFields */ .tF)({ ...wanted, tags: [PLUGIN_TAG] }, undefined);
    const current = { enabled: existing.enabled ?? true };
    for (const key of Object.keys(desired))
        current[`config.${key}`] = existing.config?.[key];
    const plan = (0,_plan_js__WEBPACK_IMPORTED_MODULE_4__/* .planFields */ .tF)(wanted, current, ['config.auth_methods']);
    const tags = existing.tags ?? [];
    if (!tags.includes(PLUGIN_TAG)) {
        plan.changes.push({ field: 'tags', from: tags, to: withActionTag(tags) });
        plan.action = 'update';
    }
    return plan;
}
/** `tags` with the action's tag added, if missing; the user's tags are kept. */
function withActionTag(tags) {
    return tags.includes(PLUGIN_TAG) ? [...tags] : [...tags, PLUGIN_TAG];
}
/** The PUT body: the existing plugin with the owned keys set, or a new plugin on the target. */
function pluginBody(desired, existing, target) {
    if (existing === undefined) {
        return {
            name: PLUGIN_NAME,
            config: { ...desired },
            enabled: true,
            tags: [PLUGIN_TAG],
            ...(target.serviceId === undefined ? {} : { service: { id: target.serviceId } }),
            ...(target.routeId === undefined ? {} : { route: { id: target.routeId } }),
        };
    }
    const { id: _id, created_at: _created, updated_at: _updated, ...rest } = existing;
    return {
        ...rest,
        config: { ...existing.config, ...desired },
        enabled: true,
        tags: withActionTag(existing.tags ?? []),
    };
}
/** Every openid-connect plugin of the control plane, whatever its scope (one filtered request). */
async function listOidcPlugins(api) {
    return (0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .inStep */ .qg)(`list the ${PLUGIN_NAME} plugins`, () => api.listByName(PLUGIN_NAME));
}
async function findPlugin(api, target) {
    return pickPluginForTarget(await listOidcPlugins(api), target);
}
/**
 * Creates or updates the plugin in place with a PUT by id (a new plugin gets a fresh id, so the
 * PUT is safe to repeat). Never a second plugin: if a concurrent run created one first, Kong
 * refuses ours with a unique-constraint 400, and the action updates theirs instead.
 */
async function applyPlugin(api, target, desired, existing) {
    const plan = planPlugin(desired, existing);
    if (existing !== undefined && plan.action === 'unchanged')
        return { plan, resource: existing, created: false };
    const verb = existing === undefined ? 'create' : 'update';
    try {
        const resource = await (0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .inStep */ .qg)(`${verb} the ${PLUGIN_NAME} plugin (${target.label})`, () => api.put(existing?.id ?? (0,node_crypto__WEBPACK_IMPORTED_MODULE_1__.randomUUID)(), pluginBody(desired, existing, target)));
        return { plan, resource, created: existing === undefined };
    }
    catch (error) {
        const cause = error instanceof Error ? error.cause : undefined;
        const lostRace = existing === undefined && cause instanceof _konnect_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .KonnectApiError */ .XK && cause.status === 400 && cause.mentions(/unique/i);
        if (!lostRace)
            throw error;
        const sibling = await findPlugin(api, target);
        if (sibling === undefined)
            throw error;
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`Another run created the ${PLUGIN_NAME} plugin (${target.label}) first; updating it instead.`);
        return applyPlugin(api, target, desired, sibling);
    }
}


/***/ }),

/***/ 3347:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ findScopes),
/* harmony export */   oE: () => (/* binding */ planScope),
/* harmony export */   wc: () => (/* binding */ applyScopes)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(452);
/* harmony import */ var _adopt_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8422);
/* harmony import */ var _plan_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6993);



/** The flags the action owns on each scope, as in the how-to. The description is set at creation only. */
const SCOPE_FLAGS = { default: false, include_in_metadata: false, enabled: true };
function desiredScope(name) {
    return { name, description: "Managed by kong-identity-oidc-action", ...SCOPE_FLAGS };
}
function planScope(name, existing) {
    if (existing === undefined)
        return (0,_plan_js__WEBPACK_IMPORTED_MODULE_2__/* .planFields */ .tF)({ ...desiredScope(name) }, undefined);
    return (0,_plan_js__WEBPACK_IMPORTED_MODULE_2__/* .planFields */ .tF)({ ...SCOPE_FLAGS }, existing);
}
/** Scope names are unique per auth server: one filtered lookup per name, all at once. */
async function findScopes(api, authServerId, names) {
    const found = await Promise.all(names.map((name) => (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .inStep */ .qg)(`look up scope "${name}"`, async () => (await api.findScopes(authServerId, name))[0])));
    return new Map(found.flatMap((scope) => (scope ? [[scope.name, scope]] : [])));
}
async function applyScope(api, authServerId, name, existing) {
    if (existing === undefined) {
        const { resource, adopted } = await (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .inStep */ .qg)(`create scope "${name}"`, () => (0,_adopt_js__WEBPACK_IMPORTED_MODULE_1__/* .createOrAdopt */ .K)(`scope "${name}"`, () => api.createScope(authServerId, desiredScope(name)), async () => (await api.findScopes(authServerId, name))[0]));
        if (!adopted)
            return { plan: planScope(name, undefined), resource, created: true };
        return applyScope(api, authServerId, name, resource);
    }
    const plan = planScope(name, existing);
    if (plan.action === 'unchanged')
        return { plan, resource: existing, created: false };
    const updated = await (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .inStep */ .qg)(`update scope "${name}"`, () => api.updateScope(authServerId, existing.id, (0,_plan_js__WEBPACK_IMPORTED_MODULE_2__/* .patchFrom */ .z$)(plan)));
    return { plan, resource: updated, created: false };
}
/** Creates or updates every scope at once; the result keeps the order of `names`. */
async function applyScopes(api, authServerId, names, existing) {
    return Promise.all(names.map((name) => applyScope(api, authServerId, name, existing.get(name))));
}


/***/ })

};
