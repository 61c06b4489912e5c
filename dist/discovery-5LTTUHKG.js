import{createRequire as __createRequire}from'node:module';const require=__createRequire(import.meta.url);
import{a,b}from"./chunk-JCIWJV55.js";import"./chunk-75UYDSWY.js";import"./chunk-XVOK43J7.js";import"./chunk-G22UCW4K.js";import"./chunk-JXQA2DPP.js";export{a as discoverIssuer,b as fetchJwks};
