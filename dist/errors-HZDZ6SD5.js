import{createRequire as __createRequire}from'node:module';const require=__createRequire(import.meta.url);
import{a,b,c,d}from"./chunk-RNFKUTPI.js";import"./chunk-7YPXGDDM.js";import"./chunk-KLDE64NH.js";import"./chunk-75UYDSWY.js";import"./chunk-G22UCW4K.js";import"./chunk-JXQA2DPP.js";export{a as KonnectApiError,c as KonnectResponseError,b as KonnectUnreachableError,d as parseErrorBody};
