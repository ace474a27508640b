import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { CapabilityError } from '../../errors.js';
import { defineCapability, READ } from '../define.js';
import { mapLimit, pageInfo, pageOutput } from '../shared.js';

const Articles = graphql(`
  query FindArticles($articleNo: String, $name: String, $gtin: String, $paging: Paging) {
    articles(articleNo: $articleNo, name: $name, gtin: $gtin, paging: $paging) {
      page
      totalHits
      articles {
        id
        articleNo
        name
        size
        brand {
          name
        }
      }
    }
  }
`);

const ArticleArtworks = graphql(`
  query ArticleArtworks($articleId: UUID!) {
    projectArtworksForArticle(articleId: $articleId) {
      id
      name
      state
      projectId
      projectName
    }
  }
`);

/** Artworks listed per article, at most. */
const MAX_ARTWORKS = 20;

export default defineCapability({
  name: 'find_articles',
  title: 'Find articles',
  description:
    'Find articles (products) by GTIN/EAN, article number or name, each with the project artworks that print it.',
  toolset: 'setup',
  input: z.object({
    gtin: z
      .string()
      .trim()
      .regex(/^\d{8,14}$/, { message: 'gtin must be 8 to 14 digits' })
      .optional(),
    articleNo: z.string().trim().min(1).max(100).optional(),
    name: z.string().trim().min(1).max(200).optional(),
    page: z.number().int().min(0).max(10_000).default(0),
    pageSize: z.number().int().min(1).max(25).default(10),
  }),
  output: z.object({
    articles: z.array(
      z.object({
        id: z.string(),
        articleNo: z.string(),
        name: z.string().nullable(),
        brand: z.string().nullable(),
        size: z.string().nullable(),
        artworks: z.array(
          z.object({
            id: z.string(),
            name: z.string(),
            state: z.string(),
            projectId: z.string(),
            projectName: z.string(),
          }),
        ),
      }),
    ),
    paging: pageOutput,
  }),
  hints: READ,
  rest: { method: 'GET', path: '/api/articles' },
  handler: async ({ gtin, articleNo, name, page, pageSize }, ctx) => {
    if (!gtin && !articleNo && !name)
      throw new CapabilityError('invalid_input', 'Give a gtin, an articleNo or a name to look for.', {
        field: 'gtin',
      });
    const found = (
      await ctx.cway.request(
        Articles,
        { gtin: gtin ?? null, articleNo: articleNo ?? null, name: name ?? null, paging: { page, pageSize } },
        { signal: ctx.signal },
      )
    ).articles;
    const artworks = await mapLimit(found.articles, 4, async (a) =>
      (
        await ctx.cway.request(ArticleArtworks, { articleId: a.id }, { signal: ctx.signal })
      ).projectArtworksForArticle.slice(0, MAX_ARTWORKS),
    );
    return {
      articles: found.articles.map((a, i) => ({
        id: a.id,
        articleNo: a.articleNo,
        name: a.name ?? null,
        brand: a.brand?.name ?? null,
        size: a.size ?? null,
        artworks: artworks[i]!,
      })),
      paging: pageInfo(page, pageSize, Number(found.totalHits)),
    };
  },
});
