export const id = 293;
export const ids = [293];
export const modules = {

/***/ 8422:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   K: () => (/* binding */ createOrAdopt),
/* harmony export */   g: () => (/* binding */ mayHaveBeenCreated)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6421);
/* harmony import */ var _konnect_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1663);


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
            const reason = error instanceof Error ? error.message : String(error);
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
/* harmony export */   dY: () => (/* binding */ secretReportAction),
/* harmony export */   xk: () => (/* binding */ chooseSecretStrategy)
/* harmony export */ });
/* unused harmony exports ACTIVE_SECRET_LIMIT, secretToEvict, secretsToRetire */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6421);
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8500);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(452);
/* harmony import */ var _konnect_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1663);
/* harmony import */ var _adopt_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8422);





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
/** How a summary row names what the policy does (or, in a dry run, would do). */
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
    const pause = ctx.pause ?? ((ms) => (0,node_timers_promises__WEBPACK_IMPORTED_MODULE_1__.setTimeout)(ms));
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
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`Client "${ctx.clientName}" does not accept client-secret (${first.reason}); installing it as a client secret.`);
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
        if (secret === undefined)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionError */ .lZ(`Konnect created client secret ${created.id} for client "${ctx.clientName}" but did not return its value.`);
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
    const pause = ctx.pause ?? ((ms) => (0,node_timers_promises__WEBPACK_IMPORTED_MODULE_1__.setTimeout)(ms));
    const evictedIds = [];
    let refusedWithRoom = 0;
    for (let attempt = 1;; attempt += 1) {
        try {
            const created = await (0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .inStep */ .qg)(`create a secret for client "${ctx.clientName}"`, () => ctx.api.createClientSecret(ctx.authServerId, ctx.clientId, value));
            return { created, evictedIds };
        }
        catch (error) {
            const cause = error instanceof Error ? error.cause : undefined;
            if ((0,_adopt_js__WEBPACK_IMPORTED_MODULE_4__/* .mayHaveBeenCreated */ .g)(cause) && attempt < SECRET_CREATE_ATTEMPTS) {
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


/***/ }),

/***/ 6993:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   eD: () => (/* binding */ formatChange),
/* harmony export */   tF: () => (/* binding */ planFields),
/* harmony export */   z$: () => (/* binding */ patchFrom)
/* harmony export */ });
/* unused harmony exports sameValue, sameSet */
/**
 * Plans: what one resource needs (create, update with field-level changes, or nothing), computed
 * by pure functions from the desired and the existing state. Apply steps and dry runs share them.
 */
/**
 * Compares each desired field with the existing resource. Fields listed in `unordered` are sets:
 * their order does not count as drift (scope ids, grant types).
 */
function planFields(desired, existing, unordered = []) {
    if (existing === undefined) {
        return { action: 'create', changes: Object.entries(desired).map(([field, to]) => ({ field, from: undefined, to })) };
    }
    const changes = [];
    for (const [field, to] of Object.entries(desired)) {
        const from = existing[field];
        const same = unordered.includes(field) ? sameSet(from, to) : sameValue(from, to);
        if (!same)
            changes.push({ field, from, to });
    }
    return changes.length === 0 ? { action: 'unchanged', changes } : { action: 'update', changes };
}
/** The changed fields with their desired values: the body of a PATCH. */
function patchFrom(plan) {
    return Object.fromEntries(plan.changes.map((change) => [change.field, change.to]));
}
function sameValue(a, b) {
    return JSON.stringify(normalize(a)) === JSON.stringify(normalize(b));
}
function sameSet(a, b) {
    if (!Array.isArray(a) || !Array.isArray(b))
        return sameValue(a, b);
    const sortedA = [...new Set(a.map((item) => JSON.stringify(normalize(item))))].sort();
    const sortedB = [...new Set(b.map((item) => JSON.stringify(normalize(item))))].sort();
    return sameValue(sortedA, sortedB);
}
/** Object keys sorted, so that key order never counts as a difference. */
function normalize(value) {
    if (Array.isArray(value))
        return value.map(normalize);
    if (value !== null && typeof value === 'object') {
        return Object.fromEntries(Object.keys(value)
            .sort()
            .map((key) => [key, normalize(value[key])]));
    }
    return value;
}
/** A short, log-safe rendering of a change: `audience: "a" -> "b"`. */
function formatChange(change) {
    const show = (value) => (value === undefined ? '(unset)' : JSON.stringify(value));
    return `${change.field}: ${show(change.from)} -> ${show(change.to)}`;
}


/***/ }),

/***/ 9293:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   checkStatus: () => (/* binding */ checkStatus),
/* harmony export */   describeCheck: () => (/* binding */ describeCheck),
/* harmony export */   logCheck: () => (/* binding */ logCheck),
/* harmony export */   logGroup: () => (/* binding */ logGroup),
/* harmony export */   logPhases: () => (/* binding */ logPhases),
/* harmony export */   logPlan: () => (/* binding */ logPlan),
/* harmony export */   outputsOf: () => (/* binding */ outputsOf),
/* harmony export */   resourceRows: () => (/* binding */ resourceRows),
/* harmony export */   setOutputs: () => (/* binding */ setOutputs),
/* harmony export */   writeFactsSummary: () => (/* binding */ writeFactsSummary),
/* harmony export */   writeSummary: () => (/* binding */ writeSummary)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6421);
/* harmony import */ var _reconcile_client_secret_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3626);
/* harmony import */ var _reconcile_plan_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6993);
/* harmony import */ var _secrets_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(150);




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
 * phase is printed as one group as soon as it settles. Progress (retries, the gateway check's
 * polling) is still logged live, between the groups. A phase that failed prints nothing here: the
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
            const [authServer, scopes, claims, client] = await Promise.all([
                settled(stages.authServer),
                settled(stages.scopes),
                settled(stages.claims),
                settled(stages.client),
            ]);
            return resourceRows({ authServer, scopes, claims, client }).map(describeRow);
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
/** Dry run: each resource's plan, with field-level changes. */
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
        details.durationMs === undefined ? undefined : `Run took ${(details.durationMs / 1000).toFixed(1)} s`,
    ].filter((fact) => fact !== undefined);
    summary.addList(facts);
    await summary.write();
}
/** A short summary of the modes that only hand out a token: label and value pairs. Never a secret. */
async function writeFactsSummary(heading, facts) {
    if (!process.env['GITHUB_STEP_SUMMARY'])
        return;
    const cell = (text) => escapeHtml((0,_secrets_js__WEBPACK_IMPORTED_MODULE_2__/* .redact */ .E)(text));
    await _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .summary */ .z
        .addHeading(heading, 3)
        .addList(facts.map(([label, value]) => `${cell(label)}: <code>${cell(value)}</code>`))
        .write();
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
