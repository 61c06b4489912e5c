export const id = 920;
export const ids = [920,117,94];
export const modules = {

/***/ 7117:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   discoverIssuer: () => (/* binding */ discoverIssuer),
/* harmony export */   fetchJwks: () => (/* binding */ fetchJwks)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(452);
/* harmony import */ var _http_url_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4609);


const INCONSISTENT_METADATA = "The auth server's metadata is inconsistent: run again; if it persists, report it to Kong support.";
/**
 * GET <issuer>/.well-known/openid-configuration. The document must name the same issuer (OIDC
 * Discovery, section 4.3) and https endpoints, so tokens are fetched and checked where they should be.
 */
async function discoverIssuer(client, issuer) {
    (0,_http_url_js__WEBPACK_IMPORTED_MODULE_1__/* .requireSecureUrl */ .qp)(issuer, 'issuer URL');
    const url = `${(0,_http_url_js__WEBPACK_IMPORTED_MODULE_1__/* .trimTrailingSlashes */ .iV)(issuer)}/.well-known/openid-configuration`;
    const doc = await client.getJson(url, 'issuer discovery document');
    if (typeof doc.issuer !== 'string' || (0,_http_url_js__WEBPACK_IMPORTED_MODULE_1__/* .trimTrailingSlashes */ .iV)(doc.issuer) !== (0,_http_url_js__WEBPACK_IMPORTED_MODULE_1__/* .trimTrailingSlashes */ .iV)(issuer)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ(`The discovery document at ${url} names issuer "${String(doc.issuer)}", not "${issuer}".`, {
            hint: INCONSISTENT_METADATA,
        });
    }
    for (const field of ['token_endpoint', 'jwks_uri']) {
        const value = doc[field];
        if (typeof value !== 'string') {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ(`The discovery document at ${url} has no ${field}.`, { hint: INCONSISTENT_METADATA });
        }
        (0,_http_url_js__WEBPACK_IMPORTED_MODULE_1__/* .requireSecureUrl */ .qp)(value, `${field} of the discovery document`);
    }
    return { issuer: doc.issuer, token_endpoint: doc.token_endpoint, jwks_uri: doc.jwks_uri };
}
/** The issuer's public keys, fetched once and verified against locally. */
async function fetchJwks(client, jwksUri) {
    const jwks = await client.getJson(jwksUri, 'JWKS');
    if (!Array.isArray(jwks?.keys))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ(`The JWKS at ${jwksUri} has no "keys" array.`, { hint: INCONSISTENT_METADATA });
    return jwks;
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


/***/ }),

/***/ 9094:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   verifyAccessToken: () => (/* binding */ verifyAccessToken)
/* harmony export */ });
/* harmony import */ var jose__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4490);
/* harmony import */ var jose__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6687);
/* harmony import */ var jose__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5674);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(452);


/** Checks the signature against the issuer's keys, then iss, aud and exp, before the token is handed out. */
async function verifyAccessToken(token, expected) {
    try {
        const { payload } = await (0,jose__WEBPACK_IMPORTED_MODULE_1__/* .jwtVerify */ .V)(token, (0,jose__WEBPACK_IMPORTED_MODULE_2__/* .createLocalJWKSet */ .w)(expected.jwks), {
            issuer: expected.issuer,
            ...(expected.audience === undefined ? {} : { audience: expected.audience }),
            requiredClaims: ['exp'],
            clockTolerance: 30,
        });
        return { claims: payload, expiresAt: new Date(payload.exp * 1000) };
    }
    catch (error) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ(`The access token failed verification: ${explain(error, expected)}; it was not exported.`, {
            hint: 'Check the audience input against the auth server, and that the issuer serves its current keys.',
        });
    }
}
function explain(error, expected) {
    if (error instanceof jose__WEBPACK_IMPORTED_MODULE_3__/* .JWTExpired */ .n)
        return 'it has already expired';
    if (error instanceof jose__WEBPACK_IMPORTED_MODULE_3__/* .JWTClaimValidationFailed */ .ie) {
        if (error.claim === 'iss')
            return `its iss claim is not "${expected.issuer}"`;
        if (error.claim === 'aud')
            return `its aud claim does not contain "${expected.audience}"`;
        return `claim ${error.claim} is invalid (${error.reason})`;
    }
    if (error instanceof jose__WEBPACK_IMPORTED_MODULE_3__/* .JWSSignatureVerificationFailed */ .h2)
        return 'its signature does not match the issuer key';
    if (error instanceof jose__WEBPACK_IMPORTED_MODULE_3__/* .JWKSNoMatchingKey */ .BT)
        return "no key in the issuer's JWKS matches its kid";
    if (error instanceof jose__WEBPACK_IMPORTED_MODULE_3__/* .JOSEError */ .i4)
        return `${error.code}: ${error.message}`;
    return 'it is not a well-formed JWT';
}


