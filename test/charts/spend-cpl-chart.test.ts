import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Resvg } from '@resvg/resvg-js';
import { CHART_FONT_FAMILY, chartFontFiles, svgToPng } from '../../src/charts/render-png.js';
import {
  CHART_HEIGHT,
  CHART_SCALE,
  CHART_WIDTH,
  renderSpendCplChart,
  spendCplChartSvg,
} from '../../src/charts/spend-cpl-chart.js';
import { eachDate } from '../../src/dates/calendar.js';
import { PNG_SIGNATURE, pngSize } from '../support/png.js';

const points = eachDate('2026-11-15', '2026-11-28').map((date, i) => ({
  date,
  spendCents: 20_000 + i * 731,
  cplCents: i === 4 ? null : 3000 + ((i * 337) % 900),
}));

/** Dark pixels in an image: text and lines draw them, an empty canvas has none. */
function darkPixels(svg: string): number {
  const image = new Resvg(svg, {
    background: '#ffffff',
    font: {
      fontFiles: chartFontFiles(),
      loadSystemFonts: false,
      defaultFontFamily: CHART_FONT_FAMILY,
      sansSerifFamily: CHART_FONT_FAMILY,
    },
  }).render();
  const { pixels } = image;
  let dark = 0;
  for (let i = 0; i < pixels.length; i += 4) if ((pixels[i] ?? 255) < 128) dark += 1;
  return dark;
}

describe('the spend and CPL chart', () => {
  test('an SVG with the title, both series and a label for the days', () => {
    const svg = spendCplChartSvg(points, 'Spend and cost per lead · Nov 15 – Nov 28, 2026');
    assert.match(svg, /^<svg /);
    assert.match(svg, /Spend and cost per lead · Nov 15 – Nov 28, 2026/);
    assert.match(svg, /Daily spend/);
    assert.match(svg, /Cost per lead/);
    assert.match(svg, /Nov 15/);
    assert.match(svg, /\$200/, 'a dollar axis tick');
    assert.match(svg, /DejaVu Sans/);
  });

  test('a PNG at twice the SVG size, of a sensible weight', () => {
    const png = renderSpendCplChart(points, 'Spend and cost per lead');
    assert.deepEqual(pngSize(png), { width: CHART_WIDTH * CHART_SCALE, height: CHART_HEIGHT * CHART_SCALE });
    assert.ok(png.length > 20_000 && png.length < 400_000, `${png.length} bytes`);
  });

  test('the bundled font draws text (resvg draws none without a font)', () => {
    const text = (family: string) =>
      `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><text x="4" y="30" font-family="${family}" font-size="24" fill="#000">Spend $1,234</text></svg>`;
    assert.ok(darkPixels(text('DejaVu Sans')) > 200);
    assert.ok(darkPixels(text('sans-serif')) > 200, 'sans-serif maps to the bundled font');
    assert.ok(svgToPng(text('sans-serif'), 1).subarray(0, 8).equals(PNG_SIGNATURE));
  });

  test('a day without leads leaves a gap in the line, a day without spend a zero bar', () => {
    const svg = spendCplChartSvg(
      [
        { date: '2026-11-27', spendCents: 0, cplCents: null },
        { date: '2026-11-28', spendCents: 5000, cplCents: 2500 },
      ],
      'Two days',
    );
    assert.match(svg, /Nov 27/);
    assert.match(svg, /Nov 28/);
  });
});
