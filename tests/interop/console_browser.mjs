// Drives the web console in headless Chromium (the system's, through playwright-core) for the xunit
// browser tests and for the README's screenshot. Reads {"chromium": path, "steps": [...]} on stdin; each
// step is {"goto": url}, {"fill": {"selector", "value"}}, {"click": selector} (waits for the page it leads
// to) or {"screenshot": path}. Prints one JSON array: for every goto and click, what the browser then
// shows (status, url, visible text, the DOM as parsed, how many script elements it holds, dialogs opened)
// and the cookies it holds.
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';

const input = JSON.parse(readFileSync(0, 'utf8'));
const browser = await chromium.launch({ executablePath: input.chromium, args: ['--no-sandbox'] });
const results = [];
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  let dialogs = 0;
  page.on('dialog', async dialog => { dialogs++; await dialog.dismiss(); });

  const seen = async (response) => results.push({
    status: response ? response.status() : 0,
    url: page.url(),
    text: await page.innerText('body'),
    html: await page.content(),
    scripts: await page.locator('script').count(),
    dialogs,
    cookies: await context.cookies(),
  });

  for (const step of input.steps) {
    if (step.goto) {
      await seen(await page.goto(step.goto));
    } else if (step.fill) {
      await page.fill(step.fill.selector, step.fill.value);
    } else if (step.click) {
      const [response] = await Promise.all([page.waitForNavigation(), page.click(step.click)]);
      await seen(response);
    } else if (step.screenshot) {
      await page.screenshot({ path: step.screenshot, fullPage: true });
    } else {
      throw new Error(`unknown step ${JSON.stringify(step)}`);
    }
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(results));
