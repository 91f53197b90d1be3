import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { cleanBody, cleanTitle, looksLikeHtml } from "../../functions/articles/clean.js";

const examplePage = readFileSync(new URL("./fixtures/raw-article-page.txt", import.meta.url), "utf8");
const CAPTION = "Ilham Aliyev and Russian President Vladimir Putin visited the Highland Park 13 August 2013";

const paragraphsOf = (text: string) => text.split("\n\n");

describe("cleanBody on the example article page", () => {
  const cleaned = cleanBody(examplePage);

  it("drops the trailing site chrome", () => {
    for (const chrome of ["Leave a review", "Follow us on social networks", "News Line"]) {
      expect(cleaned).not.toContain(chrome);
    }
    expect(paragraphsOf(cleaned).at(-1)).toMatch(/^The visit is particularly noteworthy.*later this year\.$/);
    expect(paragraphsOf(cleaned)).not.toContain("Politics");
  });

  it("keeps the doubled photo caption once, as the first paragraph", () => {
    expect(cleaned.split(CAPTION)).toHaveLength(2);
    expect(paragraphsOf(cleaned)[0]).toBe(CAPTION);
  });

  it("keeps every real paragraph, including the bullet paragraph without its bullet", () => {
    const openings = [
      "On August 19, Russian President Vladimir Putin will begin his visit to Baku.",
      "Sources in Moscow are also concise.",
      "What political agenda is Putin bringing to Azerbaijan?",
      'According to the head of the "Atlas" Analytical Center',
      "The head of the Southern Caucasus Research Center",
      "Mamedov further writes on social media:",
      "In terms of political dialogue/security and humanitarian cooperation",
      "In the economy, trade turnover is growing",
      "Baku is accused of re-exporting Russian gas to Europe.",
      "The North-South transport corridor is an important issue",
      "At the global level, topics such as Azerbaijan’s potential BRICS membership",
      "The visit is particularly noteworthy",
    ];
    const paragraphs = paragraphsOf(cleaned);
    expect(paragraphs).toHaveLength(openings.length + 1);
    openings.forEach((opening, i) => expect(paragraphs[i + 1].startsWith(opening)).toBe(true));
    expect(cleaned).not.toContain("•");
  });

  it("normalises whitespace: no NBSP, no blank or padded lines, exactly one blank line between paragraphs", () => {
    expect(cleaned).not.toMatch(/[\u00A0\u2000-\u200B]/);
    expect(cleaned).not.toMatch(/\n{3,}/);
    expect(cleaned).not.toMatch(/^\s|\s$/);
    for (const paragraph of paragraphsOf(cleaned)) {
      expect(paragraph).toBe(paragraph.trim());
      expect(paragraph).not.toContain("\n");
      expect(paragraph).not.toMatch(/ {2}/);
    }
  });

  it("is idempotent", () => {
    expect(cleanBody(cleaned)).toBe(cleaned);
  });
});

