export const id = 675;
export const ids = [675];
export const modules = {

/***/ 7718:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   H: () => (/* binding */ sendWithRetries)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6421);
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8500);
/* harmony import */ var _network_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(788);
/* harmony import */ var _request_interrupted_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7146);
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8394);





/**
 * Sends `req`, repeating it on 429/502/503/504 and on transient network failures, with backoff.
 * Returns the last response (any status) or throws the last network error; throws
 * RequestInterruptedError when the run's signal stops it.
 */
async function sendWithRetries(transport, req, options) {
    const { policy, label } = options;
    let lastFailure;
    for (let attempt = 1;; attempt += 1) {
        const started = performance.now();
        let response;
        let failure;
        try {
            response = options.limiter ? await options.limiter.run(() => transport.send(req)) : await transport.send(req);
        }
        catch (error) {
            failure = error;
        }
        const elapsed = Math.round(performance.now() - started);
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .debug */ .Yz(`${label} -> ${response ? response.status : ((0,_retry_js__WEBPACK_IMPORTED_MODULE_4__.errorCode)(failure) ?? 'error')} in ${elapsed} ms`);
        if (response === undefined && req.signal.aborted)
            throw new _request_interrupted_js__WEBPACK_IMPORTED_MODULE_3__/* .RequestInterruptedError */ .w(label, lastFailure, 'in flight', req.signal.reason);
        const reason = response ? retryReasonForStatus(response, options.idempotent) : retryReasonForError(failure, options.idempotent);
        if (reason === undefined || attempt >= policy.maxAttempts || req.signal.aborted) {
            if (response)
                return response;
            throw failure;
        }
        lastFailure = reason;
        const delay = (0,_retry_js__WEBPACK_IMPORTED_MODULE_4__.retryDelayMs)(attempt, policy, response ? (0,_retry_js__WEBPACK_IMPORTED_MODULE_4__.parseRetryAfter)(response.headers['retry-after']) : undefined);
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`Retrying ${label} in ${(delay / 1000).toFixed(1)} s (attempt ${attempt + 1} of ${policy.maxAttempts}): ${reason}`);
        try {
            await (0,node_timers_promises__WEBPACK_IMPORTED_MODULE_1__.setTimeout)(delay, undefined, { signal: req.signal });
        }
        catch {
            throw new _request_interrupted_js__WEBPACK_IMPORTED_MODULE_3__/* .RequestInterruptedError */ .w(label, lastFailure, 'backoff', req.signal.reason);
        }
    }
}
function retryReasonForStatus(response, idempotent) {
    if (!(0,_retry_js__WEBPACK_IMPORTED_MODULE_4__.isRetryableStatus)(response.status))
        return undefined;
    // A 429 means the server refused to act, so even a create is safe to repeat.
    if (!idempotent && response.status !== 429)
        return undefined;
    const retryAfter = response.headers['retry-after'];
    return `HTTP ${response.status}${retryAfter ? ` (Retry-After: ${retryAfter})` : ''}`;
}
function retryReasonForError(error, idempotent) {
    if (!(0,_retry_js__WEBPACK_IMPORTED_MODULE_4__.isTransientNetworkError)(error))
        return undefined;
    if (!idempotent && !(0,_retry_js__WEBPACK_IMPORTED_MODULE_4__.wasNeverSent)(error))
        return undefined;
    return (0,_network_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .describeNetworkError */ .g)(error);
}


/***/ }),

/***/ 7985:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Oz: () => (/* binding */ KonnectClient),
  mX: () => (/* binding */ segment)
});

// UNUSED EXPORTS: MAX_IN_FLIGHT, formatQuery

;// CONCATENATED MODULE: ./lib/http/semaphore.js
/** At most `limit` holders at a time; the others wait in arrival order. */
class Semaphore {
    limit;
    active = 0;
    waiting = [];
    constructor(limit) {
        this.limit = limit;
    }
    async run(work) {
        await this.acquire();
        try {
            return await work();
        }
        finally {
            this.release();
        }
    }
    acquire() {
        if (this.active < this.limit) {
            this.active += 1;
            return Promise.resolve();
        }
        return new Promise((resolve) => this.waiting.push(resolve));
    }
    release() {
        const next = this.waiting.shift();
        if (next)
            next(); // the slot passes straight to the next waiter
        else
            this.active -= 1;
    }
}

