import type { BrowserContext, Page } from 'playwright-core';

export const CHROMIUM_ARGS: string[];
export function chromiumPath(): string;
export function launchChromium(): Promise<{ context: BrowserContext; close(): Promise<void> }>;
export function openOffline(
  context: BrowserContext,
  html: string,
): Promise<{ page: Page; url: string; requests: string[]; offsite: string[] }>;
export function assertOffline(opened: { url: string; requests: string[]; offsite: string[] }): void;
export function screenshot(
  page: Page,
  file: string,
  options?: { fullPage?: boolean },
): Promise<number>;
export function isPng(file: string): boolean;