describe("cleanBody on HTML", () => {
  it("decodes entities and turns NBSP and thin spaces into plain spaces", () => {
    const html = "<p>Baku&nbsp;&amp;&#160;Moscow &mdash; a &quot;special&quot; relationship&#8217;s test&hellip;</p><p>2\u202F000 troops</p>";
    expect(cleanBody(html)).toBe("Baku & Moscow — a \"special\" relationship’s test…\n\n2 000 troops");
  });

  it("makes paragraphs from nested block elements and keeps inline text together", () => {
    const html = `
      <article><section><div><h1>Talks in Baku</h1>
        <div><p>The <strong>two</strong> presidents <a href="/x">met</a> on <em>Monday</em>.</p>
        <blockquote>“We agreed,” he said.</blockquote></div></div></section>
        <p>Line one<br>Line two<br/>Line three</p></article>`;
    expect(paragraphsOf(cleanBody(html))).toEqual([
      "Talks in Baku",
      "The two presidents met on Monday.",
      "“We agreed,” he said.",
      "Line one",
      "Line two",
      "Line three",
    ]);
  });

  it("drops scripts, styles, navigation, forms, frames, images and hidden elements but keeps figure captions", () => {
    const html = `<html><head><title>Site title</title><style>p{color:red}</style></head><body>
      <header><nav><a href="/">Home</a> <a href="/politics">Politics</a></nav></header>
      <script>window.track("x < y")</script><noscript>Enable JavaScript</noscript>
      <p>First paragraph.</p>
      <figure><img src="a.jpg" alt="alt text"><svg><path d="M0"/></svg><figcaption>The caption.</figcaption></figure>
      <aside>Related: other story</aside>
      <form><label>Email</label><input name="e"><button>Subscribe</button></form>
      <iframe src="https://video"></iframe>
      <div hidden>Hidden text</div><div aria-hidden="true">Icon text</div><div style="display: none">Invisible</div>
      <div role="navigation">Breadcrumbs</div>
      <p>Second paragraph.</p>
      <footer>© Newsline 2024</footer></body></html>`;
    expect(paragraphsOf(cleanBody(html))).toEqual(["First paragraph.", "The caption.", "Second paragraph."]);
  });

  it("puts each list item on its own line without bullets, and table rows on their own lines", () => {
    const html = `<p>Key points:</p><ul><li>• Gas exports grow</li><li>Transport <b>corridor</b></li></ul>
      <table><tr><td>Baku</td><td>2.3m</td></tr><tr><td>Ganja</td><td>0.3m</td></tr></table>`;
    expect(paragraphsOf(cleanBody(html))).toEqual(["Key points:", "Gas exports grow", "Transport corridor", "Baku 2.3m", "Ganja 0.3m"]);
  });

  it("removes share and follow rows wherever they stand, but not sentences that mention sharing", () => {
    const html = `<p>Shareholders will share the profits, the company said.</p>
      <div class="share"><a href="#">Share on Facebook</a> <a href="#">Share on X</a> <a href="#">WhatsApp</a></div>
      <p>Advertisement</p>
      <p>Read also: Putin arrives in Baku</p>
      <p>Follow us on Telegram</p>
      <p>The talks continue on Tuesday.</p>
      <p>Share</p><p>Subscribe to our news feed</p>`;
    expect(paragraphsOf(cleanBody(html))).toEqual([
      "Shareholders will share the profits, the company said.",
      "The talks continue on Tuesday.",
    ]);
  });

  it("removes labelled share rows with separators at the end, and the section labels above them", () => {
    for (const share of ["Share this article: Facebook | X | Telegram | WhatsApp", "Share: Facebook &middot; X &middot; Telegram &middot; Copy link"]) {
      const html = `<article><p>The minister resigned on Friday.</p></article>
        <div>Leave a review</div><div>Politics</div><div>Follow us on social networks</div><div>News Line</div><div>${share}</div>`;
      expect(paragraphsOf(cleanBody(html))).toEqual(["The minister resigned on Friday."]);
    }
  });
});