// EXTERNAL MODULE: ./lib/http/send-with-retries.js
var send_with_retries = __webpack_require__(7718);
// EXTERNAL MODULE: ./lib/konnect/errors.js
var errors = __webpack_require__(1663);
;// CONCATENATED MODULE: ./lib/konnect/client.js



/** Kong's own clients (kongctl, kong-operator) keep about 4 requests in flight; so do we. */
const MAX_IN_FLIGHT = 4;
const REQUEST_TIMEOUT_MS = 30_000;
/**
 * JSON over HTTP to the Konnect management API, with the bearer token, retries for requests that
 * are safe to repeat, and a cap on requests in flight. Errors become KonnectApiError.
 */
class KonnectClient {
    options;
    limiter = new Semaphore(MAX_IN_FLIGHT);
    constructor(options) {
        this.options = options;
    }
    get(path, query) {
        return this.request('GET', path, query);
    }
    post(path, body) {
        return this.request('POST', path, undefined, body);
    }
    put(path, body) {
        return this.request('PUT', path, undefined, body);
    }
    patch(path, body) {
        return this.request('PATCH', path, undefined, body);
    }
    async delete(path) {
        await this.request('DELETE', path);
    }
    async request(method, path, query, body) {
        const target = `${path}${formatQuery(query)}`;
        const label = `${method} ${target}`;
        let response;
        try {
            response = await (0,send_with_retries/* sendWithRetries */.H)(this.options.transport, {
                method,
                url: `${this.options.baseUrl}${target}`,
                headers: {
                    authorization: `Bearer ${this.options.token}`,
                    accept: 'application/json, application/problem+json',
                    ...(body === undefined ? {} : { 'content-type': 'application/json' }),
                },
                ...(body === undefined ? {} : { body: JSON.stringify(body) }),
                signal: this.options.signal,
                timeoutMs: REQUEST_TIMEOUT_MS,
            }, {
                policy: this.options.policy,
                // PATCH bodies here set absolute values, so repeating one is as harmless as a PUT.
                idempotent: method !== 'POST',
                label,
                limiter: this.limiter,
            });
        }
        catch (error) {
            if (this.options.signal.aborted)
                throw error;
            throw new errors/* KonnectUnreachableError */.ZS(method, target, error);
        }
        if (response.status >= 400)
            throw new errors/* KonnectApiError */.XK(method, target, response.status, response.text);
        if (response.status >= 300) {
            // Never followed: the token must not travel to another origin.
            throw new errors/* KonnectApiError */.XK(method, target, response.status, `redirect to ${response.headers['location'] ?? '?'} not followed`);
        }
        if (response.text.trim() === '')
            return undefined;
        try {
            return JSON.parse(response.text);
        }
        catch {
            throw new errors/* KonnectApiError */.XK(method, target, response.status, 'the response is not JSON');
        }
    }
}
/** `?filter[name][eq]=a%20b&page[size]=10`: deepObject keys stay readable, values are encoded. */
function formatQuery(query) {
    if (!query)
        return '';
    const pairs = Object.entries(query)
        .filter((entry) => entry[1] !== undefined)
        .map(([key, value]) => `${key}=${encodeURIComponent(String(value))}`);
    return pairs.length === 0 ? '' : `?${pairs.join('&')}`;
}
/** A path segment from an id or name. */
function segment(value) {
    return encodeURIComponent(value);
}


/***/ }),

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

/***/ 2670:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Z: () => (/* binding */ identityApi)
/* harmony export */ });
/* harmony import */ var _secrets_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(150);
/* harmony import */ var _client_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7985);


