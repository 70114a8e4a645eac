import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { LocalDate } from '../dates/calendar.js';
import type { Cents } from '../money.js';
import { CHART_FONT_FAMILY, svgToPng } from './render-png.js';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TitleComponent, SVGRenderer]);

export interface SpendCplPoint {
  date: LocalDate;
  spendCents: Cents;
  /** null on a day without leads: the line has a gap there. */
  cplCents: Cents | null;
}

/** Sized for a phone: Slack shows it about 360 pt wide, so few, large labels. */
export const CHART_WIDTH = 800;
export const CHART_HEIGHT = 450;
/** The PNG is drawn at twice the SVG size, sharp on high-density screens. */
export const CHART_SCALE = 2;

const SPEND_COLOR = '#4e79a7';
const CPL_COLOR = '#e15759';
const TEXT_COLOR = '#222222';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function dayLabel(date: LocalDate): string {
  return `${MONTHS[Number(date.slice(5, 7)) - 1]} ${Number(date.slice(8, 10))}`;
}

/** Whole dollars with separators for axis ticks (`$1,200`); display only, never summed. */
function axisDollars(value: number): string {
  return `$${Math.round(value).toLocaleString('en-US')}`;
}

/** The chart as an SVG string: daily spend as bars (left axis), CPL as a line (right axis). */
export function spendCplChartSvg(points: readonly SpendCplPoint[], title: string): string {
  const chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
  });
  try {
    const axisText = { color: TEXT_COLOR, fontSize: 15, fontFamily: CHART_FONT_FAMILY };
    chart.setOption({
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
        data: ['Daily spend', 'Cost per lead'],
      },
      grid: {
        left: 20,
        right: 20,
        top: 86,
        bottom: 12,
        outerBoundsMode: 'same',
        outerBoundsContain: 'axisLabel',
      },
      xAxis: {
        type: 'category',
        data: points.map((p) => dayLabel(p.date)),
        axisLabel: { ...axisText, hideOverlap: true },
        axisTick: { alignWithLabel: true },
      },
      yAxis: [
        {
          type: 'value',
          min: 0,
          axisLabel: { ...axisText, formatter: axisDollars },
          splitLine: { lineStyle: { color: '#e6e6e6' } },
        },
        {
          type: 'value',
          min: 0,
          axisLabel: { ...axisText, color: CPL_COLOR, formatter: axisDollars },
          splitLine: { show: false },
        },
      ],
      series: [
        {
          name: 'Daily spend',
          type: 'bar',
          yAxisIndex: 0,
          barMaxWidth: 36,
          itemStyle: { color: SPEND_COLOR },
          data: points.map((p) => p.spendCents / 100),
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
          data: points.map((p) => (p.cplCents === null ? null : p.cplCents / 100)),
        },
      ],
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** The PNG to upload to Slack. */
export function renderSpendCplChart(points: readonly SpendCplPoint[], title: string): Buffer {
  return svgToPng(spendCplChartSvg(points, title), CHART_SCALE);
}