describe("cleanBody on plain text", () => {
  it("joins hard-wrapped newswire lines into one line per paragraph", () => {
    const wire = [
      "Standard Oil Co and BP North America",
      "Inc said they plan to form a venture to manage the money market",
      "borrowing and investment activities of both companies.",
      "    BP North America is a subsidiary of British Petroleum Co",
      "Plc <BP>, which also owns a 55 pct interest in Standard Oil.",
      "    The venture will be called BP/Standard Financial Trading",
      "and will be operated by Standard Oil under the oversight of a",
      "joint management committee.",
    ].join("\n");
    expect(paragraphsOf(cleanBody(wire))).toEqual([
      "Standard Oil Co and BP North America Inc said they plan to form a venture to manage the money market borrowing and investment activities of both companies.",
      "BP North America is a subsidiary of British Petroleum Co Plc <BP>, which also owns a 55 pct interest in Standard Oil.",
      "The venture will be called BP/Standard Financial Trading and will be operated by Standard Oil under the oversight of a joint management committee.",
    ]);
  });

  it("keeps hyphenated words whole across a wrap and handles CRLF line ends", () => {
    const wrapped = "Baku is accused of re-\r\nexporting Russian gas to Europe, according to leaks in\r\nEuropean media reports this week.";
    expect(cleanBody(wrapped)).toBe("Baku is accused of re-exporting Russian gas to Europe, according to leaks in European media reports this week.");
  });

  it("treats single line breaks between long or unrelated lines as paragraph breaks", () => {
    const text = [
      "Key facts",
      "Baku is the capital of Azerbaijan and the largest city on the Caspian Sea, with a population of over two million people.",
      "The city hosted COP29 in November, drawing delegations from nearly two hundred countries and many heads of state.",
    ].join("\n");
    expect(paragraphsOf(cleanBody(text))).toHaveLength(3);
  });

  it("does not take newswire angle brackets for HTML", () => {
    expect(looksLikeHtml("STANDARD OIL <SRD> TO FORM FINANCIAL UNIT")).toBe(false);
    expect(looksLikeHtml("offer by Entertainment Marketing Inc <em> for Crazy Eddie")).toBe(false);
    expect(looksLikeHtml("<p>Hello</p>")).toBe(true);
    expect(looksLikeHtml("Line<br>break")).toBe(true);
    expect(looksLikeHtml('<span class="x">x')).toBe(true);
    expect(cleanBody("Crazy Eddie <em> shares rose & fell")).toBe("Crazy Eddie <em> shares rose & fell");
  });

  it("decodes entities a CMS left in plain text, and removes invisible characters", () => {
    expect(cleanBody("AT&amp;T and S&P rose\u200B today,\u00A0 soft\u00ADly")).toBe("AT&T and S&P rose today, softly");
  });

  it("removes Russian and Azerbaijani chrome lines", () => {
    const ru = "Путин прибудет в Баку 19 августа.\n\nПоделиться\n\nОставить отзыв\n\nПодписывайтесь на нас в социальных сетях\n\nПолитика";
    expect(cleanBody(ru)).toBe("Путин прибудет в Баку 19 августа.");
    const az = "Putin avqustun 19-da Bakıya gələcək.\n\nPaylaş\n\nRəy bildirin\n\nBizi sosial şəbəkələrdə izləyin\n\nXəbər lenti";
    expect(cleanBody(az)).toBe("Putin avqustun 19-da Bakıya gələcək.");
  });

  it("drops an unknown short label only when it stands among chrome at the end", () => {
    expect(cleanBody("The talks ended.\n\nKarabakh")).toBe("The talks ended.\n\nKarabakh");
    expect(cleanBody("The talks ended.\n\nLeave a review\n\nKarabakh\n\nShare")).toBe("The talks ended.");
  });

  it("keeps chrome words that are part of real sentences", () => {
    const text = "Politics is the art of the possible, he said.\n\nRead more about the plan in the annex, officials said.";
    expect(cleanBody(text)).toBe(text);
  });

  it("returns an empty string when nothing but chrome or whitespace is left", () => {
    expect(cleanBody(" \n\u00A0\n ")).toBe("");
    expect(cleanBody("<nav>Home</nav><p>Share</p>")).toBe("");
  });
});

describe("cleanTitle", () => {
  it("strips tags, decodes entities and collapses whitespace", () => {
    expect(cleanTitle("  <b>Putin</b> &amp; Aliyev\n   meet in&nbsp;Baku ")).toBe("Putin & Aliyev meet in Baku");
    expect(cleanTitle("&quot;Atlas&quot; head: talks &#8220;crucial&#8221;")).toBe("\"Atlas\" head: talks “crucial”");
  });

  it("leaves newswire tickers alone", () => {
    expect(cleanTitle("STANDARD OIL <SRD> TO FORM FINANCIAL UNIT")).toBe("STANDARD OIL <SRD> TO FORM FINANCIAL UNIT");
  });
});