/** Enough for any exact-name match: names are unique per server for all but claims. */
const PAGE_SIZE = 100;
function byName(name) {
    return { 'filter[name][eq]': name, 'page[size]': PAGE_SIZE };
}
const authServers = '/v1/auth-servers';
const authServer = (id) => `${authServers}/${(0,_client_js__WEBPACK_IMPORTED_MODULE_1__/* .segment */ .mX)(id)}`;
const clientPath = (authServerId, clientId) => `${authServer(authServerId)}/clients/${(0,_client_js__WEBPACK_IMPORTED_MODULE_1__/* .segment */ .mX)(clientId)}`;
function identityApi(konnect) {
    // Server-side filters keep each lookup one request, however large the org. The exact-name check
    // after it guards against a filter that matches loosely (for example case-insensitively).
    const findByName = async (path, name) => {
        const page = await konnect.get(path, byName(name));
        return (page.data ?? []).filter((item) => item.name === name);
    };
    return {
        findAuthServers: (name) => findByName(authServers, name),
        createAuthServer: (body) => konnect.post(authServers, body),
        updateAuthServer: (id, patch) => konnect.patch(authServer(id), patch),
        findScopes: (authServerId, name) => findByName(`${authServer(authServerId)}/scopes`, name),
        createScope: (authServerId, body) => konnect.post(`${authServer(authServerId)}/scopes`, body),
        updateScope: (authServerId, id, patch) => konnect.patch(`${authServer(authServerId)}/scopes/${(0,_client_js__WEBPACK_IMPORTED_MODULE_1__/* .segment */ .mX)(id)}`, patch),
        findClaims: (authServerId, name) => findByName(`${authServer(authServerId)}/claims`, name),
        createClaim: (authServerId, body) => konnect.post(`${authServer(authServerId)}/claims`, body),
        updateClaim: (authServerId, id, patch) => konnect.patch(`${authServer(authServerId)}/claims/${(0,_client_js__WEBPACK_IMPORTED_MODULE_1__/* .segment */ .mX)(id)}`, patch),
        deleteClaim: (authServerId, id) => konnect.delete(`${authServer(authServerId)}/claims/${(0,_client_js__WEBPACK_IMPORTED_MODULE_1__/* .segment */ .mX)(id)}`),
        findClients: (authServerId, name) => findByName(`${authServer(authServerId)}/clients`, name),
        /** Konnect generates the id and the secret, and returns the secret this once (masked on arrival). */
        createClient: async (authServerId, body) => {
            const created = await konnect.post(`${authServer(authServerId)}/clients`, body);
            (0,_secrets_js__WEBPACK_IMPORTED_MODULE_0__/* .maskSecret */ .$)(created.client_secret);
            return created;
        },
        /** Creates (or replaces) the client with a caller-chosen id and secret; safe to repeat. */
        putClient: (authServerId, clientId, body) => konnect.put(clientPath(authServerId, clientId), body),
        updateClient: (authServerId, clientId, patch) => konnect.patch(clientPath(authServerId, clientId), patch),
        listClientSecrets: async (authServerId, clientId) => (await konnect.get(`${clientPath(authServerId, clientId)}/secrets`, { 'page[size]': PAGE_SIZE })).data ?? [],
        /** Without `secret`, Konnect generates one; either way the value is in this response only (masked on arrival). */
        createClientSecret: async (authServerId, clientId, secret) => {
            const created = await konnect.post(`${clientPath(authServerId, clientId)}/secrets`, {
                ...(secret === undefined ? {} : { secret }),
                enabled: true,
            });
            (0,_secrets_js__WEBPACK_IMPORTED_MODULE_0__/* .maskSecret */ .$)(created.secret);
            return created;
        },
        deleteClientSecret: (authServerId, clientId, secretId) => konnect.delete(`${clientPath(authServerId, clientId)}/secrets/${(0,_client_js__WEBPACK_IMPORTED_MODULE_1__/* .segment */ .mX)(secretId)}`),
    };
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

/***/ 8422:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   K: () => (/* binding */ createOrAdopt),
/* harmony export */   g: () => (/* binding */ mayHaveBeenCreated)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6421);
/* harmony import */ var _konnect_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1663);


/**
 * A create that may have succeeded although it reported failure: the response was lost (the
 * connection dropped after the server acted), the server erred mid-way, or a concurrent run created
 * the same name first (409). Then the resource is looked up by name and adopted; if it is not there,
 * the create is tried again. So a rerun, a retry or a sibling run never makes a duplicate.
 */
