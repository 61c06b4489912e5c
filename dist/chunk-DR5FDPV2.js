import{createRequire as __createRequire}from'node:module';const require=__createRequire(import.meta.url);
import{a as s}from"./chunk-M2J2JUCU.js";import{a as n,b as t,c as h,d as u}from"./chunk-E2K4XBVC.js";import{f as o,n as f}from"./chunk-IFI3RXXH.js";import{b as e}from"./chunk-G22UCW4K.js";import{a as p}from"./chunk-JXQA2DPP.js";function y(i,d={}){let l=s(i,d),a=i instanceof e?i.problems:void 0;if(a===void 0)o(`<h3>${n(`\u274C ${t}: failed`)}</h3>
${h(l)}`);else{let m=a.length===1?"":"s";o([`<h3>${n(`\u274C ${t}: failed (invalid input${m})`)}</h3>`,`<p>${n(`${a.length} input problem${m}; nothing was changed:`)}</p>`,`<ul>${a.map(r=>`<li>${n(r)}</li>`).join("")}</ul>`,...i instanceof e&&i.hint?[u(i.hint)]:[]].join(`
`))}f(l)}p(y,"failEarly");export{y as a};
