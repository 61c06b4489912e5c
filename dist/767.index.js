export const id = 767;
export const ids = [767];
export const modules = {

/***/ 5767:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  provision: () => (/* binding */ provision)
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
    let rounds = 0;
    core/* info */.pq(`Gateway check: GET ${check.url} with and without the token, for up to ${check.timeoutSeconds} s.`);
    for (;;) {
        rounds += 1;
        const timeoutMs = Math.round(Math.max(1000, Math.min(PROBE_TIMEOUT_MS, deadline - performance.now())));
        const round = await Promise.all([
            probe(transport, check.url, signal, timeoutMs, accessToken),
            probe(transport, check.url, signal, timeoutMs),
        ]);
        const [withToken, withoutToken] = round;
        if (withToken === 200 && withoutToken === 401) {
            const durationMs = Math.round(performance.now() - started);
            core/* info */.pq(`Gateway check passed in ${(durationMs / 1000).toFixed(1)} s: 200 with the token, 401 without.`);
            return { status: 'passed', url: check.url, durationMs, rounds, withTokenStatus: withToken, withoutTokenStatus: withoutToken };
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
            hint: 'A 401 means the plugin does not trust the issuer yet (raise check-timeout) or uses another issuer; a 403 means the token lacks something the plugin requires (audience_required, or a scopes_required set on the plugin outside this action).',
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
// EXTERNAL MODULE: ./lib/konnect/plugins.js
var konnect_plugins = __webpack_require__(4410);
// EXTERNAL MODULE: ./lib/http/url.js
var http_url = __webpack_require__(4609);
;// CONCATENATED MODULE: ./lib/oauth/discovery.js


/**
 * GET <issuer>/.well-known/openid-configuration. The document must name the same issuer (OIDC
 * Discovery, section 4.3) and https endpoints, so tokens are fetched and checked where they should be.
 */
async function discoverIssuer(client, issuer) {
    (0,http_url/* requireSecureUrl */.qp)(issuer, 'issuer URL');
    const url = `${(0,http_url/* trimTrailingSlashes */.iV)(issuer)}/.well-known/openid-configuration`;
    const doc = await client.getJson(url, 'issuer discovery document');
    if (typeof doc.issuer !== 'string' || (0,http_url/* trimTrailingSlashes */.iV)(doc.issuer) !== (0,http_url/* trimTrailingSlashes */.iV)(issuer)) {
        throw new errors/* ActionError */.lZ(`The discovery document at ${url} names issuer "${String(doc.issuer)}", not "${issuer}".`, {
            hint: 'The auth server metadata is inconsistent: report it to Kong support.',
        });
    }
    for (const field of ['token_endpoint', 'jwks_uri']) {
        const value = doc[field];
        if (typeof value !== 'string')
            throw new errors/* ActionError */.lZ(`The discovery document at ${url} has no ${field}.`);
        (0,http_url/* requireSecureUrl */.qp)(value, `${field} of the discovery document`);
    }
    return { issuer: doc.issuer, token_endpoint: doc.token_endpoint, jwks_uri: doc.jwks_uri };
}
/** The issuer's public keys, fetched once and verified against locally. */
async function fetchJwks(client, jwksUri) {
    const jwks = await client.getJson(jwksUri, 'JWKS');
    if (!Array.isArray(jwks?.keys))
        throw new errors/* ActionError */.lZ(`The JWKS at ${jwksUri} has no "keys" array.`);
    return jwks;
}

// EXTERNAL MODULE: ./lib/secrets.js
var secrets = __webpack_require__(150);
;// CONCATENATED MODULE: ./lib/oauth/token.js


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
        (0,secrets/* maskSecret */.$)(value); // before anything can log it
        return {
            ok: true,
            token: {
                value,
                ...(typeof body['token_type'] === 'string' ? { tokenType: body['token_type'] } : {}),
                ...(typeof body['expires_in'] === 'number' ? { expiresIn: body['expires_in'] } : {}),
                ...(typeof body['scope'] === 'string' ? { scope: body['scope'] } : {}),
            },
        };
    }
    const error = typeof body['error'] === 'string' ? body['error'] : undefined;
    const description = typeof body['error_description'] === 'string' ? `: ${body['error_description']}` : '';
    if (error === 'invalid_client' || response.status === 401) {
        return { ok: false, reason: `HTTP ${response.status} ${error ?? 'unauthorized'}${description}` };
    }
    throw new errors/* ActionError */.lZ(`The token endpoint ${req.tokenEndpoint} returned HTTP ${response.status}${error ? ` ${error}` : ''}${description}.`, {
        hint: error === 'invalid_scope'
            ? 'A requested scope is not allowed for the client or is disabled: check the scopes input.'
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

// EXTERNAL MODULE: ./node_modules/jose/dist/webapi/jwt/verify.js + 2 modules
var verify = __webpack_require__(4490);
// EXTERNAL MODULE: ./node_modules/jose/dist/webapi/jwks/local.js
var local = __webpack_require__(6687);
// EXTERNAL MODULE: ./node_modules/jose/dist/webapi/util/errors.js
var util_errors = __webpack_require__(5674);
;// CONCATENATED MODULE: ./lib/oauth/verify.js


/** Checks the signature against the issuer's keys, then iss, aud and exp, before the token is handed out. */
async function verifyAccessToken(token, expected) {
    try {
        const { payload } = await (0,verify/* jwtVerify */.V)(token, (0,local/* createLocalJWKSet */.w)(expected.jwks), {
            issuer: expected.issuer,
            audience: expected.audience,
            requiredClaims: ['exp'],
            clockTolerance: 30,
        });
        return { claims: payload, expiresAt: new Date(payload.exp * 1000) };
    }
    catch (error) {
        throw new errors/* ActionError */.lZ(`The access token failed verification: ${explain(error, expected)}; it was not exported.`, {
            hint: 'Check the audience input against the auth server, and that the issuer serves its current keys.',
        });
    }
}
function explain(error, expected) {
    if (error instanceof util_errors/* JWTExpired */.n)
        return 'it has already expired';
    if (error instanceof util_errors/* JWTClaimValidationFailed */.ie) {
        if (error.claim === 'iss')
            return `its iss claim is not "${expected.issuer}"`;
        if (error.claim === 'aud')
            return `its aud claim does not contain "${expected.audience}"`;
        return `claim ${error.claim} is invalid (${error.reason})`;
    }
    if (error instanceof util_errors/* JWSSignatureVerificationFailed */.h2)
        return 'its signature does not match the issuer key';
    if (error instanceof util_errors/* JWKSNoMatchingKey */.BT)
        return "no key in the issuer's JWKS matches its kid";
    if (error instanceof util_errors/* JOSEError */.i4)
        return `${error.code}: ${error.message}`;
    return 'it is not a well-formed JWT';
}

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
// EXTERNAL MODULE: ./lib/report.js
var report = __webpack_require__(9293);
;// CONCATENATED MODULE: ./lib/pipeline.js















/** Recorded on what the action creates in Kong Identity, within Konnect's label rules. */
const CREATION_LABELS = { 'managed-by': 'kong-identity-oidc-action' };
/**
 * The applying run as a dependency graph. Requests that do not depend on each other run together:
 *
 *   1. control plane lookup | auth server lookup
 *   2. service/route lookup, plugin list | scope, claim and client lookups (existing auth server) | discovery
 *   3. auth server write (only once the control plane and plugin target exist, so a typo changes nothing)
 *   4. scope writes | plugin write | discovery (new auth server)
 *   5. claim writes | client write | JWKS
 *   6. secret (policy) and token request, then verification
 *   7. gateway check | retirement of superseded secrets | removal of claims a concurrent run duplicated
 *
 * Knowing the auth server was just created skips the lookups of its scopes, claims and client.
 */
function provision(config, runtime) {
    const identity = (0,konnect_identity/* identityApi */.Z)(runtime.konnect);
    const desiredServer = { ...config.authServer, labels: CREATION_LABELS };
    const claimNames = config.claims.map((claim) => claim.name);
    const controlPlane = (0,errors/* inStep */.qg)(`find control plane "${config.controlPlaneName}"`, () => (0,control_planes/* findControlPlane */.D)((0,control_planes/* controlPlanesApi */.r)(runtime.konnect), config.controlPlaneName));
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
    const authServer = Promise.all([existingServer, inputsConfirmed])
        .then(([existing]) => (0,auth_server/* applyAuthServer */.Y_)(identity, desiredServer, existing))
        .then((outcome) => logged('auth server', config.authServer.name, outcome));
    const plugin = Promise.all([plugins, target, existingPlugin, authServer])
        .then(([api, resolved, existing, server]) => (0,reconcile_plugin/* applyPlugin */.OK)(api, resolved, (0,reconcile_plugin/* desiredPluginConfig */.sV)(server.resource.issuer, config.authServer.audience), existing).then((outcome) => ({ ...outcome, target: resolved })))
        .then((outcome) => logged('plugin', `openid-connect (${outcome.target.label})`, outcome));
    // Issuer metadata, as soon as the issuer is known (from the lookup when the server exists).
    const issuerUrl = existingServer.then((existing) => existing?.issuer ?? authServer.then((outcome) => outcome.resource.issuer));
    const issuerMetadata = issuerUrl.then((issuer) => (0,errors/* inStep */.qg)('discover the issuer', () => discoverIssuer(runtime.issuer, issuer)));
    const jwks = issuerMetadata.then((metadata) => (0,errors/* inStep */.qg)("fetch the issuer's keys", () => fetchJwks(runtime.issuer, metadata.jwks_uri)));
    // Children lookups start from the existing auth server, beside the plugin lookups.
    const existingScopes = existingServer.then((server) => (server ? (0,reconcile_scopes/* findScopes */.$)(identity, server.id, config.scopes) : new Map()));
    const existingClaims = existingServer.then((server) => (server ? (0,reconcile_claims/* findClaims */.BR)(identity, server.id, claimNames) : new Map()));
    const existingClient = existingServer.then((server) => (server ? (0,reconcile_client/* findClient */.$r)(identity, server.id, config.client.name) : undefined));
    const scopes = Promise.all([authServer, existingScopes])
        .then(([server, existing]) => (0,reconcile_scopes/* applyScopes */.wc)(identity, server.resource.id, config.scopes, existing))
        .then((list) => list.map((outcome) => logged('scope', outcome.resource.name, outcome)));
    const scopeIds = scopes.then((list) => list.map((outcome) => outcome.resource.id));
    const claims = Promise.all([authServer, scopeIds, existingClaims])
        .then(([server, ids, existing]) => (0,reconcile_claims/* applyClaims */.y1)(identity, server.resource.id, config.claims, ids, existing))
        .then((list) => list.map((outcome) => logged('claim', outcome.resource.name, outcome)));
    const client = Promise.all([authServer, scopeIds, existingClient])
        .then(([server, ids, existing]) => (0,reconcile_client/* applyClient */.e)(identity, server.resource.id, (0,reconcile_client/* desiredClient */.eX)(config.client.name, ids, config.client.accessTokenDuration), existing, {
        ...(config.client.secret === undefined ? {} : { secret: config.client.secret }),
        labels: CREATION_LABELS,
    }))
        .then((outcome) => logged('client', config.client.name, outcome));
    // The secret policy. Tokens are requested once the claims are converged, so they carry them.
    const credentials = Promise.all([authServer, client, issuerMetadata]).then(([server, reconciledClient, metadata]) => (0,client_secret/* obtainWorkingCredentials */.Vd)({
        api: identity,
        authServerId: server.resource.id,
        clientId: reconciledClient.resource.id,
        clientName: reconciledClient.resource.name,
        mint: async (clientSecret) => {
            await claims;
            return (0,errors/* inStep */.qg)('request an access token', () => requestClientCredentialsToken(runtime.issuer, {
                tokenEndpoint: metadata.token_endpoint,
                clientId: reconciledClient.resource.id,
                clientSecret,
                scopes: config.scopes,
            }));
        },
    }, (0,client_secret/* chooseSecretStrategy */.xk)(reconciledClient, config.client.secret)));
    const token = Promise.all([credentials, jwks, authServer]).then(([creds, keys, server]) => verifyAccessToken(creds.token.value, { jwks: keys, issuer: server.resource.issuer, audience: config.authServer.audience }));
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
function logged(kind, name, outcome) {
    (0,report.logReconciled)(kind, name, outcome);
    return outcome;
}


/***/ }),

/***/ 9293:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   checkStatus: () => (/* binding */ checkStatus),
/* harmony export */   describeCheck: () => (/* binding */ describeCheck),
/* harmony export */   logPlan: () => (/* binding */ logPlan),
/* harmony export */   logReconciled: () => (/* binding */ logReconciled),
/* harmony export */   outputsOf: () => (/* binding */ outputsOf),
/* harmony export */   resourceRows: () => (/* binding */ resourceRows),
/* harmony export */   setOutputs: () => (/* binding */ setOutputs),
/* harmony export */   writeSummary: () => (/* binding */ writeSummary)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6421);
/* harmony import */ var _reconcile_client_secret_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3626);
/* harmony import */ var _reconcile_plan_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6993);
/* harmony import */ var _secrets_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(150);




