// @ts-check
// "Send test": the selected template through the real dispatcher bundle, with the Data panel's values.
import { api } from './api.js';
import { effectivePick } from './as-sent.js';
import { $, h, toast } from './dom.js';
import { store, template } from './store.js';
import { showView } from './views.js';

/** @typedef {{ trigger: string, to: string, provider: string, templateId?: string, brand?: string, ms: number, outboxFile?: string }} SendResult */

/**
 * `0.8 s`, `11.2 s`.
 * @param {number} ms
 */
function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

/**
 * `45 ms`, `11.2 s`: a step's time, precise where it is short.
 * @param {number} ms
 */
function duration(ms) {
  return ms < 1000 ? `${Math.round(ms)} ms` : seconds(ms);
}

/**
 * `rebuild 9.8 s + dispatch 1.2 s + provider 12 ms = 11.0 s`: each step's real elapsed time, then the total.
 * @param {{ steps: { step: string, ms: number }[], totalMs: number }} timing
 * @example stepsLabel({ steps: [{ step: 'dispatch', ms: 800 }, { step: 'provider', ms: 10 }], totalMs: 810 })
 * // 'dispatch 800 ms + provider 10 ms = 810 ms'
 */
export function stepsLabel(timing) {
  return `${timing.steps.map((s) => `${s.step} ${duration(s.ms)}`).join(' + ')} = ${duration(timing.totalMs)}`;
}

/**
 * The steps as elements, each carrying its step name and milliseconds (`data-step`, `data-ms`) for tools.
 * @param {{ steps: { step: string, ms: number }[], totalMs: number }} timing
 */
function stepsNode(timing) {
  /** @type {(Node | string)[]} */
  const parts = [];
  for (const [i, s] of timing.steps.entries()) {
    if (i > 0) parts.push(' + ');
    parts.push(
      h(
        'span',
        { class: 'send-step', 'data-step': s.step, 'data-ms': String(s.ms) },
        `${s.step} ${duration(s.ms)}`,
      ),
    );
  }
  parts.push(
    ' = ',
    h('span', { class: 'send-total', 'data-ms': String(timing.totalMs) }, duration(timing.totalMs)),
  );
  return h('span', { class: 'send-steps', title: stepsLabel(timing) }, parts);
}

/** The step a running send is in, as the server announces it (`send` events), and when it began. */
let live = { step: '', at: 0 };
/** Redraws the running send's button (a no-op when none runs). */
let redraw = () => {};

/**
 * Records the step the server's send has reached (`rebuild`, `dispatch`), for the button's progress.
 * @param {string} step
 * @example onSendStep('dispatch');
 */
export function onSendStep(step) {
  live = { step, at: performance.now() };
  // At once, not at the next tick: a warm send can end within one tick, and its step should still show.
  redraw();
}

/** The Data panel's JSON, or `{}` when it does not parse (the event factory's defaults then apply). */
function panelData() {
  try {
    return JSON.parse(/** @type {HTMLTextAreaElement} */ ($('#data-editor')).value);
  } catch {
    return {};
  }
}

/**
 * The `/api/send` body for trigger `trigger`.
 * @param {string} trigger
 * @param {string} email
 */
function sendRequest(trigger, email) {
  const data = panelData();
  const attrs = { ...(data.userAttributes ?? {}) };
  delete attrs.email;
  return {
    trigger,
    email,
    ...effectivePick(),
    provider: /** @type {HTMLSelectElement} */ ($('#send-provider')).value,
    code: typeof data.code === 'string' ? data.code : undefined,
    userName: typeof data.username === 'string' ? data.username : undefined,
    userAttributes: Object.fromEntries(Object.entries(attrs).filter(([, v]) => typeof v === 'string')),
  };
}

/**
 * @param {SendResult} r
 * @param {import('./types.js').StudioTemplate} t
 * @param {{ steps: { step: string, ms: number }[], totalMs: number }} timing
 */
function reportSent(r, t, timing) {
  if (r.templateId && r.templateId !== t.id) {
    toast(
      `Note: for brand ${r.brand ?? store.brand} the dispatcher routes ${r.trigger} to ${r.templateId}, not ${t.id}` +
        (t.variantOf ? ' (a variant only the brands that opt in use).' : '.'),
    );
  }
  const open = () => {
    store.mailId = (r.outboxFile?.split(/[\\/]/).pop() ?? '').replace(/\.eml$/, '');
    showView('outbox');
  };
  toast([
    h('b', {}, `${r.trigger} sent`),
    ` to ${r.to} via ${r.provider}${r.templateId ? ` · ${r.templateId}` : ''} · `,
    stepsNode(timing),
    ' ',
    r.outboxFile ? h('a', { onclick: open }, 'Open in Outbox') : null,
  ]);
}

/**
 * The send form's submit handler.
 * @param {SubmitEvent} event
 * @example $('#send-form').addEventListener('submit', sendTest);
 */
export async function sendTest(event) {
  event.preventDefault();
  const t = template();
  if (!t) return;
  const email = /** @type {HTMLInputElement} */ ($('#send-email')).value.trim();
  localStorage.setItem('studio.email', email);
  const button = /** @type {HTMLButtonElement} */ ($('#send-test'));
  const labelNode = button.lastChild;
  const label = labelNode?.textContent ?? '';
  button.disabled = true;
  const started = performance.now();
  live = { step: '', at: 0 };
  const tick = () => {
    const now = performance.now();
    // The step under way and its own time, once the server says which (the provider's comes in the result).
    const step = live.at >= started ? ` · ${live.step} ${seconds(now - live.at)}` : '';
    if (labelNode) labelNode.textContent = ` Sending… ${seconds(now - started)}${step}`;
  };
  tick();
  redraw = tick;
  const ticker = setInterval(tick, 100);
  try {
    /** @type {{ ok: boolean, result: SendResult, steps: { step: string, ms: number }[], totalMs: number, error: { message: string } }} */
    const response = await api('/api/send', sendRequest(t.trigger, email));
    if (!response.ok) throw new Error(response.error.message);
    reportSent(response.result, t, response);
  } catch (error) {
    toast([h('b', {}, 'Send failed: '), /** @type {Error} */ (error).message], true);
  } finally {
    clearInterval(ticker);
    redraw = () => {};
    button.disabled = false;
    if (labelNode) labelNode.textContent = label;
  }
}
