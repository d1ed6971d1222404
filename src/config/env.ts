import { z } from "zod";
import { LIMIT_PATTERN } from "../scheduling/request-limits.ts";

const Limit = z.string().regex(LIMIT_PATTERN, 'must be a count and a window, e.g. "10/10m" (s, m, h or d)').optional();

// Every setting the process reads from its environment, validated once at start.
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")
    .optional(),
  DEMO: z.enum(["0", "1"]).default("1"),
  DEMO_OWNER_PASSWORD: z.string().min(12, "must be at least 12 characters").optional(),
  PUBLIC_URL: z.url().optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL")
    .optional(),
  MAIL_FROM: z.string().min(3).optional(),
  /** Text messages (docs/texts.md): the provider's Messages API. All of SID, token and sender, or none (texts go to files). */
  SMS_API_URL: z.url().default("https://api.twilio.com"),
  SMS_ACCOUNT_SID: z.string().min(1).optional(),
  SMS_AUTH_TOKEN: z.string().min(1).optional(),
  SMS_FROM: z
    .string()
    .regex(/^(\+[1-9]\d{7,14}|MG[0-9a-fA-F]{32})$/, "must be the sending number in E.164 (+15195550123) or a messaging service SID (MG…)")
    .optional(),
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  CLINIC_SLUG: z.string().min(1).optional(),
  /** "1": every clinic in the database answers at <slug>.<host of PUBLIC_URL> (docs/operations.md, "Many clinics from one deployment"). */
  CLINICS_BY_HOST: z.enum(["0", "1"]).default("0"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  NODE_ENV: z.string().default("production"),
  /** "1": stop cleanly when the parent that spawned this process with an IPC channel goes away (server/main.ts). */
  STOP_WITH_PARENT: z.enum(["0", "1"]).default("0"),
  /** Server processes sharing the port (PostgreSQL only; docs/operations.md, "Several processes"). */
  WEB_CONCURRENCY: z.coerce.number().int().min(1, "must be 1 or more").max(64, "must be 64 or fewer").default(1),
  /** Anonymous holds and bookings (docs/security.md, "Request limits"). */
  RATE_LIMIT_HOLDS_PER_IP: Limit,
  RATE_LIMIT_BOOKINGS_PER_IP: Limit,
  RATE_LIMIT_BOOKINGS_PER_EMAIL: Limit,
});

export type Env = z.infer<typeof EnvSchema>;

export function readEnv(source: NodeJS.ProcessEnv): Env {
  const parsed = EnvSchema.superRefine((env, ctx) => {
    const sms = [env.SMS_ACCOUNT_SID, env.SMS_AUTH_TOKEN, env.SMS_FROM].filter((v) => v !== undefined).length;
    if (sms > 0 && sms < 3)
      ctx.addIssue({
        code: "custom",
        path: ["SMS_ACCOUNT_SID"],
        message: "texts need SMS_ACCOUNT_SID, SMS_AUTH_TOKEN and SMS_FROM together",
      });
    if (env.CLINICS_BY_HOST === "1" && !env.PUBLIC_URL)
      ctx.addIssue({
        code: "custom",
        path: ["CLINICS_BY_HOST"],
        message: "needs PUBLIC_URL: each clinic answers at its slug in front of that address's host",
      });
  }).safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Dermaplan cannot start; fix these settings:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

/** The SMS provider the environment names, or undefined: texts then go to files in the outbox folder. */
export function smsProviderOf(env: Env): { baseUrl: string; accountSid: string; authToken: string; from: string } | undefined {
  if (!env.SMS_ACCOUNT_SID || !env.SMS_AUTH_TOKEN || !env.SMS_FROM) return undefined;
  return { baseUrl: env.SMS_API_URL, accountSid: env.SMS_ACCOUNT_SID, authToken: env.SMS_AUTH_TOKEN, from: env.SMS_FROM };
}
