// A Stryker ignorer (decision 0022): skips the mutants of human-readable
// message text, and only those, so the mutation score is about behaviour and
// not about the wording of an error or a hint.
//
// A string or template literal counts as wording when its fixed text contains
// whitespace: prose reads "Choose an area from the zone map.", "Skin type ",
// " mm". Everything the code branches on, stores or compares here has none:
// rule ids ("depth.zone-maximum"), outcomes ("deferred"), zone ids
// ("cheek-left"), field paths (`zones.${i}.depthMaxMm`), dates, currency codes,
// option values ("earlier"), cache keys (`${date}/${minute}`), "" and "I".
// Those stay mutated. A literal with whitespace is still kept when its place
// makes it logic: compared (===, !==, ==, !=, in), a `case` label, an object
// key, or the argument of a lookup (has, get, includes, startsWith, endsWith,
// indexOf, replace, replaceAll, split).
//
// Ignoring a template literal ignores what is interpolated in it too
// (`${MAX_PRICE_CENTS / 100}`), which only ever changes the same text. Ignored
// mutants are listed in the HTML report with the reason below.

import { declareValuePlugin, PluginKind } from "@stryker-mutator/api/plugin";

const REASON = "message wording (decision 0022): human-readable text, not logic";
const COMPARISONS = new Set(["===", "!==", "==", "!=", "in"]);
const LOOKUPS = new Set(["has", "get", "includes", "startsWith", "endsWith", "indexOf", "replaceAll", "replace", "split"]);

/** The literal's fixed text: a string's value, a template's quasis. */
function fixedText(path) {
  if (path.isStringLiteral()) return path.node.value;
  if (path.isTemplateLiteral()) return path.node.quasis.map((q) => q.value.cooked ?? q.value.raw).join("");
  return null;
}

function isLogicPosition(path) {
  const parent = path.parentPath;
  if (!parent) return false;
  if (parent.isBinaryExpression() && COMPARISONS.has(parent.node.operator)) return true;
  if (parent.isSwitchCase() && parent.node.test === path.node) return true;
  if ((parent.isObjectProperty() || parent.isObjectMethod()) && parent.node.key === path.node) return true;
  if (parent.isCallExpression() && parent.node.arguments.includes(path.node)) {
    const callee = parent.node.callee;
    const name = callee.type === "MemberExpression" && callee.property.type === "Identifier" ? callee.property.name : null;
    if (name !== null && LOOKUPS.has(name)) return true;
  }
  return false;
}

export const messageWordingIgnorer = {
  shouldIgnore(path) {
    const text = fixedText(path);
    if (text === null || !/\s/.test(text) || isLogicPosition(path)) return undefined;
    return REASON;
  },
};

export const strykerPlugins = [declareValuePlugin(PluginKind.Ignore, "message-wording", messageWordingIgnorer)];
