import { z } from 'zod';
import { defineCapability, READ } from '../define.js';
import { loadArtworkIndex, MAX_PROJECTS } from './artwork-index.js';
import { webLinks } from './refs.js';
import { hits, significantWords } from './terms.js';

const STATES = [
  'UNSTARTED',
  'FOR_REVIEW',
  'COMMENTED',
  'REJECTED',
  'APPROVED',
  'BUNDLED',
  'SHIPPED',
  'DELIVERED',
  'CANCELED',
] as const;

const artwork = z.object({
  id: z.string(),
  name: z.string(),
  state: z.string(),
  status: z.string().describe('Cway status ball: GREY, BLUE, GREEN, YELLOW or RED'),
  endDate: z.string().nullable().describe('Due date (YYYY-MM-DD) or null'),
  projectId: z.string(),
  projectName: z.string(),
  projectState: z.string(),
  url: z.string().describe('Link into the Cway web app (pattern assumed)'),
});

export default defineCapability({
  name: 'search_artworks',
  title: 'Search artworks',
  description:
    'Find artworks by words of their name or project name, across every project you can see; filter by state. Says how many projects were searched.',
  toolset: 'artworks',
  input: z.object({
    query: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .describe('Words of the artwork name, e.g. "toothpaste carton". Project-name words count too.'),
    states: z.array(z.enum(STATES)).max(9).optional().describe('Only artworks in these states.'),
    limit: z.number().int().min(1).max(100).default(25).describe('Most artworks to return (1-100, default 25).'),
  }),
  output: z.object({
    artworks: z.array(artwork).describe('Best matches first: more query words in the artwork name rank higher.'),
    matches: z.number().int().describe('All matches before the limit.'),
    projectsSearched: z.number().int(),
    projectsVisible: z.number().int().describe('Projects Cway lists for you.'),
    cutShort: z.boolean().describe(`True when only the newest ${MAX_PROJECTS} visible projects were searched.`),
    note: z.string().optional(),
  }),
  hints: READ,
  rest: { method: 'GET', path: '/api/artworks/search' },
  handler: async ({ query, states, limit }, ctx) => {
    const words = significantWords(query);
    const index = await loadArtworkIndex(ctx);
    const needed = words.length <= 1 ? words.length : Math.ceil(words.length / 2);
    const wanted = states?.length ? new Set<string>(states) : null;
    const ranked = index.artworks
      .filter((a) => !wanted || wanted.has(a.state))
      .map((a) => {
        const own = hits(a.name, words);
        // Words found in the artwork name or, failing that, its project name.
        const any = words.filter((w) => `${a.name} ${a.projectName}`.toLowerCase().includes(w)).length;
        return { a, own, any };
      })
      .filter((x) => words.length > 0 && x.any >= needed)
      .sort((x, y) => y.own - x.own || y.any - x.any || x.a.name.localeCompare(y.a.name));
    const link = webLinks(ctx.services.webBaseUrl);
    const notes: string[] = [];
    if (index.cutShort)
      notes.push(
        `Only the newest ${index.projectsSearched} of ${index.projectsVisible} visible projects were searched; narrow down with search_projects and get_project for older ones.`,
      );
    if (ranked.length > limit) notes.push(`${ranked.length - limit} more matches; raise limit or add words.`);
    return {
      artworks: ranked.slice(0, limit).map(({ a }) => ({ ...a, url: link.artwork(a.projectId, a.id) })),
      matches: ranked.length,
      projectsSearched: index.projectsSearched,
      projectsVisible: index.projectsVisible,
      cutShort: index.cutShort,
      ...(notes.length ? { note: notes.join(' ') } : {}),
    };
  },
});
