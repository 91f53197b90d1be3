import type { Article } from "../../functions/articles/model.js";
import { buildProfile, CorpusStats, extractFeatures, type ArticleProfile } from "../../functions/recommend/features.js";

const DAY = 86_400_000;
export const BASE_TIME = Date.parse("2025-05-01T09:00:00Z");
export const daysAfter = (days: number) => new Date(BASE_TIME + days * DAY).toISOString().replace(".000Z", "Z");

type Draft = Partial<Article> & Pick<Article, "id" | "title" | "body">;

export function article(d: Draft): Article {
  return {
    url: `https://news.example/${d.id}`,
    summary: "",
    section: "politics",
    tags: [],
    authors: [],
    language: "en",
    publishedAt: daysAfter(0),
    updatedAt: d.publishedAt ?? daysAfter(0),
    imageUrl: null,
    entities: { people: [], places: [], orgs: [] },
    version: 1,
    ...d,
  };
}

/** Two stories of the politics desk, plus unrelated filler so idf means something. */
export function newsroom(): Article[] {
  const peace = (id: string, day: number, title: string, body: string) =>
    article({
      id,
      title,
      body,
      publishedAt: daysAfter(day),
      tags: ["peace-talks"],
      entities: { people: ["Ilham Aliyev", "Nikol Pashinyan"], places: ["Karabakh", "Washington"], orgs: [] },
    });
  const budget = (id: string, day: number, title: string, body: string) =>
    article({
      id,
      title,
      body,
      publishedAt: daysAfter(day),
      tags: ["budget-2026"],
      entities: { people: ["Samir Sharifov"], places: ["Baku"], orgs: ["Milli Majlis"] },
    });
  return [
    peace("peace-1", 0, "Aliyev and Pashinyan meet for peace talks in Washington",
      "Ilham Aliyev and Nikol Pashinyan met in Washington for peace talks on the Karabakh settlement. The delegations discussed border delimitation, transport corridors and the text of a peace treaty. Mediators said the talks were constructive."),
    peace("peace-2", 2, "Peace treaty text agreed after second round of talks",
      "Negotiators for Aliyev and Pashinyan agreed the text of the peace treaty after a second round of talks in Washington. Border delimitation and the transport corridor remain for the leaders to settle. The treaty must still be signed and ratified."),
    peace("peace-3", 5, "Leaders to sign peace treaty next month, mediators say",
      "Mediators said Aliyev and Pashinyan will sign the peace treaty next month. The agreement settles border delimitation questions and opens transport corridors through the Karabakh region after years of talks."),
    budget("budget-1", 1, "Parliament opens debate on the 2026 state budget",
      "The Milli Majlis opened its debate on the 2026 state budget. Finance minister Samir Sharifov presented spending plans for pensions, defence and roads. Deputies questioned the deficit and the oil price assumption behind revenue forecasts."),
    budget("budget-2", 3, "Budget passes first reading with higher pension spending",
      "The state budget for 2026 passed its first reading in the Milli Majlis. Sharifov defended the deficit and the oil price forecast; deputies added pension spending before the vote on revenue and spending plans."),
    budget("budget-3", 40, "Final budget vote set for December",
      "The final vote on the 2026 state budget is set for December. The finance committee reviewed revenue forecasts, the oil price assumption and the deficit target presented by Sharifov."),
    article({ id: "football-1", title: "Cup final ends in a draw", body: "The cup final ended in a goalless draw after extra time. Fans filled the stadium and the replay is scheduled for Sunday.", publishedAt: daysAfter(1) }),
    article({ id: "weather-1", title: "Heavy rain expected across the region", body: "Forecasters expect heavy rain and strong winds across the region this weekend, with flooding possible in low areas.", publishedAt: daysAfter(2) }),
    article({ id: "tech-1", title: "New mobile network launched", body: "Operators launched a new mobile network with faster data speeds in the capital and plan coverage for other cities next year.", publishedAt: daysAfter(3) }),
  ];
}

/** Profiles of a set of articles weighted against each other. */
export function profiles(articles: Article[]): Map<string, ArticleProfile> {
  const stats = new CorpusStats();
  const features = articles.map((a) => extractFeatures(a));
  for (const f of features) stats.add(f);
  return new Map(features.map((f) => [f.id, buildProfile(f, stats)]));
}