/***/ }),

/***/ 4920:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  provision: () => (/* binding */ provision),
  settle: () => (/* binding */ settle)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 14 modules
var core = __webpack_require__(6421);
// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __webpack_require__(8500);
// EXTERNAL MODULE: ./lib/errors.js
var errors = __webpack_require__(452);
// EXTERNAL MODULE: ./lib/http/retry.js
var retry = __webpack_require__(8394);
;// CONCATENATED MODULE: ./lib/check.js




const FIRST_INTERVAL_MS = 500;
const MAX_INTERVAL_MS = 2000;
const PROBE_TIMEOUT_MS = 10_000;
async function checkGateway(transport, check, accessToken, signal) {
    const started = performance.now();
    const deadline = started + check.timeoutSeconds * 1000;
    let interval = FIRST_INTERVAL_MS;
    let last = ['none', 'none'];
    core/* info */.pq(`Gateway check: GET ${check.url} with and without the token, for up to ${check.timeoutSeconds} s.`);
    for (;;) {
        const timeoutMs = Math.round(Math.max(1000, Math.min(PROBE_TIMEOUT_MS, deadline - performance.now())));
        const round = await Promise.all([
            probe(transport, check.url, signal, timeoutMs, accessToken),
            probe(transport, check.url, signal, timeoutMs),
        ]);
        const [withToken, withoutToken] = round;
        if (withToken === 200 && withoutToken === 401) {
            const durationMs = Math.round(performance.now() - started);
            core/* info */.pq(`Gateway check passed in ${(durationMs / 1000).toFixed(1)} s: 200 with the token, 401 without.`);
            return { url: check.url, durationMs, withTokenStatus: withToken, withoutTokenStatus: withoutToken };
        }
        if (round[0] !== last[0] || round[1] !== last[1]) {
            core/* info */.pq(`Gateway check: ${withToken} with the token, ${withoutToken} without; waiting for the plugin to reach the data planes.`);
            last = round;
        }
        const remaining = deadline - performance.now();
        if (remaining <= 0)
            throw checkFailure(check, round);
        await (0,promises_.setTimeout)(Math.min(interval, Math.ceil(remaining)), undefined, { signal }); // the last round lands on the deadline
        interval = Math.min(MAX_INTERVAL_MS, Math.round(interval * 1.5));
    }
}
async function probe(transport, url, signal, timeoutMs, token) {
    try {
        const response = await transport.send({
            method: 'GET',
            url,
            headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
            signal,
            timeoutMs,
        });
        return response.status;
    }
    catch (error) {
        if (signal.aborted)
            throw error;
        return (0,retry/* errorCode */.CA)(error) ?? 'network error';
    }
}
/** Explains the last round: what the gateway did wrong and where to look. */
function checkFailure(check, [withToken, withoutToken]) {
    const seen = `after ${check.timeoutSeconds} s, GET ${check.url} got ${withToken} with the token and ${withoutToken} without`;
    if (typeof withToken === 'string' || typeof withoutToken === 'string') {
        return new errors/* ActionError */.lZ(`Gateway check failed: the gateway is unreachable (${seen}).`, {
            hint: 'Check proxy-url: it must reach a data plane of this control plane from the runner.',
        });
    }
    if (withoutToken >= 200 && withoutToken < 300) {
        return new errors/* ActionError */.lZ(`Gateway check failed: the gateway lets requests without a token through (${seen}).`, {
            hint: 'The plugin is not enforcing on this path: check that check-path is routed through the service/route the plugin applies to, that the data planes are connected, or raise check-timeout.',
        });
    }
    if (withToken === 404 && withoutToken === 404) {
        return new errors/* ActionError */.lZ(`Gateway check failed: no route matches check-path (${seen}).`, {
            hint: 'Set check-path to a path a route of this control plane serves.',
        });
    }
    if (withToken === 401 || withToken === 403) {
        return new errors/* ActionError */.lZ(`Gateway check failed: the gateway refuses the token (${seen}).`, {
            hint: 'A 401 means the plugin does not trust the issuer yet (raise check-timeout) or uses another issuer; a 403 means the token lacks something the plugin requires (audience_required, or a scopes_required set on the plugin outside this action), or, with consumer-claim, that no Consumer matches the claim\'s value.',
        });
    }
    return new errors/* ActionError */.lZ(`Gateway check failed: expected 200 with the token and 401 without (${seen}).`, {
        hint: 'A 3xx without a token means auth_methods allows redirects; a 5xx comes from the upstream service.',
    });
}

