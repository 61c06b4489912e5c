import{createRequire as __createRequire}from'node:module';const require=__createRequire(import.meta.url);
import{a,b}from"./chunk-R66LYXZZ.js";import"./chunk-JXQA2DPP.js";export{b as setOutput,a as summary};
