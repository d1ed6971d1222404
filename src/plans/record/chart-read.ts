// Reading session charts as stored: decrypted, checked against their hash,
// with their addenda. These run inside an access the caller has decided and
// audits (withAccess, or the client's own transaction); they write nothing.
import { createHash } from "node:crypto";
import { and, asc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../db/open.ts";
import { authUsers } from "../../db/schema.ts";
import { sessionChartAddenda, sessionCharts, type ChartStatus } from "../../privacy/health-tables.ts";
import { type KeyRing, isUnreadable } from "../../privacy/keyring.ts";
import type { StoredChart } from "../chart.ts";
import { canonicalJson } from "./content.ts";

export const chartContext = (r: { organizationId: string; id: string }) => `session_charts.content_encrypted/${r.organizationId}/${r.id}`;
export const addendumContext = (r: { organizationId: string; chartId: string; id: string }) =>
  `session_chart_addenda.body_encrypted/${r.organizationId}/${r.chartId}/${r.id}`;
export const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
export const chartSha256 = (chart: StoredChart) => sha256(canonicalJson(chart));

export interface ChartAddendumView {
  id: string;
  author: string;
  createdAt: number;
  /** null when the stored text failed its integrity check. */
  body: string | null;
}

export interface ChartView {
  id: string;
  appointmentId: string;
  clientId: string;
  planId: string | null;
  planVersion: number | null;
  status: ChartStatus;
  /** null when the stored content failed its integrity check. */
  chart: StoredChart | null;
  damaged: boolean;
  contentSha256: string;
  author: string;
  authorUserId: string;
  createdAt: number;
  updatedAt: number;
  signedAt: number | null;
  signedBy: string | null;
  addenda: ChartAddendumView[];
}

const FORMER = "A former staff member";

type ChartRow = typeof sessionCharts.$inferSelect;

function decryptChart(keyRing: KeyRing, row: ChartRow): StoredChart | null {
  try {
    const chart = JSON.parse(keyRing.decrypt(row.contentEncrypted, chartContext(row))) as StoredChart;
    return chartSha256(chart) === row.contentSha256 ? chart : null;
  } catch (error) {
    if (isUnreadable(error) || error instanceof SyntaxError) return null;
    throw error;
  }
}

/** The charts matching `where` (of one organization), each with its addenda, oldest first. */
export async function readCharts(
  tx: DbOrTx,
  keyRing: KeyRing,
  organizationId: string,
  where: { appointmentIds?: string[]; clientId?: string; signedOnly?: boolean },
): Promise<ChartView[]> {
  if (where.appointmentIds && where.appointmentIds.length === 0) return [];
  const rows = await tx
    .select({ c: sessionCharts, author: authUsers.name })
    .from(sessionCharts)
    .leftJoin(authUsers, eq(authUsers.id, sessionCharts.authorUserId))
    .where(
      and(
        eq(sessionCharts.organizationId, organizationId),
        where.appointmentIds ? inArray(sessionCharts.appointmentId, where.appointmentIds) : undefined,
        where.clientId ? eq(sessionCharts.clientId, where.clientId) : undefined,
        where.signedOnly ? eq(sessionCharts.status, "signed") : undefined,
      ),
    )
    .orderBy(asc(sessionCharts.createdAt));
  if (rows.length === 0) return [];
  const signerIds = [...new Set(rows.map((r) => r.c.signedByUserId).filter((x): x is string => x !== null))];
  const signers = signerIds.length
    ? await tx.select({ id: authUsers.id, name: authUsers.name }).from(authUsers).where(inArray(authUsers.id, signerIds))
    : [];
  const addenda = await tx
    .select({ a: sessionChartAddenda, author: authUsers.name })
    .from(sessionChartAddenda)
    .leftJoin(authUsers, eq(authUsers.id, sessionChartAddenda.authorUserId))
    .where(
      and(
        eq(sessionChartAddenda.organizationId, organizationId),
        inArray(
          sessionChartAddenda.chartId,
          rows.map((r) => r.c.id),
        ),
      ),
    )
    .orderBy(asc(sessionChartAddenda.createdAt), asc(sessionChartAddenda.id));
  return rows.map(({ c, author }) => {
    const chart = decryptChart(keyRing, c);
    return {
      id: c.id,
      appointmentId: c.appointmentId,
      clientId: c.clientId,
      planId: c.planId,
      planVersion: c.planVersion,
      status: c.status,
      chart,
      damaged: chart === null,
      contentSha256: c.contentSha256,
      author: author ?? FORMER,
      authorUserId: c.authorUserId,
      createdAt: c.createdAt.getTime(),
      updatedAt: c.updatedAt.getTime(),
      signedAt: c.signedAt?.getTime() ?? null,
      signedBy: c.signedByUserId ? (signers.find((s) => s.id === c.signedByUserId)?.name ?? FORMER) : null,
      addenda: addenda
        .filter((x) => x.a.chartId === c.id)
        .map(({ a, author: by }) => {
          let body: string | null = null;
          try {
            const text = keyRing.decrypt(a.bodyEncrypted, addendumContext(a));
            body = sha256(text) === a.bodySha256 ? text : null;
          } catch (error) {
            if (!isUnreadable(error)) throw error;
          }
          return { id: a.id, author: by ?? FORMER, createdAt: a.createdAt.getTime(), body };
        }),
    };
  });
}

/** The client's signed charts for their record and its exports, in the caller's audited transaction. */
export function chartsForExport(tx: DbOrTx, keyRing: KeyRing, organizationId: string, clientId: string): Promise<ChartView[]> {
  return readCharts(tx, keyRing, organizationId, { clientId, signedOnly: true });
}
