export const id = 693;
export const ids = [693];
export const modules = {

/***/ 4693:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   parseTokenModeConfig: () => (/* binding */ parseTokenModeConfig),
/* harmony export */   runTokenMode: () => (/* binding */ runTokenMode)
/* harmony export */ });
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9691);
/* harmony import */ var _config_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2193);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(452);
/* harmony import */ var _failure_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1957);
/* harmony import */ var _workflow_commands_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6658);





const tokenInputs = zod__WEBPACK_IMPORTED_MODULE_4__/* .object */ .Ikc({
    'issuer-url': (0,_config_js__WEBPACK_IMPORTED_MODULE_0__/* .urlInput */ .Y2)('issuer-url', {
        credential: 'the client secret',
        required: 'in mode token: pass the issuer-url output of a provisioning run, e.g. issuer-url: ${{ vars.KONG_ISSUER_URL }}',
    }),
    'client-id': (0,_config_js__WEBPACK_IMPORTED_MODULE_0__/* .requiredText */ .$4)('client-id', 'in mode token, pass the client id, e.g. client-id: ${{ vars.KONG_CLIENT_ID }}'),
    'client-secret': (0,_config_js__WEBPACK_IMPORTED_MODULE_0__/* .requiredText */ .$4)('client-secret', "in mode token, pass the client secret from the repository's secrets, e.g. client-secret: ${{ secrets.KONG_CLIENT_SECRET }}"),
    audience: (0,_config_js__WEBPACK_IMPORTED_MODULE_0__/* .optionalText */ .mR)(),
    'seal-key': (0,_config_js__WEBPACK_IMPORTED_MODULE_0__/* .sealKey */ .FD)(),
    'retry-max-attempts': (0,_config_js__WEBPACK_IMPORTED_MODULE_0__/* .retryMaxAttempts */ .XI)(),
    timeout: (0,_config_js__WEBPACK_IMPORTED_MODULE_0__/* .runTimeout */ .VS)(),
});
function parseTokenModeConfig(read) {
    const raw = Object.fromEntries(Object.keys(tokenInputs.shape).map((name) => [name, read(name)]));
    const result = tokenInputs.safeParse(raw);
    const problems = result.success ? [] : result.error.issues.map((issue) => issue.message);
    const scopes = read('scopes').trim() === '' ? { scopes: [], problems: [] } : (0,_config_js__WEBPACK_IMPORTED_MODULE_0__/* .parseScopes */ .Fg)(read('scopes'));
    problems.push(...scopes.problems);
    if (!result.success || problems.length > 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ConfigError */ .xL(problems);
    const inputs = result.data;
    return {
        issuerUrl: inputs['issuer-url'], // required: a missing one is among the problems above
        clientId: inputs['client-id'],
        clientSecret: inputs['client-secret'],
        scopes: scopes.scopes,
        ...(inputs.audience === undefined ? {} : { audience: inputs.audience }),
        ...(inputs['seal-key'] === undefined ? {} : { sealKey: inputs['seal-key'] }),
        retryMaxAttempts: inputs['retry-max-attempts'],
        timeoutSeconds: inputs.timeout,
    };
}
async function runTokenMode() {
    let config;
    try {
        config = parseTokenModeConfig(_workflow_commands_js__WEBPACK_IMPORTED_MODULE_3__/* .getInput */ .V4);
    }
    catch (error) {
        (0,_workflow_commands_js__WEBPACK_IMPORTED_MODULE_3__/* .setFailed */ .C1)((0,_failure_js__WEBPACK_IMPORTED_MODULE_2__/* .describeFailure */ .I)(error));
        return;
    }
    // The HTTP stack and jose load only once the inputs are known to be good, as in provision mode.
    const [{ createIssuerRuntime }, discovery, token, verify, seal, report] = await Promise.all([
        Promise.all(/* import() */[__webpack_require__.e(421), __webpack_require__.e(310)]).then(__webpack_require__.bind(__webpack_require__, 3310)),
        __webpack_require__.e(/* import() */ 117).then(__webpack_require__.bind(__webpack_require__, 7117)),
        Promise.all(/* import() */[__webpack_require__.e(421), __webpack_require__.e(638)]).then(__webpack_require__.bind(__webpack_require__, 2638)),
        Promise.all(/* import() */[__webpack_require__.e(456), __webpack_require__.e(94)]).then(__webpack_require__.bind(__webpack_require__, 9094)),
        Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 7959)),
        Promise.all(/* import() */[__webpack_require__.e(421), __webpack_require__.e(293)]).then(__webpack_require__.bind(__webpack_require__, 9293)),
    ]);
    let runtime;
    try {
        runtime = createIssuerRuntime(config); // refuses a malformed HTTPS_PROXY / HTTP_PROXY
        const { issuer } = runtime;
        const metadata = await (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .inStep */ .qg)('discover the issuer', () => discovery.discoverIssuer(issuer, config.issuerUrl));
        const [keys, minted] = await Promise.all([
            (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .inStep */ .qg)("fetch the issuer's keys", () => discovery.fetchJwks(issuer, metadata.jwks_uri)),
            (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .inStep */ .qg)('request an access token', () => token.requestClientCredentialsToken(issuer, {
                tokenEndpoint: metadata.token_endpoint,
                clientId: config.clientId,
                clientSecret: config.clientSecret,
                scopes: config.scopes,
            })),
        ]);
        if (!minted.ok) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ(`The issuer refused client-id and client-secret (${minted.reason}).`, {
                hint: 'Pass a current secret of this client: a provisioning run without client-secret rotates the secret, so store the client-secret it outputs, or give that run the same client-secret.',
            });
        }
        const verified = await verify.verifyAccessToken(minted.token.value, {
            jwks: keys,
            issuer: config.issuerUrl,
            ...(config.audience === undefined ? {} : { audience: config.audience }),
        });
        const outputs = { 'access-token': minted.token.value, 'token-expires-at': verified.expiresAt.toISOString() };
        report.setOutputs(seal.withSealedToken(outputs, config.sealKey));
        await report.writeFactsSummary('Kong Identity OIDC: access token (mode token)', [
            ['Issuer', config.issuerUrl],
            ['Client', config.clientId],
            ['Scopes', minted.token.scope || "(the client's default scopes)"],
            ['Access token expires at', outputs['token-expires-at']],
            ['Sealed for other jobs', config.sealKey === undefined ? 'no (no seal-key)' : 'yes (sealed-access-token)'],
        ]);
    }
    catch (error) {
        (0,_workflow_commands_js__WEBPACK_IMPORTED_MODULE_3__/* .setFailed */ .C1)((0,_failure_js__WEBPACK_IMPORTED_MODULE_2__/* .describeFailure */ .I)(error, { timeoutSeconds: config.timeoutSeconds }));
    }
    finally {
        await runtime?.close();
    }
}


/***/ })

};
