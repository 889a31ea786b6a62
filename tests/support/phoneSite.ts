// What the browser tests of the workspace share: the built site served with
// a Chromium beside it, a phone tab with JavaScript off (what the tests drive)
// and one with JavaScript on where axe runs on a copy of the page (axe needs
// scripts), and the two ways a tab gets a workspace session.
import { expect } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { accessibilityViolations, launchBrowser, phonePage } from './browser';
import { signInAs } from './noticeDesk';
import { startServer, type RunningServer } from './server';
import { nextSignInMail, outboxOf, signInMails, signInOverHttp } from './workspace';

export interface PhoneSite {
  server: RunningServer;
  browser: Browser;
  /** The phone without JavaScript. */
  page: Page;
  /** The JavaScript tab `expectAccessibleOnPhone` runs axe in. */
  axeTab: Page;
}

/** Serves the built site (with `env`), launches Chromium and opens the two phone tabs. */
export async function openPhoneSite(env: Record<string, string> = {}): Promise<PhoneSite> {
  const [server, browser] = await Promise.all([startServer(env), launchBrowser()]);
  try {
    return { server, browser, page: await phonePage(browser, { javaScriptEnabled: false }), axeTab: await phonePage(browser) };
  } catch (error) {
    await closePhoneSite({ browser, server });
    throw error;
  }
}

/** Closes what `openPhoneSite` opened, as far as it got. */
export async function closePhoneSite(site: { browser?: Browser; server?: RunningServer }): Promise<void> {
  await site.browser?.close();
  await site.server?.stop();
}

/** Axe finds nothing on what `page` shows now, and the page is no wider than the phone. */
export async function expectAccessibleOnPhone(page: Page, axeTab: Page, where: string): Promise<void> {
  await axeTab.setContent(await page.content());
  expect(await accessibilityViolations(axeTab), where).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth).catch(() => 0);
  expect(overflow, `${where}: wider than the phone`).toBe(0);
}

/**
 * Gives `page` a workspace session of `body`, signed in over HTTP (as the
 * registered person at `address`, else the body's own address), in place of
 * any session it had; for steps that come after signing in. The cookie header.
 */
export async function signInToWorkspace(page: Page, server: RunningServer, body: string, address?: string): Promise<string> {
  const cookie = address ? await signInAs(server, body, address) : await signInOverHttp(server, body);
  await page.context().clearCookies();
  await page.context().addCookies([{ name: 'sw_workspace', value: cookie.slice('sw_workspace='.length), url: server.url }]);
  return cookie;
}

/**
 * Signs `page` in through the sign-in form: chooses the body, asks for the
 * link (choosing `person` where the body has several registered people),
 * opens the link from the outbox and confirms. The sign-in email.
 */
export async function signInThroughForm(page: Page, server: RunningServer, bodyLabel: string, body: string, person = '单位公务邮箱') {
  const seen = signInMails(outboxOf(server), body).length;
  await page.goto(`${server.url}/bureau/`);
  await page.getByLabel('您所在的单位').selectOption({ label: bodyLabel });
  await page.getByRole('button', { name: '发送登录链接' }).click();
  if (await page.locator('[data-choose-person]').count()) {
    await page.getByLabel(person).check();
    await page.getByRole('button', { name: '发送登录链接' }).click();
  }
  const mail = await nextSignInMail(outboxOf(server), body, seen);
  await page.goto(mail.url);
  await page.getByRole('button', { name: '登录' }).click();
  return mail;
}
