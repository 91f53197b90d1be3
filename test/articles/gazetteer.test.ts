import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { extractEntities } from "../../functions/articles/entities.js";
import { buildCountries, OUT } from "../../scripts/gazetteer/countries.js";

const json = (name: string) => JSON.parse(readFileSync(new URL(`../../functions/articles/gazetteer/${name}.json`, import.meta.url), "utf8"));

describe("gazetteer data", () => {
  it("countries.json is what the generator writes from the maintained country lists", () => {
    const written = JSON.parse(readFileSync(OUT, "utf8"));
    expect(written).toEqual(buildCountries());
    expect(written.length).toBeGreaterThanOrEqual(249);
    const azerbaijan = written.find((c: { code: string }) => c.code === "AZ");
    expect(azerbaijan).toEqual({ code: "AZ", name: "Azerbaijan", aliases: ["Азербайджан", "Azərbaycan"] });
  });

  it("gives no spelling to two countries", () => {
    const seen = new Map<string, string>();
    for (const c of json("countries") as Array<{ name: string; aliases: string[] }>) {
      for (const s of [c.name, ...c.aliases]) {
        expect(seen.get(s) ?? c.name, s).toBe(c.name);
        seen.set(s, c.name);
      }
    }
    expect(seen.has("Congo")).toBe(false);
  });

  it("holds no entry of a newswire's trade (tickers, 1980s banks, the agency itself)", () => {
    const all = JSON.stringify([json("orgs"), json("places"), json("people")]).toLowerCase();
    for (const word of ["reuter", "dlrs", "mln", "merrill", "salomon", "<"]) expect(all, word).not.toContain(word);
  });

  it("finds a country the hand-written lists never had, in English, Russian and Azerbaijani", () => {
    expect(extractEntities("Floods in Nepal", "Rescue teams reached Nepal on Monday.", "en").places).toContain("Nepal");
    expect(extractEntities("Наводнение в Непале", "Спасатели прибыли в Непал.", "ru").places).toContain("Nepal");
    expect(extractEntities("Nepalda daşqın", "Xilasedicilər Nepala çatıb.", "az").places).toContain("Nepal");
  });
});

describe("one-word names that are also function words", () => {
  it("are not found where the function word opens a sentence (Того, Togo in Russian)", () => {
    expect(extractEntities("Того же мнения придерживается Лавров", "Того же мнения и в Баку.", "ru").places).toEqual(["Baku"]);
  });
});
