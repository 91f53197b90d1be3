/**
 * `npx tsx scripts/gazetteer/countries.ts`: writes functions/articles/gazetteer/countries.json, the
 * country names entity extraction knows in English, Russian and Azerbaijani, from the maintained
 * ISO 3166 name lists of i18n-iso-countries (a devDependency: the API bundles only the JSON).
 * Rerun after upgrading the package; spellings the lists lack (US, США, Britain) are in places.json.
 */
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import countries from "i18n-iso-countries";

const require = createRequire(import.meta.url);
const LANGUAGES = ["en", "ru", "az"] as const;
export const OUT = fileURLToPath(new URL("../../functions/articles/gazetteer/countries.json", import.meta.url));

/**
 * The name a newsroom writes where the list's first English name is a formal one ("Syrian Arab
 * Republic", "Moldova, Republic of"); kept equal to the names entities were stored under before.
 */
const DISPLAY_NAMES: Record<string, string> = {
  BN: "Brunei", BO: "Bolivia", CN: "China", CZ: "Czech Republic", FM: "Micronesia", GB: "United Kingdom", IR: "Iran", KP: "North Korea",
  KR: "South Korea", LA: "Laos", MD: "Moldova", PS: "Palestine", RU: "Russia", SY: "Syria", TR: "Turkey", TW: "Taiwan",
  TZ: "Tanzania", US: "United States", VA: "Vatican", VE: "Venezuela", CD: "Democratic Republic of the Congo",
  CG: "Republic of the Congo", CI: "Ivory Coast", MK: "North Macedonia", VN: "Vietnam",
};

export interface Country {
  code: string;
  name: string;
  aliases: string[];
}

/**
 * The spellings in one listed name: "КНДР (Корейская Народно-Демократическая Республика)" gives a
 * main one and a parenthetical one; "Korea, Republic of" gives none a text would use.
 */
function spellings(name: string): Array<{ text: string; main: boolean }> {
  if (name.includes(",")) return [];
  const paren = /^(.*?)\s*\((.*)\)$/.exec(name);
  const parts = paren ? [{ text: paren[1], main: true }, { text: paren[2], main: false }] : [{ text: name, main: true }];
  return parts.map((p) => ({ ...p, text: p.text.trim() })).filter((p) => p.text);
}

export function buildCountries(): Country[] {
  for (const language of LANGUAGES) countries.registerLocale(require(`i18n-iso-countries/langs/${language}.json`));
  const names = LANGUAGES.map((language) => countries.getNames(language, { select: "all" }) as Record<string, string[]>);
  const listed = Object.keys(names[0]).sort().map((code) => ({
    code,
    english: (names[0][code] ?? []).flatMap(spellings).filter((s) => s.main).map((s) => s.text),
    spellings: names.flatMap((byCode) => (byCode[code] ?? []).flatMap(spellings)),
  }));
  // A spelling several countries share names the one whose own name it is ("США", not the US
  // Minor Outlying Islands "(США)"), or none of them ("Congo").
  const mainOwners = new Map<string, string[]>();
  const owners = new Map<string, Set<string>>();
  for (const c of listed) {
    for (const s of c.spellings) {
      if (!owners.has(s.text)) owners.set(s.text, new Set());
      owners.get(s.text)!.add(c.code);
      if (s.main) mainOwners.set(s.text, [...new Set([...(mainOwners.get(s.text) ?? []), c.code])]);
    }
  }
  const namesCountry = (text: string, code: string) => {
    if (owners.get(text)!.size === 1) return true;
    const main = mainOwners.get(text) ?? [];
    return main.length === 1 && main[0] === code;
  };
  const out: Country[] = [];
  for (const c of listed) {
    const name = DISPLAY_NAMES[c.code] ?? c.english[0] ?? c.spellings[0]?.text;
    if (!name) continue;
    const aliases = [...new Set(c.spellings.map((s) => s.text))].filter((text) => text !== name && namesCountry(text, c.code));
    out.push({ code: c.code, name, aliases });
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const list = buildCountries();
  writeFileSync(OUT, `[\n${list.map((c) => `  ${JSON.stringify(c)}`).join(",\n")}\n]\n`);
  console.log(`wrote ${list.length} countries to ${OUT}`);
}
