export const id = 317;
export const ids = [317];
export const modules = {

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

/***/ 5317:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   post: () => (/* binding */ post),
/* harmony export */   saveSecretToRevoke: () => (/* binding */ saveSecretToRevoke)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6421);
/* harmony import */ var _config_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2193);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(452);
/* harmony import */ var _failure_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1957);
/* harmony import */ var _konnect_errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1663);
/* harmony import */ var _konnect_identity_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(2670);
/* harmony import */ var _reconcile_client_secret_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(3626);
/* harmony import */ var _runtime_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(3310);
/* harmony import */ var _secrets_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(150);
/* harmony import */ var _workflow_commands_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(6658);










/**
 * The post step (action.yml `post:`), which the runner runs after the job's steps whatever their
 * outcome. With revoke-secret-on-exit the main step saves which client secret it created; the post
 * step deletes it, so that a smoke test leaves no long-lived credential behind. The runner's state
 * file is not masked, so only ids are saved, never the secret's value.
 */
const SECRET_TO_REVOKE = 'secret-to-revoke';
/** Main step, with revoke-secret-on-exit: saves the id of the secret this run created, if it created one. */
async function saveSecretToRevoke(runtime, values) {
    const authServerId = values.authServer?.resource.id;
    const client = values.client;
    if (authServerId === undefined || client === undefined)
        return;
    const secretId = values.credentials?.createdSecretId ??
        (client.created && client.creationSecret !== undefined ? await creationSecretId(runtime, authServerId, client.resource.id) : undefined);
    if (secretId === undefined) {
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq('revoke-secret-on-exit: this run created no client secret, so none will be revoked.');
        return;
    }
    const saved = { authServerId, clientId: client.resource.id, secretId };
    (0,_workflow_commands_js__WEBPACK_IMPORTED_MODULE_9__/* .saveState */ .LZ)(SECRET_TO_REVOKE, JSON.stringify(saved));
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`revoke-secret-on-exit: the post step will delete client secret ${secretId}.`);
}
/**
 * Konnect returns a new client's secret without its id: a client this run created has that one
 * secret alone (the oldest, should a concurrent run have added one since). A failed lookup only
 * costs the revocation, never the run's outputs.
 */
async function creationSecretId(runtime, authServerId, clientId) {
    try {
        return (0,_reconcile_client_secret_js__WEBPACK_IMPORTED_MODULE_6__/* .oldestFirst */ .sZ)(await (0,_konnect_identity_js__WEBPACK_IMPORTED_MODULE_5__/* .identityApi */ .Z)(runtime.konnect).listClientSecrets(authServerId, clientId))[0]?.id;
    }
    catch (error) {
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(`revoke-secret-on-exit: could not list the new client's secrets, so its secret will not be revoked: ${(0,_failure_js__WEBPACK_IMPORTED_MODULE_3__/* .describeFailure */ .I)(error)}`);
        return undefined;
    }
}
/** Post step: deletes the saved secret. Without one (revoke-secret-on-exit off) it makes no request. */
async function post() {
    const saved = (0,_workflow_commands_js__WEBPACK_IMPORTED_MODULE_9__/* .getState */ .Gu)(SECRET_TO_REVOKE);
    if (saved === '')
        return;
    (0,_secrets_js__WEBPACK_IMPORTED_MODULE_8__/* .maskSecret */ .$)((0,_workflow_commands_js__WEBPACK_IMPORTED_MODULE_9__/* .getInput */ .V4)('konnect-token'));
    let config;
    try {
        config = (0,_config_js__WEBPACK_IMPORTED_MODULE_1__/* .parseConfig */ .o4)(_workflow_commands_js__WEBPACK_IMPORTED_MODULE_9__/* .getInput */ .V4);
        const target = JSON.parse(saved);
        const runtime = (0,_runtime_js__WEBPACK_IMPORTED_MODULE_7__.createRuntime)(config);
        try {
            await revoke(runtime, target);
        }
        finally {
            await runtime.close();
        }
    }
    catch (error) {
        (0,_workflow_commands_js__WEBPACK_IMPORTED_MODULE_9__/* .setFailed */ .C1)((0,_failure_js__WEBPACK_IMPORTED_MODULE_3__/* .describeFailure */ .I)(error, config === undefined ? {} : { timeoutSeconds: config.timeoutSeconds }));
    }
}
async function revoke(runtime, { authServerId, clientId, secretId }) {
    await (0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .inStep */ .qg)(`revoke client secret ${secretId} of client ${clientId}`, async () => {
        try {
            await (0,_konnect_identity_js__WEBPACK_IMPORTED_MODULE_5__/* .identityApi */ .Z)(runtime.konnect).deleteClientSecret(authServerId, clientId, secretId);
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`Revoked client secret ${secretId} of client ${clientId} (revoke-secret-on-exit).`);
        }
        catch (error) {
            if (!(error instanceof _konnect_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .KonnectApiError */ .XK && error.status === 404))
                throw error;
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`Client secret ${secretId} of client ${clientId} is already gone.`);
        }
    });
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
