// What a log line may say about an error: its kind and codes, never its text.
//
// An error's message is written by whoever threw it, and too often holds what
// a visitor typed: a failed Drizzle query says "Failed query: … params:
// alice@example.com,…", a PostgreSQL unique violation's detail says "Key
// (email)=(alice@example.com) already exists", React Router's 404 names the
// URL with its token. So the log keeps the error's name, its machine codes
// (PostgreSQL's SQLSTATE, the constraint, table and column it names, Node's
// ERR_… codes), the same for its causes, and the stack frames (code
// locations) — never `message`, the stack's first line, `detail`, `params`,
// `query` or any other property the error carries.

export interface LoggedError {
  type: string;
  code?: string;
  constraint?: string;
  table?: string;
  column?: string;
  status?: number;
  cause?: LoggedError;
  frames?: string[];
}

/** SQLSTATE ("23505"), Node's and libraries' symbolic codes ("ERR_INVALID_URL", "ECONNREFUSED"). */
const SAFE_CODE = /^(?:[0-9A-Z]{5}|[A-Z][A-Z0-9_]{1,63})$/;
/** An SQL identifier as PostgreSQL reports it (constraint, table, column names come from the schema, not from data). */
const SAFE_IDENTIFIER = /^[a-z_][a-z0-9_$]{0,62}$/i;
const SAFE_NAME = /^[A-Za-z_$][\w$.]{0,63}$/;
const MAX_FRAMES = 12;
const MAX_DEPTH = 3;

function identifier(value: unknown): string | undefined {
  return typeof value === "string" && SAFE_IDENTIFIER.test(value) ? value : undefined;
}

/** The "    at …" lines of a stack, without the message the first line(s) repeat. */
function framesOf(stack: unknown): string[] | undefined {
  if (typeof stack !== "string") return undefined;
  const frames = stack
    .split("\n")
    .filter((line) => /^\s+at\s/.test(line))
    .slice(0, MAX_FRAMES)
    .map((line) => line.trim());
  return frames.length ? frames : undefined;
}

/** An error as a log line may carry it (see the top of this file). Anything that is not an object is logged by its type only. */
export function safeError(value: unknown, depth = 0): LoggedError {
  if (value === null || typeof value !== "object") return { type: value === null ? "null" : typeof value };
  const e = value as Record<string, unknown>;
  const rawName = typeof e.name === "string" ? e.name : (value.constructor?.name ?? "Object");
  const logged: LoggedError = { type: SAFE_NAME.test(rawName) ? rawName : "Error" };
  if (typeof e.code === "string" && SAFE_CODE.test(e.code)) logged.code = e.code;
  const constraint = identifier(e.constraint);
  if (constraint) logged.constraint = constraint;
  const table = identifier(e.table);
  if (table) logged.table = table;
  const column = identifier(e.column);
  if (column) logged.column = column;
  const status = e.status ?? e.statusCode;
  if (typeof status === "number" && Number.isInteger(status)) logged.status = status;
  if (depth < MAX_DEPTH && e.cause !== undefined && e.cause !== value) logged.cause = safeError(e.cause, depth + 1);
  const frames = depth === 0 ? framesOf(e.stack) : undefined;
  if (frames) logged.frames = frames;
  return logged;
}

/** The error's PostgreSQL code, from it or its cause (Drizzle wraps the driver's error). */
export function errorCode(value: unknown): string | undefined {
  const logged = safeError(value);
  return logged.code ?? logged.cause?.code;
}

/** Serializers for every key an error is logged under. */
export const ERROR_SERIALIZERS = { err: safeError, error: safeError, cause: safeError } as const;

/**
 * pino options that keep error text out of the log: the serializers above,
 * and a hook so `logger.error(err)` or `logger.error({ err })` without a
 * message is not given the error's message as its `msg` (pino's default).
 */
export const SAFE_LOG_OPTIONS = {
  serializers: ERROR_SERIALIZERS,
  hooks: {
    logMethod(this: unknown, args: unknown[], method: (...a: unknown[]) => void) {
      const [first, ...rest] = args;
      const hasMessage = typeof rest[0] === "string";
      if (first instanceof Error) {
        return method.apply(this, [{ err: first }, hasMessage ? rest[0] : safeError(first).type, ...rest.slice(hasMessage ? 1 : 0)]);
      }
      if (first && typeof first === "object" && !hasMessage && ("err" in first || "error" in first)) {
        const error = (first as { err?: unknown; error?: unknown }).err ?? (first as { error?: unknown }).error;
        return method.apply(this, [first, safeError(error).type, ...rest]);
      }
      return method.apply(this, args);
    },
  },
};
