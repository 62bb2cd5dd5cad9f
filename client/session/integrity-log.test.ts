import { describe, expect, it } from 'vitest';
import { IntegrityLog, listenForPastes } from './integrity-log';

describe('IntegrityLog', () => {
  it('reports the pastes of a claim, how long its row took to show and how long it was on screen', () => {
    let t = 1000;
    const log = new IntegrityLog(() => t);
    log.shown(7, 320.4);
    t = 5000;
    log.paste(7, 'summary', 640);
    log.paste(8, 'summary', 10);
    // Shown again after a failed submit: the first showing counts.
    log.shown(7);
    t = 9000;
    expect(log.report(7)).toEqual({ pastes: [{ question: 'summary', chars: 640 }], shownMs: 8000, loadMs: 320 });
    expect(log.report(8)).toBeUndefined();
    log.forget(7);
    expect(log.report(7)).toBeUndefined();
  });

  it('hears pastes inside a question, with their size, and stops when told', () => {
    document.body.innerHTML = '<div data-question="why"><textarea></textarea></div><input id="elsewhere">';
    const heard: [string, number][] = [];
    const stop = listenForPastes(document, (q, n) => heard.push([q, n]));
    const paste = (el: Element, text: string) => {
      const e = new Event('paste', { bubbles: true, cancelable: true }) as Event & { clipboardData: unknown };
      e.clipboardData = { getData: (type: string) => (type === 'text/plain' ? text : '') };
      el.dispatchEvent(e);
    };
    paste(document.querySelector('textarea')!, 'x'.repeat(250));
    paste(document.querySelector('#elsewhere')!, 'not a question');
    stop();
    paste(document.querySelector('textarea')!, 'after');
    expect(heard).toEqual([['why', 250]]);
  });
});
