import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { cleanBody } from "../../functions/articles/clean.js";
import { MAX_ENTITIES_PER_KIND, canonicalEntityKey, extractEntities } from "../../functions/articles/entities.js";

const exampleBody = cleanBody(readFileSync(new URL("./fixtures/raw-article-page.txt", import.meta.url), "utf8"));

describe("extractEntities on the example article", () => {
  const entities = extractEntities("Putin's visit to Baku: what is on the agenda", exampleBody, "en");

  it("finds the people, known and unknown, each once under their full name", () => {
    expect([...entities.people].sort()).toEqual(
      ["Elkhan Shahinoglu", "Farhad Mamedov", "Ilham Aliyev", "Leonid Slutsky", "Nikol Pashinyan", "Nureddin Mamedli", "Vladimir Putin"].sort(),
    );
    expect(entities.people[0]).toBe("Vladimir Putin");
  });

  it("finds places in canonical form", () => {
    for (const place of ["Baku", "Azerbaijan", "Moscow", "Russia", "Armenia", "Nakhchivan", "Karabakh", "Ukraine", "Kursk", "Gyumri"]) {
      expect(entities.places).toContain(place);
    }
    expect(entities.places).not.toContain("Highland Park");
  });

  it("finds organisations from the gazetteer, name patterns and acronyms", () => {
    for (const org of [
      "State Duma",
      "Committee on International Affairs",
      "Popular Front Party",
      "Ministry of Defense",
      "Atlas Analytical Center",
      "Southern Caucasus Research Center",
      "Kremlin",
      "EU",
      "BRICS",
      "SCO",
      "NATO",
    ]) {
      expect(entities.orgs).toContain(org);
    }
  });

  it("returns nothing that is not a name", () => {
    const all = [...entities.people, ...entities.places, ...entities.orgs];
    for (const wrong of ["Highland Park", "Supreme Majlis", "Sources", "August", "Russian", "North-South", "COP29"]) {
      expect(all).not.toContain(wrong);
    }
  });
});

describe("extractEntities across scripts", () => {
  it("maps Russian inflected forms to canonical English names and groups unknown names", () => {
    const body =
      "Президент России Владимир Путин 19 августа прибудет в Баку. Председатель комитета Госдумы по международным делам " +
      "Леонид Слуцкий заявил, что визит важен. По словам Леонида Слуцкого, Россия и Азербайджан сотрудничают. " +
      "Ильхам Алиев встретит Путина в аэропорту. МИД Азербайджана и партия «Новый Азербайджан» прокомментировали визит. " +
      "Эксперт центра «Атлас» считает, что Кремлю нужен мир в Карабахе. Слуцкий добавил, что НАТО и ЕС не вмешаются.";
    const entities = extractEntities("Путин посетит Баку", body, "ru");
    expect([...entities.people].sort()).toEqual(["Ilham Aliyev", "Vladimir Putin", "Леонид Слуцкий"]);
    expect([...entities.places].sort()).toEqual(["Azerbaijan", "Baku", "Karabakh", "Russia"]);
    expect([...entities.orgs].sort()).toEqual(["EU", "Kremlin", "Ministry of Foreign Affairs", "NATO", "New Azerbaijan Party", "State Duma", "Атлас"]);
  });

  it("does not read a Russian sentence-opening noun before a surname as a first name", () => {
    const body =
      "Визит Эрдогана в Москву запланирован на осень. Депутат Леонид Слуцкий поддержал визит. " +
      "Слова Слуцкого подтвердил Песков. Однако Анна Петрова из Санкт-Петербурга не согласилась.";
    const entities = extractEntities("", body, "ru");
    expect([...entities.people].sort()).toEqual(["Dmitry Peskov", "Recep Tayyip Erdogan", "Анна Петрова", "Леонид Слуцкий"]);
    expect(entities.places).toEqual(["Moscow", "Saint Petersburg"]);
  });

  it("reads Azerbaijani case suffixes, with and without a hyphen", () => {
    const body =
      "Rusiya Prezidenti Vladimir Putin avqustun 19-da Bakıya səfər edəcək. Prezident İlham Əliyev Putinlə görüşəcək. " +
      '"Atlas" Analitik Mərkəzinin rəhbəri Elxan Şahinoğlu bildirib ki, Kreml Qarabağda sülh istəyir. ' +
      "Şahinoğlunun sözlərinə görə, Paşinyan hökuməti Ermənistanın maraqlarını qoruyur. " +
      "Xarici İşlər Nazirliyi ABŞ-ın mövqeyini tənqid edib. BMT və ATƏT də bəyanat yayıb.";
    const entities = extractEntities("Putin Bakıya gəlir", body, "az");
    expect([...entities.people].sort()).toEqual(["Elxan Şahinoğlu", "Ilham Aliyev", "Nikol Pashinyan", "Vladimir Putin"]);
    expect([...entities.places].sort()).toEqual(["Armenia", "Baku", "Karabakh", "Russia", "United States"]);
    expect([...entities.orgs].sort()).toEqual(["Atlas Analitik Mərkəzi", "Kremlin", "Ministry of Foreign Affairs", "OSCE", "UN"]);
  });

  it("gives one canonical name to spellings from all three scripts", () => {
    const entities = extractEntities(
      "Erdogan, Эрдоган and Ərdoğan",
      "Zelensky met Зеленского. Reporters asked von der Leyen about Baku, Баку and Bakı. Azərbaycan and Азербайджан agreed.",
      "en",
    );
    expect(entities.people).toEqual(["Recep Tayyip Erdogan", "Volodymyr Zelensky", "Ursula von der Leyen"]);
    expect(entities.places).toEqual(["Baku", "Azerbaijan"]);
  });
});

