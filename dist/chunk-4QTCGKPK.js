import{createRequire as __createRequire}from'node:module';const require=__createRequire(import.meta.url);
import{a as e}from"./chunk-JXQA2DPP.js";var o="/v2/control-planes";function n(t){return{"filter[name][eq]":t,"page[size]":10}}e(n,"controlPlanesNamed");var r="/v1/auth-servers",s={"page[size]":100};export{o as a,n as b,r as c,s as d};