// ---- logs --------------------------------------------------------------------------------------
function logReconciled(kind, name, outcome) {
    const id = outcome.resource.id;
    const verb = { create: 'created', update: 'updated', unchanged: 'unchanged' }[outcome.plan.action];
    const changes = outcome.plan.action === 'update' ? `: ${outcome.plan.changes.map(_reconcile_plan_js__WEBPACK_IMPORTED_MODULE_3__/* .formatChange */ .eD).join('; ')}` : '';
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq((0,_secrets_js__WEBPACK_IMPORTED_MODULE_2__/* .redact */ .E)(`${kind} "${name}": ${verb}${id ? ` (${id})` : ''}${changes}`));
}
/** Dry run: each resource's plan, with field-level changes. */
function logPlan(reports) {
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq('Dry run: nothing was changed. The plan:');
    for (const report of reports) {
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq((0,_secrets_js__WEBPACK_IMPORTED_MODULE_2__/* .redact */ .E)(`  ${report.action.padEnd(9)} ${report.kind} "${report.name}"${report.id ? ` (${report.id})` : ''}`));
        if (report.action === 'create' || report.action === 'update') {
            for (const change of report.changes)
                _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq((0,_secrets_js__WEBPACK_IMPORTED_MODULE_2__/* .redact */ .E)(`              ${(0,_reconcile_plan_js__WEBPACK_IMPORTED_MODULE_3__/* .formatChange */ .eD)(change)}`));
        }
    }
}
// ---- rows, outputs, summary ---------------------------------------------------------------------
function resourceRows(values) {
    const rows = [];
    const add = (kind, name, outcome) => {
        if (outcome)
            rows.push({ kind, name, action: outcome.plan.action, id: outcome.resource.id, changes: outcome.plan.changes });
    };
    if (values.controlPlane)
        rows.push({ kind: 'control plane', name: values.controlPlane.name, action: 'found', id: values.controlPlane.id, changes: [] });
    add('auth server', values.authServer?.resource.name ?? '', values.authServer);
    for (const scope of values.scopes ?? [])
        add('scope', scope.resource.name, scope);
    for (const claim of values.claims ?? [])
        add('claim', claim.resource.name, claim);
    add('client', values.client?.resource.name ?? '', values.client);
    if (values.credentials) {
        const { strategy, createdSecretId } = values.credentials;
        rows.push({
            kind: 'client secret',
            name: values.client?.resource.name ?? '',
            action: (0,_reconcile_client_secret_js__WEBPACK_IMPORTED_MODULE_1__/* .secretReportAction */ .dY)(strategy, createdSecretId !== undefined),
            ...(createdSecretId ? { id: createdSecretId } : {}),
            changes: [],
        });
    }
    if (values.plugin)
        add('plugin', `openid-connect (${values.plugin.target.label})`, values.plugin);
    return rows;
}
function checkStatus(values, checkEnabled) {
    if (!checkEnabled)
        return 'skipped';
    if (values.checkFailure !== undefined)
        return 'failed';
    return values.check ? 'passed' : undefined;
}
/** Output name to value; what a failed run did not reach stays unset. */
function outputsOf(values, checkEnabled) {
    const scopes = values.scopes;
    return {
        'control-plane-id': values.controlPlane?.id,
        'auth-server-id': values.authServer?.resource.id,
        'issuer-url': values.authServer?.resource.issuer,
        'scope-ids': scopes ? JSON.stringify(Object.fromEntries(scopes.map((scope) => [scope.resource.name, scope.resource.id]))) : undefined,
        'client-id': values.client?.resource.id,
        // A client created by a run that then failed still gets its one-time secret handed out.
        'client-secret': values.credentials?.secret ?? values.client?.creationSecret,
        'access-token': values.token ? values.credentials?.token.value : undefined,
        'token-expires-at': values.token?.expiresAt.toISOString(),
        'plugin-id': values.plugin?.resource.id,
        'check-status': checkStatus(values, checkEnabled),
    };
}
function setOutputs(outputs) {
    for (const [name, value] of Object.entries(outputs)) {
        if (value !== undefined)
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH(name, value);
    }
}
const PAST_TENSE = {
    create: 'created',
    update: 'updated',
    unchanged: 'unchanged',
    found: 'found',
    rotate: 'rotated',
    verify: 'verified',
    install: 'installed',
};
/** The job summary: resources with what happened to them, the issuer, the check. Never a secret. */
async function writeSummary(rows, details) {
    if (!process.env['GITHUB_STEP_SUMMARY'])
        return;
    const cell = (text) => escapeHtml((0,_secrets_js__WEBPACK_IMPORTED_MODULE_2__/* .redact */ .E)(text));
    const summary = _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .summary */ .z.addHeading(details.dryRun ? 'Kong Identity OIDC: plan (dry run, nothing changed)' : 'Kong Identity OIDC', 3);
    summary.addTable([
        [
            { data: 'Resource', header: true },
            { data: 'Name', header: true },
            { data: details.dryRun ? 'Plan' : 'Result', header: true },
            { data: 'ID', header: true },
            { data: 'Changes', header: true },
        ],
        ...rows.map((row) => [
            cell(row.kind),
            cell(row.name),
            cell(details.dryRun ? row.action : PAST_TENSE[row.action]),
            row.id ? `<code>${cell(row.id)}</code>` : '&nbsp;',
            (row.action === 'update' || (details.dryRun && row.action === 'create')) && row.changes.length > 0
                ? row.changes.map((change) => cell((0,_reconcile_plan_js__WEBPACK_IMPORTED_MODULE_3__/* .formatChange */ .eD)(change))).join('<br>')
                : '&nbsp;',
        ]),
    ]);
    const facts = [
        details.issuer ? `Issuer: <code>${cell(details.issuer)}</code>` : undefined,
        details.tokenExpiresAt ? `Access token expires at ${cell(details.tokenExpiresAt)}` : undefined,
        `Gateway check: ${cell(details.check)}`,
        details.failure ? `<strong>Failed:</strong> ${cell(details.failure)}` : undefined,
    ].filter((fact) => fact !== undefined);
    summary.addList(facts);
    await summary.write();
}
function describeCheck(values, checkEnabled) {
    if (!checkEnabled)
        return 'skipped (no proxy-url)';
    if (values.checkFailure !== undefined)
        return `failed: ${values.checkFailure.replace(/^Gateway check failed: /, '')}`;
    if (values.check) {
        return `passed in ${(values.check.durationMs / 1000).toFixed(1)} s (${values.check.withTokenStatus} with the token, ${values.check.withoutTokenStatus} without, at ${values.check.url})`;
    }
    return 'not run';
}
function escapeHtml(text) {
    return text.replace(/[&<>"]/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[char] ?? char);
}


/***/ })

};
