export const id = 117;
export const ids = [117];
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


/***/ })

};
