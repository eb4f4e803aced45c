/**
 * Expressions evaluated inside the dashboard page by the browser test. They are strings because
 * they run in Chromium, and this project compiles without the DOM library.
 */

/** What the chart probe reports for each `.chart` container. */
export interface ChartProbe {
  readonly id: string;
  readonly hasInstance: boolean;
  /** Data points of each series of the chart's ECharts instance. */
  readonly points: number[];
  /** Strongly coloured canvas pixels: marks such as bars, slices and lines (titles and axes are grey). */
  readonly coloured: number;
  /** Canvas pixels in all. */
  readonly area: number;
}

export const CHART_PROBE = `(() => Array.from(document.querySelectorAll('.chart')).map((element) => {
  const instance = window.echarts.getInstanceByDom(element);
  const series = instance ? instance.getOption().series : [];
  const canvas = element.querySelector('canvas');
  let coloured = 0;
  const area = canvas ? canvas.width * canvas.height : 0;
  if (canvas) {
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 0; i < pixels.length; i += 4) {
      const r = pixels[i], g = pixels[i + 1], b = pixels[i + 2], a = pixels[i + 3];
      if (a > 0 && Math.max(r, g, b) - Math.min(r, g, b) > 60) coloured += 1;
    }
  }
  return { id: element.id, hasInstance: Boolean(instance), points: series.map((s) => (s.data || []).length), coloured, area };
}))()`;

/** What the page probe reports about text, injected markup and structure. */
export interface PageProbe {
  readonly pwned: unknown;
  readonly stores: string;
  readonly customers: string;
  readonly injectedElements: number;
  readonly sections: string[];
  readonly chartsRendered: string | null;
}

export const PAGE_PROBE = `(() => ({
  pwned: window.__pwned,
  stores: document.querySelector('#table-stores')?.textContent ?? '',
  customers: document.querySelector('#table-top-customers')?.textContent ?? '',
  injectedElements: document.querySelectorAll('main img, main script').length,
  sections: Array.from(document.querySelectorAll('main > section')).map((section) => section.id),
  chartsRendered: document.documentElement.getAttribute('data-charts-rendered'),
}))()`;
