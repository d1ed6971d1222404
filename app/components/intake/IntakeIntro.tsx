import { useT } from "../../i18n/context.tsx";
import { STEPS } from "../../lib/intake-flow.ts";

/** The introduction before the first step: how long it takes, what is filled in, when it is saved. */
export function IntakeIntro({ clinicName }: { clinicName: string }) {
  const { t } = useT();
  const title = t("intake.title");
  return (
    <div className="intake">
      <title>{`${title} — ${clinicName}`}</title>
      <h1>{title}</h1>
      <p className="lead">{t("intake.intro.lead")}</p>
      <ul>
        <li>{t("intake.intro.time", { steps: STEPS.length })}</li>
        <li>{t("intake.intro.prefill")}</li>
        <li>{t("intake.intro.saved")}</li>
      </ul>
      <form method="post" action="/portal/intake">
        <button type="submit" name="go" value="start" className="button primary">
          {t("intake.intro.start")}
        </button>
      </form>
    </div>
  );
}
