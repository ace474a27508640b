/**
 * Analytics at scale: calls `benchAnalytics({ projects: 10000 })` from bench/analytics.ts (the
 * analytics engineer's: dashboard on 10,000 projects, wall time, memory, upstream requests) and
 * keeps whatever figures it returns. Skipped, saying so, while that file does not exist.
 */
export interface AnalyticsFigures {
  status: 'measured' | 'skipped' | 'failed';
  note?: string;
  figures?: unknown;
}

export async function runAnalytics(projects: number, progress: (m: string) => void): Promise<AnalyticsFigures> {
  const specifier = '../analytics.js'; // a variable: the build must not require the file yet
  let mod: { benchAnalytics?: (o: { projects: number }) => Promise<unknown> };
  try {
    mod = (await import(specifier)) as typeof mod;
  } catch (err) {
    const e = err as { code?: string; message?: string };
    if (e.code === 'ERR_MODULE_NOT_FOUND' && String(e.message).includes('analytics')) {
      progress('analytics: bench/analytics.ts does not exist yet; skipped');
      return { status: 'skipped', note: 'bench/analytics.ts does not exist yet' };
    }
    return { status: 'failed', note: e.message ?? String(err) };
  }
  if (typeof mod.benchAnalytics !== 'function')
    return { status: 'skipped', note: 'bench/analytics.ts exports no benchAnalytics' };
  try {
    const figures = await mod.benchAnalytics({ projects });
    progress(`analytics (${projects} projects): ${JSON.stringify(figures).slice(0, 300)}`);
    return { status: 'measured', figures };
  } catch (err) {
    return { status: 'failed', note: err instanceof Error ? err.message : String(err) };
  }
}
