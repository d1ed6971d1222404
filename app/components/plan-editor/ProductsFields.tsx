import type { PlanFieldsProps } from "./context.ts";
import { describedBy, Err, fid } from "./fields.tsx";
import { NumbingFields } from "./NumbingFields.tsx";

/**
 * What goes on the skin: numbing cream (never offered to a client allergic to
 * local anaesthetics), the glide during needling and the products after, all
 * from the clinic's lists; a product taken off a list stays shown while chosen.
 */
export function ProductsFields({ values, errors, set, selected, context }: PlanFieldsProps) {
  return (
    <fieldset className="plan-block">
      <legend>Numbing cream and products</legend>
      <div className={`field${errors.numbingCream ? " has-error" : ""}`}>
        <Err id={fid("numbingCream")} error={errors.numbingCream} />
        <label className="check-label">
          <input
            className="check-input"
            type="checkbox"
            name="numbingCream"
            id={fid("numbingCream")}
            checked={values.numbingCream}
            disabled={context.anaestheticAllergy && !values.numbingCream}
            onChange={(e) => set({ numbingCream: e.target.checked })}
            aria-describedby={context.anaestheticAllergy ? "numbing-allergy" : undefined}
          />
          Numbing cream before each session
        </label>
        {context.anaestheticAllergy ? (
          <p className="hint check-hint" id="numbing-allergy">
            Not offered: the client's screening records an allergy to local anaesthetics.
          </p>
        ) : null}
      </div>
      {values.numbingCream ? <NumbingFields values={values} context={context} errors={errors} set={set} selected={selected} /> : null}
      <div className={`field${errors.glideId ? " has-error" : ""}`}>
        <label htmlFor={fid("glideId")}>On the skin during needling (glide)</label>
        <p className="hint" id={`${fid("glideId")}-hint`}>
          Only sterile, single-use products from the clinic's list: products on the skin while the needles work can be driven into it and
          cause granulomas.
        </p>
        <Err id={fid("glideId")} error={errors.glideId} />
        <select
          id={fid("glideId")}
          name="glideId"
          value={values.glideId}
          onChange={(e) => set({ glideId: e.target.value })}
          aria-describedby={describedBy("glideId", errors, true)}
          aria-invalid={errors.glideId ? true : undefined}
        >
          <option value="">Choose…</option>
          {context.glides
            .filter((g) => (g.active && g.sterile && g.singleUse) || g.id === values.glideId)
            .map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
                {g.active && g.sterile && g.singleUse ? "" : " (no longer allowed)"}
              </option>
            ))}
        </select>
        {context.glides.some((g) => g.active && g.sterile && g.singleUse) ? null : (
          <p>The clinic has no sterile single-use glide on its list. The owner adds them under Plan settings.</p>
        )}
      </div>
      <fieldset className={`field${errors.productIds ? " has-error" : ""}`} id={fid("productIds")}>
        <legend>After needling</legend>
        <p className="hint">Only products on the clinic's list of sterile products approved for use with microneedling.</p>
        <Err id={fid("productIds")} error={errors.productIds} />
        {context.products.filter((p) => p.active || values.productIds.includes(p.id)).length === 0 ? (
          <p>The clinic's list is empty. The owner adds products under Plan settings.</p>
        ) : null}
        {context.products
          .filter((p) => p.active || values.productIds.includes(p.id))
          .map((p) => (
            <div key={p.id} className="check-field">
              <label className="check-label">
                <input
                  className="check-input"
                  type="checkbox"
                  name="productIds"
                  value={p.id}
                  checked={values.productIds.includes(p.id)}
                  onChange={(e) =>
                    set({ productIds: e.target.checked ? [...values.productIds, p.id] : values.productIds.filter((x) => x !== p.id) })
                  }
                  aria-describedby={`product-${p.id}`}
                />
                {p.name}
                {p.active ? "" : " (no longer on the list)"}
              </label>
              <p className="hint check-hint" id={`product-${p.id}`}>
                {p.reason}
              </p>
            </div>
          ))}
      </fieldset>
    </fieldset>
  );
}
