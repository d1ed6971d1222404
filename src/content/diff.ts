// What changed between two revisions, line by line: lines kept, removed and
// added, from the longest common subsequence of the two texts. Unchanged
// stretches far from any change are folded so the changes stand out.

export type DiffLine =
  | { kind: "same"; text: string; oldLine: number; newLine: number }
  | { kind: "removed"; text: string; oldLine: number }
  | { kind: "added"; text: string; newLine: number }
  | { kind: "folded"; count: number };

/** Above this many cells the middle is shown as replaced wholesale rather than aligned. */
const MAX_CELLS = 4_000_000;

function lines(text: string): string[] {
  return text === "" ? [] : text.replace(/\r\n?/g, "\n").split("\n");
}

export function diffLines(before: string, after: string): Exclude<DiffLine, { kind: "folded" }>[] {
  const a = lines(before);
  const b = lines(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const out: Exclude<DiffLine, { kind: "folded" }>[] = [];
  for (let i = 0; i < start; i++) out.push({ kind: "same", text: a[i]!, oldLine: i + 1, newLine: i + 1 });
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  const n = midA.length;
  const m = midB.length;
  if (n * m > MAX_CELLS) {
    midA.forEach((text, i) => out.push({ kind: "removed", text, oldLine: start + i + 1 }));
    midB.forEach((text, j) => out.push({ kind: "added", text, newLine: start + j + 1 }));
  } else {
    // lcs[i][j]: length of the common subsequence of midA[i..] and midB[j..].
    const width = m + 1;
    const lcs = new Uint32Array((n + 1) * width);
    for (let i = n - 1; i >= 0; i--)
      for (let j = m - 1; j >= 0; j--)
        lcs[i * width + j] =
          midA[i] === midB[j] ? lcs[(i + 1) * width + j + 1]! + 1 : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && midA[i] === midB[j]) {
        out.push({ kind: "same", text: midA[i]!, oldLine: start + i + 1, newLine: start + j + 1 });
        i++;
        j++;
      } else if (i < n && (j === m || lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!)) {
        // Removals before additions where both keep the common part, so a changed line reads old then new.
        out.push({ kind: "removed", text: midA[i]!, oldLine: start + i + 1 });
        i++;
      } else {
        out.push({ kind: "added", text: midB[j]!, newLine: start + j + 1 });
        j++;
      }
    }
  }
  const tailA = a.length - endA;
  for (let k = 0; k < tailA; k++) out.push({ kind: "same", text: a[endA + k]!, oldLine: endA + k + 1, newLine: endB + k + 1 });
  return out;
}

/** The diff with runs of unchanged lines more than `context` lines from a change folded into one entry. */
export function foldUnchanged(diff: readonly Exclude<DiffLine, { kind: "folded" }>[], context = 2): DiffLine[] {
  const near = new Array<boolean>(diff.length).fill(false);
  diff.forEach((d, i) => {
    if (d.kind === "same") return;
    for (let k = Math.max(0, i - context); k <= Math.min(diff.length - 1, i + context); k++) near[k] = true;
  });
  const out: DiffLine[] = [];
  let folded = 0;
  diff.forEach((d, i) => {
    if (d.kind === "same" && !near[i]) {
      folded++;
      return;
    }
    if (folded) out.push({ kind: "folded", count: folded });
    folded = 0;
    out.push(d);
  });
  if (folded) out.push({ kind: "folded", count: folded });
  return out;
}
