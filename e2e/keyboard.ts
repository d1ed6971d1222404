// Working a page by keyboard alone, as the no-JavaScript suites do: Tab to a
// field or button, Space to choose, Enter to send, and wait for the next page.
import type { Page } from "playwright-core";

/** Runs something that submits a form and waits for the next page to load. */
export async function submitting(page: Page, act: () => Promise<void>): Promise<void> {
  const loaded = page.waitForEvent("load");
  await act();
  await loaded;
}

/** Presses Tab until the focused element matches `selector`. */
export async function tabTo(page: Page, selector: string): Promise<void> {
  for (let i = 0; i < 160; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** Tabs into a radio group and moves with the arrow keys to the choice with `value`, which checks it. */
export async function chooseRadio(page: Page, name: string, value: string): Promise<void> {
  await tabTo(page, `input[type="radio"][name="${name}"]`);
  for (let i = 0; i < 10; i++) {
    if (await page.evaluate((v) => (document.activeElement as HTMLInputElement).value === v, value)) {
      await page.keyboard.press("Space");
      return;
    }
    await page.keyboard.press("ArrowDown");
  }
  throw new Error(`No radio ${name}=${value}`);
}

/** Tabs to the checkbox `name` = `value` and ticks it with Space. */
export async function tickByKeyboard(page: Page, name: string, value: string): Promise<void> {
  await tabTo(page, `input[type="checkbox"][name="${name}"][value="${value}"]`);
  await page.keyboard.press("Space");
}

/** Tabs to the field with this id and types into it. */
export async function typeByKeyboard(page: Page, id: string, text: string): Promise<void> {
  await tabTo(page, `#${id}`);
  await page.keyboard.type(text);
}

/** Tabs to the form's `go` button with this value and presses Enter, then waits for the next page. */
export async function pressGo(page: Page, go: string): Promise<void> {
  await tabTo(page, `button[name="go"][value="${go}"]`);
  await submitting(page, () => page.keyboard.press("Enter"));
}
