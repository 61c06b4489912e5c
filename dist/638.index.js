export const id = 638;
export const ids = [638];
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

/***/ 2638:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   requestClientCredentialsToken: () => (/* binding */ requestClientCredentialsToken)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(452);
/* harmony import */ var _http_url_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4609);
/* harmony import */ var _secrets_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(150);
/* harmony import */ var _issuer_client_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8074);




/**
 * The client credentials grant with client_secret_post, as the how-to sends it. A refusal of the
 * credentials (invalid_client) is an outcome, not an error: the secret policy acts on it.
 */
async function requestClientCredentialsToken(client, req) {
    const response = await client.postForm(req.tokenEndpoint, 'token endpoint', {
        grant_type: 'client_credentials',
        client_id: req.clientId,
        client_secret: req.clientSecret,
        scope: req.scopes.join(' '),
    });
    const body = parseJson(response.text);
    if (response.status === 200 && typeof body['access_token'] === 'string') {
        const value = body['access_token'];
        (0,_secrets_js__WEBPACK_IMPORTED_MODULE_2__/* .maskSecret */ .$)(value); // before anything can log it
        return {
            ok: true,
            token: { value, ...(typeof body['scope'] === 'string' ? { scope: body['scope'] } : {}) },
        };
    }
    const error = typeof body['error'] === 'string' ? body['error'] : undefined;
    const description = typeof body['error_description'] === 'string' ? `: ${body['error_description']}` : '';
    if (error === 'invalid_client' || response.status === 401) {
        return { ok: false, reason: `HTTP ${response.status} ${error ?? 'unauthorized'}${description}` };
    }
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ(`POST ${(0,_http_url_js__WEBPACK_IMPORTED_MODULE_1__/* .displayUrl */ .Qy)(new URL(req.tokenEndpoint))} (the token endpoint) returned HTTP ${response.status}${error ? ` ${error}` : ''}${description}.`, {
        hint: error === 'invalid_scope'
            ? 'A requested scope is not allowed for the client or is disabled: check the scopes input.'
            : error === undefined
                ? (0,_issuer_client_js__WEBPACK_IMPORTED_MODULE_3__/* .issuerHint */ .n)(response.status)
                : 'Check the auth server in Konnect; if it persists, report it to Kong support.',
    });
}
function parseJson(text) {
    try {
        const value = JSON.parse(text);
        return typeof value === 'object' && value !== null ? value : {};
    }
    catch {
        return {};
    }
}


/***/ })

};
