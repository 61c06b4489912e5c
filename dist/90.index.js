export const id = 90;
export const ids = [90];
export const modules = {

/***/ 5090:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   planChanges: () => (/* binding */ planChanges)
/* harmony export */ });
/* harmony import */ var _konnect_control_planes_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5151);
/* harmony import */ var _konnect_identity_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2670);
/* harmony import */ var _konnect_plugins_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4410);
/* harmony import */ var _reconcile_auth_server_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1542);
/* harmony import */ var _reconcile_claims_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9879);
/* harmony import */ var _reconcile_client_secret_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(3626);
/* harmony import */ var _reconcile_client_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(4853);
/* harmony import */ var _reconcile_plugin_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(793);
/* harmony import */ var _reconcile_scopes_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(3347);
/* harmony import */ var _report_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(9293);










/**
 * Dry run: the plan without the changes. The same lookups as a real run (GET requests only), then
 * each resource's plan from the same pure plan functions. Ids of what would be created are shown
 * as placeholders.
 */
async function planChanges(config, runtime) {
    const identity = (0,_konnect_identity_js__WEBPACK_IMPORTED_MODULE_1__/* .identityApi */ .Z)(runtime.konnect);
    const [controlPlane, server] = await Promise.all([
        (0,_konnect_control_planes_js__WEBPACK_IMPORTED_MODULE_0__/* .findControlPlane */ .D)((0,_konnect_control_planes_js__WEBPACK_IMPORTED_MODULE_0__/* .controlPlanesApi */ .r)(runtime.konnect), config.controlPlaneName),
        (0,_reconcile_auth_server_js__WEBPACK_IMPORTED_MODULE_3__/* .findAuthServer */ .P8)(identity, config.authServer.name),
    ]);
    const plugins = (0,_konnect_plugins_js__WEBPACK_IMPORTED_MODULE_2__/* .pluginsApi */ .V)(runtime.konnect, controlPlane.id);
    const claimNames = config.claims.map((claim) => claim.name);
    const [target, oidcPlugins, scopes, claims, client] = await Promise.all([
        (0,_reconcile_plugin_js__WEBPACK_IMPORTED_MODULE_7__/* .resolvePluginTarget */ .Hl)(plugins, config.pluginTarget),
        (0,_reconcile_plugin_js__WEBPACK_IMPORTED_MODULE_7__/* .listOidcPlugins */ .IN)(plugins),
        server ? (0,_reconcile_scopes_js__WEBPACK_IMPORTED_MODULE_8__/* .findScopes */ .$)(identity, server.id, config.scopes) : new Map(),
        server ? (0,_reconcile_claims_js__WEBPACK_IMPORTED_MODULE_4__/* .findClaims */ .BR)(identity, server.id, claimNames) : new Map(),
        server ? (0,_reconcile_client_js__WEBPACK_IMPORTED_MODULE_6__/* .findClient */ .$r)(identity, server.id, config.client.name) : undefined,
    ]);
    const existingPlugin = (0,_reconcile_plugin_js__WEBPACK_IMPORTED_MODULE_7__/* .pickPluginForTarget */ .xH)(oidcPlugins, target);
    const scopeIds = config.scopes.map((name) => scopes.get(name)?.id ?? `(id of new scope "${name}")`);
    const issuer = server?.issuer ?? '(issuer of the new auth server)';
    const report = (kind, name, plan, id) => ({
        kind,
        name,
        ...plan,
        ...(id === undefined ? {} : { id }),
    });
    // A client that does not exist yet would get its secret at creation.
    const strategy = client ? (0,_reconcile_client_secret_js__WEBPACK_IMPORTED_MODULE_5__/* .chooseSecretStrategy */ .xk)({ created: false }, config.client.secret).kind : 'use-creation-secret';
    return [
        report('control plane', config.controlPlaneName, { action: 'found', changes: [] }, controlPlane.id),
        report('auth server', config.authServer.name, (0,_reconcile_auth_server_js__WEBPACK_IMPORTED_MODULE_3__/* .planAuthServer */ .DI)(config.authServer, server), server?.id),
        ...config.scopes.map((name) => report('scope', name, (0,_reconcile_scopes_js__WEBPACK_IMPORTED_MODULE_8__/* .planScope */ .oE)(name, scopes.get(name)), scopes.get(name)?.id)),
        ...config.claims.map((claim) => report('claim', claim.name, (0,_reconcile_claims_js__WEBPACK_IMPORTED_MODULE_4__/* .planClaim */ .GF)((0,_reconcile_claims_js__WEBPACK_IMPORTED_MODULE_4__/* .desiredClaim */ .vC)(claim, scopeIds), claims.get(claim.name)), claims.get(claim.name)?.id)),
        report('client', config.client.name, (0,_reconcile_client_js__WEBPACK_IMPORTED_MODULE_6__/* .planClient */ .HZ)((0,_reconcile_client_js__WEBPACK_IMPORTED_MODULE_6__/* .desiredClient */ .eX)(config.client.name, scopeIds, config.client.accessTokenDuration), client), client?.id),
        report('client secret', config.client.name, { action: (0,_report_js__WEBPACK_IMPORTED_MODULE_9__.secretReportAction)(strategy), changes: [] }),
        report('plugin', `openid-connect (${target.label})`, (0,_reconcile_plugin_js__WEBPACK_IMPORTED_MODULE_7__/* .planPlugin */ .b5)((0,_reconcile_plugin_js__WEBPACK_IMPORTED_MODULE_7__/* .desiredPluginConfig */ .sV)(issuer, config.authServer.audience, config.consumerClaim), existingPlugin), existingPlugin?.id),
    ];
}


