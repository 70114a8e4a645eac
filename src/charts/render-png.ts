import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ResvgRenderOptions } from '@resvg/resvg-js';

/** The bundled font: resvg draws no text at all without one, and maps sans-serif to a serif face. */
export const CHART_FONT_FAMILY = 'DejaVu Sans';

const require = createRequire(import.meta.url);
let fontFiles: string[] | null = null;

/** Resolved through the package, so it works from `src/` (tsx) and from `dist/` alike. */
export function chartFontFiles(): string[] {
  if (!fontFiles) {
    const dir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    fontFiles = [join(dir, 'DejaVuSans.ttf'), join(dir, 'DejaVuSans-Bold.ttf')];
  }
  return fontFiles;
}

/** At `scale` × the SVG's size, on white, with only the bundled font. */
export function resvgOptions(scale: number): ResvgRenderOptions {
  return {
    background: '#ffffff',
    fitTo: { mode: 'zoom', value: scale },
    font: {
      fontFiles: chartFontFiles(),
      loadSystemFonts: false,
      defaultFontFamily: CHART_FONT_FAMILY,
      sansSerifFamily: CHART_FONT_FAMILY,
    },
  };
}

// Plain CommonJS, so the worker needs neither tsx nor the build; it is given resvg's resolved path.
const RENDER = `
const { parentPort, workerData } = require('node:worker_threads');
const { Resvg } = require(workerData.resvg);
parentPort.postMessage(new Resvg(workerData.svg, workerData.options).render().asPng());
`;

/**
 * SVG to PNG in a worker thread that ends with the render. resvg's pixels are native memory that
 * V8 frees only when it collects their small wrappers, which a calm JS heap seldom does: 50 morning
 * charts held ~6 MB each until some later GC. A worker's exit frees them at once, and a render
 * off the main thread never delays a Slack ack.
 */
export function svgToPng(svg: string, scale = 2): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(RENDER, {
      eval: true,
      execArgv: [],
      workerData: { resvg: require.resolve('@resvg/resvg-js'), svg, options: resvgOptions(scale) },
    });
    worker.once('message', (png: Uint8Array) =>
      resolve(Buffer.from(png.buffer, png.byteOffset, png.byteLength)),
    );
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the chart renderer stopped (exit code ${code})`)));
  });
}
