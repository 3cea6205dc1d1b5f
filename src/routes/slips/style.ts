/**
 * The slip page's stylesheet (served from the worker: the page's CSP allows nothing else). On
 * paper: A4, eight slips a page (two across, four down) with dashed cut lines; on a screen: one
 * column, readable at 360 px, with the instructions for printing above.
 */
export const SLIPS_CSS = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font-family:"Noto Sans CJK SC","Noto Sans SC","PingFang SC","Microsoft YaHei",sans-serif;color:#1f2328;background:#f6f7f9;line-height:1.5}
.intro{max-width:48rem;margin:0 auto;padding:1rem}
.intro h1{font-size:1.3rem;margin:.3rem 0 .6rem}
.intro p{margin:.3rem 0}
.warn{background:#fff8e1;border:1px solid #ffe08a;color:#6d4c00;border-radius:4px;padding:.5rem .8rem}
.page{max-width:48rem;margin:0 auto;padding:0 1rem}
.slip{background:#fff;border:1px dashed #8c959f;padding:.8rem;margin:0 0 1rem;display:grid;grid-template-columns:1fr auto;grid-template-areas:"head head" "facts qr" "addr addr" "steps steps";gap:.3rem .8rem;overflow-wrap:anywhere}
.slip-head{grid-area:head;display:flex;justify-content:space-between;gap:.5rem;border-bottom:1px solid #d0d7de;padding-bottom:.2rem;font-size:.9rem}
.slip-head .kind{font-weight:700}
.facts{grid-area:facts;margin:0;display:grid;grid-template-columns:auto 1fr;gap:.1rem .6rem;align-content:start}
.facts dt{color:#57606a;font-size:.85rem;align-self:center;white-space:nowrap}
.facts dd{margin:0}
.name{font-weight:700;font-size:1.1rem}
.mono{font-family:"DejaVu Sans Mono","Noto Sans Mono","Consolas",monospace;letter-spacing:.04em}
.number{font-size:1.1rem}
.password{font-size:1.5rem;font-weight:700;white-space:nowrap}
.password span+span{margin-left:.45em}
.qr{grid-area:qr;text-align:center;font-size:.7rem;color:#57606a;width:7.5rem}
.qr svg{display:block;width:7.5rem;height:7.5rem}
.address{grid-area:addr;margin:0;font-size:.8rem;overflow-wrap:anywhere}
.steps{grid-area:steps;margin:0;padding-left:1.2rem;font-size:.8rem}
@media screen and (max-width:30rem){
  .slip{grid-template-columns:1fr;grid-template-areas:"head" "facts" "addr" "qr" "steps"}
  .qr{justify-self:center}
  .password{font-size:1.35rem}
}
.cleared,.empty{max-width:48rem;margin:0 auto 2rem;padding:0 1rem}
.cleared h2{font-size:1.05rem}
.cleared ul{padding-left:1.2rem}
@media print{
  @page{size:A4;margin:8mm}
  body{background:#fff}
  .screen-only{display:none}
  .page{max-width:none;margin:0;padding:0;display:grid;grid-template-columns:1fr 1fr;grid-auto-rows:70mm;break-after:page}
  .page:last-of-type{break-after:auto}
  .slip{margin:0;height:70mm;padding:3mm 4mm;border:0;outline:1px dashed #8c959f;outline-offset:-.5px;break-inside:avoid;font-size:9pt}
  .slip-head{font-size:8.5pt}
  .facts{column-gap:2mm}
  .facts dt{font-size:8pt}
  .name,.number{font-size:11pt}
  .password{font-size:14pt;letter-spacing:0}
  .qr,.qr svg{width:25mm}
  .qr svg{height:25mm}
  .steps{font-size:7.5pt;line-height:1.35}
  .address{font-size:8pt}
  .cleared{break-before:page;max-width:none;padding:0}
}
`;
