export const id = 310;
export const ids = [310];
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

/***/ 8074:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Z: () => (/* binding */ IssuerClient),
/* harmony export */   n: () => (/* binding */ issuerHint)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(452);
/* harmony import */ var _http_network_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(788);
/* harmony import */ var _http_send_with_retries_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7718);
/* harmony import */ var _http_url_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4609);




const REQUEST_TIMEOUT_MS = 30_000;
/**
 * HTTP to the auth server (the issuer): its metadata, its keys, its token endpoint. Unlike the
 * Konnect client it sends no Konnect token. Every URL must be https unless it is loopback.
 */
class IssuerClient {
    transport;
    policy;
    signal;
    constructor(transport, policy, signal) {
        this.transport = transport;
        this.policy = policy;
        this.signal = signal;
    }
    /** GETs a JSON document (discovery, JWKS); `what` names it in errors. */
    async getJson(url, what) {
        const target = (0,_http_url_js__WEBPACK_IMPORTED_MODULE_3__/* .requireSecureUrl */ .qp)(url, what);
        const label = `GET ${(0,_http_url_js__WEBPACK_IMPORTED_MODULE_3__/* .displayUrl */ .Qy)(target)}`;
        const response = await this.send({ method: 'GET', url: target.href, headers: { accept: 'application/json' } }, label, what);
        if (response.status !== 200) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ(`${label} (the ${what}) returned HTTP ${response.status}.`, { hint: issuerHint(response.status) });
        }
        try {
            return JSON.parse(response.text);
        }
        catch {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ(`The ${what} at ${(0,_http_url_js__WEBPACK_IMPORTED_MODULE_3__/* .displayUrl */ .Qy)(target)} is not JSON.`, {
                hint: 'Check that the issuer URL is the one Konnect reports for the auth server (the issuer-url output), and that no proxy answers in its place.',
            });
        }
    }
    /** POSTs a form; repeating it is harmless (a token request has no lasting effect). */
    async postForm(url, what, form) {
        const target = (0,_http_url_js__WEBPACK_IMPORTED_MODULE_3__/* .requireSecureUrl */ .qp)(url, what);
        return this.send({
            method: 'POST',
            url: target.href,
            headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
            body: new URLSearchParams(form).toString(),
        }, `POST ${(0,_http_url_js__WEBPACK_IMPORTED_MODULE_3__/* .displayUrl */ .Qy)(target)}`, what);
    }
    async send(req, label, what) {
        try {
            return await (0,_http_send_with_retries_js__WEBPACK_IMPORTED_MODULE_2__/* .sendWithRetries */ .H)(this.transport, { ...req, signal: this.signal, timeoutMs: REQUEST_TIMEOUT_MS }, { policy: this.policy, idempotent: true, label });
        }
        catch (error) {
            if (this.signal.aborted)
                throw error;
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ(`${label} (the ${what}) failed: ${(0,_http_network_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .describeNetworkError */ .g)(error)}`, {
                cause: error,
                hint: 'Check that the runner reaches the issuer (HTTPS_PROXY and NO_PROXY), then run again; retry-max-attempts allows more attempts.',
            });
        }
    }
}
/** What to do when the issuer answers `status` where 200 was expected. */
function issuerHint(status) {
    if (status === 429 || status >= 500)
        return 'The auth server is throttling or unavailable: run again later, or raise retry-max-attempts.';
    if (status >= 300 && status < 400)
        return 'The action never follows redirects from the issuer: the issuer URL Konnect reports must serve its endpoints itself.';
    return 'Check that the auth server exists and its issuer URL is reachable from the runner.';
}


/***/ }),

/***/ 3310:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createIssuerRuntime: () => (/* binding */ createIssuerRuntime),
  createRuntime: () => (/* binding */ createRuntime)
});

// EXTERNAL MODULE: ./lib/http/retry.js
var retry = __webpack_require__(8394);
// EXTERNAL MODULE: ./node_modules/undici/index.js
var undici = __webpack_require__(6752);
// EXTERNAL MODULE: ./lib/errors.js
var errors = __webpack_require__(452);
// EXTERNAL MODULE: ./lib/secrets.js
var secrets = __webpack_require__(150);
;// CONCATENATED MODULE: ./lib/http/transport.js



