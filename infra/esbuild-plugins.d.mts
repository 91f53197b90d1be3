import type { Plugin } from "esbuild";
export const zodEnglishOnly: Plugin;
declare const plugins: Plugin[];
export default plugins;