async function createOrAdopt(what, create, findExisting, attempts = 3) {
    for (let attempt = 1;; attempt += 1) {
        try {
            return { resource: await create(), adopted: false };
        }
        catch (error) {
            if (!mayHaveBeenCreated(error))
                throw error;
            const reason = error instanceof Error ? error.message : String(error);
            const existing = await findExisting();
            if (existing !== undefined) {
                const conflict = error instanceof _konnect_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .KonnectApiError */ .XK && error.status === 409;
                _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(conflict ? `Creating ${what}: another run created it meanwhile; using it.` : `Creating ${what} got no clear answer (${reason}), but it exists: using it.`);
                return { resource: existing, adopted: true };
            }
            if (attempt >= attempts)
                throw error;
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`Creating ${what} failed (${reason}) and it does not exist: trying again (attempt ${attempt + 1} of ${attempts}).`);
        }
    }
}
function mayHaveBeenCreated(error) {
    if (error instanceof _konnect_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .KonnectUnreachableError */ .ZS)
        return true;
    return error instanceof _konnect_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .KonnectApiError */ .XK && (error.status === 409 || error.status >= 500);
}


/***/ }),

/***/ 1542:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DI: () => (/* binding */ planAuthServer),
/* harmony export */   P8: () => (/* binding */ findAuthServer),
/* harmony export */   Y_: () => (/* binding */ applyAuthServer)
/* harmony export */ });
/* unused harmony export reconcileAuthServer */
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
/** Find by exact name, then create or update so it matches `desired`. */
async function reconcileAuthServer(api, desired) {
    return applyAuthServer(api, desired, await findAuthServer(api, desired.name));
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
 * is the one; a run whose claim is not it deletes its own. Runs beside the gateway check: duplicates
 * carry the same value, so the token is right either way. Returns the deleted ids.
 */
async function removeDuplicateClaims(api, authServerId, claims) {
    const created = claims.filter((claim) => claim.created).map((claim) => claim.resource);
    const deleted = await Promise.all(created.map(async (ours) => {
        const keeper = pickCanonicalClaim(await (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .inStep */ .qg)(`look up claim "${ours.name}"`, () => api.findClaims(authServerId, ours.name)));
        if (keeper === undefined || keeper.id === ours.id)
            return [];
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`Claim "${ours.name}" was also created by a concurrent run; keeping ${keeper.id} and deleting this run's ${ours.id}.`);
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

/***/ 3626:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Vd: () => (/* binding */ obtainWorkingCredentials),
/* harmony export */   dY: () => (/* binding */ secretReportAction),
/* harmony export */   xk: () => (/* binding */ chooseSecretStrategy)
/* harmony export */ });
/* unused harmony exports ACTIVE_SECRET_LIMIT, secretToEvict, secretsToRetire */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6421);
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8500);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(452);
/* harmony import */ var _konnect_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1663);
/* harmony import */ var _adopt_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8422);





/**
 * The one-time secret policy. Konnect shows a client secret only when it is created and allows at
 * most two active secrets per client, yet every run must hand out a secret that works:
 *
 * - client created by this run: the secret it was created with (the client-secret input, or the
 *   one Konnect generated);
 * - existing client, client-secret given: that secret, after checking it mints a token; if it does
 *   not, it is installed through the secrets API (evicting the oldest secret when two are active);
 * - existing client, no client-secret: rotate, as Kong's rotation guide does: create a secret, check
 *   it mints a token, then delete the secrets older than it (never the new one). A concurrent run's
 *   newer secret survives, so at most two stay active.
 */
