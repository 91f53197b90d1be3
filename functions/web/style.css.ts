/** Shared stylesheet of the demo pages. */
export const STYLE = `
:root{--ink:#1b1f24;--muted:#5b6570;--line:#e3e6ea;--accent:#b3261e;--bg:#fafaf8;--mark:#ffe58a}
*{box-sizing:border-box}body{margin:0;font:16px/1.5 Georgia,"Times New Roman",serif;color:var(--ink);background:var(--bg)}
a{color:inherit}header.site{border-bottom:3px solid var(--ink);background:#fff}
.wrap{max-width:1040px;margin:0 auto;padding:0 20px}
.brand{display:flex;align-items:baseline;gap:12px;padding:14px 0}.brand a{text-decoration:none}
.brand strong{font-size:28px;letter-spacing:-.5px}.brand span{color:var(--accent);font:600 13px/1 system-ui,sans-serif;text-transform:uppercase;letter-spacing:1px}
.searchbar{position:relative;padding:0 0 16px}
.searchbar input{width:100%;font:18px system-ui,sans-serif;padding:12px 14px;border:2px solid var(--ink);border-radius:4px}
.suggest{position:absolute;left:0;right:0;top:52px;background:#fff;border:1px solid var(--line);box-shadow:0 6px 20px #0002;z-index:5;list-style:none;margin:0;padding:4px 0;font:15px system-ui,sans-serif}
.suggest li{padding:7px 14px;cursor:pointer}.suggest li[aria-selected=true],.suggest li:hover{background:#f1f3f5}
.suggest .q{color:var(--muted)}
mark{background:var(--mark);color:inherit;padding:0 1px}
main{display:grid;grid-template-columns:220px 1fr;gap:28px;padding:22px 0}
@media(max-width:760px){main{grid-template-columns:1fr}}
aside h3{font:600 12px system-ui,sans-serif;text-transform:uppercase;letter-spacing:1px;color:var(--muted);margin:18px 0 6px}
aside label{display:flex;justify-content:space-between;gap:6px;font:14px system-ui,sans-serif;padding:2px 0;cursor:pointer}
aside label small{color:var(--muted)}
.meta,.toolbar{font:13px system-ui,sans-serif;color:var(--muted)}
.toolbar{display:flex;justify-content:space-between;align-items:center;margin-bottom:8px}
.hit{padding:14px 0;border-bottom:1px solid var(--line)}.hit h2{font-size:21px;margin:0 0 4px;line-height:1.25}
.hit h2 a{text-decoration:none}.hit h2 a:hover{text-decoration:underline}.hit p{margin:4px 0;color:#333}
.tag{display:inline-block;font:12px system-ui,sans-serif;background:#eef0f2;border-radius:3px;padding:1px 6px;margin-right:4px}
.pager{display:flex;gap:8px;margin:16px 0}.pager button,.toolbar select,button.primary{font:14px system-ui,sans-serif;padding:6px 12px;border:1px solid var(--ink);background:#fff;border-radius:3px;cursor:pointer}
button.primary{background:var(--ink);color:#fff}
article.story{max-width:700px}article.story h1{font-size:36px;line-height:1.15;margin:8px 0}
article.story .body p{font-size:18px;line-height:1.65}
.widget{border-top:3px solid var(--ink);margin-top:28px;padding-top:8px}
.widget h3{font:700 14px system-ui,sans-serif;text-transform:uppercase;letter-spacing:1px}
.widget ol{list-style:none;padding:0;margin:0}.widget li{padding:8px 0;border-bottom:1px solid var(--line)}
.widget li a{font-weight:bold;text-decoration:none}.reasons{font:12px system-ui,sans-serif;color:var(--muted)}
.review{padding:8px 0;border-bottom:1px solid var(--line)}.stars{color:var(--accent);letter-spacing:2px}
form.review-form{display:grid;gap:8px;font:14px system-ui,sans-serif;max-width:520px}
form.review-form input,form.review-form textarea,form.review-form select{font:15px system-ui,sans-serif;padding:8px;border:1px solid #aab}
.notice{font:14px system-ui,sans-serif;padding:8px 10px;background:#eef6ee;border-left:3px solid #2e7d32}
.notice.err{background:#fbeeee;border-color:var(--accent)}
.empty{color:var(--muted);font-style:italic}
`;
