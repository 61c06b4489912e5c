export const id = 660;
export const ids = [660];
export const modules = {

/***/ 3660:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   readSealedToken: () => (/* binding */ readSealedToken),
/* harmony export */   runUnseal: () => (/* binding */ runUnseal)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(452);
/* harmony import */ var _failure_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1957);
/* harmony import */ var _secrets_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(150);
/* harmony import */ var _workflow_commands_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6658);
/* harmony import */ var _seal_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7959);





/**
 * mode: unseal. Opens the sealed-access-token an earlier job output, with the same seal-key, and
 * hands out the access token. No network call: the earlier job already verified the token.
 */
/** Below this, the token is handed out with a warning: a deploy step may outlive it. */
const SHORT_LIFETIME_SECONDS = 60;
function readSealedToken(read, now) {
    const problems = [];
    const sealed = read('sealed-access-token').trim();
    if (sealed === '') {
        problems.push('"sealed-access-token" is required in mode unseal: pass the job output of the provisioning job, e.g. sealed-access-token: ${{ needs.provision.outputs.sealed-access-token }} (if it is empty there, the runner dropped it or seal-key was not set in that job)');
    }
    const rawKey = read('seal-key');
    const key = rawKey.trim() === '' ? { problem: `"seal-key" is required in mode unseal: ${_seal_js__WEBPACK_IMPORTED_MODULE_4__.SEAL_KEY_HOWTO}` } : (0,_seal_js__WEBPACK_IMPORTED_MODULE_4__.parseSealKey)(rawKey);
    if ('problem' in key)
        problems.push(key.problem);
    if (problems.length > 0 || !('key' in key))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigError */ .xL(problems);
    const unsealed = (0,_seal_js__WEBPACK_IMPORTED_MODULE_4__.unsealToken)(sealed, key.key);
    (0,_secrets_js__WEBPACK_IMPORTED_MODULE_2__/* .maskSecret */ .$)(unsealed.token); // before anything else can print it
    const secondsLeft = Math.floor((unsealed.expiresAt.getTime() - now.getTime()) / 1000);
    if (secondsLeft <= 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ(`The sealed access token expired at ${unsealed.expiresAt.toISOString()}, ${-secondsLeft} s ago.`, {
            hint: 'Re-run the provisioning job, or mint a fresh token in this job with mode: token (issuer-url, client-id, client-secret); a longer access-token-duration also helps.',
        });
    }
    return unsealed;
}
async function runUnseal(now = new Date()) {
    let unsealed;
    try {
        unsealed = readSealedToken(_workflow_commands_js__WEBPACK_IMPORTED_MODULE_3__/* .getInput */ .V4, now);
    }
    catch (error) {
        (0,_workflow_commands_js__WEBPACK_IMPORTED_MODULE_3__/* .setFailed */ .C1)((0,_failure_js__WEBPACK_IMPORTED_MODULE_1__/* .describeFailure */ .I)(error));
        return;
    }
    const secondsLeft = Math.floor((unsealed.expiresAt.getTime() - now.getTime()) / 1000);
    if (secondsLeft < SHORT_LIFETIME_SECONDS)
        (0,_workflow_commands_js__WEBPACK_IMPORTED_MODULE_3__/* .warning */ .$e)(`The unsealed access token expires in ${secondsLeft} s (at ${unsealed.expiresAt.toISOString()}).`);
    const report = await Promise.all(/* import() */[__webpack_require__.e(421), __webpack_require__.e(293)]).then(__webpack_require__.bind(__webpack_require__, 9293));
    report.setOutputs({ 'access-token': unsealed.token, 'token-expires-at': unsealed.expiresAt.toISOString() });
    await report.writeFactsSummary('Kong Identity OIDC: access token (mode unseal)', [
        ['Unsealed an access token that expires at', unsealed.expiresAt.toISOString()],
    ]);
}


/***/ })

};
