import type { Page } from 'playwright-core';
import { authHeader } from '../support/auth.js';
import { person, personWithMfa, seedPatient } from '../support/web-seed.js';
import { axe, screenshot, startWebHarness, type WebHarness } from './support/browser.js';

/**
 * The client in Simplified Chinese, picked from the browser language and switchable; a
 * Chinese name written family name first without comma or space; dates in the Chinese form. The
 * browser clock is pinned so the ages are fixed.
 */
const NOW = '2026-12-04T10:00:00+08:00';

describe('web client: Chinese and English', () => {
  let h: WebHarness;
  let drA: Awaited<ReturnType<typeof person>>;
  let officer: Awaited<ReturnType<typeof personWithMfa>>;
  let admin: Awaited<ReturnType<typeof personWithMfa>>;
  let wangId: string;
  let enrolledAt = 0;
  /** A TOTP for the current 30-second step of an account enrolled in beforeAll (at least the next step). */
  const currentCode = (user: Awaited<ReturnType<typeof personWithMfa>>) =>
    user.code(Math.max(1, Math.round((Date.now() - enrolledAt) / 30_000)));

  const post = async (url: string, payload: object) => {
    const response = await h.t.app.inject({ method: 'POST', url, payload, headers: authHeader(drA.token) });
    if (response.statusCode !== 201) throw new Error(`${url} → ${response.statusCode} ${response.body}`);
    return response.json() as { id: string };
  };

  beforeAll(async () => {
    h = await startWebHarness();
    drA = await person(h.t, 'clinician');
    officer = await personWithMfa(h.t, 'compliance');
    admin = await personWithMfa(h.t, 'admin');
    enrolledAt = Date.now();
    await seedPatient(h.t, drA);
    const wang = await post('/api/patients', {
      mrn: 'ZY-0805',
      name: { family: '王', given: ['小明'] },
      birthDate: '1962-08-05',
      sex: 'male',
    });
    wangId = wang.id;
    const entry = (kind: string, occurredAt: string, body: object) =>
      post(`/api/patients/${wangId}/entries`, { kind, occurredAt, body });
    await entry('allergy', '2025-03-02T01:00:00Z', {
      substance: '青霉素',
      reaction: '荨麻疹',
      severity: 'moderate',
    });
    await entry('observation', '2026-11-30T00:30:00Z', {
      codeSystem: 'LOINC',
      code: '10839-9',
      display: '肌钙蛋白 I',
      value: 0.09,
      unit: 'ng/mL',
      referenceRange: { high: 0.04 },
      abnormalFlag: 'H',
    });
    await entry('problem', '2019-06-03T02:00:00Z', {
      codeSystem: 'ICD-10',
      code: 'I10',
      display: '原发性高血压',
      onset: '2019-06-01',
    });
    await entry('note', '2026-11-30T02:15:00Z', {
      title: '急诊病程记录',
      text: '胸痛三小时，向左肩放射。否认发热。心电图示 ST 段压低，肌钙蛋白 0.09 ng/mL 升高。',
    });
  }, 60_000);
  afterAll(() => h?.close());

  const chinesePage = async () => {
    const page = await h.newPage(undefined, { locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    await page.clock.setFixedTime(NOW);
    return page;
  };
  const signInZh = async (
    page: Page,
    path = '/',
    user: { email: string; password: string } = drA,
    code?: string,
  ) => {
    await page.goto(`${h.baseUrl}${path}`);
    await page.getByLabel('电子邮箱').fill(user.email);
    await page.getByLabel('密码').fill(user.password);
    await page.getByRole('button', { name: '登录' }).click();
    if (code === undefined) return;
    await page.getByLabel('验证码').fill(code);
    await page.getByRole('button', { name: '验证' }).click();
  };
  const htmlLang = (page: Page) => page.evaluate<string>('document.documentElement.lang');

  it('follows a zh-CN browser: Chinese labels, <html lang>, Chinese names and dates, axe-clean', async () => {
    const page = await chinesePage();
    await page.goto(h.baseUrl);
    await page.getByRole('heading', { name: 'Anamnesis' }).waitFor();
    expect(await htmlLang(page)).toBe('zh-CN');
    expect(await page.getByRole('button', { name: '登录' }).count()).toBe(1);
    await screenshot(page, 'zh-login');
    expect(await axe(page)).toEqual([]);

    await signInZh(page);
    await page.getByRole('heading', { name: '我的患者', level: 1 }).waitFor();
    const mine = page.getByRole('region', { name: '我负责的患者' });
    const wang = mine
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name: '王小明', exact: true }) });
    await wang.waitFor();
    expect(await wang.textContent()).toContain('1962年8月5日（64 岁）');
    expect(await wang.textContent()).toContain('男');
    // A Latin name keeps its form in the Chinese UI.
    await mine.getByRole('link', { name: 'OKONKWO, Adaeze' }).waitFor();
    // A Chinese name is searched as it is written: family and given name together, no space.
    await page.getByLabel('搜索方式').selectOption('q');
    await page.getByLabel('患者姓名').fill('王小明');
    await page.getByRole('button', { name: '搜索' }).click();
    await page.getByRole('table', { name: '搜索结果' }).getByRole('link', { name: '王小明' }).waitFor();
    await screenshot(page, 'zh-my-patients');
    expect(await axe(page)).toEqual([]);

    await wang.getByRole('link', { name: '王小明' }).click();
    const summary = page.getByRole('region', { name: '患者概要' });
    await summary.getByRole('heading', { name: '王小明' }).waitFor();
    expect(await summary.textContent()).toContain('出生日期1962年8月5日');
    expect(await summary.textContent()).toContain('年龄64 岁');
    await page.getByRole('group', { name: '过敏' }).getByText('青霉素 (荨麻疹)').waitFor();
    await page.getByText('4 条记录').waitFor();
    expect(await page.getByRole('region', { name: '时间线' }).textContent()).toContain(
      '时间以 Asia/Shanghai',
    );
    const result = page.locator('.entry-row').filter({ hasText: '肌钙蛋白 I' });
    expect(await result.locator('.kind').textContent()).toBe('检验结果');
    expect(await result.locator('.summary').textContent()).toBe('肌钙蛋白 I: 0.09 ng/mL (偏高) [参考 –0.04]');
    expect(await page.locator('.timeline-day h3').first().textContent()).toBe('2026年11月30日');
    expect(await page.locator('.entry-row .summary').filter({ hasText: '高血压' }).textContent()).toBe(
      '原发性高血压（始于 2019年6月1日）',
    );
    await page.locator('.entry-row').filter({ hasText: '急诊病程记录' }).click();
    const detail = page.getByRole('article');
    await detail.getByText('第 1 版', { exact: true }).waitFor();
    expect(await detail.getByRole('heading', { level: 2 }).textContent()).toMatch(
      /^病程记录 · 2026年11月30日 (GMT\+8 )?10:15( GMT\+8)?$/,
    );
    expect(await page.title()).toBe('王小明 · Anamnesis');
    await screenshot(page, 'zh-patient');
    expect(await axe(page)).toEqual([]);

    await page.getByRole('link', { name: '检验趋势' }).click();
    await page.getByRole('img', { name: /^肌钙蛋白 I：/ }).waitFor();
    await screenshot(page, 'zh-trends');

    // A draft report: the page's words and the section titles in Chinese, the record's text as written.
    await page.getByRole('link', { name: '起草报告' }).click();
    await page.getByLabel('临床问题').fill('胸痛和肌钙蛋白的情况？');
    await page.getByRole('button', { name: '起草报告' }).click();
    await page.getByRole('heading', { name: '胸痛和肌钙蛋白的情况？' }).waitFor({ timeout: 20_000 });
    const report = page.getByRole('article', { name: '报告' });
    await report.getByRole('heading', { name: '关键结果与趋势' }).waitFor();
    await screenshot(page, 'zh-report');
    expect(await axe(page)).toEqual([]);
    expect(h.problems).toEqual([]);
  });

  it('shows the compliance and administration pages in Chinese, axe-clean', async () => {
    const page = await chinesePage();
    await signInZh(page, '/', officer, await currentCode(officer));
    await page.getByRole('heading', { name: '审计日志', level: 1 }).waitFor();
    await page.getByRole('columnheader', { name: '时间（UTC）' }).waitFor();
    const row = page.locator('table tbody tr').first();
    await row.waitFor();
    expect(await row.locator('td').nth(1).textContent()).toMatch(
      /^\d{4}年\d{1,2}月\d{1,2}日 UTC \d{2}:\d{2}$/,
    );
    await screenshot(page, 'zh-audit');
    expect(await axe(page)).toEqual([]);
    await page.getByRole('link', { name: '日志链完整性' }).click();
    await page.getByRole('button', { name: '立即核验' }).click();
    await page.getByText(/已核验至序号 \d+/).waitFor();
    await screenshot(page, 'zh-audit-chain');
    expect(await axe(page)).toEqual([]);
    await page.getByRole('link', { name: '异常' }).click();
    await page.getByRole('heading', { name: /紧急访问（破窗）/ }).waitFor();
    expect(await axe(page)).toEqual([]);

    const adminPage = await chinesePage();
    await signInZh(adminPage, '/', admin, await currentCode(admin));
    await adminPage.getByRole('heading', { name: '用户', level: 1 }).waitFor();
    const role = adminPage.getByLabel(`${drA.email} 的角色`);
    await role.waitFor();
    expect(await role.locator('option:checked').textContent()).toBe('医生');
    await adminPage.locator('tbody tr').filter({ hasText: drA.email }).getByText('正常').waitFor();
    await screenshot(adminPage, 'zh-admin-users');
    expect(await axe(adminPage)).toEqual([]);
    expect(h.problems).toEqual([]);
  });

  it('switches language in the page, keeps the choice across a reload, and formats per locale', async () => {
    const page = await chinesePage();
    await signInZh(page, `/patients/${wangId}`);
    await page.getByRole('region', { name: '患者概要' }).getByRole('heading', { name: '王小明' }).waitFor();
    await page.getByLabel('语言').selectOption('en');
    const summary = page.getByRole('region', { name: 'Patient summary' });
    await summary.getByRole('heading', { name: '王小明' }).waitFor();
    expect(await htmlLang(page)).toBe('en');
    // English words, dates in the en locale the browser allows (zh-CN only: en-GB).
    expect(await summary.textContent()).toContain('Born5 Aug 1962');
    expect(await summary.textContent()).toContain('Age64 y');
    await page.getByText('4 entries').waitFor();
    await screenshot(page, 'zh-browser-english-ui');
    await page.reload();
    await page.getByRole('region', { name: 'Patient summary' }).waitFor();
    expect(await page.evaluate("localStorage.getItem('anamnesis.language')")).toBe('en');
    expect(await htmlLang(page)).toBe('en');
    await page.getByLabel('Language').selectOption('zh');
    await page.getByRole('region', { name: '患者概要' }).waitFor();
    expect(await htmlLang(page)).toBe('zh-CN');

    // An en-US browser gets English with US dates; nothing stored means the browser decides.
    const us = await h.newPage(undefined, { locale: 'en-US', timezoneId: 'America/New_York' });
    await us.clock.setFixedTime(NOW);
    await us.goto(h.baseUrl);
    await us.getByLabel('Email').fill(drA.email);
    await us.getByLabel('Password').fill(drA.password);
    await us.getByRole('button', { name: 'Sign in' }).click();
    const row = us.getByRole('region', { name: 'In my care' }).getByRole('row').filter({ hasText: '王小明' });
    await row.waitFor();
    expect(await row.textContent()).toContain('Aug 5, 1962 (64 y)');
    expect(await htmlLang(us)).toBe('en');
    expect(h.problems).toEqual([]);
  });
});
