import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { LocalDate } from '../dates/calendar.js';
import { type CurrencyCode, type Minor, wholeUnits } from '../money.js';
import { CHART_FONT_FAMILY, svgToPng } from './render-png.js';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TitleComponent, SVGRenderer]);

export interface SpendCplPoint {
  date: LocalDate;
  spendCents: Minor;
  /** null on a day without leads: the line has a gap there. */
  cplCents: Minor | null;
}

/** What the chart marks, and the currency its amounts are in. */
export interface ChartMarks {
  /** The account's currency: the bars, the line and both axes are in it (`$1,200`, `¥96,000`). */
  currency: CurrencyCode;
  /** The account's today: its bar, if shown, is partial (the day is not over). */
  today?: LocalDate;
  /** The report's own dates, shaded when the chart shows more days than that. */
  reported?: { since: LocalDate; until: LocalDate };
}

/** Sized for a phone: Slack shows it about 360 pt wide, so few, large labels. */
export const CHART_WIDTH = 800;
export const CHART_HEIGHT = 450;
/** The PNG is drawn at twice the SVG size, sharp on high-density screens. */
export const CHART_SCALE = 2;

const SPEND_COLOR = '#4e79a7';
const PARTIAL_SPEND_COLOR = '#c3d3e5';
/** The legend's name for the shaded days of the report itself. */
const REPORTED = 'This report';
const REPORTED_SHADE = '#fcf0d2';
/** About this many day labels fit a phone-sized chart. */
const MAX_DAY_LABELS = 7;
const CPL_COLOR = '#e15759';
const TEXT_COLOR = '#222222';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function dayLabel(date: LocalDate): string {
  return `${MONTHS[Number(date.slice(5, 7)) - 1]} ${Number(date.slice(8, 10))}`;
}

const axisFormats = new Map<CurrencyCode, Intl.NumberFormat>();

/** Whole units of the currency with separators for axis ticks (`$1,200`, `€1,200`, `¥96,000`); display only. */
export function axisMoney(value: number, currency: CurrencyCode): string {
  let format = axisFormats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      minimumFractionDigits: 0,
      maximumFractionDigits: 0,
    });
    axisFormats.set(currency, format);
  }
  return format.format(Math.round(value));
}

/**
 * Which days get a label: every `step`-th counting back from the last, so the last day is always
 * labelled (ECharts' own thinning counts from the first and may drop it).
 */
export function labelledDays(count: number): boolean[] {
  const step = Math.max(1, Math.ceil(count / MAX_DAY_LABELS));
  return Array.from({ length: count }, (_, i) => (count - 1 - i) % step === 0);
}

/** The ECharts option (pure): daily spend as bars (left axis), CPL as a line (right axis). */
export function spendCplChartOption(points: readonly SpendCplPoint[], title: string, marks: ChartMarks) {
  const { currency } = marks;
  const axisAmount = (value: number) => axisMoney(value, currency);
  const units = (amount: Minor) => wholeUnits(amount, currency);
  const axisText = { color: TEXT_COLOR, fontSize: 15, fontFamily: CHART_FONT_FAMILY };
  const labelled = labelledDays(points.length);
  const labels = points.map((p) =>
    p.date === marks.today ? `${dayLabel(p.date)}\n(partial)` : dayLabel(p.date),
  );
  const { reported } = marks;
  const inReport = points.map(
    (p) => reported !== undefined && p.date >= reported.since && p.date <= reported.until,
  );
  // Shaded only when it sets some days apart: a report of 14 days or more fills the chart.
  const shaded = inReport.includes(true) && inReport.includes(false);
  return {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: CHART_FONT_FAMILY, color: TEXT_COLOR },
    title: {
      text: title,
      left: 'center',
      top: 10,
      textStyle: { fontSize: 19, fontWeight: 'bold', color: TEXT_COLOR, fontFamily: CHART_FONT_FAMILY },
    },
    legend: {
      top: 42,
      itemGap: 28,
      textStyle: { fontSize: 15, color: TEXT_COLOR, fontFamily: CHART_FONT_FAMILY },
      data: ['Daily spend', 'Cost per lead', ...(shaded ? [REPORTED] : [])],
    },
    grid: {
      left: 20,
      right: 20,
      top: 86,
      bottom: 12,
      outerBoundsMode: 'same',
      outerBoundsContain: 'axisLabel',
    },
    xAxis: [
      {
        type: 'category',
        data: labels,
        axisLabel: { ...axisText, interval: (index: number) => labelled[index] ?? false },
        axisTick: { alignWithLabel: true },
      },
      // The same days, unseen, for the shading: a bar on its own axis fills a whole day's band.
      { type: 'category', data: labels, show: false },
    ],
    yAxis: [
      {
        type: 'value',
        min: 0,
        axisLabel: { ...axisText, formatter: axisAmount },
        splitLine: { lineStyle: { color: '#e6e6e6' } },
      },
      {
        type: 'value',
        min: 0,
        axisLabel: { ...axisText, color: CPL_COLOR, formatter: axisAmount },
        splitLine: { show: false },
      },
      { type: 'value', min: 0, max: 1, show: false },
    ],
    series: [
      ...(shaded
        ? [
            {
              name: REPORTED,
              type: 'bar',
              xAxisIndex: 1,
              yAxisIndex: 2,
              silent: true,
              // Under the grid lines; opaque and a little wider than a day, so neighbours leave no seam.
              z: -1,
              barWidth: '102%',
              itemStyle: { color: REPORTED_SHADE },
              data: inReport.map((day) => (day ? 1 : null)),
            },
          ]
        : []),
      {
        name: 'Daily spend',
        type: 'bar',
        yAxisIndex: 0,
        barMaxWidth: 36,
        itemStyle: { color: SPEND_COLOR },
        // Today's bar is lighter, outlined: the day's spend is still growing.
        data: points.map((p) =>
          p.date === marks.today
            ? {
                value: units(p.spendCents),
                itemStyle: {
                  color: PARTIAL_SPEND_COLOR,
                  borderColor: SPEND_COLOR,
                  borderWidth: 2,
                  borderType: 'dashed',
                },
              }
            : units(p.spendCents),
        ),
      },
      {
        name: 'Cost per lead',
        type: 'line',
        yAxisIndex: 1,
        connectNulls: false,
        symbol: 'circle',
        symbolSize: 8,
        lineStyle: { width: 3, color: CPL_COLOR },
        itemStyle: { color: CPL_COLOR },
        data: points.map((p) => (p.cplCents === null ? null : units(p.cplCents))),
      },
    ],
  };
}

/** The chart as an SVG string. */
export function spendCplChartSvg(points: readonly SpendCplPoint[], title: string, marks: ChartMarks): string {
  const chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
  });
  try {
    chart.setOption(spendCplChartOption(points, title, marks));
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** The PNG to upload to Slack. */
export function renderSpendCplChart(
  points: readonly SpendCplPoint[],
  title: string,
  marks: ChartMarks,
): Promise<Buffer> {
  return svgToPng(spendCplChartSvg(points, title, marks), CHART_SCALE);
}
