import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Resvg } from '@resvg/resvg-js';
import { resvgOptions, svgToPng } from '../../src/charts/render-png.js';
import {
  CHART_HEIGHT,
  CHART_SCALE,
  CHART_WIDTH,
  labelledDays,
  renderSpendCplChart,
  spendCplChartOption,
  spendCplChartSvg,
} from '../../src/charts/spend-cpl-chart.js';
import { eachDate } from '../../src/dates/calendar.js';
import { PNG_SIGNATURE, pngSize } from '../support/png.js';

const points = eachDate('2026-11-15', '2026-11-28').map((date, i) => ({
  date,
  spendCents: 20_000 + i * 731,
  cplCents: i === 4 ? null : 3000 + ((i * 337) % 900),
}));

/** Dark pixels in an image drawn with the chart's options: text and lines draw them, an empty canvas has none. */
function darkPixels(svg: string): number {
  const image = new Resvg(svg, resvgOptions(1)).render();
  const { pixels } = image;
  let dark = 0;
  for (let i = 0; i < pixels.length; i += 4) if ((pixels[i] ?? 255) < 128) dark += 1;
  return dark;
}

const USD = { currency: 'USD' };

describe('the spend and CPL chart', () => {
  test('an SVG with the title, both series and a label for the days', () => {
    const svg = spendCplChartSvg(points, 'Spend and cost per lead · Nov 15 – Nov 28, 2026', USD);
    assert.match(svg, /^<svg /);
    assert.match(svg, /Spend and cost per lead · Nov 15 – Nov 28, 2026/);
    assert.match(svg, /Daily spend/);
    assert.match(svg, /Cost per lead/);
    assert.match(svg, /Nov 15/);
    assert.match(svg, /\$200/, 'a dollar axis tick');
    assert.match(svg, /DejaVu Sans/);
  });

  test('a PNG at twice the SVG size, of a sensible weight', async () => {
    const png = await renderSpendCplChart(points, 'Spend and cost per lead', USD);
    assert.deepEqual(pngSize(png), { width: CHART_WIDTH * CHART_SCALE, height: CHART_HEIGHT * CHART_SCALE });
    assert.ok(png.length > 20_000 && png.length < 400_000, `${png.length} bytes`);
  });

  test('the bundled font draws text (resvg draws none without a font)', async () => {
    const text = (family: string) =>
      `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><text x="4" y="30" font-family="${family}" font-size="24" fill="#000">Spend $1,234</text></svg>`;
    assert.ok(darkPixels(text('DejaVu Sans')) > 200);
    assert.ok(darkPixels(text('sans-serif')) > 200, 'sans-serif maps to the bundled font');
    assert.ok((await svgToPng(text('sans-serif'), 1)).subarray(0, 8).equals(PNG_SIGNATURE));
  });

  test('what resvg cannot read fails the render with its words; the next render works', async () => {
    await assert.rejects(svgToPng('<svg', 1), /SVG|svg|parse|xml/i);
    const png = await svgToPng('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', 1);
    assert.deepEqual(pngSize(png), { width: 10, height: 10 });
  });

  test('a day without leads leaves a gap in the line, a day without spend a zero bar', () => {
    const svg = spendCplChartSvg(
      [
        { date: '2026-11-27', spendCents: 0, cplCents: null },
        { date: '2026-11-28', spendCents: 5000, cplCents: 2500 },
      ],
      'Two days',
      USD,
    );
    assert.match(svg, /Nov 27/);
    assert.match(svg, /Nov 28/);
  });

  test('a yen account: bars, line and both axes in whole yen, no dollar anywhere', () => {
    const yen = points.map((p) => ({ ...p, spendCents: p.spendCents * 3, cplCents: p.cplCents }));
    const option = spendCplChartOption(yen, 'title', { currency: 'JPY' });
    assert.equal(option.series[0]?.data.at(-1), yen.at(-1)?.spendCents, 'a yen is a whole unit');
    assert.equal(option.yAxis[0]?.axisLabel?.formatter?.(96_000), '¥96,000');
    assert.equal(option.yAxis[1]?.axisLabel?.formatter?.(1_234.4), '¥1,234');
    const svg = spendCplChartSvg(yen, 'title', { currency: 'JPY' });
    assert.match(svg, /¥/);
    assert.doesNotMatch(svg, /\$/);
  });

  test('a euro account: whole euros on the axes, cents as hundredths', () => {
    const option = spendCplChartOption(points, 'title', { currency: 'EUR' });
    assert.equal(option.series[1]?.data.at(-1), (points.at(-1)?.cplCents ?? 0) / 100);
    assert.equal(option.yAxis[0]?.axisLabel?.formatter?.(1200), '€1,200');
  });

  test('the last day keeps its label: labels are thinned counting back from it', () => {
    assert.deepEqual(labelledDays(14), [
      false,
      true,
      false,
      true,
      false,
      true,
      false,
      true,
      false,
      true,
      false,
      true,
      false,
      true,
    ]);
    assert.deepEqual(
      labelledDays(15),
      [
        true,
        false,
        false,
        true,
        false,
        false,
        true,
        false,
        false,
        true,
        false,
        false,
        true,
        false,
        false,
      ].reverse(),
    );
    assert.deepEqual(labelledDays(3), [true, true, true]);
    assert.deepEqual(labelledDays(0), []);
    const option = spendCplChartOption(points, 'title', USD);
    const shown = points.map((_, i) => option.xAxis[0]?.axisLabel?.interval(i));
    assert.equal(shown.at(-1), true);
    assert.equal(shown.filter(Boolean).length, 7);
  });

  test('without marks: two series, every bar alike, no shading', () => {
    const option = spendCplChartOption(points, 'title', USD);
    assert.deepEqual(option.legend.data, ['Daily spend', 'Cost per lead']);
    assert.deepEqual(
      option.series.map((s) => s.name),
      ['Daily spend', 'Cost per lead'],
    );
    assert.deepEqual(option.xAxis[0]?.data.slice(-2), ['Nov 27', 'Nov 28']);
    assert.ok(option.series[0]?.data.every((bar) => typeof bar === 'number'));
  });

  test('/report last_7d: its 7 days shaded within the 14, named in the legend', () => {
    const option = spendCplChartOption(points, 'title', {
      ...USD,
      today: '2026-11-29',
      reported: { since: '2026-11-22', until: '2026-11-28' },
    });
    assert.deepEqual(option.legend.data, ['Daily spend', 'Cost per lead', 'This report']);
    const [shade] = option.series;
    assert.equal(shade?.name, 'This report');
    assert.deepEqual(shade?.data, [...Array(7).fill(null), ...Array(7).fill(1)]);
    assert.deepEqual(option.xAxis[1]?.data, option.xAxis[0]?.data, 'the shading’s axis has the same days');
    assert.ok(
      option.series[1]?.data.every((bar) => typeof bar === 'number'),
      'today is not shown: no bar partial',
    );
  });

  test('a report as long as the chart or longer: nothing to set apart, no shading', () => {
    const option = spendCplChartOption(points, 'title', {
      ...USD,
      reported: { since: '2026-10-30', until: '2026-11-28' },
    });
    assert.deepEqual(
      option.series.map((s) => s.name),
      ['Daily spend', 'Cost per lead'],
    );
  });

  test('today’s bar, when shown, is lighter and labelled partial', () => {
    const option = spendCplChartOption(points, 'title', { ...USD, today: '2026-11-28' });
    assert.deepEqual(option.xAxis[0]?.data.slice(-2), ['Nov 27', 'Nov 28\n(partial)']);
    const bars = option.series[0]?.data ?? [];
    assert.equal(bars.at(-2), (20_000 + 12 * 731) / 100);
    assert.deepEqual(bars.at(-1), {
      value: (20_000 + 13 * 731) / 100,
      itemStyle: { color: '#c3d3e5', borderColor: '#4e79a7', borderWidth: 2, borderType: 'dashed' },
    });
    const svg = spendCplChartSvg(points, 'title', { ...USD, today: '2026-11-28' });
    assert.match(svg, /\(partial\)/);
    assert.match(svg, /stroke-dasharray/, 'the dashed outline is drawn');
  });
});
