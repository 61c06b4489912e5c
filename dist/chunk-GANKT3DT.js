import{createRequire as __createRequire}from'node:module';const require=__createRequire(import.meta.url);
var e=["control plane","Kong Identity","plugin","secret and token","gateway check"];export{e as a};
