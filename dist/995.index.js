export const id = 995;
export const ids = [995];
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
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .debug */ .Yz(`${label} -> ${response ? response.status : ((0,_retry_js__WEBPACK_IMPORTED_MODULE_4__/* .errorCode */ .CA)(failure) ?? 'error')} in ${elapsed} ms`);
        if (response === undefined && req.signal.aborted)
            throw new _request_interrupted_js__WEBPACK_IMPORTED_MODULE_3__/* .RequestInterruptedError */ .w(label, lastFailure, 'in flight', req.signal.reason);
        const reason = response ? retryReasonForStatus(response, options.idempotent) : retryReasonForError(failure, options.idempotent);
        if (reason === undefined || attempt >= policy.maxAttempts || req.signal.aborted) {
            if (response)
                return response;
            throw failure;
        }
        lastFailure = reason;
        const delay = (0,_retry_js__WEBPACK_IMPORTED_MODULE_4__/* .retryDelayMs */ .qO)(attempt, policy, response ? (0,_retry_js__WEBPACK_IMPORTED_MODULE_4__/* .parseRetryAfter */ .mu)(response.headers['retry-after']) : undefined);
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
    if (!(0,_retry_js__WEBPACK_IMPORTED_MODULE_4__/* .isRetryableStatus */ .PS)(response.status))
        return undefined;
    // A 429 means the server refused to act, so even a create is safe to repeat.
    if (!idempotent && response.status !== 429)
        return undefined;
    const retryAfter = response.headers['retry-after'];
    return `HTTP ${response.status}${retryAfter ? ` (Retry-After: ${retryAfter})` : ''}`;
}
function retryReasonForError(error, idempotent) {
    if (!(0,_retry_js__WEBPACK_IMPORTED_MODULE_4__/* .isTransientNetworkError */ .l)(error))
        return undefined;
    if (!idempotent && !(0,_retry_js__WEBPACK_IMPORTED_MODULE_4__/* .wasNeverSent */ .CR)(error))
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

// UNUSED EXPORTS: formatQuery

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
// EXTERNAL MODULE: ./lib/http/url.js
var url = __webpack_require__(4609);
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
            throw new errors/* KonnectApiError */.XK(method, target, response.status, `redirect to ${describeLocation(response.headers['location'], this.options.baseUrl)} not followed`);
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
/** A redirect's target for a message: without userinfo or query, which could carry a credential. */
function describeLocation(location, baseUrl) {
    if (location === undefined)
        return '?';
    return URL.canParse(location, baseUrl) ? (0,url/* displayUrl */.Qy)(new URL(location, baseUrl)) : '(not a URL)';
}
/** A path segment from an id or name. */
function segment(value) {
    return encodeURIComponent(value);
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

/***/ 8422:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   K: () => (/* binding */ createOrAdopt),
/* harmony export */   g: () => (/* binding */ mayHaveBeenCreated)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6421);
/* harmony import */ var _konnect_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1663);
/* harmony import */ var _secrets_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(150);



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
            // Konnect's words can quote the request (a client secret among them).
            const reason = (0,_secrets_js__WEBPACK_IMPORTED_MODULE_2__/* .redact */ .E)(error instanceof Error ? error.message : String(error));
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

/***/ 3626:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Vd: () => (/* binding */ obtainWorkingCredentials),
/* harmony export */   sZ: () => (/* binding */ oldestFirst),
/* harmony export */   xk: () => (/* binding */ chooseSecretStrategy)
/* harmony export */ });
/* unused harmony exports ACTIVE_SECRET_LIMIT, secretToEvict, secretsToRetire */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6421);
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8500);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(452);
/* harmony import */ var _konnect_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1663);
/* harmony import */ var _secrets_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(150);
/* harmony import */ var _adopt_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(8422);






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
    const pause = pauseOf(ctx);
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
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq((0,_secrets_js__WEBPACK_IMPORTED_MODULE_4__/* .redact */ .E)(`Client "${ctx.clientName}" does not accept client-secret (${first.reason}); installing it as a client secret.`));
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
        if (secret === undefined) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionError */ .lZ(`Konnect created client secret ${created.id} for client "${ctx.clientName}" but did not return its value.`, {
                hint: 'Run the action again (the next rotation deletes that secret); if it persists, report it to Kong support.',
            });
        }
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
    const pause = pauseOf(ctx);
    const evictedIds = [];
    let refusedWithRoom = 0;
    for (let attempt = 1;; attempt += 1) {
        try {
            const created = await (0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .inStep */ .qg)(`create a secret for client "${ctx.clientName}"`, () => ctx.api.createClientSecret(ctx.authServerId, ctx.clientId, value));
            return { created, evictedIds };
        }
        catch (error) {
            const cause = error instanceof Error ? error.cause : undefined;
            if ((0,_adopt_js__WEBPACK_IMPORTED_MODULE_5__/* .mayHaveBeenCreated */ .g)(cause) && attempt < SECRET_CREATE_ATTEMPTS) {
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
function pauseOf(ctx) {
    return ctx.pause ?? ((ms) => (0,node_timers_promises__WEBPACK_IMPORTED_MODULE_1__.setTimeout)(ms));
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


/***/ })

};
