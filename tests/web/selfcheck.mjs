// SPDX-License-Identifier: Apache-2.0
// Browser tests of the web self-check (`elig serve`, docs/http.md): Debian's chromium driven
// by playwright-core. Two applicants walk to their results (the answers of
// tests/golden/cli/ask-maebashi-sole-ja.txt and ask-takasaki-company-ja.txt), one of them by
// keyboard alone; axe-core checks every page at WCAG 2.1 AA; every page is saved as a
// screenshot. Run by scripts/ci-web.sh.
//
// Environment: ELIG (the binary; default build/cli/elig), CHROMIUM (default /usr/bin/chromium),
// SCREENS (default build/web-screens).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const elig = process.env.ELIG || path.join(root, 'build/cli/elig');
const screens = process.env.SCREENS || path.join(root, 'build/web-screens');
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const failures = [];

function check(ok, what) {
  if (ok) return;
  failures.push(what);
  console.error(`FAIL: ${what}`);
}

// Starts `elig serve` on a free port; resolves with the process and its base URL.
function startServer() {
  return new Promise((resolve, reject) => {
    const child = spawn(elig, ['serve', '--rules', path.join(root, 'rules'), '--listen', '127.0.0.1:0', '--as-of', '2025-10-15'],
                        { stdio: ['ignore', 'ignore', 'pipe'] });
    let seen = '';
    child.stderr.on('data', (chunk) => {
      seen += chunk;
      const m = seen.match(/"event":"listening".*?"port":(\d+)/);
      if (m && !child.url) {
        child.url = `http://127.0.0.1:${m[1]}`;
        resolve(child);
      }
    });
    child.on('exit', (code) => reject(new Error(`elig serve exited with ${code}: ${seen}`)));
  });
}

// Runs `action` (which submits a form or follows a link) and waits for the next page.
async function next(page, action) {
  const navigated = page.waitForEvent('framenavigated', { timeout: 15000 });
  await action();
  await navigated;
  await page.waitForLoadState();
}

