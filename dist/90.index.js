export const id = 90;
export const ids = [90];
export const modules = {

/***/ 5090:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   planChanges: () => (/* binding */ planChanges)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(452);
/* harmony import */ var _konnect_control_planes_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5151);
/* harmony import */ var _konnect_identity_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2670);
/* harmony import */ var _konnect_plugins_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4410);
/* harmony import */ var _reconcile_auth_server_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1542);
/* harmony import */ var _reconcile_claims_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9879);
/* harmony import */ var _reconcile_client_secret_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(3626);
/* harmony import */ var _reconcile_client_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(4853);
/* harmony import */ var _reconcile_plugin_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(793);
/* harmony import */ var _reconcile_scopes_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(3347);










/**
 * Dry run: the plan without the changes. The same lookups as a real run (GET requests only), then
 * each resource's plan from the same pure plan functions. Ids of what would be created are shown
 * as placeholders.
 */
async function planChanges(config, runtime) {
    const identity = (0,_konnect_identity_js__WEBPACK_IMPORTED_MODULE_2__/* .identityApi */ .Z)(runtime.konnect);
    const [controlPlane, server] = await Promise.all([
        (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .inStep */ .qg)(`find control plane "${config.controlPlaneName}"`, () => (0,_konnect_control_planes_js__WEBPACK_IMPORTED_MODULE_1__/* .findControlPlane */ .D)((0,_konnect_control_planes_js__WEBPACK_IMPORTED_MODULE_1__/* .controlPlanesApi */ .r)(runtime.konnect), config.controlPlaneName)),
        (0,_reconcile_auth_server_js__WEBPACK_IMPORTED_MODULE_4__/* .findAuthServer */ .P8)(identity, config.authServer.name),
    ]);
    const plugins = (0,_konnect_plugins_js__WEBPACK_IMPORTED_MODULE_3__/* .pluginsApi */ .V)(runtime.konnect, controlPlane.id);
    const claimNames = config.claims.map((claim) => claim.name);
    const [target, oidcPlugins, scopes, claims, client] = await Promise.all([
        (0,_reconcile_plugin_js__WEBPACK_IMPORTED_MODULE_8__/* .resolvePluginTarget */ .Hl)(plugins, config.pluginTarget),
        (0,_reconcile_plugin_js__WEBPACK_IMPORTED_MODULE_8__/* .listOidcPlugins */ .IN)(plugins),
        server ? (0,_reconcile_scopes_js__WEBPACK_IMPORTED_MODULE_9__/* .findScopes */ .$)(identity, server.id, config.scopes) : new Map(),
        server ? (0,_reconcile_claims_js__WEBPACK_IMPORTED_MODULE_5__/* .findClaims */ .BR)(identity, server.id, claimNames) : new Map(),
        server ? (0,_reconcile_client_js__WEBPACK_IMPORTED_MODULE_7__/* .findClient */ .$r)(identity, server.id, config.client.name) : undefined,
    ]);
    const existingPlugin = (0,_reconcile_plugin_js__WEBPACK_IMPORTED_MODULE_8__/* .pickPluginForTarget */ .xH)(oidcPlugins, target);
    const scopeIds = config.scopes.map((name) => scopes.get(name)?.id ?? `(id of new scope "${name}")`);
    const issuer = server?.issuer ?? '(issuer of the new auth server)';
    const report = (kind, name, plan, id) => ({
        kind,
        name,
        ...plan,
        ...(id === undefined ? {} : { id }),
    });
    // A client that does not exist yet would get its secret at creation.
    const strategy = client ? (0,_reconcile_client_secret_js__WEBPACK_IMPORTED_MODULE_6__/* .chooseSecretStrategy */ .xk)({ created: false }, config.client.secret).kind : 'use-creation-secret';
    return [
        report('control plane', config.controlPlaneName, { action: 'found', changes: [] }, controlPlane.id),
        report('auth server', config.authServer.name, (0,_reconcile_auth_server_js__WEBPACK_IMPORTED_MODULE_4__/* .planAuthServer */ .DI)(config.authServer, server), server?.id),
        ...config.scopes.map((name) => report('scope', name, (0,_reconcile_scopes_js__WEBPACK_IMPORTED_MODULE_9__/* .planScope */ .oE)(name, scopes.get(name)), scopes.get(name)?.id)),
        ...config.claims.map((claim) => report('claim', claim.name, (0,_reconcile_claims_js__WEBPACK_IMPORTED_MODULE_5__/* .planClaim */ .GF)((0,_reconcile_claims_js__WEBPACK_IMPORTED_MODULE_5__/* .desiredClaim */ .vC)(claim, scopeIds), claims.get(claim.name)), claims.get(claim.name)?.id)),
        report('client', config.client.name, (0,_reconcile_client_js__WEBPACK_IMPORTED_MODULE_7__/* .planClient */ .HZ)((0,_reconcile_client_js__WEBPACK_IMPORTED_MODULE_7__/* .desiredClient */ .eX)(config.client.name, scopeIds, config.client.accessTokenDuration), client), client?.id),
        report('client secret', config.client.name, { action: (0,_reconcile_client_secret_js__WEBPACK_IMPORTED_MODULE_6__/* .secretReportAction */ .dY)(strategy), changes: [] }),
        report('plugin', `openid-connect (${target.label})`, (0,_reconcile_plugin_js__WEBPACK_IMPORTED_MODULE_8__/* .planPlugin */ .b5)((0,_reconcile_plugin_js__WEBPACK_IMPORTED_MODULE_8__/* .desiredPluginConfig */ .sV)(issuer, config.authServer.audience, config.consumerClaim), existingPlugin), existingPlugin?.id),
    ];
}


/***/ })

};
