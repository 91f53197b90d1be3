/** Client script of the article page: its reviews. Related stories and the reading events come from <newsline-related track>. */
export const ARTICLE_SCRIPT = `
const articleId = document.body.dataset.article;
const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
function visitorId() {
  let v = localStorage.getItem("newsline-visitor");
  if (!v) { v = crypto.randomUUID().replace(/-/g, ""); localStorage.setItem("newsline-visitor", v); }
  return v;
}
const visitor = visitorId();

// After posting, revalidate: the list is cacheable for everyone else.
async function reviews(fresh) {
  const box = document.querySelector("#reviews-list");
  const res = await fetch("/v1/articles/" + encodeURIComponent(articleId) + "/reviews?limit=10", fresh ? { cache: "no-cache" } : {});
  if (!res.ok) { box.innerHTML = '<p class="empty">Reviews are not available.</p>'; return; }
  const data = await res.json();
  const s = data.summary;
  document.querySelector("#review-summary").textContent = s.count ? s.count + " reviews · average " + s.average.toFixed(1) + " / 5" : "No reviews yet.";
  box.innerHTML = data.items.map((r) => '<div class="review"><span class="stars">' + "★".repeat(r.rating) + "☆".repeat(5 - r.rating) +
    "</span> <strong>" + esc(r.displayName) + '</strong> <span class="meta">' + new Date(r.createdAt).toLocaleDateString() + "</span><p>" + esc(r.text) + "</p></div>").join("");
}

document.querySelector("form.review-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const f = e.target, note = document.querySelector("#review-note");
  const body = { rating: Number(f.rating.value), displayName: f.displayName.value, text: f.text.value };
  const res = await fetch("/v1/articles/" + encodeURIComponent(articleId) + "/reviews/" + visitor, {
    method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const data = await res.json();
  note.hidden = false;
  note.className = res.ok ? "notice" : "notice err";
  note.textContent = res.ok ? (data.review?.status === "pending" ? "Thanks — your review will appear after a moderator checks it." : "Thanks for your review.")
    : (data.errors?.map((x) => x.field.replace(/^body\\./, "") + ": " + x.message).join("; ") || data.detail || data.title);
  if (res.ok) reviews(true);
});

reviews();
`;