/***/ }),

/***/ 9293:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   logCheck: () => (/* binding */ logCheck),
/* harmony export */   logPhases: () => (/* binding */ logPhases),
/* harmony export */   outputsOf: () => (/* binding */ outputsOf),
/* harmony export */   reportPlan: () => (/* binding */ reportPlan),
/* harmony export */   secretReportAction: () => (/* binding */ secretReportAction),
/* harmony export */   setOutputs: () => (/* binding */ setOutputs),
/* harmony export */   writeFactsSummary: () => (/* binding */ writeFactsSummary),
/* harmony export */   writeRunSummary: () => (/* binding */ writeRunSummary)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6421);
/* harmony import */ var _failure_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1957);
/* harmony import */ var _reconcile_plan_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6993);
/* harmony import */ var _secrets_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(150);




/** How a row names what the secret policy did (or, in a dry run, would do). */
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
// ---- logs: one group per phase -----------------------------------------------------------------
/** Prints `lines` as one collapsible group, in one go, so that no concurrent log line lands inside. */
function logGroup(title, lines) {
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .startGroup */ .Oh((0,_secrets_js__WEBPACK_IMPORTED_MODULE_2__/* .redact */ .E)(title));
    for (const line of lines)
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq((0,_secrets_js__WEBPACK_IMPORTED_MODULE_2__/* .redact */ .E)(line));
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .endGroup */ .N4();
}
/**
 * The phases of an applying run overlap (pipeline.ts), so their reports are not streamed: each
 * phase is printed as one group as soon as it settles. Progress (retries, recoveries from lost
 * responses and concurrent runs, the gateway check's polling) is still logged live, between the
 * groups, so that it shows even when the run then fails. A phase that failed prints nothing here: the
 * failure itself is the step's error. The gateway check's group follows the run (logCheck).
 */
