export const id = 94;
export const ids = [94];
export const modules = {

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


/***/ })

};
