import type { Locator, Page } from 'playwright-core';

/**
 * Counts a reader's actions as the test performs them: every mouse down (a click or the start of a
 * drag), every key press, every fill, select, check and file pick. Counted where Playwright is driven,
 * so a helper cannot hide an action; `paused` leaves out steps that are not part of reading (a reload).
 */
export interface ActionCounter {
  readonly count: number;
  /**
   * Wheel notches, kept apart: the issue counts mouse downs, drags and key presses, and a reader
   * scrolls through slices with the wheel. Reported beside the count, so nothing hides there.
   */
  readonly wheelNotches: number;
  paused: boolean;
}

const LOCATOR_ACTIONS = ['click', 'dblclick', 'fill', 'selectOption', 'check', 'uncheck', 'press', 'pressSequentially', 'setInputFiles', 'dispatchEvent', 'tap'] as const;

export function countActions(page: Page): ActionCounter {
  const counter = { count: 0, wheelNotches: 0, paused: false };
  const bump = () => {
    if (!counter.paused) counter.count += 1;
  };
  const wrap = <T extends object>(target: T, name: keyof T) => {
    const original = target[name] as unknown as (...args: unknown[]) => unknown;
    (target as Record<keyof T, unknown>)[name] = function (this: unknown, ...args: unknown[]) {
      bump();
      return original.apply(this, args);
    };
  };
  wrap(page.mouse, 'down');
  const wheel = page.mouse.wheel.bind(page.mouse);
  page.mouse.wheel = async (deltaX: number, deltaY: number) => {
    if (!counter.paused) counter.wheelNotches += 1;
    return wheel(deltaX, deltaY);
  };
  wrap(page.keyboard, 'press');
  // a typed text counts per key
  const type = page.keyboard.type.bind(page.keyboard);
  page.keyboard.type = async (text: string, options?: { delay?: number }) => {
    for (let index = 0; index < text.length; index++) bump();
    return type(text, options);
  };
  // Locators are created per call: count on their shared prototype, for this page only.
  const prototype = Object.getPrototypeOf(page.locator('body')) as Locator;
  for (const name of LOCATOR_ACTIONS) {
    const original = prototype[name] as unknown as (...args: unknown[]) => unknown;
    (prototype as unknown as Record<string, unknown>)[name] = function (this: Locator, ...args: unknown[]) {
      if (this.page() === page) bump();
      return original.apply(this, args);
    };
  }
  return counter;
}
