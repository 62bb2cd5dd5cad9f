import { expect, type Browser, type Page } from '@playwright/test';
import { signIn } from './helpers';

/**
 * Script-bearing strings and a guard that says whether any of them ran. Every person's browser context
 * bypasses the Content-Security-Policy, so a sink is caught by the escaping it lacks and not hidden by the
 * CSP behind it; `cspEnforced` opens the one context that keeps the CSP, to read its violation reports.
 */

export const IMG = `<img src=x onerror="window.__xss=(window.__xss||0)+1">`;
export const SCRIPT = '<script>window.__xss=1</script>';
export const SVG = '"><svg onload=window.__xss=1>';
export const TEMPLATE = "{{constructor.constructor('window.__xss=1')()}}";
export const IFRAME = `<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>`;
export const JS_URL = 'javascript:window.__xss=1';
/** All of them in one string: what a hostile person types into a free-text field. */
export const ALL = [IMG, SCRIPT, SVG, TEMPLATE, IFRAME, JS_URL].join(' ');
/** Guideline markdown: raw HTML of every kind, javascript: links and images, an event handler on a details element. */
export const MARKDOWN = [
  `# Guide ${IMG}`,
  SCRIPT,
  `[x](${JS_URL}) [y](<${JS_URL}>) <a href="${JS_URL}">z</a> ![i](${JS_URL})`,
  IFRAME,
  `<img src=x onerror="window.__xss=1">`,
  `<details open ontoggle="window.__xss=1"><summary>s</summary>${SVG}</details>`,
  `- ${TEMPLATE}`,
  `| a | b |\n| --- | --- |\n| ${IMG} | ${SVG} |`,
].join('\n\n');

/** What ran and what would have: filled by the page through bindings, read by `expectInert`. */
interface Evidence {
  ran: string[];
  dialogs: string[];
  cspScript: string[];
  crashes: string[];
}
const evidence = new WeakMap<Page, Evidence>();

/**
 * A signed-in person in a fresh context. `window.__xss` is a property whose setter reports to the test, so a
 * payload that runs is recorded even if the page navigates away before it is looked at.
 */
export async function person(browser: Browser, email: string, opts: { cspEnforced?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ bypassCSP: !opts.cspEnforced });
  const ev: Evidence = { ran: [], dialogs: [], cspScript: [], crashes: [] };
  await context.exposeBinding('__xssRan', ({ page }, where: string) => void ev.ran.push(`${where} (${page.url()})`));
  await context.exposeBinding('__cspViolation', (_src, what: string) => void ev.cspScript.push(what));
  await context.addInitScript(() => {
    const w = window as unknown as { __xssRan(where: string): void; __cspViolation(what: string): void };
    let value: unknown;
    Object.defineProperty(window, '__xss', {
      configurable: false,
      get: () => value,
      set: (v) => {
        value = v;
        w.__xssRan(location.pathname);
      },
    });
    // Only script, frame and object directives: a blocked script is the trace of a sink that tried to run one.
    document.addEventListener('securitypolicyviolation', (e) => {
      if (/^(script-src|object-src|frame-src|child-src)/.test(e.effectiveDirective)) w.__cspViolation(`${e.effectiveDirective}: ${e.blockedURI} ${e.sample}`);
    });
  });
  const page = await context.newPage();
  page.on('dialog', (d) => {
    ev.dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  page.on('console', (m) => {
    if (/Content Security Policy/.test(m.text()) && /script|frame|object/i.test(m.text())) ev.cspScript.push(m.text());
  });
  // A payload that breaks a screen is a finding too, and a blank screen would hide what it renders.
  page.on('pageerror', (e) => void ev.crashes.push(`${e.message} (${page.url()})`));
  evidence.set(page, ev);
  await signIn(page, email);
  return page;
}

/**
 * Nothing planted ran on this screen and nothing planted is live markup: no inline event handler (React
 * never writes one), no inline script, no srcdoc frame, no javascript: target. Checked after the screen
 * has drawn what `where` names.
 */
export async function expectInert(page: Page, where: string) {
  const live = await page.evaluate(() => {
    const found: string[] = [];
    const describe = (el: Element) => `<${el.tagName.toLowerCase()}> in ${el.parentElement?.className || el.parentElement?.tagName || '?'}`;
    // Wider than `img[onerror], svg[onload], iframe[srcdoc], script:not([src])`: any handler attribute on any element.
    for (const el of document.querySelectorAll('script:not([src])')) found.push(`${describe(el)}: ${el.outerHTML.slice(0, 120)}`);
    for (const el of document.querySelectorAll('*')) {
      for (const a of el.attributes) {
        if (/^on/i.test(a.name)) found.push(`${describe(el)} has ${a.name}="${a.value}"`);
        else if (/^(href|xlink:href|action|formaction)$/i.test(a.name) && /^\s*javascript:/i.test(a.value)) found.push(`${describe(el)} has ${a.name}="${a.value}"`);
      }
      if (/^(IFRAME|FRAME|EMBED|OBJECT)$/.test(el.tagName)) found.push(`${describe(el)}: ${el.outerHTML.slice(0, 120)}`);
    }
    return [...new Set(found)];
  });
  expect(live, `live markup from a payload on ${where}`).toEqual([]);
  const ev = evidence.get(page)!;
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss), `window.__xss on ${where}`).toBeUndefined();
  expect(ev.ran, `payloads that ran (up to ${where})`).toEqual([]);
  expect(ev.dialogs, `dialogs opened (up to ${where})`).toEqual([]);
  expect([...new Set(ev.cspScript)], `script blocked by the CSP (up to ${where})`).toEqual([]);
  expect(ev.crashes, `uncaught errors (up to ${where})`).toEqual([]);
}

/** A JSON call with the page's session (the same person the page is signed in as), any content type. */
export async function send(page: Page, method: string, path: string, body?: string | object, contentType = 'application/json') {
  return page.evaluate(
    async ({ method, path, body, contentType }) => {
      const res = await fetch(path, {
        method,
        headers: body === undefined ? { accept: 'application/json' } : { 'content-type': contentType, accept: 'application/json' },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      let json: unknown = null;
      try {
        json = text ? JSON.parse(text) : null;
      } catch {
        json = text;
      }
      return { status: res.status, body: json as any };
    },
    { method, path, body, contentType },
  );
}
