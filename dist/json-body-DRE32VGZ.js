import{createRequire as __createRequire}from'node:module';const require=__createRequire(import.meta.url);
import{a,b,c}from"./chunk-7YPXGDDM.js";import"./chunk-75UYDSWY.js";import"./chunk-JXQA2DPP.js";export{a as checkJsonBody,c as clip,b as fieldPath};
