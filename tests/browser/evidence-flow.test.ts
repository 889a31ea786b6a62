// Evidence images in a real Chromium at phone width with JavaScript off, as
// a parent on an old phone would: attach two photos, see them on the
// check-answers page, remove one, file, and open the one left through the
// bureau's emailed link. Axe checks the form and the check page with images.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { launchBrowser, phonePage } from '../support/browser';
import { violationsWithoutScripts } from '../support/intakeAxe';
import { readContent } from '../support/content';
import { startServer, type RunningServer } from '../support/server';
import { BLUE, RED, metadataMarkers, near, phoneJpeg, pixelAt, pngWithText } from '../support/evidenceImages';

const content = readContent();
const school = content.schools[0]!;
const aspect = content.aspects[0]!;

let server: RunningServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ INTAKE_RATE_LIMIT: '1000' }), launchBrowser()]);
  page = await phonePage(browser, { javaScriptEnabled: false });
});
afterAll(async () => {
  await page?.context().close();
  await browser?.close();
  if (server && server.process.exitCode !== null) console.error(`server exited:\n${server.output()}`);
  await server?.stop();
});

/** The images of the page that loaded, with their natural size (0 × 0 when the server refused them). */
const loadedImages = (selector: string) =>
  page
    .locator(selector)
    .evaluateAll((images) => (images as HTMLImageElement[]).map((img) => ({ alt: img.alt, width: img.naturalWidth, complete: img.complete })));

describe('evidence without JavaScript', () => {
  let reference: string;

  it('the form says what to attach, what to crop out, and that location data is removed', async () => {
    await page.goto(`${server.url}/report/?school=${school.id}`);
    const field = page.locator('.field', { has: page.locator('#evidence') });
    const text = await field.innerText();
    expect(text).toContain('照片或截图（选填，最多 3 张）');
    expect(text).toContain('班级群里通知补课或收费的消息截图');
    expect(text).toContain('上传前请裁掉孩子的姓名和脸，以及您自己的微信名和头像。');
    expect(text).toContain('照片里的拍摄地点、时间和手机型号等信息会被自动删除。');
    expect(await page.locator('form[action="/report/"]').first().getAttribute('enctype')).toBe('multipart/form-data');
  });

  it('attaching two shows both on the check-answers page', async () => {
    await page.getByRole('radio', { name: aspect.name }).check();
    await page.getByLabel('具体情况').fill('班级群里通知周六补课收费，截图和缴费记录附上。');
    await page.getByRole('radio', { name: '匿名举报，不留姓名和联系方式' }).check();
    await page.getByLabel(/^照片或截图/).setInputFiles([
      { name: 'IMG_2041.jpg', mimeType: 'image/jpeg', buffer: await phoneJpeg() },
      { name: 'Screenshot_wechat.png', mimeType: 'image/png', buffer: await pngWithText() },
    ]);
    await page.getByRole('button', { name: '继续，检查填写内容' }).click();
    await page.waitForLoadState();
    expect(await page.title()).toMatch(/^检查填写内容/);
    expect(await page.locator('.summary-list').innerText()).toContain('2 张（见下面的预览）');
    expect(await page.locator('main').innerText()).toContain('图片只有教育局能看到，拍摄地点等信息已删除。');
    const images = await loadedImages('.evidence-list img');
    expect(images.map((i) => i.alt)).toEqual(['要提交的第 1 张图片', '要提交的第 2 张图片']);
    for (const image of images) expect(image.width, image.alt).toBeGreaterThan(0);
    expect(await violationsWithoutScripts(browser, page)).toEqual([]);
  });

  it('removing one leaves the other', async () => {
    await page.getByRole('button', { name: '删除第 2 张图片' }).click();
    await page.waitForLoadState();
    expect(await page.title()).toMatch(/^检查填写内容/);
    expect(await page.locator('.summary-list').innerText()).toContain('1 张（见下面的预览）');
    const images = await loadedImages('.evidence-list img');
    expect(images.map((i) => i.alt)).toEqual(['要提交的第 1 张图片']);
    expect(images[0]!.width).toBe(320);
  });

  it('files the complaint', async () => {
    await page.getByRole('button', { name: '确认提交举报' }).click();
    await page.waitForLoadState();
    expect(await page.title()).toMatch(/^举报已提交/);
    reference = (await page.locator('[data-reference]').innerText()).trim();
  });

  it('the bureau opens the remaining image from its emailed link: the photo, upright, with no location in it', async () => {
    let mail: { text: string } | undefined;
    for (let tries = 0; !mail && tries < 100; tries++) {
      try {
        mail = JSON.parse(readFileSync(join(server.dataDir, 'outbox', `complaint.filed_${reference}.json`), 'utf8')) as { text: string };
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const link = /http:\/\/\S+\/answer\/\?t=\S+/.exec(mail!.text)![0];
    const bureau = await phonePage(browser, { javaScriptEnabled: false });
    try {
      await bureau.goto(link);
      expect(await bureau.getByRole('heading', { name: '举报人提交的图片（1 张）' }).count()).toBe(1);
      const shown = await bureau.locator('[data-evidence] img').evaluateAll((images) => (images as HTMLImageElement[]).map((img) => img.naturalWidth));
      expect(shown).toEqual([900]);
      const [response] = await Promise.all([
        bureau.waitForResponse((r) => r.url().includes('/answer/evidence') && r.request().isNavigationRequest()),
        bureau.getByRole('link', { name: '举报人提交的第 1 张图片' }).click(),
      ]);
      expect(response.status()).toBe(200);
      expect(response.headers()['content-type']).toBe('image/jpeg');
      // The image document shows the picture under the response's strict policy.
      expect(await bureau.locator('img').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(900);
      const bytes = new Uint8Array(await response.body());
      expect(metadataMarkers(bytes)).toEqual([]);
      const meta = await sharp(bytes).metadata();
      expect([meta.format, meta.width, meta.height, meta.exif, meta.xmp]).toEqual(['jpeg', 900, 600, undefined, undefined]);
      expect(near(await pixelAt(bytes, 5, 5), RED)).toBe(true);
      expect(near(await pixelAt(bytes, 895, 595), BLUE)).toBe(true);
    } finally {
      await bureau.context().close();
    }
  });
});