const ACTIVE_SECRET_LIMIT = 2;
function chooseSecretStrategy(client, inputSecret) {
    if (client.created && client.creationSecret !== undefined)
        return { kind: 'use-creation-secret', secret: client.creationSecret };
    if (inputSecret !== undefined)
        return { kind: 'verify-input', secret: inputSecret };
    return { kind: 'rotate' };
}
/** How a summary row names what the policy does (or, in a dry run, would do). */
function secretReportAction(strategy, installed = false) {
    switch (strategy) {
        case 'use-creation-secret':
            return 'create';
        case 'verify-input':
            return installed ? 'install' : 'verify';
        case 'rotate':
            return 'rotate';
    }
}
/** The secret to delete to make room for one more, or undefined when there is room: the oldest active one not protected. */
function secretToEvict(secrets, protectedIds) {
    const active = secrets.filter((secret) => secret.enabled);
    if (active.length < ACTIVE_SECRET_LIMIT)
        return undefined;
    return oldestFirst(active.filter((secret) => !protectedIds.has(secret.id)))[0];
}
/** After a rotation: the active secrets created before `kept`. Newer ones (a concurrent run's) stay. */
function secretsToRetire(secrets, kept) {
    const keptAt = Date.parse(kept.created_at);
    return secrets.filter((secret) => secret.enabled && secret.id !== kept.id && Date.parse(secret.created_at) < keptAt);
}
function oldestFirst(secrets) {
    return [...secrets].sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at));
}
const nothingToRetire = async () => [];
const ROTATION_ATTEMPTS = 3;
const SECRET_CREATE_ATTEMPTS = 5;
async function obtainWorkingCredentials(ctx, strategy) {
    switch (strategy.kind) {
        case 'use-creation-secret': {
            const outcome = await mintPatiently(ctx, strategy.secret);
            if (!outcome.ok)
                throw refused(ctx, 'the secret it was just created with', outcome.reason);
            return { strategy: strategy.kind, secret: strategy.secret, token: outcome.token, retireOld: nothingToRetire };
        }
        case 'verify-input':
            return verifyOrInstallInput(ctx, strategy.secret);
        case 'rotate':
            return rotate(ctx);
    }
}
/** A new secret or client can take a moment to be accepted: retry a refusal a few times. */
async function mintPatiently(ctx, secret) {
    const pause = ctx.pause ?? ((ms) => (0,node_timers_promises__WEBPACK_IMPORTED_MODULE_1__.setTimeout)(ms));
    let outcome = await ctx.mint(secret);
    for (const delay of [500, 1000, 2000]) {
        if (outcome.ok)
            return outcome;
        await pause(delay);
        outcome = await ctx.mint(secret);
    }
    return outcome;
}
async function verifyOrInstallInput(ctx, secret) {
    const first = await ctx.mint(secret);
    if (first.ok)
        return { strategy: 'verify-input', secret, token: first.token, retireOld: nothingToRetire };
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`Client "${ctx.clientName}" does not accept client-secret (${first.reason}); installing it as a client secret.`);
    const { created: installed } = await createSecretMakingRoom(ctx, secret, new Set());
    const outcome = await mintPatiently(ctx, secret);
    if (!outcome.ok)
        throw refused(ctx, 'client-secret, although it was installed', outcome.reason);
    return { strategy: 'verify-input', secret, token: outcome.token, createdSecretId: installed.id, retireOld: nothingToRetire };
}
async function rotate(ctx) {
    const ours = new Set();
    const evicted = new Set();
    for (let attempt = 1; attempt <= ROTATION_ATTEMPTS; attempt += 1) {
        // Listing beside the create costs no round trip; the list is what retirement works from.
        const [made, listed] = await Promise.all([createSecretMakingRoom(ctx, undefined, ours), listSecrets(ctx)]);
        const created = made.created;
        ours.add(created.id);
        made.evictedIds.forEach((id) => evicted.add(id));
        const secret = created.secret;
        if (secret === undefined)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionError */ .lZ(`Konnect created client secret ${created.id} for client "${ctx.clientName}" but did not return its value.`);
        const outcome = await mintPatiently(ctx, secret);
        if (outcome.ok) {
            return {
                strategy: 'rotate',
                secret,
                token: outcome.token,
                createdSecretId: created.id,
                // The list may predate an eviction made to find room: that secret is gone already.
                retireOld: () => retire(ctx, secretsToRetire(listed, created).filter((secret) => !evicted.has(secret.id))),
            };
        }
        // A concurrent run may have deleted our fresh secret to make room for its own: make another.
        const stillThere = (await listSecrets(ctx)).some((item) => item.id === created.id);
        if (stillThere)
            throw refused(ctx, `its new secret ${created.id}`, outcome.reason);
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`The new secret of client "${ctx.clientName}" was deleted by a concurrent run; creating another (attempt ${attempt + 1}).`);
    }
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionError */ .lZ(`Could not keep a new secret on client "${ctx.clientName}": concurrent runs kept deleting it.`, {
        hint: 'Serialise runs for this client with a workflow `concurrency:` group.',
    });
}
/**
 * POSTs a secret (`value`, or generated when undefined). When the two-active-secrets limit refuses
 * it (403), deletes the oldest active secret not in `protectedIds` and tries again; returns the
 * secret and the ids it deleted to make room. When the
 * response is lost, it also tries again: an orphaned secret is only an older one, which the
 * limit's eviction or the rotation's retirement removes.
 */