describe("people", () => {
  it("maps a surname alone to the full name written in the same text, and counts it", () => {
    const body =
      "Farhad Mamedov and Elkhan Shahinoglu spoke on Monday. Farhad Mamedov agreed. " +
      "Shahinoglu said the talks would fail. Shahinoglu added that Shahinoglu's view was shared.";
    const entities = extractEntities("", body, "en");
    expect(entities.people).toEqual(["Elkhan Shahinoglu", "Farhad Mamedov"]);
  });

  it("tells two people with one surname apart, and sends the bare surname to the nearest full name", () => {
    const body =
      "The airport is named after Heydar Aliyev, who led the country until 2003. Aliyev founded the ruling party. " +
      "Deputy Prime Minister Ramiz Aliyev attended. Later President Ilham Aliyev arrived.";
    const entities = extractEntities("", body, "en");
    expect([...entities.people].sort()).toEqual(["Heydar Aliyev", "Ilham Aliyev", "Ramiz Aliyev"]);
    expect(entities.people[0]).toBe("Heydar Aliyev");
  });

  it("uses the known full name for a known surname written alone", () => {
    expect(extractEntities("", "Macron and Pashinyan spoke by phone.", "en").people).toEqual(["Emmanuel Macron", "Nikol Pashinyan"]);
  });

  it("keeps the known person for a patronymic form", () => {
    expect(extractEntities("", "Владимир Владимирович Путин выступил с речью.", "ru").people).toEqual(["Vladimir Putin"]);
  });

  it("skips titles, demonyms, function words and dates around names", () => {
    const body = "However, Foreign Minister Jeyhun Bayramov met Dutch envoy Anna Visser in August. On Monday Visser left.";
    const entities = extractEntities("", body, "en");
    expect([...entities.people].sort()).toEqual(["Anna Visser", "Jeyhun Bayramov"]);
  });

  it("does not take landmarks, institutions or companies for people", () => {
    const body =
      "They walked in Highland Park and visited the Heydar Aliyev Center. Azersun Holding and the Supreme Court " +
      "commented, as did the Federal Reserve Board. Merrill Lynch Europe Ltd said the deal closed.";
    const entities = extractEntities("", body, "en");
    expect(entities.people).toEqual([]);
    expect(entities.orgs).toEqual(expect.arrayContaining(["Heydar Aliyev Center", "Supreme Court", "Federal Reserve"]));
  });

  it("finds no people in an all-capitals or title-case headline, but still finds gazetteer names", () => {
    const allCaps = extractEntities("TOWER REPORT DIMINISHES REAGAN'S HOPES OF REBOUND IN MOSCOW", "", "en");
    expect(allCaps).toEqual({ people: [], places: ["Moscow"], orgs: [] });
    const titleCase = extractEntities("Putin Will Begin Visit To Baku Next Week Says Kremlin", "", "en");
    expect(titleCase).toEqual({ people: ["Vladimir Putin"], places: ["Baku"], orgs: ["Kremlin"] });
  });
});

