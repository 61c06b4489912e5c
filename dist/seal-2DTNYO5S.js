import{createRequire as __createRequire}from'node:module';const require=__createRequire(import.meta.url);
import{a,b,c}from"./chunk-MTDWBM25.js";import"./chunk-CQJNUBHK.js";import"./chunk-G22UCW4K.js";import"./chunk-JXQA2DPP.js";export{a as sealToken,b as unsealToken,c as withSealedToken};
