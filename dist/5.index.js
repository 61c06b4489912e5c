export const id = 5;
export const ids = [5];
export const modules = {

/***/ 3005:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   RequestTimeoutError: () => (/* binding */ RequestTimeoutError),
/* harmony export */   Transport: () => (/* binding */ Transport),
/* harmony export */   checkProxyVariables: () => (/* binding */ checkProxyVariables)
/* harmony export */ });
/* harmony import */ var undici__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6752);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(452);


class Transport {
    dispatcher;
    constructor() {
        checkProxyVariables(process.env);
        this.dispatcher = new undici__WEBPACK_IMPORTED_MODULE_0__.EnvHttpProxyAgent({ connect: { timeout: 10_000 } });
    }
    async send(req) {
        const timeout = AbortSignal.timeout(req.timeoutMs);
        try {
            const response = await (0,undici__WEBPACK_IMPORTED_MODULE_0__.request)(req.url, {
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
 * proxy URL can carry credentials.
 */
function checkProxyVariables(env) {
    for (const [lower, upper] of [['https_proxy', 'HTTPS_PROXY'], ['http_proxy', 'HTTP_PROXY']]) {
        const name = env[lower] !== undefined ? lower : upper;
        const value = env[name];
        if (!value)
            continue;
        if (!URL.canParse(value) || !/^(https?|socks5?):$/.test(new URL(value).protocol)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ(`The ${name} environment variable is not a proxy URL.`, {
                hint: `Set ${name} to a URL such as http://proxy.example.com:3128 (with credentials: http://user:password@proxy.example.com:3128), or unset it.`,
            });
        }
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


/***/ })

};