describe("organisations and places", () => {
  it("recognises name patterns: Ministry of X, X Party, X Bank, X Committee, X and Y Commission", () => {
    const body =
      "The Central Bank of Azerbaijan and the Ministry of Economy met the Democratic Party and the Budget Committee. " +
      "The Securities and Exchange Commission and the Russian Foreign Ministry were told.";
    expect([...extractEntities("", body, "en").orgs].sort()).toEqual(
      [
        "Budget Committee",
        "Central Bank of Azerbaijan",
        "Democratic Party",
        "Ministry of Economy",
        "Ministry of Foreign Affairs",
        "Securities and Exchange Commission",
      ].sort(),
    );
  });

  it("treats unknown capital acronyms as organisations but not currencies, units or ratings", () => {
    const orgs = extractEntities("", "ASAN and the OECD said GDP grew 2 pct, worth 5 mln USD, rated BBB by S&P.", "en").orgs;
    expect(orgs).toEqual(["ASAN", "OECD"]);
  });

  it("finds places inside hyphenated compounds", () => {
    expect(extractEntities("", "The China-Russia-Azerbaijan route matters.", "en").places).toEqual(["China", "Russia", "Azerbaijan"]);
  });

  it("does not read ordinary words of an all-capitals headline as acronyms", () => {
    expect(extractEntities("LET US MEET IN BAKU, WHO KNOWS", "", "en").orgs).toEqual([]);
    expect(extractEntities("", "The US and the WHO replied.", "en")).toEqual({ people: [], places: ["United States"], orgs: ["WHO"] });
  });

  it("deduplicates, ranks by mentions with the title counting more, and keeps at most 12 per kind", () => {
    const cities = ["Baku", "Moscow", "Kyiv", "Tbilisi", "Yerevan", "Ankara", "Tehran", "Berlin", "Paris", "London", "Rome", "Madrid", "Vienna", "Warsaw"];
    const entities = extractEntities("Talks in Warsaw", `${cities.join(", ")}. Baku, Baku, Baku and Bakı again.`, "en");
    expect(entities.places).toHaveLength(MAX_ENTITIES_PER_KIND);
    expect(entities.places.slice(0, 2)).toEqual(["Baku", "Warsaw"]);
    expect(new Set(entities.places).size).toBe(entities.places.length);
  });

  it("returns empty lists for empty text", () => {
    expect(extractEntities("", "", "und")).toEqual({ people: [], places: [], orgs: [] });
  });
});

describe("canonicalEntityKey", () => {
  it.each([
    ["Ərdoğan", "ardogan"], // ə → a everywhere (text module), as English writes Əliyev
    ["Алиев", "aliyev"],
    ["Путин", "putin"],
    ["İlham Əliyev", "ilham aliyev"],
    ["Ильхам Алиев", "ilkham aliyev"],
    ["Ursula von der Leyen", "ursula von der leyen"],
    ["U.S.", "us"],
    ["Nagorno-Karabakh", "nagorno karabakh"],
    ["Şahinoğlu", "sahinoglu"],
    ["Зеленский", "zelenskiy"],
    ["  São  Paulo ", "sao paulo"],
  ])("%s → %s", (name, key) => {
    expect(canonicalEntityKey(name)).toBe(key);
  });

  it("gives one key to a surname in Latin, Azerbaijani and Cyrillic spelling", () => {
    const keys = new Set(["Aliyev", "Əliyev", "Алиев"].map(canonicalEntityKey));
    expect([...keys]).toEqual(["aliyev"]);
  });
});
