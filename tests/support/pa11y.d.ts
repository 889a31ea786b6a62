// pa11y ships no types; this is the part the tests use.
declare module 'pa11y' {
  import type { Browser, Page } from 'puppeteer';
  interface Issue {
    code: string;
    type: 'error' | 'warning' | 'notice';
    message: string;
    selector: string;
    context: string;
  }
  interface Options {
    browser?: Browser;
    page?: Page;
    runners?: string[];
    standard?: 'WCAG2A' | 'WCAG2AA' | 'WCAG2AAA';
    actions?: string[];
    timeout?: number;
    viewport?: { width: number; height: number; isMobile?: boolean; hasTouch?: boolean };
  }
  export default function pa11y(url: string, options?: Options): Promise<{ documentTitle: string; pageUrl: string; issues: Issue[] }>;
}