// EXTERNAL MODULE: ./lib/konnect/control-planes.js
var control_planes = __webpack_require__(5151);
// EXTERNAL MODULE: ./lib/konnect/identity.js
var konnect_identity = __webpack_require__(2670);
;// CONCATENATED MODULE: ./lib/labels.js
/**
 * Labels on what the action creates in Kong Identity (auth server, client): who manages it, and
 * the repository and workflow that created it, so that a resource found in Konnect leads back to
 * its workflow. Konnect's rules: keys of 1 to 63 characters not starting with kong, konnect, mesh,
 * kic or _; values of at most 63 characters matching VALUE_PATTERN.
 */
const MANAGED_BY = { 'managed-by': 'kong-identity-oidc-action' };
const LABEL_VALUE_PATTERN = /^[a-z0-9A-Z]([a-z0-9A-Z-._]*[a-z0-9A-Z]+)?$/;
const MAX_VALUE_LENGTH = 63;
/**
 * `text` as a label value: characters Konnect refuses become `-`, runs of separators collapse,
 * it starts and ends with a letter or digit, and is cut to 63 characters. Undefined when nothing
 * is left (a name of emoji only, say).
 */
function toLabelValue(text) {
    const value = text
        .normalize('NFKD')
        .replace(/[^a-zA-Z0-9._-]+/g, '-')
        .replace(/([-._])[-._]+/g, '$1')
        .replace(/^[^a-zA-Z0-9]+/, '')
        .slice(0, MAX_VALUE_LENGTH)
        .replace(/[^a-zA-Z0-9]+$/, '');
    return LABEL_VALUE_PATTERN.test(value) ? value : undefined;
}
/**
 * The creation labels. The repository is split into owner and name (a label value cannot hold
 * `/`), which keeps both whole: GitHub owner names are at most 39 characters of [A-Za-z0-9-].
 */
function creationLabels(origin) {
    const [owner, repo] = (origin.repository ?? '').split('/', 2);
    const labels = { ...MANAGED_BY };
    const add = (key, raw) => {
        const value = raw === undefined ? undefined : toLabelValue(raw);
        if (value !== undefined)
            labels[key] = value;
    };
    add('github-owner', owner);
    add('github-repository', repo);
    add('github-workflow', origin.workflow);
    return labels;
}
let thisRun;
/**
 * The creation labels of this run, from @actions/github's context. Loaded on first use only: the
 * package brings Octokit (about 1 MB, some 100 ms to load), and only a run that creates an auth
 * server or a client needs it; a rerun that finds everything never loads it.
 */
function labelsForThisRun() {
    thisRun ??= __webpack_require__.e(/* import() */ 413).then(__webpack_require__.bind(__webpack_require__, 2413)).then(({ context }) => {
        let repository;
        try {
            repository = `${context.repo.owner}/${context.repo.repo}`;
        }
        catch {
            repository = undefined; // neither GITHUB_REPOSITORY nor a repository in the event payload: a local run
        }
        return creationLabels({ repository, workflow: context.workflow });
    });
    return thisRun;
}

// EXTERNAL MODULE: ./lib/konnect/plugins.js
var konnect_plugins = __webpack_require__(4410);
// EXTERNAL MODULE: ./lib/oauth/discovery.js
var discovery = __webpack_require__(7117);
// EXTERNAL MODULE: ./lib/oauth/token.js
var oauth_token = __webpack_require__(2638);
// EXTERNAL MODULE: ./lib/oauth/verify.js
var verify = __webpack_require__(9094);
// EXTERNAL MODULE: ./lib/reconcile/auth-server.js
var auth_server = __webpack_require__(1542);
// EXTERNAL MODULE: ./lib/reconcile/claims.js
var reconcile_claims = __webpack_require__(9879);
// EXTERNAL MODULE: ./lib/reconcile/client-secret.js
var client_secret = __webpack_require__(3626);
// EXTERNAL MODULE: ./lib/reconcile/client.js
var reconcile_client = __webpack_require__(4853);
// EXTERNAL MODULE: ./lib/reconcile/plugin.js
var reconcile_plugin = __webpack_require__(793);
// EXTERNAL MODULE: ./lib/reconcile/scopes.js
var reconcile_scopes = __webpack_require__(3347);
;// CONCATENATED MODULE: ./lib/pipeline.js















