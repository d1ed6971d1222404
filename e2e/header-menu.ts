// The header's "Menu" disclosure (app/components/NavMenu.tsx): on a phone the
// navigation of the public site and of the account is inside it, so a test
// that follows a header link there opens it first, as a person would.
import type { Locator, Page } from "playwright-core";
import { tabTo } from "./keyboard.ts";

const MENU = "details.nav-menu";

/** The Menu disclosure, when the page shows one (below 48rem); null on a wide page. */
async function shownMenu(page: Page): Promise<Locator | null> {
  const menu = page.locator(MENU);
  return (await menu.count()) > 0 && (await menu.isVisible()) ? menu : null;
}

const isOpen = (menu: Locator) => menu.evaluate((d) => (d as HTMLDetailsElement).open);

/** Opens the Menu with a tap when the page shows one closed; a wide page shows its links already. */
export async function openHeaderMenu(page: Page): Promise<void> {
  const menu = await shownMenu(page);
  if (menu && !(await isOpen(menu))) await menu.locator("summary").click();
}

/** The same by keyboard: Tab to "Menu", Enter. */
export async function openHeaderMenuByKeyboard(page: Page): Promise<void> {
  const menu = await shownMenu(page);
  if (!menu || (await isOpen(menu))) return;
  await tabTo(page, `${MENU} > summary`);
  await page.keyboard.press("Enter");
}
