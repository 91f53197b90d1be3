/** Shared stylesheet of the demo pages. */
export const STYLE = `
:root{--ink:#1b1f24;--muted:#5b6570;--line:#e3e6ea;--accent:#b3261e;--bg:#fafaf8;--mark:#ffe58a}
*{box-sizing:border-box}body{margin:0;font:16px/1.5 Georgia,"Times New Roman",serif;color:var(--ink);background:var(--bg)}
a{color:inherit}header.site{border-bottom:3px solid var(--ink);background:#fff}
.wrap{max-width:1040px;margin:0 auto;padding:0 20px}
.brand{display:flex;align-items:baseline;gap:12px;padding:14px 0}.brand a{text-decoration:none}
.brand strong{font-size:28px;letter-spacing:-.5px}.brand span{color:var(--accent);font:600 13px/1 system-ui,sans-serif;text-transform:uppercase;letter-spacing:1px}
/* The widgets take their look from these custom properties (see README: widgets). */
newsline-search,newsline-related,newsline-trending{--newsline-color:var(--ink);--newsline-muted:var(--muted);--newsline-border:var(--line);--newsline-mark:var(--mark);--newsline-link:var(--ink)}
newsline-search{font:16px system-ui,sans-serif}newsline-related,newsline-trending{font:15px system-ui,sans-serif}
.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
main{padding:22px 0}
main.home{display:grid;grid-template-columns:minmax(0,1fr) 240px;gap:28px}
@media(max-width:900px){main.home{grid-template-columns:minmax(0,1fr)}}
.meta{font:13px system-ui,sans-serif;color:var(--muted)}
.tag{display:inline-block;font:12px system-ui,sans-serif;background:#eef0f2;border-radius:3px;padding:1px 6px;margin-right:4px}
button.primary{font:14px system-ui,sans-serif;padding:6px 12px;border:1px solid var(--ink);border-radius:3px;cursor:pointer}
button.primary{background:var(--ink);color:#fff}
article.story{max-width:700px;overflow-wrap:anywhere}article.story h1{font-size:36px;line-height:1.15;margin:8px 0}
article.story .body p{font-size:18px;line-height:1.65}
.widget{display:block;margin-top:28px}
section.widget{border-top:3px solid var(--ink);padding-top:8px}
.widget h2{font:700 14px system-ui,sans-serif;text-transform:uppercase;letter-spacing:1px}
.review{padding:8px 0;border-bottom:1px solid var(--line)}.stars{color:var(--accent);letter-spacing:2px}
form.review-form{display:grid;gap:10px;font:14px system-ui,sans-serif;max-width:520px}form.review-form label{display:grid;gap:4px}
form.review-form input,form.review-form textarea,form.review-form select{font:15px system-ui,sans-serif;padding:8px;border:1px solid #aab}
.notice{font:14px system-ui,sans-serif;padding:8px 10px;background:#eef6ee;border-left:3px solid #2e7d32}
.notice.err{background:#fbeeee;border-color:var(--accent)}
.empty{color:var(--muted);font-style:italic}
`;