class Transport {
    dispatcher;
    constructor() {
        checkProxyVariables(process.env);
        this.dispatcher = new undici.EnvHttpProxyAgent({ connect: { timeout: 10_000 } });
    }
    async send(req) {
        const timeout = AbortSignal.timeout(req.timeoutMs);
        try {
            const response = await (0,undici.request)(req.url, {
                method: req.method,
                ...(req.headers === undefined ? {} : { headers: req.headers }),
                ...(req.body === undefined ? {} : { body: req.body }),
                signal: AbortSignal.any([req.signal, timeout]),
                headersTimeout: req.timeoutMs,
                bodyTimeout: req.timeoutMs,
                dispatcher: this.dispatcher,
            });
            const text = await response.body.text();
            const headers = {};
            for (const [name, value] of Object.entries(response.headers)) {
                headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
            }
            return { status: response.statusCode, headers, text };
        }
        catch (error) {
            // A per-request timeout is a transient failure (retryable); the run's own abort is not.
            if (req.signal.aborted)
                throw req.signal.reason ?? error;
            if (timeout.aborted)
                throw new RequestTimeoutError(req.timeoutMs, error);
            throw error;
        }
    }
    /** Closes idle keep-alive sockets so the process can exit promptly. */
    async close() {
        await this.dispatcher.close();
    }
}
/**
 * The proxy variables undici will read, as it reads them (lower case first). A malformed one would
 * otherwise crash the agent's constructor with a stack trace; the value is not echoed, since a
 * proxy URL can carry credentials, and a proxy password is masked like the action's own secrets.
 */
function checkProxyVariables(env) {
    for (const [lower, upper] of [['https_proxy', 'HTTPS_PROXY'], ['http_proxy', 'HTTP_PROXY']]) {
        const name = env[lower] !== undefined ? lower : upper;
        const value = env[name];
        if (!value)
            continue;
        const url = URL.canParse(value) ? new URL(value) : undefined;
        if (url === undefined || !/^(https?|socks5?):$/.test(url.protocol)) {
            throw new errors/* ActionError */.lZ(`The ${name} environment variable is not a proxy URL.`, {
                hint: `Set ${name} to a URL such as http://proxy.example.com:3128 (with credentials: http://user:password@proxy.example.com:3128), or unset it.`,
            });
        }
        if (url.password)
            maskProxyPassword(url.password);
    }
}
/** Masks the password as written in the URL and as sent to the proxy (percent-decoded). */
function maskProxyPassword(encoded) {
    (0,secrets/* maskSecret */.$)(encoded);
    try {
        (0,secrets/* maskSecret */.$)(decodeURIComponent(encoded));
    }
    catch {
        // a malformed %-escape: undici sends it as written, which is masked already
    }
}
/** A single request took longer than its bound. Carries ETIMEDOUT so the retry policy sees it as transient. */
class RequestTimeoutError extends Error {
    name = 'RequestTimeoutError';
    code = 'ETIMEDOUT';
    constructor(timeoutMs, cause) {
        super(`no response within ${Math.round(timeoutMs / 1000)} s`, { cause });
    }
}

// EXTERNAL MODULE: ./lib/konnect/client.js + 1 modules
var client = __webpack_require__(7985);
// EXTERNAL MODULE: ./lib/oauth/issuer-client.js
var issuer_client = __webpack_require__(8074);
;// CONCATENATED MODULE: ./lib/runtime.js




/** For mode token, which never talks to Konnect. Throws on a malformed HTTPS_PROXY / HTTP_PROXY. */
function createIssuerRuntime(bounds) {
    const transport = new Transport();
    const controller = new AbortController();
    const signal = AbortSignal.any([controller.signal, AbortSignal.timeout(bounds.timeoutSeconds * 1000)]);
    return {
        transport,
        issuer: new issuer_client/* IssuerClient */.Z(transport, retryPolicy(bounds), signal),
        signal,
        cancel: (reason) => controller.abort(reason),
        close: () => transport.close(),
    };
}
function createRuntime(config) {
    const base = createIssuerRuntime(config);
    const { transport, signal } = base;
    return { ...base, konnect: new client/* KonnectClient */.Oz({ baseUrl: config.apiBaseUrl, token: config.konnectToken, transport, policy: retryPolicy(config), signal }) };
}
function retryPolicy(bounds) {
    return { ...retry/* DEFAULT_RETRY_POLICY */.cO, maxAttempts: bounds.retryMaxAttempts };
}


/***/ })

};
