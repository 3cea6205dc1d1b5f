import { conditionalMarkCss } from "../../core/portal/conditional-marks";
import { SchoolCategory, templateFor } from "../../core/templates";
import { shippedTemplates } from "../../core/templates/bundle";

/** The portal's only stylesheet, served from the worker (nothing is fetched from elsewhere). */
const BASE_CSS = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font-family:"Noto Sans CJK SC","Noto Sans SC","PingFang SC","Microsoft YaHei",sans-serif;font-size:16px;line-height:1.6;color:#1f2328;background:#f6f7f9}
header.top{background:#1f5fa8;color:#fff;padding:.6rem 1rem;display:flex;justify-content:space-between;align-items:center;gap:.5rem;flex-wrap:wrap}
header.top .brand{font-weight:700;font-size:1.05rem}
header.top form{margin:0}
header.top button{background:transparent;color:#fff;border:1px solid #fff;padding:.3rem .7rem;border-radius:4px;font-size:.9rem;width:auto;min-height:0}
main{max-width:40rem;margin:0 auto;padding:1rem}
h1{font-size:1.3rem;margin:.5rem 0 1rem}
h2{font-size:1.1rem;margin:0 0 .5rem}
.card{background:#fff;border:1px solid #d8dee4;border-radius:6px;padding:1rem;margin-bottom:1rem;overflow-wrap:anywhere}
label{display:block;font-weight:600;margin:.8rem 0 .25rem}
.req{color:#c62828;margin-left:.2rem}
.req-when{display:none}
.field-error{color:#b3261e;font-size:.9rem;margin:.2rem 0 0}
[aria-invalid=true]{border-color:#b3261e!important;border-width:2px!important}
.hint{font-size:.85rem;color:#57606a;margin:.15rem 0 0}
input[type=text],input[type=password],input[type=number],select{width:100%;font-size:1rem;padding:.55rem;border:1px solid #8c959f;border-radius:4px;background:#fff;min-height:2.75rem}
fieldset{border:1px solid #d8dee4;border-radius:4px;margin:.8rem 0 0;padding:.5rem}
fieldset label{display:flex;gap:.4rem;align-items:center;font-weight:400;margin:.2rem 0}
button,.button{display:inline-block;width:100%;font-size:1rem;padding:.65rem 1rem;border:0;border-radius:4px;background:#1f5fa8;color:#fff;text-align:center;text-decoration:none;min-height:2.75rem;margin-top:1rem;cursor:pointer}
.button.secondary{background:#eaeef2;color:#1f2328;border:1px solid #d0d7de}
.error{background:#fdecea;border:1px solid #f5c2c0;color:#8a1f17;border-radius:4px;padding:.6rem .8rem;margin:.5rem 0}
.notice{background:#e8f4ea;border:1px solid #b7dfbf;color:#1b5e20;border-radius:4px;padding:.6rem .8rem;margin:.5rem 0}
.warn{background:#fff8e1;border:1px solid #ffe08a;color:#6d4c00;border-radius:4px;padding:.6rem .8rem;margin:.5rem 0}
ul.plain{margin:.3rem 0;padding-left:1.2rem}
ol.steps{margin:.2rem 0 0;padding-left:1.4rem;font-size:.9rem}
ol.steps li{margin:.15rem 0}
dl.facts{display:grid;grid-template-columns:auto 1fr;gap:.2rem .8rem;margin:0}
dl.facts dt{color:#57606a}
dl.facts dd{margin:0}
.record{border-top:1px solid #eaeef2;padding:.6rem 0}
.record:first-of-type{border-top:0}
.state{display:inline-block;font-size:.85rem;padding:.05rem .5rem;border-radius:999px;background:#eaeef2;margin-right:.4rem}
.state-effective,.state-completed{background:#e8f4ea;color:#1b5e20}
.state-incomplete,.state-returned,.state-refused{background:#fdecea;color:#8a1f17}
.state-ready,.state-awaiting_recheck,.state-change_pending,.state-revoked,.state-draft,.state-county_review,.state-counterpart_review,.state-release_review,.state-exchange_review,.state-township_review{background:#fff8e1;color:#6d4c00}
table.values{width:100%;border-collapse:collapse;font-size:.9rem;margin-top:.4rem}
table.values th{text-align:left;font-weight:400;color:#57606a;width:40%;vertical-align:top;padding:.15rem .4rem .15rem 0}
table.values td{padding:.15rem 0;vertical-align:top}
a{color:#1f5fa8}
.actions{display:flex;gap:.5rem;flex-wrap:wrap}
.actions .button{width:auto;margin-top:.5rem;padding:.4rem .9rem;min-height:0;font-size:.95rem}
`;

/** Conditionally required fields show their * once their condition holds (conditional-marks.ts). */
const MARKS_CSS = conditionalMarkCss(
  SchoolCategory.options.flatMap((category) => templateFor(shippedTemplates, category)),
);

export const PORTAL_CSS = `${BASE_CSS}${MARKS_CSS}\n`;