/**
 * The applying run as a dependency graph. Requests that do not depend on each other run together:
 *
 *   1. control plane lookup | auth server lookup
 *   2. service/route lookup, plugin list | scope, claim and client lookups (existing auth server) | discovery
 *   3. auth server write (only once the control plane and plugin target exist, so a typo changes nothing)
 *   4. scope writes | plugin write | discovery (new auth server)
 *   5. claim writes | client write | JWKS
 *   6. secret (policy) and token request, then verification | removal of claims a concurrent run duplicated
 *   7. gateway check | retirement of superseded secrets
 *
 * Knowing the auth server was just created skips the lookups of its scopes, claims and client.
 */
function provision(config, runtime) {
    const identity = (0,konnect_identity/* identityApi */.Z)(runtime.konnect);
    const claimNames = config.claims.map((claim) => claim.name);
    const controlPlane = (0,control_planes/* findControlPlane */.D)((0,control_planes/* controlPlanesApi */.r)(runtime.konnect), config.controlPlaneName);
    const existingServer = (0,auth_server/* findAuthServer */.P8)(identity, config.authServer.name);
    // The plugin side: lookups need only the control plane; the write also needs the issuer. They are
    // queued after the auth server's children lookups, which lead to the token: with at most four
    // requests in flight, what waits should be what is off the token's path.
    const plugins = Promise.all([controlPlane, existingServer]).then(([cp]) => (0,konnect_plugins/* pluginsApi */.V)(runtime.konnect, cp.id));
    const target = plugins.then((api) => (0,reconcile_plugin/* resolvePluginTarget */.Hl)(api, config.pluginTarget));
    // Listing needs only the control plane; picking the one on the target scope needs the target too.
    const oidcPlugins = plugins.then((api) => (0,reconcile_plugin/* listOidcPlugins */.IN)(api));
    const existingPlugin = Promise.all([oidcPlugins, target]).then(([list, resolved]) => (0,reconcile_plugin/* pickPluginForTarget */.xH)(list, resolved));
    // Every input a lookup can prove wrong is confirmed before the first write.
    const inputsConfirmed = Promise.all([controlPlane, target]);
    // Labels (repository, workflow) go on what is created; they load only when something will be.
    const labelsIfCreating = (existing) => (existing === undefined ? labelsForThisRun() : undefined);
    const serverLabels = existingServer.then(labelsIfCreating);
    const authServer = Promise.all([existingServer, inputsConfirmed, serverLabels]).then(([existing, , labels]) => {
        const desired = { ...config.authServer, ...(labels === undefined ? {} : { labels }) };
        return (0,auth_server/* applyAuthServer */.Y_)(identity, desired, existing);
    });
    const plugin = Promise.all([plugins, target, existingPlugin, authServer])
        .then(([api, resolved, existing, server]) => (0,reconcile_plugin/* applyPlugin */.OK)(api, resolved, (0,reconcile_plugin/* desiredPluginConfig */.sV)(server.resource.issuer, config.authServer.audience, config.consumerClaim), existing).then((outcome) => ({ ...outcome, target: resolved })));
    // Issuer metadata, as soon as the issuer is known (from the lookup when the server exists).
    const issuerUrl = existingServer.then((existing) => existing?.issuer ?? authServer.then((outcome) => outcome.resource.issuer));
    const issuerMetadata = issuerUrl.then((issuer) => (0,errors/* inStep */.qg)('discover the issuer', () => (0,discovery.discoverIssuer)(runtime.issuer, issuer)));
    const jwks = issuerMetadata.then((metadata) => (0,errors/* inStep */.qg)("fetch the issuer's keys", () => (0,discovery.fetchJwks)(runtime.issuer, metadata.jwks_uri)));
    // Children lookups start from the existing auth server, beside the plugin lookups.
    const existingScopes = existingServer.then((server) => (server ? (0,reconcile_scopes/* findScopes */.$)(identity, server.id, config.scopes) : new Map()));
    const existingClaims = existingServer.then((server) => (server ? (0,reconcile_claims/* findClaims */.BR)(identity, server.id, claimNames) : new Map()));
    const existingClient = existingServer.then((server) => (server ? (0,reconcile_client/* findClient */.$r)(identity, server.id, config.client.name) : undefined));
    const scopes = Promise.all([authServer, existingScopes])
        .then(([server, existing]) => (0,reconcile_scopes/* applyScopes */.wc)(identity, server.resource.id, config.scopes, existing));
    const scopeIds = scopes.then((list) => list.map((outcome) => outcome.resource.id));
    const claims = Promise.all([authServer, scopeIds, existingClaims])
        .then(([server, ids, existing]) => (0,reconcile_claims/* applyClaims */.y1)(identity, server.resource.id, config.claims, ids, existing));
    const clientLabels = existingClient.then(labelsIfCreating);
    const client = Promise.all([authServer, scopeIds, existingClient, clientLabels]).then(([server, ids, existing, labels]) => (0,reconcile_client/* applyClient */.e)(identity, server.resource.id, (0,reconcile_client/* desiredClient */.eX)(config.client.name, ids, config.client.accessTokenDuration), existing, {
        ...(config.client.secret === undefined ? {} : { secret: config.client.secret }),
        ...(labels === undefined ? {} : { labels }),
    }));
    // The secret policy. Tokens are requested once the claims are converged, so they carry them.
    const credentials = Promise.all([authServer, client, issuerMetadata]).then(([server, reconciledClient, metadata]) => (0,client_secret/* obtainWorkingCredentials */.Vd)({
        api: identity,
        authServerId: server.resource.id,
        clientId: reconciledClient.resource.id,
        clientName: reconciledClient.resource.name,
        mint: async (clientSecret) => {
            await claims;
            return (0,errors/* inStep */.qg)('request an access token', () => (0,oauth_token.requestClientCredentialsToken)(runtime.issuer, {
                tokenEndpoint: metadata.token_endpoint,
                clientId: reconciledClient.resource.id,
                clientSecret,
                scopes: config.scopes,
            }));
        },
    }, (0,client_secret/* chooseSecretStrategy */.xk)(reconciledClient, config.client.secret)));
    const token = Promise.all([credentials, jwks, authServer]).then(([creds, keys, server]) => (0,verify.verifyAccessToken)(creds.token.value, { jwks: keys, issuer: server.resource.issuer, audience: config.authServer.audience }));
    // After verification: the gateway check, and beside it the retirement of superseded secrets.
    const check = Promise.all([plugin, token, credentials]).then(([, , creds]) => config.check === undefined ? undefined : checkGateway(runtime.transport, config.check, creds.token.value, runtime.signal));
    const retiredSecretIds = Promise.all([credentials, token]).then(([creds]) => creds.retireOld());
    const duplicateClaimIds = Promise.all([authServer, claims]).then(([server, list]) => (0,reconcile_claims/* removeDuplicateClaims */.BL)(identity, server.resource.id, list));
    const internal = Promise.all([oidcPlugins, existingPlugin, existingScopes, existingClaims, existingClient, scopeIds, jwks, issuerUrl]);
    return {
        controlPlane,
        authServer,
        scopes,
        claims,
        client,
        plugin,
        issuerMetadata,
        credentials,
        token,
        check,
        retiredSecretIds,
        duplicateClaimIds,
        internal,
    };
}
/**
 * Waits for every stage. On the first failure the work still in flight is cancelled (it could only
 * be wasted), unless the token already exists: then the gateway check and the retirement of old
 * secrets are left to finish. Returns what completed, and the first failure.
 */
async function settle(stages, cancel) {
    let tokenReady = false;
    const all = Object.values(stages);
    stages.token.then(() => (tokenReady = true)).catch(() => undefined);
    let failure;
    try {
        await Promise.all(all);
    }
    catch (error) {
        failure = error;
        if (!tokenReady)
            cancel(error);
        await Promise.allSettled(all);
    }
    const done = (promise) => promise.catch(() => undefined);
    const values = {
        controlPlane: await done(stages.controlPlane),
        authServer: await done(stages.authServer),
        scopes: await done(stages.scopes),
        claims: await done(stages.claims),
        client: await done(stages.client),
        plugin: await done(stages.plugin),
        credentials: await done(stages.credentials),
        token: await done(stages.token),
        check: await done(stages.check),
        retiredSecretIds: await done(stages.retiredSecretIds),
        duplicateClaimIds: await done(stages.duplicateClaimIds),
    };
    // With a token and a plugin, the check ran: a failure now is its own, not an earlier stage's.
    if (values.token && values.plugin) {
        const checkError = await stages.check.then(() => undefined, (error) => error);
        if (checkError !== undefined)
            values.checkError = checkError;
    }
    return { values, ...(failure === undefined ? {} : { failure }) };
}


/***/ })

};