let shot = 0;
async function audit(page, walk, name) {
  const file = path.join(screens, `${String(++shot).padStart(2, '0')}-${walk}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await page.evaluate(axeSource);
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
  for (const v of result.violations)
    check(false, `${walk}/${name}: axe ${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  const lang = await page.getAttribute('html', 'lang');
  check(lang === 'ja' || lang === 'en', `${walk}/${name}: <html lang> is ${lang}`);
}

// Answers by mouse: a radio or checkbox by its label, a text field by typing, else "I don't know".
async function answerByMouse(page, answer) {
  if (answer === undefined) return next(page, () => page.getByRole('button', { name: /分からない|I don't know/ }).click());
  const text = page.locator('input#answer');
  if (await text.count()) {
    await text.fill(answer);
  } else {
    await page.getByLabel(answer, { exact: true }).check();
  }
  await next(page, () => page.getByRole('button', { name: /次へ|Next/ }).click());
}

// What has the keyboard focus: its kind, name, value, label and whether the focus shows.
function focusedOn(page) {
  return page.evaluate(() => {
    const e = document.activeElement;
    const label = e && e.id ? document.querySelector(`label[for="${e.id}"]`) : null;
    return { tag: e.tagName, type: e.type || '', name: e.name || '', value: e.value || '', label: label ? label.textContent : '',
             text: e.textContent || '', checked: !!e.checked, outline: getComputedStyle(e).outlineStyle };
  });
}

// Tabs to the first answer of the page, or to 分からない when `skip`; the element reached.
async function tabToAnswer(page, skip) {
  const want = skip ? (f) => f.tag === 'BUTTON' && /分からない|I don't know/.test(f.text) : (f) => f.name === 'answer';
  let f;
  for (let i = 0; i < 60; ++i) {
    await page.keyboard.press('Tab');
    f = await focusedOn(page);
    if (want(f)) break;
  }
  check(want(f), `keyboard: reached the answer (${JSON.stringify(f)})`);
  check(f.outline !== 'none', `keyboard: the focus is visible on ${f.tag} ${f.name}`);
  return f;
}

// Answers by keyboard: Tab to the field (or the button), arrows through a radio group, Enter.
async function answerByKeyboard(page, answer) {
  const focused = () => focusedOn(page);
  let f = await tabToAnswer(page, answer === undefined);
  if (answer === undefined) return next(page, () => page.keyboard.press('Enter'));
  if (f.type === 'text') {
    await page.keyboard.type(answer);
  } else {
    for (let i = 0; i < 60 && f.label !== answer; ++i) {
      await page.keyboard.press('ArrowDown');
      f = await focused();
    }
    check(f.label === answer, `keyboard: chose ${answer}`);
    if (!f.checked) await page.keyboard.press('Space');  // a group entered by Tab focuses its first choice unchecked
  }
  await next(page, () => page.keyboard.press('Enter'));
}

// A checklist (several yes/no questions on one page): ticks the facts answered はい, else
// 「当てはまるものはない」; all unanswered: 分からない.
function checklistTicks(facts, answers) {
  if (facts.every((f) => answers[f] === undefined)) return undefined;
  const ticked = facts.filter((f) => answers[f] === 'はい');
  return ticked.length ? ticked : ['-none'];
}

async function checklistByMouse(page, ticks) {
  if (ticks === undefined) return next(page, () => page.getByRole('button', { name: /分からない|I don't know/ }).click());
  for (const value of ticks) await page.locator(`input[name=answer][value="${value}"]`).check();
  await next(page, () => page.getByRole('button', { name: /次へ|Next/ }).click());
}

// By keyboard: Tab through the checkboxes (each is a stop of its own), Space on those to tick,
// then Tab to 次へ and Enter.
async function checklistByKeyboard(page, ticks) {
  let f = await tabToAnswer(page, ticks === undefined);
  if (ticks !== undefined) {
    for (let i = 0; i < 20 && f.name === 'answer'; ++i) {
      if (ticks.includes(f.value) !== f.checked) await page.keyboard.press('Space');
      check(f.outline !== 'none', `keyboard: the focus is visible on checkbox ${f.value}`);
      await page.keyboard.press('Tab');
      f = await focusedOn(page);
    }
    check(f.tag === 'BUTTON' && /次へ|Next/.test(f.text), `keyboard: 次へ after the checklist (${JSON.stringify(f)})`);
  }
  await next(page, () => page.keyboard.press('Enter'));
}

let pagesAsked = 0;  // question pages of the last walk
let checklistsAsked = 0;  // of them, checklists

async function walk(browser, base, name, theme, answers, { keyboard = false, english = false } = {}) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 }, locale: 'ja-JP' });
  const page = await context.newPage();
  page.on('request', (r) => check(r.url().startsWith(base), `${name}: loads nothing from elsewhere (${r.url()})`));
  const start = await page.goto(`${base}/`);
  check(/default-src 'self'/.test(start.headers()['content-security-policy'] || ''), `${name}: a strict CSP`);
  await audit(page, name, 'start');
  if (keyboard) {
    await page.keyboard.press('Tab');  // the skip link first
    check(await page.evaluate(() => document.activeElement.className === 'skip'), `${name}: the skip link comes first`);
    for (let i = 0; i < 20; ++i) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => document.activeElement.name === 'theme')) break;
    }
    for (let i = 0; i < 10; ++i) {
      if (await page.evaluate((t) => document.activeElement.value === t, theme)) break;
      await page.keyboard.press('ArrowDown');
    }
    await next(page, () => page.keyboard.press('Enter'));
  } else {
    await page.locator(`input[name=theme][value="${theme}"]`).check();
    await next(page, () => page.getByRole('button', { name: /質問をはじめる|Start/ }).click());
  }
  pagesAsked = 0;
  checklistsAsked = 0;
  for (let step = 1; step < 40; ++step) {
    const q = page.locator('input[name=q]');
    const items = await page.locator('input[name=c]').evaluateAll((es) => es.map((e) => e.value));
    if (!(await q.count()) && !items.length) break;
    const fact = items.length ? 'checklist' : await q.getAttribute('value');
    ++pagesAsked;
    if (items.length) ++checklistsAsked;
    const progress = await page.locator('.progress').innerText();
    check(progress.trim().endsWith(` ${pagesAsked}`), `${name}: page ${pagesAsked} is numbered so (${progress})`);
    await audit(page, name, `q${step}-${fact}`);
    if (english && step === 2) {
      await next(page, () => page.getByRole('button', { name: 'English' }).click());
      check(await page.getAttribute('html', 'lang') === 'en', `${name}: switched to English`);
      await audit(page, name, `q${step}-${fact}-en`);
      await next(page, () => page.getByRole('button', { name: '日本語' }).click());
    }
    if (items.length) await (keyboard ? checklistByKeyboard : checklistByMouse)(page, checklistTicks(items, answers));
    else await (keyboard ? answerByKeyboard : answerByMouse)(page, answers[fact]);
  }
  await audit(page, name, 'result');
  const result = await page.locator('main').innerText();
  await context.close();
  return result;
}

async function main() {
  fs.mkdirSync(screens, { recursive: true });
  for (const f of fs.readdirSync(screens)) if (f.endsWith('.png')) fs.unlinkSync(path.join(screens, f));
  const server = await startServer();
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const maebashi = await walk(browser, server.url, 'maebashi', 'everything', {
      legal_form: '個人事業主', city: '前橋市', exports_gunma_products: 'はい', head_office_in_japan: 'はい',
      gbizid_prime: 'いいえ', agri_applicant_type: '生産者', gunma_production_base: 'はい',
    }, { english: true });
    const eligible = (text) => text.split(/対象外（/)[0];
    check(/対象（1件）/.test(maebashi), 'maebashi: one program eligible');
    check(eligible(maebashi).includes('県産農畜産物輸出支援補助金'), 'maebashi: the agri-export subsidy is eligible');
    check(eligible(maebashi).includes('補助額は算定できません'), 'maebashi: its amount cannot be worked out');
    check(maebashi.includes('申請期限: 2026年3月31日'), 'maebashi: the deadline');
    check(/対象外（3件）/.test(maebashi), 'maebashi: three programs not eligible');
    check(maebashi.includes('前橋市（要件: 高崎市）'), 'maebashi: the reason Takasaki refuses, in words');
    const takasaki = await walk(browser, server.url, 'takasaki', 'trade-fair', {
      legal_form: '株式会社', city: '高崎市', exports_gunma_products: 'いいえ', fair_sales_only: 'いいえ',
      city_tax_arrears: 'いいえ', exhibits_alone: 'はい', head_office_in_japan: 'いいえ', one_company_one_tech: 'いいえ',
      fair_public_backing: 'はい', industry: '製造業', capital: '1,000万円', fair_location: '海外',
      booth_fee: '385,555円', decoration_fee: '16万円', fair_contribution: '0',
    }, { keyboard: true });
    check(checklistsAsked >= 1, 'takasaki: the yes/no questions about the fair as one checklist');
    check(/対象（1件）/.test(takasaki), 'takasaki: one program eligible');
    check(eligible(takasaki).includes('高崎市技術振興展示会等支援事業'), 'takasaki: the Takasaki fair subsidy is eligible');
    check(eligible(takasaki).includes('補助額 272,777円'), 'takasaki: 272,777 yen');
    check(/385,555円.*160,000円.*1\/2.*300,000円/.test(takasaki), 'takasaki: how the amount was worked out');
    check(takasaki.includes('申請先: 高崎市役所'), 'takasaki: where to apply');
    check(takasaki.includes('高崎市（要件: 安中市）'), 'takasaki: the reason Annaka refuses, in words');
  } finally {
    await browser.close();
    server.kill('SIGTERM');
  }
  console.log(`${shot} pages checked, screenshots in ${screens}`);
  if (failures.length) {
    console.error(`${failures.length} failure(s)`);
    process.exit(1);
  }
  console.log('web self-check: all passed');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