async function logPhases(stages) {
    const settled = (promise) => promise.catch(() => undefined);
    const phase = async (title, lines) => {
        const printed = await lines();
        if (printed.length > 0)
            logGroup(title, printed);
    };
    await Promise.all([
        phase('Control plane', async () => resourceRows({ controlPlane: await settled(stages.controlPlane) }).map(describeRow)),
        phase('Kong Identity: auth server, scopes, claims, client', async () => {
            const [authServer, scopes, claims, client, duplicateClaimIds] = await Promise.all([
                settled(stages.authServer),
                settled(stages.scopes),
                settled(stages.claims),
                settled(stages.client),
                settled(stages.duplicateClaimIds),
            ]);
            return [
                ...resourceRows({ authServer, scopes, claims, client }).map(describeRow),
                ...(duplicateClaimIds && duplicateClaimIds.length > 0
                    ? [`claims deleted as duplicates of a concurrent run's: ${duplicateClaimIds.join(', ')}`]
                    : []),
            ];
        }),
        phase('openid-connect plugin', async () => resourceRows({ plugin: await settled(stages.plugin) }).map(describeRow)),
        phase('Client secret and access token', async () => {
            const [client, credentials, token, retired] = await Promise.all([
                settled(stages.client),
                settled(stages.credentials),
                settled(stages.token),
                settled(stages.retiredSecretIds),
            ]);
            const secretRows = resourceRows({ client, credentials }).filter((row) => row.kind === 'client secret');
            return [
                ...secretRows.map(describeRow),
                ...(token ? [`access token: verified (signature, iss, aud), expires at ${token.expiresAt.toISOString()}`] : []),
                ...(retired && retired.length > 0 ? [`older client secrets deleted: ${retired.join(', ')}`] : []),
            ];
        }),
    ]);
}
function logCheck(values, checkEnabled) {
    logGroup('Gateway check', [describeCheck(values, checkEnabled)]);
}
/** One resource as a log line: `scope "my-scope": created (id)`, with field changes for an update. */
function describeRow(row) {
    const changes = row.action === 'update' ? `: ${row.changes.map(_reconcile_plan_js__WEBPACK_IMPORTED_MODULE_3__/* .formatChange */ .eD).join('; ')}` : '';
    return `${row.kind} "${row.name}": ${PAST_TENSE[row.action]}${row.id ? ` (${row.id})` : ''}${changes}`;
}
/** Dry run: the plan in the log and the job summary; check-status is skipped. */
async function reportPlan(reports) {
    logPlan(reports);
    await writeSummary(reports, { dryRun: true, check: 'skipped (dry run)' });
    setOutputs({ 'check-status': 'skipped' });
}
/** Each resource's plan, with field-level changes. */
function logPlan(reports) {
    const lines = ['Dry run: nothing was changed.'];
    for (const report of reports) {
        lines.push(`  ${report.action.padEnd(9)} ${report.kind} "${report.name}"${report.id ? ` (${report.id})` : ''}`);
        if (report.action === 'create' || report.action === 'update') {
            for (const change of report.changes)
                lines.push(`              ${(0,_reconcile_plan_js__WEBPACK_IMPORTED_MODULE_3__/* .formatChange */ .eD)(change)}`);
        }
    }
    logGroup('Plan', lines);
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
            action: secretReportAction(strategy, createdSecretId !== undefined),
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
    if (values.checkError !== undefined)
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
/** The job summary of an applying run; `failure` is the step's error message, when it failed. */
async function writeRunSummary(values, run) {
    await writeSummary(resourceRows(values), {
        dryRun: false,
        ...(values.authServer ? { issuer: values.authServer.resource.issuer } : {}),
        ...(values.token ? { tokenExpiresAt: values.token.expiresAt.toISOString() } : {}),
        check: describeCheck(values, run.checkEnabled),
        ...(run.failure === undefined ? {} : { failure: firstLine(run.failure) }),
        durationMs: run.durationMs,
    });
}
/** The job summary: resources with what happened to them, the issuer, the check. Never a secret. */
async function writeSummary(rows, details) {
    if (!process.env['GITHUB_STEP_SUMMARY'])
        return;
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
        details.durationMs === undefined ? undefined : `Run took ${(details.durationMs / 1000).toFixed(1)} s`,
    ].filter((fact) => fact !== undefined);
    summary.addList(facts);
    await summary.write();
}
/** A short summary of the modes that only hand out a token: label and value pairs. Never a secret. */
async function writeFactsSummary(heading, facts) {
    if (!process.env['GITHUB_STEP_SUMMARY'])
        return;
    await _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .summary */ .z
        .addHeading(heading, 3)
        .addList(facts.map(([label, value]) => `${cell(label)}: <code>${cell(value)}</code>`))
        .write();
}
function describeCheck(values, checkEnabled) {
    if (!checkEnabled)
        return 'skipped (no proxy-url)';
    if (values.checkError !== undefined)
        return `failed: ${firstLine((0,_failure_js__WEBPACK_IMPORTED_MODULE_1__/* .describeFailure */ .I)(values.checkError)).replace(/^Gateway check failed: /, '')}`;
    if (values.check) {
        return `passed in ${(values.check.durationMs / 1000).toFixed(1)} s (${values.check.withTokenStatus} with the token, ${values.check.withoutTokenStatus} without, at ${values.check.url})`;
    }
    return 'not run';
}
/** A summary cell or list item: secrets removed, HTML escaped. */
function cell(text) {
    return escapeHtml((0,_secrets_js__WEBPACK_IMPORTED_MODULE_2__/* .redact */ .E)(text));
}
/** The message without its "What to do:" line. */
function firstLine(message) {
    return message.split('\n')[0] ?? message;
}
function escapeHtml(text) {
    return text.replace(/[&<>"]/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[char] ?? char);
}


/***/ })

};