async function createSecretMakingRoom(ctx, value, protectedIds) {
    const pause = ctx.pause ?? ((ms) => (0,node_timers_promises__WEBPACK_IMPORTED_MODULE_1__.setTimeout)(ms));
    const evictedIds = [];
    let refusedWithRoom = 0;
    for (let attempt = 1;; attempt += 1) {
        try {
            const created = await (0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .inStep */ .qg)(`create a secret for client "${ctx.clientName}"`, () => ctx.api.createClientSecret(ctx.authServerId, ctx.clientId, value));
            return { created, evictedIds };
        }
        catch (error) {
            const cause = error instanceof Error ? error.cause : undefined;
            if ((0,_adopt_js__WEBPACK_IMPORTED_MODULE_4__/* .mayHaveBeenCreated */ .g)(cause) && attempt < SECRET_CREATE_ATTEMPTS) {
                _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`Creating a secret for client "${ctx.clientName}" failed without a clear answer; trying again.`);
                continue;
            }
            if (!(cause instanceof _konnect_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .KonnectApiError */ .XK && cause.status === 403))
                throw error;
            const evict = secretToEvict(await listSecrets(ctx), protectedIds);
            if (evict === undefined) {
                // Room now: a concurrent run freed it meanwhile. Refused twice with room means no permission.
                refusedWithRoom += 1;
                if (refusedWithRoom >= 2 || attempt >= SECRET_CREATE_ATTEMPTS)
                    throw error;
            }
            else if (attempt >= SECRET_CREATE_ATTEMPTS) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionError */ .lZ(`Client "${ctx.clientName}" kept reaching its limit of ${ACTIVE_SECRET_LIMIT} active secrets: concurrent runs are rotating it.`, {
                    hint: 'Serialise runs for this client with a workflow `concurrency:` group.',
                });
            }
            else {
                _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`Client "${ctx.clientName}" has ${ACTIVE_SECRET_LIMIT} active secrets; deleting the oldest (${evict.id}, created ${evict.created_at}) to make room.`);
                await deleteSecret(ctx, evict.id);
                evictedIds.push(evict.id);
            }
            // Concurrent runs contend for the same room: a random pause keeps them from colliding again.
            if (attempt > 1)
                await pause(200 + Math.random() * 800);
        }
    }
}
function listSecrets(ctx) {
    return (0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .inStep */ .qg)(`list the secrets of client "${ctx.clientName}"`, () => ctx.api.listClientSecrets(ctx.authServerId, ctx.clientId));
}
async function deleteSecret(ctx, secretId) {
    await (0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .inStep */ .qg)(`delete secret ${secretId} of client "${ctx.clientName}"`, async () => {
        try {
            await ctx.api.deleteClientSecret(ctx.authServerId, ctx.clientId, secretId);
        }
        catch (error) {
            if (!(error instanceof _konnect_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .KonnectApiError */ .XK && error.status === 404))
                throw error; // already gone is fine
        }
    });
}
async function retire(ctx, secrets) {
    await Promise.all(secrets.map((secret) => deleteSecret(ctx, secret.id)));
    return secrets.map((secret) => secret.id);
}
function refused(ctx, which, reason) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionError */ .lZ(`The token endpoint refused client "${ctx.clientName}" (${ctx.clientId}) with ${which}: ${reason}.`, {
        hint: 'Check that the client is enabled for client_credentials; rerun without client-secret to rotate to a fresh secret.',
    });
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
/* unused harmony exports sameValue, sameSet */
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
/* unused harmony exports PLUGIN_NAME, PLUGIN_TAG, pluginBody, findPlugin */
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
        plan.changes.push({ field: 'tags', from: tags, to: [...tags, PLUGIN_TAG] });
        plan.action = 'update';
    }
    return plan;
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
    const tags = existing.tags ?? [];
    return {
        ...rest,
        config: { ...existing.config, ...desired },
        enabled: true,
        tags: tags.includes(PLUGIN_TAG) ? tags : [...tags, PLUGIN_TAG],
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
/* unused harmony exports desiredScope, reconcileScopes */
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
/** Lookups are skipped when the auth server was just created: it has no scopes yet. */
async function reconcileScopes(api, authServerId, names, options) {
    const existing = options.authServerCreated ? new Map() : await findScopes(api, authServerId, names);
    return applyScopes(api, authServerId, names, existing);
}


/***/ })

};
